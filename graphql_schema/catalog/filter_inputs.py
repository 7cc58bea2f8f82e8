"""Saleor's product filter, where and sort inputs, field for field (Saleor 3.24).

Names, field names and types match Saleor's schema so that a storefront's variables work
unchanged; ``tests/graphql/compat`` checks it. Asal adds only ``makers`` and ``villages`` (an
allow-listed addition). The querysets these inputs build live in ``filters.py``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.metadata import MetadataFilter

PREORDER_DEPRECATION = (
    "Preorder is deprecated and will be removed. Model pre-sales with regular stock instead: create the "
    "planned quantity in a warehouse, or set `trackInventory` to false to sell without a stock limit."
)
CHANNEL_DEPRECATION = "Use root-level channel argument instead."
VALUE_DEPRECATION = "Use `value` instead."
STOCKS_NOTE = "Requires one of the following permissions: MANAGE_PRODUCTS."
MAKERS_NOTE = (
    "Asal: products made by any of these makers (Maker IDs). Without MANAGE_PRODUCTS, only makers who "
    "consented to publication match."
)


@strawberry.enum
class OrderDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Specifies an ascending sort order.")
    DESC = strawberry.enum_value("DESC", description="Specifies a descending sort order.")


_CHANNEL_NOTE = "This option requires a channel filter to work as the values can vary between channels."
_MODIFIED = "Use `LAST_MODIFIED_AT` instead."


@strawberry.enum
class ProductOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="Sort products by name.")
    RANK = strawberry.enum_value(
        "RANK",
        description="Sort products by rank. Note: This option is available only with the `search` filter.",
    )
    PRICE = strawberry.enum_value("PRICE", description=f"Sort products by price.\n\n{_CHANNEL_NOTE}")
    MINIMAL_PRICE = strawberry.enum_value(
        "MINIMAL_PRICE",
        description=f"Sort products by a minimal price of a product's variant.\n\n{_CHANNEL_NOTE}",
    )
    LAST_MODIFIED = strawberry.enum_value(
        "LAST_MODIFIED", description="Sort products by update date.", deprecation_reason=_MODIFIED
    )
    DATE = strawberry.enum_value(
        "DATE", description="Sort products by update date.", deprecation_reason=_MODIFIED
    )
    TYPE = strawberry.enum_value("TYPE", description="Sort products by type.")
    PUBLISHED = strawberry.enum_value(
        "PUBLISHED", description=f"Sort products by publication status.\n\n{_CHANNEL_NOTE}"
    )
    PUBLICATION_DATE = strawberry.enum_value(
        "PUBLICATION_DATE",
        description=f"Sort products by publication date.\n\n{_CHANNEL_NOTE}",
        deprecation_reason="Use `PUBLISHED_AT` instead.",
    )
    PUBLISHED_AT = strawberry.enum_value(
        "PUBLISHED_AT", description=f"Sort products by publication date.\n\n{_CHANNEL_NOTE}"
    )
    LAST_MODIFIED_AT = strawberry.enum_value("LAST_MODIFIED_AT", description="Sort products by update date.")
    COLLECTION = strawberry.enum_value(
        "COLLECTION",
        description="Sort products by collection. Note: This option is available only for the "
        f"`Collection.products` query.\n\n{_CHANNEL_NOTE}",
    )
    RATING = strawberry.enum_value("RATING", description="Sort products by rating.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="Sort products by creation date.")


@strawberry.enum
class StockAvailability(Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


@strawberry.input
class ProductOrder:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort products."
    )
    channel: str | None = strawberry.field(
        default=None,
        description=deprecated(CHANNEL_DEPRECATION, "Specifies the channel in which to sort the data."),
    )
    attribute_id: strawberry.ID | None = strawberry.field(
        default=None, description="Sort product by the selected attribute's values."
    )
    field: ProductOrderField | None = strawberry.field(
        default=None, description="Sort products by the selected field."
    )


# --- generic range and operator inputs (Saleor's shared filter inputs) ---------------------------


@strawberry.input
class IntRangeInput:
    gte: int | None = strawberry.field(default=None, description="Value greater than or equal to.")
    lte: int | None = strawberry.field(default=None, description="Value less than or equal to.")


@strawberry.input
class PriceRangeInput:
    gte: float | None = strawberry.field(default=None, description="Price greater than or equal to.")
    lte: float | None = strawberry.field(default=None, description="Price less than or equal to.")


@strawberry.input
class DecimalRangeInput:
    gte: Decimal | None = strawberry.field(
        default=None, description="Decimal value greater than or equal to."
    )
    lte: Decimal | None = strawberry.field(default=None, description="Decimal value less than or equal to.")


@strawberry.input
class DateTimeRangeInput:
    gte: datetime.datetime | None = strawberry.field(default=None, description="Start date.")
    lte: datetime.datetime | None = strawberry.field(default=None, description="End date.")


@strawberry.input
class DateRangeInput:
    gte: datetime.date | None = strawberry.field(default=None, description="Start date.")
    lte: datetime.date | None = strawberry.field(default=None, description="End date.")


@strawberry.input(description="Define the filtering options for foreign key fields.")
class GlobalIDFilterInput:
    eq: strawberry.ID | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[strawberry.ID] | None = strawberry.field(default=None, description="The value included in.")


@strawberry.input(description="Define the filtering options for string fields.")
class StringFilterInput:
    eq: str | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[str] | None = strawberry.field(default=None, description="The value included in.")


@strawberry.input(description="Define the filtering options for decimal fields.")
class DecimalFilterInput:
    eq: Decimal | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[Decimal] | None = strawberry.field(default=None, description="The value included in.")
    range: DecimalRangeInput | None = strawberry.field(default=None, description="The value in range.")


@strawberry.input(description="Define the filtering options for date time fields.")
class DateTimeFilterInput:
    eq: datetime.datetime | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[datetime.datetime] | None = strawberry.field(
        default=None, description="The value included in."
    )
    range: DateTimeRangeInput | None = strawberry.field(default=None, description="The value in range.")


@strawberry.input(description="Define the filtering options for fields that can contain multiple values.")
class ContainsFilterInput:
    contains_any: list[str] | None = strawberry.field(
        default=None, description="The field contains at least one of the specified values."
    )
    contains_all: list[str] | None = strawberry.field(
        default=None, description="The field contains all of the specified values."
    )


@strawberry.input
class ProductStockFilterInput:
    warehouse_ids: list[strawberry.ID] | None = None
    quantity: IntRangeInput | None = None


# --- attributes -------------------------------------------------------------------------------


@strawberry.input
class AssignedAttributeReferenceInput:
    referenced_ids: ContainsFilterInput | None = None
    page_slugs: ContainsFilterInput | None = None
    product_slugs: ContainsFilterInput | None = None
    product_variant_skus: ContainsFilterInput | None = None
    category_slugs: ContainsFilterInput | None = None
    collection_slugs: ContainsFilterInput | None = None


@strawberry.input
class AssignedAttributeValueInput:
    slug: StringFilterInput | None = strawberry.field(
        default=None, description="Filter by slug assigned to AttributeValue."
    )
    name: StringFilterInput | None = strawberry.field(
        default=None, description="Filter by name assigned to AttributeValue."
    )
    numeric: DecimalFilterInput | None = strawberry.field(
        default=None, description="Filter by numeric value for attributes of numeric type."
    )
    date: DateRangeInput | None = strawberry.field(
        default=None, description="Filter by date value for attributes of date type."
    )
    date_time: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Filter by date time value for attributes of date time type."
    )
    boolean: bool | None = strawberry.field(
        default=None, description="Filter by boolean value for attributes of boolean type."
    )
    reference: AssignedAttributeReferenceInput | None = strawberry.field(
        default=None, description="Filter by reference attribute value."
    )


@strawberry.input
class AttributeInput:
    slug: str | None = strawberry.field(
        default=None, description="Internal representation of an attribute name."
    )
    value: AssignedAttributeValueInput | None = strawberry.field(
        default=None, description="Filter by value of the attribute. Only one value input field is allowed."
    )
    values: list[str] | None = strawberry.field(
        default=None,
        description=deprecated(
            VALUE_DEPRECATION, "Slugs identifying the attributeValues associated with the Attribute."
        ),
    )
    values_range: IntRangeInput | None = strawberry.field(
        default=None,
        description=deprecated(VALUE_DEPRECATION, "The range that the returned values should be in."),
    )
    date_time: DateTimeRangeInput | None = strawberry.field(
        default=None,
        description=deprecated(
            VALUE_DEPRECATION, "The date/time range that the returned values should be in."
        ),
    )
    date: DateRangeInput | None = strawberry.field(
        default=None,
        description=deprecated(VALUE_DEPRECATION, "The date range that the returned values should be in."),
    )
    boolean: bool | None = strawberry.field(
        default=None, description=deprecated(VALUE_DEPRECATION, "The boolean value of the attribute.")
    )


# --- products -------------------------------------------------------------------------------


@strawberry.input
class ProductFilterInput:
    is_published: bool | None = None
    collections: list[strawberry.ID] | None = None
    categories: list[strawberry.ID] | None = None
    has_category: bool | None = None
    attributes: list[AttributeInput] | None = None
    stock_availability: StockAvailability | None = strawberry.field(
        default=None, description="Filter by variants having specific stock status."
    )
    stocks: ProductStockFilterInput | None = strawberry.field(default=None, description=STOCKS_NOTE)
    search: str | None = None
    metadata: list[MetadataFilter] | None = None
    published_from: datetime.datetime | None = strawberry.field(
        default=None, description="Filter by the publication date."
    )
    is_available: bool | None = strawberry.field(
        default=None, description="Filter by availability for purchase."
    )
    available_from: datetime.datetime | None = strawberry.field(
        default=None, description="Filter by the date of availability for purchase."
    )
    is_visible_in_listing: bool | None = strawberry.field(
        default=None, description="Filter by visibility in product listings."
    )
    price: PriceRangeInput | None = None
    minimal_price: PriceRangeInput | None = strawberry.field(
        default=None, description="Filter by the lowest variant price after discounts."
    )
    updated_at: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Filter by when was the most recent update."
    )
    product_types: list[strawberry.ID] | None = None
    gift_card: bool | None = strawberry.field(
        default=None, description="Filter on whether product is a gift card or not."
    )
    ids: list[strawberry.ID] | None = None
    has_preordered_variants: bool | None = strawberry.field(
        default=None,
        description=deprecated(PREORDER_DEPRECATION, "Filter by product with preordered variants."),
    )
    slugs: list[str] | None = None
    channel: str | None = strawberry.field(
        default=None,
        description=deprecated(
            CHANNEL_DEPRECATION, "Specifies the channel by which the data should be filtered."
        ),
    )
    makers: list[strawberry.ID] | None = strawberry.field(default=None, description=MAKERS_NOTE)
    villages: list[str] | None = strawberry.field(
        default=None, description="Asal: products from any of these villages (Origin slugs or IDs)."
    )


@strawberry.input
class ProductWhereInput:
    metadata: list[MetadataFilter] | None = None
    ids: list[strawberry.ID] | None = None
    name: StringFilterInput | None = strawberry.field(default=None, description="Filter by product name.")
    slug: StringFilterInput | None = strawberry.field(default=None, description="Filter by product slug.")
    product_type: GlobalIDFilterInput | None = strawberry.field(
        default=None, description="Filter by product type."
    )
    category: GlobalIDFilterInput | None = strawberry.field(
        default=None, description="Filter by product category."
    )
    collection: GlobalIDFilterInput | None = strawberry.field(
        default=None, description="Filter by collection."
    )
    is_available: bool | None = strawberry.field(
        default=None, description="Filter by availability for purchase."
    )
    is_published: bool | None = strawberry.field(default=None, description="Filter by public visibility.")
    is_visible_in_listing: bool | None = strawberry.field(
        default=None, description="Filter by visibility on the channel."
    )
    published_from: datetime.datetime | None = strawberry.field(
        default=None, description="Filter by the publication date."
    )
    available_from: datetime.datetime | None = strawberry.field(
        default=None, description="Filter by the date of availability for purchase."
    )
    has_category: bool | None = strawberry.field(
        default=None, description="Filter by product with category assigned."
    )
    price: DecimalFilterInput | None = strawberry.field(
        default=None, description="Filter by product variant price."
    )
    minimal_price: DecimalFilterInput | None = strawberry.field(
        default=None, description="Filter by the lowest variant price after discounts."
    )
    attributes: list[AttributeInput] | None = strawberry.field(
        default=None, description="Filter by attributes associated with the product."
    )
    stock_availability: StockAvailability | None = strawberry.field(
        default=None, description="Filter by variants having specific stock status."
    )
    stocks: ProductStockFilterInput | None = strawberry.field(
        default=None, description=f"Filter by stock of the product variant.\n\n{STOCKS_NOTE}"
    )
    gift_card: bool | None = strawberry.field(
        default=None, description="Filter on whether product is a gift card or not."
    )
    has_preordered_variants: bool | None = strawberry.field(
        default=None,
        description=deprecated(PREORDER_DEPRECATION, "Filter by product with preordered variants."),
    )
    updated_at: DateTimeFilterInput | None = strawberry.field(
        default=None, description="Filter by when was the most recent update."
    )
    makers: GlobalIDFilterInput | None = strawberry.field(default=None, description=MAKERS_NOTE)
    villages: StringFilterInput | None = strawberry.field(
        default=None, description="Asal: products from these villages (Origin slugs or IDs)."
    )
    and_: list[ProductWhereInput] | None = strawberry.field(
        default=None, name="AND", description="List of conditions that must be met."
    )
    or_: list[ProductWhereInput] | None = strawberry.field(
        default=None, name="OR", description="A list of conditions of which at least one must be met."
    )
