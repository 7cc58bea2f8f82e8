"""Saleor's ``ProductVariant`` (plus Asal's dimensions and making fields), its staff-only channel
listings and stock.

Root values are ``ProductVariant`` instances from ``loaders.product_variants`` (price, prior and
cost price of the request's channel, stock left in its warehouses and own media ids annotated).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_schema.catalog import loaders
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.catalog.types.assigned_attributes import (
    AssignedAttribute,
    assigned_attribute,
    assigned_attributes,
)
from graphql_schema.catalog.types.attributes import (
    SelectedAttribute,
    VariantAttributeScope,
    selected_attributes,
)
from graphql_schema.catalog.types.common import ProductMedia, Weight, media_list, weight_kg
from graphql_schema.catalog.types.connections import (
    ProductVariantCountableConnection,
    ProductVariantCountableEdge,
    connection,
)
from graphql_schema.catalog.types.pricing import VariantPricingInfo
from graphql_schema.catalog.types.translations import ProductVariantTranslation
from graphql_schema.core.address import AddressInput
from graphql_schema.core.countries import CountryCode
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, decode_ids, model_type_check, paginate, to_global_id
from graphql_schema.core.scalars import PositiveInt
from graphql_schema.provenance import catalog_fields as provenance_fields
from graphql_schema.provenance.types import OriginCertificate
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.pricing import variant_pricing_compute
from storefront.catalog.sql import json_list
from storefront.inventory import models as inventory
from storefront.inventory.selectors import variant_quantity_available

if TYPE_CHECKING:
    from graphql_schema.catalog.types.product import Product
    from graphql_schema.channels.types import Channel

ProductType = Annotated["Product", strawberry.lazy("graphql_schema.catalog.types.product")]
ChannelType = Annotated["Channel", strawberry.lazy("graphql_schema.channels.types")]
_MANAGE_PRODUCTS = permission_required(PermissionCode.MANAGE_PRODUCTS)
_ADDRESS_ARG = "Use `address` argument instead."
_NO_LONGER = "No longer supported"


@strawberry.type(description="Represents a warehouse (staff only).")
class Warehouse(Node):
    is_type_of = model_type_check(inventory.Warehouse)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Warehouse", self.pk))  # type: ignore[attr-defined]

    name: str
    slug: str
    email: str
    is_private: bool


@strawberry.type(description="Represents stock (staff only).")
class Stock(Node):
    is_type_of = model_type_check(inventory.Stock)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Stock", self.pk))  # type: ignore[attr-defined]

    warehouse: Warehouse
    quantity: int = strawberry.field(description="Quantity of a product in the warehouse's possession.")
    quantity_allocated: int = strawberry.field(description="Quantity allocated for orders.")


@strawberry.type(description="Represents product variant channel listing.")
class ProductVariantChannelListing(Node):
    is_type_of = model_type_check(models.ProductVariantChannelListing)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductVariantChannelListing", self.pk))  # type: ignore[attr-defined]

    channel: ChannelType

    @strawberry.field
    def price(self) -> Money | None:
        return money_or_none(self.price_amount, self.currency)  # type: ignore[attr-defined]

    @strawberry.field(description="Cost price of the variant.")
    def cost_price(self) -> Money | None:
        return money_or_none(self.cost_price_amount, self.currency)  # type: ignore[attr-defined]

    @strawberry.field(description="Prior price of the variant.")
    def prior_price(self) -> Money | None:
        return money_or_none(self.prior_price_amount, self.currency)  # type: ignore[attr-defined]


@strawberry.type(description="Outer dimensions of a variant in centimetres (Asal).")
class Dimensions:
    length: float | None
    width: float | None
    height: float | None


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@strawberry.type(description="Represents a version of a product such as different size or color.")
class ProductVariant(Node):
    is_type_of = model_type_check(models.ProductVariant)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductVariant", self.pk))  # type: ignore[attr-defined]

    @strawberry.field(description="Get a single attribute attached to the variant by attribute slug.")
    def assigned_attribute(self, info: Info, slug: str) -> AssignedAttribute | None:
        return assigned_attribute(info, loaders.variant_attribute_values(info, self), slug=slug)  # type: ignore[arg-type]

    @strawberry.field(description="List of attributes assigned to this variant.")
    def assigned_attributes(self, info: Info, limit: PositiveInt | None = 100) -> list[AssignedAttribute]:  # type: ignore[valid-type]
        return assigned_attributes(info, loaders.variant_attribute_values(info, self), limit=limit)  # type: ignore[arg-type]

    name: str
    sku: str | None
    product: ProductType
    track_inventory: bool
    quantity_limit_per_customer: int | None

    @strawberry.field
    def weight(self) -> Weight | None:
        return weight_kg(self.weight_kg)  # type: ignore[attr-defined]

    @strawberry.field(description="Channel given to retrieve this product variant.")
    def channel(self) -> str | None:
        channel = getattr(self, "asal_channel", None)
        return channel.slug if channel is not None else None

    @strawberry.field(
        description="List of price information in channels for the product.", extensions=[_MANAGE_PRODUCTS]
    )
    def channel_listings(self, info: Info) -> list[ProductVariantChannelListing] | None:
        return loaders.variant_channel_listings(info, self)  # type: ignore[arg-type, return-value]

    @strawberry.field(description="Lists the storefront variant's pricing, the current price and discounts.")
    def pricing(self, address: AddressInput | None = None) -> VariantPricingInfo | None:
        channel = getattr(self, "asal_channel", None)
        if channel is None:
            return None
        value = variant_pricing_compute(
            channel=channel,
            price=getattr(self, "price", None),
            prior_price=getattr(self, "prior_price", None),
        )
        return VariantPricingInfo.from_domain(value) if value is not None else None

    @strawberry.field(
        description="List of attributes assigned to this variant.",
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    def attributes(
        self, info: Info, variant_selection: VariantAttributeScope | None = None
    ) -> list[SelectedAttribute]:
        rows = loaders.variant_attribute_values(info, self)  # type: ignore[arg-type]
        if variant_selection == VariantAttributeScope.VARIANT_SELECTION:
            rows = [row for row in rows if row.variant_selection]  # type: ignore[attr-defined]
        elif variant_selection == VariantAttributeScope.NOT_VARIANT_SELECTION:
            rows = [row for row in rows if not row.variant_selection]  # type: ignore[attr-defined]
        return selected_attributes(info, rows)

    @strawberry.field(description="List of media for the product variant.")
    def media(self, info: Info) -> list[ProductMedia] | None:
        ids = json_list(getattr(self, "media_ids", None))
        return media_list(loaders.media_by_ids(info, self.product, ids))  # type: ignore[attr-defined]

    @strawberry.field(description="Returns translated product variant fields for the given language code.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> ProductVariantTranslation | None:  # type: ignore[valid-type]
        return loaders.translation(
            info,
            models.ProductVariantTranslation,
            owner_field="product_variant",
            owner_id=self.pk,  # type: ignore[attr-defined]
            language_code=language_code_from_enum(language_code),
            peers="variants",
        )

    @strawberry.field(description="Stocks for the product variant.", extensions=[_MANAGE_PRODUCTS])
    def stocks(
        self,
        info: Info,
        address: Annotated[AddressInput | None, strawberry.argument(deprecation_reason=_NO_LONGER)] = None,
        country_code: Annotated[
            CountryCode | None, strawberry.argument(deprecation_reason=_ADDRESS_ARG)
        ] = None,  # type: ignore[valid-type]
    ) -> list[Stock] | None:
        return loaders.variant_stocks(info, self)  # type: ignore[arg-type, return-value]

    @strawberry.field(
        description="Quantity of a product available for sale in the channel's warehouses, capped at "
        "the most a "
        "checkout line accepts (50) and the per-customer limit."
    )
    def quantity_available(
        self,
        address: Annotated[AddressInput | None, strawberry.argument(deprecation_reason=_NO_LONGER)] = None,
        country_code: Annotated[
            CountryCode | None, strawberry.argument(deprecation_reason=_ADDRESS_ARG)
        ] = None,  # type: ignore[valid-type]
    ) -> int | None:
        if getattr(self, "asal_channel", None) is None:
            return None
        return variant_quantity_available(
            stock_available=getattr(self, "stock_available", 0) or 0,
            track_inventory=self.track_inventory,  # type: ignore[attr-defined]
            quantity_limit_per_customer=self.quantity_limit_per_customer,  # type: ignore[attr-defined]
        )

    @strawberry.field
    def created(self) -> datetime.datetime:
        return self.created_at  # type: ignore[attr-defined]

    updated_at: datetime.datetime

    # --- Asal's own fields ------------------------------------------------------------------

    @strawberry.field(description="GTIN-8/12/13/14 when registered (Asal).")
    def gtin(self) -> str | None:
        return self.gtin or None  # type: ignore[attr-defined]

    @strawberry.field(description="Outer dimensions in centimetres (Asal).")
    def dimensions(self) -> Dimensions | None:
        sizes = (self.length_cm, self.width_cm, self.height_cm)  # type: ignore[attr-defined]
        if all(size is None for size in sizes):
            return None
        return Dimensions(length=_float(sizes[0]), width=_float(sizes[1]), height=_float(sizes[2]))

    is_one_of_a_kind: bool = strawberry.field(description="A unique piece: one unit exists (Asal).")
    is_made_to_order: bool = strawberry.field(description="Made after the order is placed (Asal).")
    lead_time_days: int | None = strawberry.field(description="Days to make a made-to-order piece (Asal).")

    @strawberry.field(
        description="A one-of-a-kind piece's own origin certificate, seen before buying it; null for "
        "other variants (Asal)."
    )
    def certificate(self, info: Info) -> OriginCertificate | None:
        return provenance_fields.variant_certificate(info, self)  # type: ignore[arg-type]

    @strawberry.field(description="Pieces in stock with a valid origin certificate (Asal).")
    def certified_units_available(self, info: Info) -> int:
        return provenance_fields.variant_certified_units_available(info, self)  # type: ignore[arg-type]


def variants_connection(
    variants: list[models.ProductVariant],
    *,
    filter: Any,
    where: Any,
    sort_by: Any,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> ProductVariantCountableConnection:
    """``Product.productVariants``: the already-loaded variants, filtered and paged in memory."""
    wanted_ids = (
        set(decode_ids(where.ids, expected="ProductVariant")) if where is not None and where.ids else None
    )
    skus = set(filter.sku) if filter is not None and filter.sku else None
    items = [
        variant
        for variant in variants
        if (wanted_ids is None or variant.pk in wanted_ids) and (skus is None or variant.sku in skus)
    ]
    if sort_by is not None:
        items.sort(key=lambda variant: variant.updated_at, reverse=sort_by.direction == OrderDirection.DESC)
    page = paginate(
        items,  # type: ignore[arg-type]
        first=first,
        last=last,
        after=after,
        before=before,
        connection_name="productVariants",
        count=lambda: len(items),
    )
    return connection(
        ProductVariantCountableConnection, ProductVariantCountableEdge, page, lambda: len(items)
    )
