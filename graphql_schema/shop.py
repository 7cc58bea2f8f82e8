"""Saleor's ``shop`` query: the seller's name, countries, currencies and languages.

One deployment is one seller of record, so these come from settings (``SHOP_NAME``,
``SHOP_DESCRIPTION``, ``SHOP_DEFAULT_COUNTRY``, ``PUBLIC_URL``) and the channels.
"""

from __future__ import annotations

from typing import Annotated, cast
from urllib.parse import urlsplit

import strawberry
from babel import Locale
from django.conf import settings

from graphql_schema.accounts.staff_types import Permission, permission_of
from graphql_schema.catalog.types.common import WeightUnitsEnum
from graphql_schema.core.address import Address
from graphql_schema.core.countries import CountryDisplay, CountryFilterInput
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, LanguageDisplay
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.relay import to_global_id
from graphql_schema.seller_types import SellerOfRecord
from storefront.accounts.staff_scope import code_of, shop_permissions
from storefront.channels.selectors import channel_list
from storefront.orders.seller import seller_of_record_get
from storefront.shipping.quotes import shipping_countries


@strawberry.type(description="Represents shop's domain.")
class Domain:
    host: str = strawberry.field(description="The host name of the domain.")
    ssl_enabled: bool = strawberry.field(description="Inform if SSL is enabled.")
    url: str = strawberry.field(description="The absolute URL of the API.")


@strawberry.type(description="Represents a shop resource containing general shop data and configuration.")
class Shop(ObjectWithMetadata):
    @strawberry.field(description="ID of the shop.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Shop", "default"))

    @strawberry.field(description="Shop's name.")
    def name(self) -> str:
        return settings.SHOP_NAME

    @strawberry.field(description="Shop's description.")
    def description(self) -> str | None:
        return getattr(settings, "SHOP_DESCRIPTION", "") or None

    @strawberry.field(description="Shop's default country.")
    def default_country(self) -> CountryDisplay | None:
        code = settings.SHOP_DEFAULT_COUNTRY
        return CountryDisplay.from_code(code) if code else None

    @strawberry.field(description="List of countries available in the shop.")
    def countries(
        self,
        language_code: Annotated[
            LanguageCodeEnum | None,
            strawberry.argument(description=deprecated("No longer supported")),
        ] = None,
        filter: CountryFilterInput | None = None,
    ) -> list[CountryDisplay]:
        territories = Locale("en").territories
        codes = sorted(
            code for code in territories if isinstance(code, str) and len(code) == 2 and code.isalpha()
        )
        attached = filter.attached_to_shipping_zones if filter is not None else None
        if attached is not None:
            zoned = set(shipping_countries())
            codes = [code for code in codes if (code in zoned) == attached]
        return [CountryDisplay.from_code(code) for code in codes]

    @strawberry.field(description="List of all currencies supported by shop's channels.")
    def channel_currencies(self) -> list[str]:
        return sorted({channel.currency_code for channel in channel_list()})

    @strawberry.field(description="List of the shop's supported languages.")
    def languages(self) -> list[LanguageDisplay]:
        codes = sorted({channel.default_language for channel in channel_list()} | {"en"})
        return [LanguageDisplay.from_code(code) for code in codes]

    @strawberry.field(description="Default weight unit.")
    def default_weight_unit(self) -> WeightUnitsEnum | None:
        return WeightUnitsEnum.KG

    @strawberry.field(description="Shop's domain data.")
    def domain(self) -> Domain:
        parts = urlsplit(settings.PUBLIC_URL)
        return Domain(host=parts.netloc, ssl_enabled=parts.scheme == "https", url=settings.PUBLIC_URL)

    @strawberry.field(description="List of available permissions.")
    def permissions(self) -> list[Permission]:
        return [permission_of(code_of(row.codename), row.name) for row in shop_permissions()]

    # --- the seller of record (issue 10; graphql_schema/seller_types.py) ---
    @strawberry.field(description="Company address.")
    def company_address(self) -> Address | None:
        return cast(Address | None, seller_of_record_get().address)

    @strawberry.field(description="The seller of record: legal name, address, registrations. Added in Asal.")
    def seller_of_record(self) -> SellerOfRecord:
        return cast(SellerOfRecord, seller_of_record_get())


@strawberry.type
class ShopQueries:
    @strawberry.field(description="Return information about the shop.")
    def shop(self) -> Shop:
        return Shop()
