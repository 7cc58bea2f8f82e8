"""Saleor's ``productVariantBulkCreate`` and ``productVariantBulkUpdate`` (``MANAGE_PRODUCTS``):
rows decoded one by one (a row's bad ID is that row's error), written by
``storefront.inventory.staff_variant_bulk`` under the caller's error policy, answered with Saleor's
per-row ``results``."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import attribute_choices, given, row, stock_quantities, variant_price
from graphql_schema.catalog.mutation_inputs import (
    AttributeValueSelectableTypeInput,
    PositiveDecimalType,
    ProductVariantBulkErrorCodeEnum,
    ProductVariantChannelListingAddInput,
    StockInput,
)
from graphql_schema.catalog.mutations_products import catalogue_mutation
from graphql_schema.catalog.nodes import variant_nodes
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.auth import request_actor
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.error_codes import ProductErrorCodeEnum
from graphql_schema.core.errors import returns_errors, to_errors
from graphql_schema.core.scalars import WeightScalar
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.services.staff_variants import VariantFields, VariantPrice
from storefront.channels.models import Channel
from storefront.core.errors import DomainError
from storefront.inventory.error_codes import StockError
from storefront.inventory.models import Stock
from storefront.inventory.staff_stocks import StockQuantity
from storefront.inventory.staff_variant_bulk import (
    RowResult,
    VariantRow,
    VariantUpdateRow,
    staff_variants_bulk_create,
    staff_variants_bulk_update,
)

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.enum(description="Policies of error handling.")
class ErrorPolicyEnum(Enum):
    IGNORE_FAILED = "IGNORE_FAILED"
    REJECT_EVERYTHING = "REJECT_EVERYTHING"
    REJECT_FAILED_ROWS = "REJECT_FAILED_ROWS"


@strawberry.type(description="Represents errors in bulk product mutations.")
class BulkProductError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProductErrorCodeEnum = strawberry.field(description="The error code.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )
    index: int | None = strawberry.field(
        default=None, description="Index of an input list item that caused the error."
    )
    warehouses: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of warehouse IDs which causes the error."
    )
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel IDs which causes the error."
    )


@strawberry.type(description="Represents an error of one row of a bulk variant mutation.")
class ProductVariantBulkError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProductVariantBulkErrorCodeEnum = strawberry.field(description="The error code.")
    path: str | None = strawberry.field(default=None, description="Path to field that caused the error.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )
    warehouses: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of warehouse IDs which causes the error."
    )
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel IDs which causes the error."
    )


@strawberry.type(description="The outcome of one row of a bulk variant mutation.")
class ProductVariantBulkResult:
    product_variant: ProductVariant | None = strawberry.field(
        default=None, description="Product variant data."
    )
    errors: list[ProductVariantBulkError] | None = strawberry.field(
        default=None, description="List of errors occurred on create or update attempt."
    )


@strawberry.input(description="The value(s) of one attribute of a variant created in bulk.")
class BulkAttributeValueInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="ID of the selected attribute.")
    values: list[str] | None = strawberry.field(
        default=None,
        description=deprecated(
            "Use the field of the attribute's input type instead.",
            "The value or slug of an attribute to resolve.",
        ),
    )
    dropdown: AttributeValueSelectableTypeInput | None = strawberry.field(
        default=None, description="Attribute value ID or external reference."
    )
    swatch: AttributeValueSelectableTypeInput | None = strawberry.field(
        default=None, description="Attribute value ID or external reference."
    )
    multiselect: list[AttributeValueSelectableTypeInput] | None = strawberry.field(
        default=None, description="List of attribute value IDs or external references."
    )
    numeric: str | None = strawberry.field(default=None, description="Numeric value of an attribute.")
    plain_text: str | None = strawberry.field(default=None, description="Plain text content.")
    boolean: bool | None = strawberry.field(
        default=None, description="Represents the boolean value of the attribute value."
    )


@strawberry.input(description="A variant to create in bulk.")
class ProductVariantBulkCreateInput:
    attributes: list[BulkAttributeValueInput] = strawberry.field(
        description="List of attributes specific to this variant."
    )
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="Stock keeping unit.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Variant name.")
    track_inventory: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Determines if the inventory of this variant should be tracked."
    )
    weight: WeightScalar | None = strawberry.field(
        default=strawberry.UNSET, description="Weight of the Product Variant."
    )
    quantity_limit_per_customer: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="The most of this variant that can be bought in a single checkout.",
    )
    stocks: list[StockInput] | None = strawberry.field(
        default=None, description="Stocks of a product available for sale."
    )
    channel_listings: list[ProductVariantChannelListingAddInput] | None = strawberry.field(
        default=None, description="List of prices assigned to channels."
    )


@strawberry.type(description="Creates product variants for a given product.")
class ProductVariantBulkCreate:
    count: int = strawberry.field(default=0, description="Returns how many objects were created.")
    product_variants: list[ProductVariant] = strawberry.field(
        default_factory=list, description="List of the created variants."
    )
    results: list[ProductVariantBulkResult] = strawberry.field(
        default_factory=list, description="List of the created variants."
    )
    errors: list[BulkProductError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason="Use `errors` field instead.")
    def bulk_product_errors(self) -> list[BulkProductError]:
        return self.errors


@strawberry.input(description="Stock of a variant to set.")
class StockUpdateInput:
    stock: strawberry.ID = strawberry.field(description="Stock.")
    quantity: int = strawberry.field(description="Quantity of items available for sell.")


@strawberry.input(description="Stocks of a variant to create, update or remove.")
class ProductVariantStocksUpdateInput:
    create: list[StockInput] | None = strawberry.field(
        default=None, description="List of warehouses to create stocks."
    )
    update: list[StockUpdateInput] | None = strawberry.field(
        default=None, description="List of stocks to update."
    )
    remove: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of stocks to remove."
    )


@strawberry.input(description="A variant's price in one channel to change.")
class ChannelListingUpdateInput:
    channel_listing: strawberry.ID = strawberry.field(description="ID of a channel listing.")
    price: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET, description="Price of the particular variant in channel."
    )
    cost_price: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET, description="Cost price of the variant in channel."
    )
    prior_price: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET, description="Previous price of the variant in channel."
    )


@strawberry.input(description="A variant's prices to create, update or remove.")
class ProductVariantChannelListingUpdateInput:
    create: list[ProductVariantChannelListingAddInput] | None = strawberry.field(
        default=None, description="List of channels to create variant channel listings."
    )
    update: list[ChannelListingUpdateInput] | None = strawberry.field(
        default=None, description="List of channel listings to update."
    )
    remove: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channel listings to remove."
    )


@strawberry.input(description="Input fields to update product variants.")
class ProductVariantBulkUpdateInput:
    id: strawberry.ID = strawberry.field(description="ID of the product variant to update.")
    attributes: list[BulkAttributeValueInput] | None = strawberry.field(
        default=None, description="List of attributes specific to this variant."
    )
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="Stock keeping unit.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Variant name.")
    track_inventory: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Determines if the inventory of this variant should be tracked."
    )
    weight: WeightScalar | None = strawberry.field(
        default=strawberry.UNSET, description="Weight of the Product Variant."
    )
    quantity_limit_per_customer: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="The most of this variant that can be bought in a single checkout.",
    )
    stocks: ProductVariantStocksUpdateInput | None = strawberry.field(
        default=None, description="Stocks input."
    )
    channel_listings: ProductVariantChannelListingUpdateInput | None = strawberry.field(
        default=None, description="Channel listings input."
    )


@strawberry.type(description="Updates products variants for a given product.")
class ProductVariantBulkUpdate:
    count: int = strawberry.field(default=0, description="Returns how many objects were updated.")
    results: list[ProductVariantBulkResult] = strawberry.field(
        default_factory=list, description="List of the updated variants."
    )
    errors: list[ProductVariantBulkError] = strawberry.field(default_factory=list)


def _fields(entry: ProductVariantBulkCreateInput | ProductVariantBulkUpdateInput) -> VariantFields:
    return VariantFields(
        sku=given(entry.sku),
        name=given(entry.name),
        track_inventory=given(entry.track_inventory),
        weight=given(entry.weight),
        quantity_limit_per_customer=given(entry.quantity_limit_per_customer),
        attributes=attribute_choices(entry.attributes),
    )


def _decode(entry: ProductVariantBulkCreateInput) -> VariantRow:
    try:
        fields = _fields(entry)
        prices = [variant_price(listing, field="channelListings") for listing in entry.channel_listings or ()]
        return VariantRow(fields=fields, stocks=stock_quantities(entry.stocks), prices=prices)
    except (CatalogError, StockError) as exc:
        return VariantRow(errors=list(exc.errors))


def _stock_of(variant: models.ProductVariant, global_id: str) -> Stock:
    stock = row(Stock, global_id, type_name="Stock", field="stocks")
    if stock.product_variant_id != variant.pk:
        raise CatalogError(
            ProductErrorCode.NOT_FOUND, f"The variant has no stock {global_id}.", field="stocks"
        )
    return stock


def _listing_of(variant: models.ProductVariant, global_id: str) -> models.ProductVariantChannelListing:
    listing = row(
        models.ProductVariantChannelListing,
        global_id,
        type_name="ProductVariantChannelListing",
        field="channelListings",
    )
    if listing.variant_id != variant.pk:
        raise CatalogError(
            ProductErrorCode.NOT_FOUND,
            f"The variant has no channel listing {global_id}.",
            field="channelListings",
        )
    return listing


def _kept(value: Any, current: Decimal | None) -> Decimal | None:
    """A price left out of an update input keeps its current value; ``null`` clears it."""
    return current if value is strawberry.UNSET else value


def _price_update(variant: models.ProductVariant, entry: ChannelListingUpdateInput) -> VariantPrice:
    listing = _listing_of(variant, entry.channel_listing)
    price = _kept(entry.price, listing.price_amount)
    if price is None:
        raise CatalogError(ProductErrorCode.REQUIRED, "A variant listing needs a price.", field="price")
    return VariantPrice(
        channel=Channel.objects.get(pk=listing.channel_id),
        price=price,
        cost_price=_kept(entry.cost_price, listing.cost_price_amount),
        prior_price=_kept(entry.prior_price, listing.prior_price_amount),
    )


def _decode_update(entry: ProductVariantBulkUpdateInput) -> VariantUpdateRow:
    try:
        variant = row(models.ProductVariant, entry.id, type_name="ProductVariant", field="id")
        stocks = entry.stocks or ProductVariantStocksUpdateInput()
        listings = entry.channel_listings or ProductVariantChannelListingUpdateInput()
        updated_stocks = [
            StockQuantity(warehouse=_stock_of(variant, item.stock).warehouse, quantity=item.quantity)
            for item in stocks.update or ()
        ]
        prices = [variant_price(listing, field="channelListings") for listing in listings.create or ()]
        prices += [_price_update(variant, item) for item in listings.update or ()]
        return VariantUpdateRow(
            variant=variant,
            fields=_fields(entry),
            stocks_create=stock_quantities(stocks.create),
            stocks_update=updated_stocks,
            stocks_remove=[_stock_of(variant, item).warehouse for item in stocks.remove or ()],
            prices=prices,
            prices_remove=[
                Channel.objects.get(pk=_listing_of(variant, item).channel_id)
                for item in listings.remove or ()
            ],
        )
    except (CatalogError, StockError) as exc:
        return VariantUpdateRow(errors=list(exc.errors))


def _results(info: Info, results: list[RowResult]) -> list[ProductVariantBulkResult]:
    kept = [result.variant for result in results if result.variant is not None]
    nodes = iter(variant_nodes(info, kept, None))
    return [
        ProductVariantBulkResult(
            product_variant=cast(ProductVariant, next(nodes)) if result.variant is not None else None,
            errors=_row_errors(result.errors),
        )
        for result in results
    ]


def _row_errors(errors: list[DomainError]) -> list[ProductVariantBulkError]:
    found: list[ProductVariantBulkError] = []
    for error in errors:
        found += to_errors(ProductVariantBulkError, error)
    return found


def _policy(given_policy: ErrorPolicyEnum | None) -> str:
    return (given_policy or ErrorPolicyEnum.REJECT_EVERYTHING).value


@strawberry.type
class VariantBulkMutations:
    @catalogue_mutation("Creates product variants for a given product.")
    @returns_errors(ProductVariantBulkCreate, BulkProductError, CatalogError)
    def product_variant_bulk_create(
        self,
        info: Info,
        product: Annotated[
            strawberry.ID, strawberry.argument(description="ID of the product to create the variants for.")
        ],
        variants: Annotated[
            list[ProductVariantBulkCreateInput],
            strawberry.argument(description="Input list of product variants to create."),
        ],
        error_policy: Annotated[
            ErrorPolicyEnum | None,
            strawberry.argument(description="Policies of error handling. DEFAULT: REJECT_EVERYTHING"),
        ] = None,
    ) -> ProductVariantBulkCreate | None:
        results = staff_variants_bulk_create(
            actor=request_actor(info),
            product=row(models.Product, product, type_name="Product", field="product"),
            rows=[_decode(entry) for entry in variants],
            error_policy=_policy(error_policy),
        )
        created = [result.variant for result in results if result.variant is not None]
        return ProductVariantBulkCreate(
            count=len(created),
            product_variants=cast(list[ProductVariant], variant_nodes(info, created, None)),
            results=_results(info, results),
        )

    @catalogue_mutation("Updates multiple product variants of a product.")
    @returns_errors(ProductVariantBulkUpdate, ProductVariantBulkError, CatalogError)
    def product_variant_bulk_update(
        self,
        info: Info,
        product: Annotated[
            strawberry.ID, strawberry.argument(description="ID of the product to update the variants for.")
        ],
        variants: Annotated[
            list[ProductVariantBulkUpdateInput],
            strawberry.argument(description="Input list of product variants to update."),
        ],
        error_policy: Annotated[
            ErrorPolicyEnum | None,
            strawberry.argument(description="Policies of error handling. DEFAULT: REJECT_EVERYTHING"),
        ] = None,
    ) -> ProductVariantBulkUpdate | None:
        results = staff_variants_bulk_update(
            actor=request_actor(info),
            product=row(models.Product, product, type_name="Product", field="product"),
            rows=[_decode_update(entry) for entry in variants],
            error_policy=_policy(error_policy),
        )
        return ProductVariantBulkUpdate(
            count=sum(1 for result in results if result.variant is not None),
            results=_results(info, results),
        )
