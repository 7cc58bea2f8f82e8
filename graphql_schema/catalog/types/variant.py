"""Saleor's ``ProductVariant`` (plus Asal's dimensions and making fields), its staff-only channel
listings and stock.

A ``ProductVariant``'s root value is a ``ChannelContext`` made by ``graphql_schema.catalog.nodes``:
the variant prices and stocks itself for the channel it was reached in, whatever the path (a
product page, ``productVariants``, later a checkout or order line), through the loaders.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_schema.catalog import loaders, shared_loaders
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.catalog.nodes import product_node
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
from graphql_schema.catalog.types.pricing import VariantPricingInfo
from graphql_schema.catalog.types.translations import ProductVariantTranslation
from graphql_schema.core.address import AddressInput
from graphql_schema.core.channel_context import ChannelContext, scope_for
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.countries import CountryCode
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, decode_ids, model_type_check, node_id, paginate
from graphql_schema.core.scalars import DEFAULT_LIMIT, PositiveInt
from graphql_schema.provenance import catalog_fields as provenance_fields
from graphql_schema.provenance.types import OriginCertificate
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.pricing import variant_pricing_compute
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
class Warehouse(Node, ObjectWithMetadata):
    is_type_of = model_type_check(inventory.Warehouse)

    id: strawberry.ID = node_id("Warehouse")

    name: str
    slug: str
    email: str
    is_private: bool


@strawberry.type(description="Represents stock (staff only).")
class Stock(Node):
    is_type_of = model_type_check(inventory.Stock)

    id: strawberry.ID = node_id("Stock")

    warehouse: Warehouse
    quantity: int = strawberry.field(description="Quantity of a product in the warehouse's possession.")
    quantity_allocated: int = strawberry.field(description="Quantity allocated for orders.")


ListingRoot = strawberry.Parent[models.ProductVariantChannelListing]


@strawberry.type(description="Represents product variant channel listing.")
class ProductVariantChannelListing(Node):
    is_type_of = model_type_check(models.ProductVariantChannelListing)

    id: strawberry.ID = node_id("ProductVariantChannelListing")

    channel: ChannelType

    @strawberry.field
    def price(self, root: ListingRoot) -> Money | None:
        return money_or_none(root.price_amount, root.currency)

    @strawberry.field(description="Cost price of the variant.")
    def cost_price(self, root: ListingRoot) -> Money | None:
        return money_or_none(root.cost_price_amount, root.currency)

    @strawberry.field(description="Prior price of the variant.")
    def prior_price(self, root: ListingRoot) -> Money | None:
        return money_or_none(root.prior_price_amount, root.currency)

    @strawberry.field(description="Asal: the makers' share of each unit sold, as an amount.")
    def maker_share(self, root: ListingRoot) -> Money | None:
        return money_or_none(root.maker_share_amount, root.currency)

    @strawberry.field(
        description="Asal: the makers' share of each unit sold, as a percentage of its gross price."
    )
    def maker_share_percent(self, root: ListingRoot) -> float | None:
        return float(root.maker_share_percent) if root.maker_share_percent is not None else None


@strawberry.type(description="Outer dimensions of a variant in centimetres (Asal).")
class Dimensions:
    length: float | None
    width: float | None
    height: float | None


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


VariantRoot = strawberry.Parent[ChannelContext[models.ProductVariant]]


def _product(info: Info, root: VariantRoot) -> ChannelContext[models.Product]:
    """The variant's product, in the variant's channel: joined where it was, else batched."""
    variant = root.node
    if models.ProductVariant.product.is_cached(variant):
        product = variant.product
    else:
        found = loaders.PRODUCTS_BY_ID.load(info, variant.product_id, scope_for(info, root.channel))
        assert found is not None  # a variant always has its product
        product = found
    return product_node(info, product, root.channel)


def _attribute_rows(info: Info, root: ChannelContext[models.ProductVariant]) -> list[Any]:
    return loaders.VARIANT_ATTRIBUTE_VALUES.load(info, root.node.pk)


@strawberry.type(description="Represents a version of a product such as different size or color.")
class ProductVariant(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.ProductVariant)

    id: strawberry.ID = node_id("ProductVariant")

    @strawberry.field(description="Get a single attribute attached to the variant by attribute slug.")
    def assigned_attribute(self, info: Info, root: VariantRoot, slug: str) -> AssignedAttribute | None:
        return assigned_attribute(info, _attribute_rows(info, root), slug=slug)

    @strawberry.field(description="List of attributes assigned to this variant.")
    def assigned_attributes(
        self, info: Info, root: VariantRoot, limit: PositiveInt | None = DEFAULT_LIMIT
    ) -> list[AssignedAttribute]:
        return assigned_attributes(info, _attribute_rows(info, root), limit=limit)

    name: str
    sku: str | None
    product: ProductType = strawberry.field(resolver=_product)  # type: ignore[assignment]  # a root value
    track_inventory: bool
    quantity_limit_per_customer: int | None

    @strawberry.field
    def weight(self, root: VariantRoot) -> Weight | None:
        return weight_kg(root.node.weight_kg)

    @strawberry.field(description="Channel given to retrieve this product variant.")
    def channel(self, root: VariantRoot) -> str | None:
        return root.channel.slug if root.channel is not None else None

    @strawberry.field(
        description="List of price information in channels for the product.", extensions=[_MANAGE_PRODUCTS]
    )
    def channel_listings(self, info: Info, root: VariantRoot) -> list[ProductVariantChannelListing] | None:
        return loaders.VARIANT_CHANNEL_LISTINGS.load(info, root.node.pk)  # type: ignore[return-value]

    @strawberry.field(description="Lists the storefront variant's pricing, the current price and discounts.")
    def pricing(
        self, info: Info, root: VariantRoot, address: AddressInput | None = None
    ) -> VariantPricingInfo | None:
        if root.channel is None:
            return None
        found = loaders.VARIANT_PRICES.load(info, root.node.pk, scope_for(info, root.channel))
        if found is None:
            return None
        value = variant_pricing_compute(
            channel=root.channel,
            price=found.price,
            prior_price=found.prior_price,
            discounted_price=found.discounted_price,
            omnibus_prior_price=found.omnibus_prior_price,
        )
        return VariantPricingInfo.from_domain(value) if value is not None else None

    @strawberry.field(
        description="List of attributes assigned to this variant.",
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    def attributes(
        self, info: Info, root: VariantRoot, variant_selection: VariantAttributeScope | None = None
    ) -> list[SelectedAttribute]:
        rows = _attribute_rows(info, root)
        if variant_selection == VariantAttributeScope.VARIANT_SELECTION:
            rows = [row for row in rows if row.variant_selection]
        elif variant_selection == VariantAttributeScope.NOT_VARIANT_SELECTION:
            rows = [row for row in rows if not row.variant_selection]
        return selected_attributes(info, rows)

    @strawberry.field(description="List of media for the product variant.")
    def media(self, info: Info, root: VariantRoot) -> list[ProductMedia] | None:
        ids = loaders.VARIANT_MEDIA_IDS.load(info, root.node.pk)
        return media_list(loaders.media_by_ids(info, root.node.product_id, ids))

    @strawberry.field(description="Returns translated product variant fields for the given language code.")
    def translation(
        self, info: Info, root: VariantRoot, language_code: LanguageCodeEnum
    ) -> ProductVariantTranslation | None:
        return shared_loaders.translation(
            info,
            models.ProductVariantTranslation,
            owner_id=root.node.pk,
            language_code=language_code_from_enum(language_code),
        )

    @strawberry.field(description="Stocks for the product variant.", extensions=[_MANAGE_PRODUCTS])
    def stocks(
        self,
        info: Info,
        root: VariantRoot,
        address: Annotated[
            AddressInput | None, strawberry.argument(description=deprecated(_NO_LONGER))
        ] = None,
        country_code: Annotated[
            CountryCode | None, strawberry.argument(description=deprecated(_ADDRESS_ARG))
        ] = None,
    ) -> list[Stock] | None:
        return loaders.VARIANT_STOCKS.load(info, root.node.pk, scope_for(info, root.channel))  # type: ignore[return-value]

    @strawberry.field(
        description="Quantity of a product available for sale in the channel's warehouses, capped at "
        "the most a "
        "checkout line accepts (50) and the per-customer limit."
    )
    def quantity_available(
        self,
        info: Info,
        root: VariantRoot,
        address: Annotated[
            AddressInput | None, strawberry.argument(description=deprecated(_NO_LONGER))
        ] = None,
        country_code: Annotated[
            CountryCode | None, strawberry.argument(description=deprecated(_ADDRESS_ARG))
        ] = None,
    ) -> int | None:
        if root.channel is None:
            return None
        variant = root.node
        return variant_quantity_available(
            stock_available=loaders.VARIANT_STOCK.load(info, variant.pk, scope_for(info, root.channel)),
            track_inventory=variant.track_inventory,
            quantity_limit_per_customer=variant.quantity_limit_per_customer,
        )

    @strawberry.field
    def created(self, root: VariantRoot) -> datetime.datetime:
        return root.node.created_at

    updated_at: datetime.datetime

    # --- Asal's own fields ------------------------------------------------------------------

    @strawberry.field(description="GTIN-8/12/13/14 when registered (Asal).")
    def gtin(self, root: VariantRoot) -> str | None:
        return root.node.gtin or None

    @strawberry.field(description="Outer dimensions in centimetres (Asal).")
    def dimensions(self, root: VariantRoot) -> Dimensions | None:
        sizes = (root.node.length_cm, root.node.width_cm, root.node.height_cm)
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
    def certificate(self, info: Info, root: VariantRoot) -> OriginCertificate | None:
        return provenance_fields.variant_certificate(info, root.node)

    @strawberry.field(description="Pieces in stock with a valid origin certificate (Asal).")
    def certified_units_available(self, info: Info, root: VariantRoot) -> int:
        return provenance_fields.variant_certified_units_available(info, root.node, root.channel)


def variants_connection(
    variants: list[ChannelContext[models.ProductVariant]],
    *,
    filter: Any,
    where: Any,
    sort_by: Any,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> CountableConnection[ProductVariant]:
    """``Product.productVariants``: the already-loaded variants, filtered and paged in memory."""
    wanted_ids = (
        set(decode_ids(where.ids, expected="ProductVariant")) if where is not None and where.ids else None
    )
    skus = set(filter.sku) if filter is not None and filter.sku else None
    items = [
        variant
        for variant in variants
        if (wanted_ids is None or variant.node.pk in wanted_ids)
        and (skus is None or variant.node.sku in skus)
    ]
    if sort_by is not None:
        items.sort(
            key=lambda variant: variant.node.updated_at, reverse=sort_by.direction == OrderDirection.DESC
        )
    page = paginate(
        items,
        first=first,
        last=last,
        after=after,
        before=before,
        connection_name="productVariants",
        count=lambda: len(items),
    )
    return connection(page, lambda: len(items))
