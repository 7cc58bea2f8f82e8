"""Saleor's input types of the staff catalogue mutations (the fields Asal can honour) and the error
types of their payloads.

Inputs leave a field ``UNSET`` when the caller leaves it out, so an update changes only what it
names; ``decode`` helpers turn IDs into rows and hand the services plain domain values.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.error_codes import ProductErrorCodeEnum
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.scalars import JSONString, WeightScalar
from storefront.catalog.error_codes import AttributeErrorCode, CollectionErrorCode, TranslationErrorCode
from storefront.inventory.error_codes import WarehouseErrorCode

if TYPE_CHECKING:
    from graphql_schema.payments.scalars import PositiveDecimal

# Saleor's PositiveDecimal is registered once, by the payments API; resolved lazily so that the
# catalogue's inputs share it without importing a sibling that (through checkout) imports them.
PositiveDecimalType = Annotated["PositiveDecimal", strawberry.lazy("graphql_schema.payments.scalars")]

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


CollectionErrorCodeEnum = graphql_enum(
    CollectionErrorCode,
    name="CollectionErrorCode",
    deprecated={
        "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT": (
            "Products without variants can now be assigned to collections. This error will never be returned."
        )
    },
)


TranslationErrorCodeEnum = graphql_enum(TranslationErrorCode, name="TranslationErrorCode")


AttributeErrorCodeEnum = graphql_enum(AttributeErrorCode, name="AttributeErrorCode")


WarehouseErrorCodeEnum = graphql_enum(WarehouseErrorCode, name="WarehouseErrorCode")


class ChannelErrorCode(StrEnum):
    """Saleor's ``ChannelErrorCode``; the warehouse assignment reports a few of them."""

    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    CHANNELS_CURRENCY_MUST_BE_THE_SAME = "CHANNELS_CURRENCY_MUST_BE_THE_SAME"
    CHANNEL_WITH_ORDERS = "CHANNEL_WITH_ORDERS"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"


ChannelErrorCodeEnum = graphql_enum(ChannelErrorCode, name="ChannelErrorCode")


class ProductVariantBulkErrorCode(StrEnum):
    """Saleor's ``ProductVariantBulkErrorCode``: a bulk row's errors (catalogue and stock codes)."""

    ATTRIBUTE_ALREADY_ASSIGNED = "ATTRIBUTE_ALREADY_ASSIGNED"
    ATTRIBUTE_CANNOT_BE_ASSIGNED = "ATTRIBUTE_CANNOT_BE_ASSIGNED"
    ATTRIBUTE_VARIANTS_DISABLED = "ATTRIBUTE_VARIANTS_DISABLED"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    INVALID_PRICE = "INVALID_PRICE"
    NOT_PRODUCTS_VARIANT = "NOT_PRODUCTS_VARIANT"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    PRODUCT_NOT_ASSIGNED_TO_CHANNEL = "PRODUCT_NOT_ASSIGNED_TO_CHANNEL"
    STOCK_ALREADY_EXISTS = "STOCK_ALREADY_EXISTS"


ProductVariantBulkErrorCodeEnum = graphql_enum(
    ProductVariantBulkErrorCode, name="ProductVariantBulkErrorCode"
)


@strawberry.type(description="Represents errors in product mutations.")
class ProductError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProductErrorCodeEnum = strawberry.field(description="The error code.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )


@strawberry.type(description="Represents errors in product channel listing mutations.")
class ProductChannelListingError(ProductError):
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels IDs which causes the error."
    )
    variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of variants IDs which causes the error."
    )


@strawberry.input(description="Fields to set the SEO of an object.")
class SeoInput:
    title: str | None = strawberry.field(default=strawberry.UNSET, description="SEO title.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="SEO description.")


@strawberry.input(description="An attribute value chosen by ID, or by name (created when new).")
class AttributeValueSelectableTypeInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="ID of an attribute value.")
    value: str | None = strawberry.field(
        default=None,
        description=(
            "The value or slug of an attribute to resolve. If the passed value is non-existent, it "
            "will be created."
        ),
    )


@strawberry.input(description="The value(s) of one attribute of a product or variant.")
class AttributeValueInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="ID of the selected attribute.")
    values: list[str] | None = strawberry.field(
        default=None,
        description=deprecated(
            "Use the field of the attribute's input type instead.",
            "The value or slug of an attribute to resolve. If the passed value is non-existent, it "
            "will be created.",
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


_QUANTITY_LIMIT = "Determines maximum quantity of `ProductVariant`,that can be bought in a single checkout."
_DESCRIPTION = "Product description.\n\nRich text format. For reference see https://editorjs.io/"


@strawberry.input(description="Fields required to update a product.")
class ProductInput:
    attributes: list[AttributeValueInput] | None = strawberry.field(
        default=None, description="List of attributes."
    )
    category: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="ID of the product's category."
    )
    collections: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of IDs of collections that the product belongs to."
    )
    description: JSONString | None = strawberry.field(default=strawberry.UNSET, description=_DESCRIPTION)
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Product name.")
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Product slug.")
    seo: SeoInput | None = strawberry.field(default=None, description="Search engine optimization fields.")
    weight: WeightScalar | None = strawberry.field(
        default=strawberry.UNSET, description="Weight of the Product."
    )
    rating: float | None = strawberry.field(
        default=strawberry.UNSET, description="Defines the product rating value."
    )


