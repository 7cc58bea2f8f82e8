"""The building blocks of product filters: one ``Q`` per Saleor input field, no joins.

Each condition is a column test or an ``EXISTS`` subquery on the product's primary key, so
combining any number of them never multiplies rows and the queryset needs no ``DISTINCT``.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from graphql import GraphQLError

from graphql_schema.catalog.filter_inputs import (
    AssignedAttributeValueInput,
    AttributeInput,
    DateTimeFilterInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    PriceRangeInput,
    ProductStockFilterInput,
    StockAvailability,
    StringFilterInput,
)
from graphql_schema.core.relay import decode_ids
from provenance.origins.models import Origin
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.selectors import category_descendant_ids_for
from storefront.channels.models import Channel
from storefront.inventory.models import Stock

NOTHING = Q(pk__in=[])


def filter_error(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "GRAPHQL_ERROR"})


def resolve_channel(channel: Channel | str | None) -> Channel | None:
    if channel is None or isinstance(channel, Channel):
        return channel
    found = Channel.objects.filter(slug=channel).first()
    if found is None:
        raise filter_error(f"Channel with '{channel}' slug does not exist.")
    return found


# --- building blocks ------------------------------------------------------------------------


def listing_exists(channel: Channel | None, **conditions: Any) -> Q:
    """The product has a listing (in ``channel`` when given) that meets ``conditions``."""
    listings = ProductChannelListing.objects.filter(product=OuterRef("pk"), **conditions)
    if channel is not None:
        listings = listings.filter(channel=channel)
    return Q(Exists(listings))


def range_condition(prefix: str, gte: Any, lte: Any) -> Q:
    condition = Q()
    if gte is not None:
        condition &= Q(**{f"{prefix}__gte": gte})
    if lte is not None:
        condition &= Q(**{f"{prefix}__lte": lte})
    return condition


# Saleor's where-operators: ``eq``, else ``oneOf``, else ``range``. An operator input given with
# none of them set matches nothing, as in Saleor (``qs.none()``); an absent input filters nothing.


def _operators(field: str, value: Any) -> Q:
    if value.eq is not None:
        return Q(**{field: value.eq})
    if value.one_of:
        return Q(**{f"{field}__in": value.one_of})
    bounds = getattr(value, "range", None)
    if bounds is not None and (bounds.gte is not None or bounds.lte is not None):
        return range_condition(field, bounds.gte, bounds.lte)
    return NOTHING


def string_condition(field: str, value: StringFilterInput | None) -> Q:
    return Q() if value is None else _operators(field, value)


def decimal_condition(field: str, value: DecimalFilterInput | None) -> Q:
    return Q() if value is None else _operators(field, value)


def datetime_condition(field: str, value: DateTimeFilterInput | None) -> Q:
    return Q() if value is None else _operators(field, value)


def global_ids(value: GlobalIDFilterInput | None) -> list[str] | None:
    """The IDs a ``GlobalIDFilterInput`` names (``[]`` when it names none), or None when absent."""
    if value is None:
        return None
    if value.eq is not None:
        return [value.eq]
    return list(value.one_of or [])


def _price(value: float | None, *, argument: str) -> Decimal | None:
    # Saleor's wire type is Float; compare as Decimal from its shortest repr, never as float.
    if value is None:
        return None
    if not math.isfinite(value):  # a literal such as 1e400 parses to infinity
        raise filter_error(f"`{argument}` must be a finite number.")
    return Decimal(str(value))


def float_range(value: PriceRangeInput, *, argument: str) -> tuple[Decimal | None, Decimal | None]:
    return _price(value.gte, argument=f"{argument}.gte"), _price(value.lte, argument=f"{argument}.lte")


def variant_price(channel: Channel | None, condition: Q) -> Q:
    listings = ProductVariantChannelListing.objects.filter(condition, variant__product=OuterRef("pk"))
    if channel is not None:
        listings = listings.filter(channel=channel)
    return Q(Exists(listings))


def minimal_price(channel: Channel | None, condition: Q) -> Q:
    listings = ProductChannelListing.objects.filter(condition, product=OuterRef("pk"))
    if channel is not None:
        listings = listings.filter(channel=channel)
    return Q(Exists(listings))


def in_categories_or_below(ids: Sequence[int]) -> Q:
    """Saleor's ``categories`` filter takes in the subcategories of each category too.

    The categories below ``ids`` are resolved first, from the category tree kept per catalogue
    generation (``selectors.category_descendant_ids_for``), and the products filtered with
    ``category_id IN (…)``: the planner then estimates the matches from the column's statistics
    and reads them through ``catalog_product_category_cover_idx``, where an ``EXISTS`` over the
    ancestors (a join per tree level) hid how many products it keeps.
    """
    return Q(category_id__in=categories_or_below(ids))


def categories_or_below(ids: Sequence[int]) -> list[int]:
    """``ids`` and every category below them (``in_categories_or_below``'s list), sorted."""
    below = category_descendant_ids_for(category_ids=ids)
    return sorted({pk for pk in ids} | {pk for subtree in below.values() for pk in subtree})


def in_collections(ids: Sequence[int]) -> Q:
    return Q(Exists(CollectionProduct.objects.filter(product=OuterRef("pk"), collection_id__in=ids)))


def made_by(ids: Sequence[int], *, consenting_only: bool) -> Q:
    """Made by one of ``ids``; with ``consenting_only``, counting only makers who consented to
    publication (for the public: the others are never linked to what they made)."""
    through = Product.makers.through
    links = through.objects.filter(product_id=OuterRef("pk"), maker_id__in=ids)
    if consenting_only:
        links = links.filter(maker__consent_to_publish=True)
    return Q(Exists(links))


def village_ids(values: Sequence[str]) -> list[int]:
    """Each value is an Origin slug or an Origin global ID; unknown ones match nothing."""
    ids: list[int] = []
    slugs: list[str] = []
    for value in values:
        try:
            type_name, _, pk = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            type_name, pk = "", ""
        if type_name == "Origin" and pk.isdigit():
            ids.append(int(pk))
        else:
            slugs.append(value)
    if slugs:
        ids += Origin.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    return ids


def stock_availability(channel: Channel | None, value: StockAvailability) -> Q:
    """In stock: some variant has unallocated stock in the channel's warehouses, or tracks no stock."""
    stocks = Stock.objects.filter(
        product_variant__product=OuterRef("pk"), quantity__gt=F("quantity_allocated")
    )
    if channel is not None:
        stocks = stocks.filter(warehouse__channels=channel)
    untracked = ProductVariant.objects.filter(product=OuterRef("pk"), track_inventory=False)
    in_stock = Q(Exists(stocks)) | Q(Exists(untracked))
    return in_stock if value == StockAvailability.IN_STOCK else ~in_stock


def stocks_condition(value: ProductStockFilterInput) -> Q:
    stocks = Stock.objects.filter(product_variant__product=OuterRef("pk"))
    if value.warehouse_ids:
        stocks = stocks.filter(warehouse_id__in=decode_ids(value.warehouse_ids, expected="Warehouse"))
    if value.quantity is not None:
        stocks = stocks.filter(range_condition("quantity", value.quantity.gte, value.quantity.lte))
    return Q(Exists(stocks))


# --- attributes -----------------------------------------------------------------------------


def _value_condition(value: AssignedAttributeValueInput) -> Q:
    given = [
        name
        for name in ("slug", "name", "numeric", "date", "date_time", "boolean", "reference")
        if getattr(value, name) is not None
    ]
    if len(given) != 1:
        raise filter_error(
            "Only one value input field is allowed. If provided more than one, the error will be raised."
        )
    if value.slug is not None:
        return string_condition("slug", value.slug)
    if value.name is not None:
        return string_condition("name", value.name)
    if value.numeric is not None:
        return decimal_condition("numeric", value.numeric)
    if value.boolean is not None:
        return Q(boolean=value.boolean)
    # Asal stores no date, date-time or reference attribute values: nothing can match them.
    return NOTHING


def _attribute_condition(attribute: AttributeInput) -> Q:
    deprecated = [
        name
        for name in ("values", "values_range", "date_time", "date", "boolean")
        if getattr(attribute, name) is not None
    ]
    if attribute.value is not None and deprecated:
        raise filter_error(
            "The `value` field cannot be combined with the deprecated fields of `AttributeInput`."
        )
    if deprecated and not attribute.slug:
        raise filter_error("Attribute `slug` is required when filtering by attribute values.")
    if attribute.value is None and not attribute.slug:
        raise filter_error("Provide an attribute `slug` or a `value` to filter by attributes.")
    values = Q(attribute__slug=attribute.slug) if attribute.slug else Q()
    if attribute.value is not None:
        values &= _value_condition(attribute.value)
    elif attribute.values is not None:
        values &= Q(slug__in=attribute.values)
    elif attribute.values_range is not None:
        values &= range_condition("numeric", attribute.values_range.gte, attribute.values_range.lte)
    elif attribute.boolean is not None:
        values &= Q(boolean=attribute.boolean)
    elif attribute.date is not None or attribute.date_time is not None:
        values &= NOTHING
    return attribute_values_exist(values)


def attribute_values_exist(values: Q) -> Q:
    """The product or one of its variants has an attribute value meeting ``values``."""
    matching = AttributeValue.objects.filter(values)
    on_product = AssignedProductAttributeValue.objects.filter(product=OuterRef("pk"), value__in=matching)
    on_variant = AssignedVariantAttributeValue.objects.filter(
        variant__product=OuterRef("pk"), value__in=matching
    )
    return Q(Exists(on_product)) | Q(Exists(on_variant))


def attributes_condition(attributes: Sequence[AttributeInput]) -> Q:
    condition = Q()
    for attribute in attributes:
        condition &= _attribute_condition(attribute)
    return condition
