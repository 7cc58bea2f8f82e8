"""Saleor's checkout inputs (the optional fields Asal cannot honour yet, custom prices and line
metadata, are left out so that a client sending them learns it at validation)."""

from __future__ import annotations

import strawberry

from graphql_schema.core.address import AddressInput
from graphql_schema.core.languages import LanguageCodeEnum


@strawberry.input(description="Represents an item in the checkout.")
class CheckoutLineInput:
    quantity: int = strawberry.field(description="The number of items purchased.")
    variant_id: strawberry.ID = strawberry.field(description="ID of the product variant.")


@strawberry.input(description="Represents a checkout line to update.")
class CheckoutLineUpdateInput:
    variant_id: strawberry.ID | None = strawberry.field(
        default=None, description="ID of the product variant. Deprecated: use `lineId` instead."
    )
    quantity: int | None = strawberry.field(
        default=None,
        description="The number of items purchased. Optional for apps, required for any other users.",
    )
    line_id: strawberry.ID | None = strawberry.field(default=None, description="ID of the line.")


@strawberry.input(description="Rules applied to an address given to a checkout.")
class CheckoutAddressValidationRules:
    check_required_fields: bool | None = strawberry.field(
        default=True,
        description=(
            "Determines if an error should be raised when the provided address doesn't have all the "
            "required fields."
        ),
    )
    check_fields_format: bool | None = strawberry.field(
        default=True,
        description=(
            "Determines if an error should be raised when the provided address doesn't match the expected "
            "format."
        ),
    )
    enable_fields_normalization: bool | None = strawberry.field(
        default=True, description="Determines if Saleor should apply normalization on address fields."
    )


@strawberry.input(description="Validation rules for a checkout's addresses.")
class CheckoutValidationRules:
    shipping_address: CheckoutAddressValidationRules | None = strawberry.field(
        default=None,
        description="The validation rules that can be applied to provided shipping address data.",
    )
    billing_address: CheckoutAddressValidationRules | None = strawberry.field(
        default=None, description="The validation rules that can be applied to provided billing address data."
    )


@strawberry.input(description="Fields required to create a checkout.")
class CheckoutCreateInput:
    channel: str | None = strawberry.field(
        default=None, description="Slug of a channel in which to create a checkout."
    )
    lines: list[CheckoutLineInput] | None = strawberry.field(
        default=None,
        description=(
            "A list of checkout lines, each containing information about an item in the checkout. When "
            "omitted, a checkout with no lines is created."
        ),
    )
    email: str | None = strawberry.field(default=None, description="The customer's email address.")
    shipping_address: AddressInput | None = strawberry.field(
        default=None, description="The mailing address to where the checkout will be shipped."
    )
    billing_address: AddressInput | None = strawberry.field(
        default=None, description="Billing address of the customer."
    )
    language_code: LanguageCodeEnum | None = strawberry.field(
        default=None, description="Checkout language code."
    )
    validation_rules: CheckoutValidationRules | None = strawberry.field(
        default=None, description="The checkout validation rules that can be changed."
    )


def skips_validation(rules: CheckoutAddressValidationRules | None) -> bool:
    """Whether the caller turned the address checks off (Asal checks all or nothing)."""
    if rules is None:
        return False
    return rules.check_required_fields is False or rules.check_fields_format is False