@strawberry.input(description="Fields required to create a product.")
class ProductCreateInput(ProductInput):
    product_type: strawberry.ID = strawberry.field(description="ID of the type that product belongs to.")


@strawberry.input(description="Fields required to update a product variant.")
class ProductVariantInput:
    attributes: list[AttributeValueInput] | None = strawberry.field(
        default=None, description="List of attributes specific to this variant."
    )
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="Stock keeping unit.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Variant name.")
    track_inventory: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Determines if the inventory of this variant should be tracked. If false, the quantity "
            "won't change when customers buy this item."
        ),
    )
    weight: WeightScalar | None = strawberry.field(
        default=strawberry.UNSET, description="Weight of the Product Variant."
    )
    quantity_limit_per_customer: int | None = strawberry.field(
        default=strawberry.UNSET,
        description=_QUANTITY_LIMIT,
    )


@strawberry.input(description="A warehouse and the quantity of the variant it holds.")
class StockInput:
    warehouse: strawberry.ID = strawberry.field(description="Warehouse in which stock is located.")
    quantity: int = strawberry.field(description="Quantity of items available for sell.")


@strawberry.input(description="Fields required to create a product variant.")
class ProductVariantCreateInput:
    attributes: list[AttributeValueInput] = strawberry.field(
        description="List of attributes specific to this variant."
    )
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="Stock keeping unit.")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Variant name.")
    track_inventory: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Determines if the inventory of this variant should be tracked. If false, the quantity "
            "won't change when customers buy this item."
        ),
    )
    weight: WeightScalar | None = strawberry.field(
        default=strawberry.UNSET, description="Weight of the Product Variant."
    )
    quantity_limit_per_customer: int | None = strawberry.field(
        default=strawberry.UNSET,
        description=_QUANTITY_LIMIT,
    )
    product: strawberry.ID = strawberry.field(description="Product ID of which type is the variant.")
    stocks: list[StockInput] | None = strawberry.field(
        default=None, description="Stocks of a product available for sale."
    )


@strawberry.input(description="A channel the product should be listed in, and how.")
class ProductChannelListingAddInput:
    channel_id: strawberry.ID = strawberry.field(description="ID of a channel.")
    is_published: bool | None = strawberry.field(
        default=None, description="Determines if object is visible to customers."
    )
    published_at: datetime.datetime | None = strawberry.field(
        default=None, description="Publication date time. ISO 8601 standard."
    )
    visible_in_listings: bool | None = strawberry.field(
        default=None,
        description=(
            "Determines if product is visible in product listings (doesn't apply to product collections)."
        ),
    )
    is_available_for_purchase: bool | None = strawberry.field(
        default=None,
        description=(
            "Determines if product should be available for purchase in this channel. This does not "
            "guarantee the availability of stock."
        ),
    )
    available_for_purchase_at: datetime.datetime | None = strawberry.field(
        default=None,
        description=(
            "A start date time from which a product will be available for purchase. When not set and "
            "`isAvailable` is set to True, the current day is assumed."
        ),
    )
    add_variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of variants to which the channel should be assigned."
    )
    remove_variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of variants from which the channel should be unassigned."
    )


@strawberry.input(description="Fields required to create or update product channel listings.")
class ProductChannelListingUpdateInput:
    update_channels: list[ProductChannelListingAddInput] | None = strawberry.field(
        default=None, description="List of channels to which the product should be assigned or updated."
    )
    remove_channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels from which the product should be unassigned."
    )


@strawberry.input(description="A variant's prices in one channel.")
class ProductVariantChannelListingAddInput:
    channel_id: strawberry.ID = strawberry.field(description="ID of a channel.")
    price: PositiveDecimalType = strawberry.field(description="Price of the particular variant in channel.")
    cost_price: PositiveDecimalType | None = strawberry.field(
        default=None, description="Cost price of the variant in channel."
    )
    prior_price: PositiveDecimalType | None = strawberry.field(
        default=None,
        description=(
            "Previous price of the variant in channel. Useful for providing promotion information "
            "required by customer protection laws such as EU Omnibus directive."
        ),
    )
    maker_share_amount: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Asal: the makers' share of each unit sold in this channel, in the channel's currency "
            "(at most the price). Setting it clears `makerSharePercent`; `null` removes it."
        ),
    )
    maker_share_percent: PositiveDecimalType | None = strawberry.field(
        default=strawberry.UNSET,
        description=(
            "Asal: the makers' share of each unit sold in this channel, as a percentage (0 to 100) of "
            "the unit's gross price. Setting it clears `makerShareAmount`; `null` removes it."
        ),
    )
