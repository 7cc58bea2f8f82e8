"""Saleor's ``AddressInput``, shared by every part of the API that takes an address.

The catalogue accepts it on ``pricing``/``isAvailable``/``quantityAvailable`` as Saleor does; prices
there use the channel's flat tax setting until per-destination tax arrives with checkout.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.countries import CountryCode, CountryDisplay
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.metadata import (
    MetadataOwner,
    ObjectWithMetadata,
    owner_or,
    register_metadata_owner,
    staff,
)
from graphql_schema.core.relay import Node, model_type_check, node_id
from storefront.accounts import models
from storefront.accounts.address_book import AddressType
from storefront.accounts.permissions import PermissionCode

AddressTypeEnum = graphql_enum(AddressType, name="AddressTypeEnum")


@strawberry.input(description="Fields required to create or update an address.")
class AddressInput:
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    company_name: str | None = strawberry.field(default=None, description="Company or organization.")
    street_address_1: str | None = strawberry.field(
        default=None, name="streetAddress1", description="Address."
    )
    street_address_2: str | None = strawberry.field(
        default=None, name="streetAddress2", description="Address."
    )
    city: str | None = strawberry.field(default=None, description="City.")
    city_area: str | None = strawberry.field(default=None, description="District.")
    postal_code: str | None = strawberry.field(default=None, description="Postal code.")
    country: CountryCode | None = strawberry.field(default=None, description="Country.")
    country_area: str | None = strawberry.field(default=None, description="State or province.")
    phone: str | None = strawberry.field(default=None, description="Phone number.")
    skip_validation: bool | None = strawberry.field(default=False, description="Skip address validation.")


ADDRESS_FIELDS = models.Address.FIELDS


def address_input_data(value: AddressInput | None) -> dict[str, object]:
    """The input's fields as the domain's names (``streetAddress1`` -> ``street_address_1``)."""
    if value is None:
        return {}
    data: dict[str, object] = {
        name: getattr(value, name) for name in ADDRESS_FIELDS if getattr(value, name) is not None
    }
    if value.country is not None:
        data["country"] = value.country.value
    return data


@strawberry.type(name="Address", description="Represents user address data.")
class Address(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Address)

    id: strawberry.ID = node_id("Address")
    first_name: str = strawberry.field(description="The given name of the address.")
    last_name: str = strawberry.field(description="The family name of the address.")
    company_name: str = strawberry.field(description="Company or organization name.")
    street_address_1: str = strawberry.field(
        name="streetAddress1", description="The first line of the address."
    )
    street_address_2: str = strawberry.field(
        name="streetAddress2", description="The second line of the address."
    )
    city: str = strawberry.field(description="The city of the address.")
    city_area: str = strawberry.field(description="The district of the address.")
    postal_code: str = strawberry.field(description="The postal code of the address.")
    country_area: str = strawberry.field(description="State or province of the address.")

    @strawberry.field(description="The country of the address.")
    def country(self, root: models.Address) -> CountryDisplay:
        return CountryDisplay.from_code(root.country)

    @strawberry.field(description="The phone number assigned the address.")
    def phone(self, root: models.Address) -> str | None:
        return root.phone or None

    @strawberry.field(description="Address is user's default shipping address.")
    def is_default_shipping_address(self, root: models.Address) -> bool | None:
        user = root.user
        return None if user is None else user.default_shipping_address_id == root.pk

    @strawberry.field(description="Address is user's default billing address.")
    def is_default_billing_address(self, root: models.Address) -> bool | None:
        user = root.user
        return None if user is None else user.default_billing_address_id == root.pk


# Saleor's rules: the address book's owner writes its public metadata; MANAGE_USERS the rest.
register_metadata_owner(
    MetadataOwner(
        type_name="Address",
        model=models.Address,
        public_write=owner_or(lambda address: address.user_id, PermissionCode.MANAGE_USERS),
        private=staff(PermissionCode.MANAGE_USERS),
    )
)
