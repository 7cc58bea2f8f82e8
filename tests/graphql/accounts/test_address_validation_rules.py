"""Saleor's addressValidationRules: the address form a country's post expects."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

RULES = """
query AddressValidationRules($countryCode: CountryCode!, $countryArea: String) {
  addressValidationRules(countryCode: $countryCode, countryArea: $countryArea) {
    countryCode countryName addressFormat allowedFields requiredFields upperFields
    countryAreaType countryAreaChoices { raw verbose } cityType cityChoices { raw verbose }
    postalCodeType postalCodeMatchers postalCodeExamples postalCodePrefix
  }
}
"""


def test_germany_requires_a_street_a_city_and_a_postcode(gql):
    with CaptureQueriesContext(connection) as queries:
        rules = gql(RULES, {"countryCode": "DE"})["data"]["addressValidationRules"]

    assert (rules["countryCode"], rules["countryName"]) == ("DE", "GERMANY")
    assert rules["requiredFields"] == ["city", "postal_code", "street_address"]
    assert rules["postalCodeMatchers"] == ["^\\d{5}$"] and rules["postalCodeExamples"]
    assert rules["countryAreaChoices"] == []
    assert len(queries) == 0


def test_japan_lists_its_prefectures_and_narrows_the_postcode_by_prefecture(gql):
    whole = gql(RULES, {"countryCode": "JP"})["data"]["addressValidationRules"]
    osaka = gql(RULES, {"countryCode": "JP", "countryArea": "Osaka"})["data"]["addressValidationRules"]

    assert whole["countryAreaType"] == "prefecture"
    assert {"raw": "大阪府", "verbose": "Osaka"} in whole["countryAreaChoices"]
    assert "country_area" in whole["requiredFields"] and whole["upperFields"] == ["country_area"]
    assert len(osaka["postalCodeMatchers"]) == 2
