"""Saleor's ``AddressInput``, shared by every part of the API that takes an address.

The catalogue accepts it on ``pricing``/``isAvailable``/``quantityAvailable`` as Saleor does; prices
there use the channel's flat tax setting until per-destination tax arrives with checkout.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.countries import CountryCode


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
