"""Product filtering, searching and sorting for `products`, `category.products`, `collection.products`.

The resolvers hand their queryset (already narrowed to what the caller may see) to
``product_queryset_filter`` and then ``product_queryset_sort``. Every condition is an ``EXISTS``
subquery or a plain column test, never a join that multiplies rows, so the queryset needs no
``DISTINCT``, counts cheaply, and keeps one row per product for offset cursors. Prices come
from ``ProductChannelListing.discounted_price_amount`` and search from ``Product.search_document``,
both maintained on write by the catalogue services.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.expressions import OrderBy
from django.utils import timezone

from graphql_schema.catalog.filter_conditions import (
    NOTHING,
    attribute_values_exist,
    attributes_condition,
    categories_or_below,
    datetime_condition,
    decimal_condition,
    filter_error,
    float_range,
    global_ids,
    in_categories_or_below,
    in_collections,
    listing_exists,
    made_by,
    minimal_price,
    range_condition,
    resolve_channel,
    stock_availability,
    stocks_condition,
    string_condition,
    variant_price,
    village_ids,
)
from graphql_schema.catalog.filter_inputs import (
    AttributeInput,
    OrderDirection,
    ProductFilterInput,
    ProductOrder,
    ProductOrderField,
    ProductWhereInput,
    StockAvailability,
)
from graphql_schema.core.channel_context import is_product_staff
from graphql_schema.core.permissions import PermissionDenied
from graphql_schema.core.relay import decode_ids
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    Collection,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductType,
)
from storefront.catalog.search import SEARCH_RANK_ANNOTATION, product_search
from storefront.catalog.sql import padded_ids
from storefront.channels.models import Channel

__all__ = [
    "OrderDirection",
    "ProductFilterInput",
    "ProductOrder",
    "ProductOrderField",
    "ProductWhereInput",
    "filter_lifted",
    "product_queryset_filter",
    "product_queryset_sort",
]

# Who may filter by stock: whoever may read it (``ProductVariant.stocks``).
STOCK_PERMISSION = PermissionCode.MANAGE_PRODUCTS

# --- the two inputs ---------------------------------------------------------------------------


def _common(source: ProductFilterInput | ProductWhereInput, channel: Channel | None, staff: bool) -> Q:
    """The fields ``filter`` and ``where`` share with the same meaning."""
    condition = Q()
    if source.ids is not None:
        condition &= Q(pk__in=decode_ids(source.ids, expected="Product"))
    if source.metadata:
        condition &= NOTHING  # Asal products carry no metadata, so no key can match.
    if source.is_published is not None:
        condition &= listing_exists(channel, is_published=source.is_published)
    if source.is_available is not None:
        available = listing_exists(channel, available_for_purchase_at__lte=timezone.now())
        condition &= available if source.is_available else ~available
    if source.is_visible_in_listing is not None:
        condition &= listing_exists(channel, visible_in_listings=source.is_visible_in_listing)
    if source.published_from is not None:
        condition &= listing_exists(channel, published_at__lte=source.published_from)
    if source.available_from is not None:
        condition &= listing_exists(channel, available_for_purchase_at__lte=source.available_from)
    if source.has_category is not None:
        condition &= Q(category__isnull=not source.has_category)
    if source.attributes:
        condition &= attributes_condition(source.attributes)
    if source.stock_availability is not None:
        condition &= stock_availability(channel, source.stock_availability)
    if source.stocks is not None:
        if not staff:
            # Bisecting quantities would reveal the exact stock, which only staff may read (the
            # ``ProductVariant.stocks`` field): refused as that field is. ``stockAvailability``
            # stays public, as in Saleor: it tells no more than ``isAvailable`` does.
            raise PermissionDenied([STOCK_PERMISSION])
        condition &= stocks_condition(source.stocks)
    if source.gift_card is not None:
        is_gift_card = Q(product_type__kind=ProductType.Kind.GIFT_CARD)
        condition &= is_gift_card if source.gift_card else ~is_gift_card
    if source.has_preordered_variants:
        condition &= NOTHING  # Asal has no preorders (Saleor deprecates them too).
    return condition


def _paid(condition: Any, *args: Any) -> Q:
    """A variant price condition on what a buyer pays: the promoted price kept on write
    (``discounted_price_amount``), the price for a listing not yet computed."""
    return condition("discounted_price_amount", *args) | (
        Q(discounted_price_amount__isnull=True) & condition("price_amount", *args)
    )


def _filter_condition(value: ProductFilterInput, channel: Channel | None, staff: bool) -> Q:
    condition = _common(value, channel, staff)
    if value.collections is not None:
        condition &= in_collections(decode_ids(value.collections, expected="Collection"))
    if value.categories is not None:
        condition &= in_categories_or_below(decode_ids(value.categories, expected="Category"))
    if value.price is not None:
        gte, lte = float_range(value.price, argument="price")
        condition &= variant_price(channel, _paid(range_condition, gte, lte))
    if value.minimal_price is not None:
        gte, lte = float_range(value.minimal_price, argument="minimalPrice")
        condition &= minimal_price(channel, range_condition("discounted_price_amount", gte, lte))
    if value.updated_at is not None:
        condition &= range_condition("updated_at", value.updated_at.gte, value.updated_at.lte)
    if value.product_types is not None:
        condition &= Q(product_type_id__in=decode_ids(value.product_types, expected="ProductType"))
    if value.slugs is not None:
        condition &= Q(slug__in=value.slugs)
    if value.makers is not None:
        condition &= made_by(decode_ids(value.makers, expected="Maker"), consenting_only=not staff)
    if value.villages is not None:
        condition &= Q(origin_id__in=village_ids(value.villages))
    return condition


MAX_WHERE_NESTING = 10


def _where_condition(value: ProductWhereInput, channel: Channel | None, staff: bool, level: int = 0) -> Q:
    if level > MAX_WHERE_NESTING:
        # Input objects do not count towards query depth, so nesting is bounded here.
        raise filter_error(f"`AND`/`OR` may be nested at most {MAX_WHERE_NESTING} levels deep.")
    condition = _common(value, channel, staff)
    condition &= string_condition("name", value.name) & string_condition("slug", value.slug)
    if (ids := global_ids(value.product_type)) is not None:
        condition &= Q(product_type_id__in=decode_ids(ids, expected="ProductType"))
    if (ids := global_ids(value.category)) is not None:
        condition &= Q(category_id__in=decode_ids(ids, expected="Category"))
    if (ids := global_ids(value.collection)) is not None:
        condition &= in_collections(decode_ids(ids, expected="Collection"))
    if value.price is not None:
        condition &= variant_price(channel, _paid(decimal_condition, value.price))
    if value.minimal_price is not None:
        condition &= minimal_price(channel, decimal_condition("discounted_price_amount", value.minimal_price))
    condition &= datetime_condition("updated_at", value.updated_at)
    if (ids := global_ids(value.makers)) is not None:
        condition &= made_by(decode_ids(ids, expected="Maker"), consenting_only=not staff)
    if value.villages is not None:
        villages = [value.villages.eq] if value.villages.eq is not None else list(value.villages.one_of or [])
        condition &= Q(origin_id__in=village_ids(villages))
    for part in value.and_ or []:
        condition &= _where_condition(part, channel, staff, level + 1)
    if value.or_:
        alternatives = Q()
        for part in value.or_:
            alternatives |= _where_condition(part, channel, staff, level + 1)
        condition &= alternatives
    return condition


def product_queryset_filter(
    qs: QuerySet[Product],
    *,
    channel: Channel | str | None,
    filter: ProductFilterInput | None,
    where: ProductWhereInput | None,
    search: str | None,
    info: Any = None,
    search_prefix: str | None = None,
) -> QuerySet[Product]:
    """Apply Saleor's ``filter``, ``where`` and ``search`` arguments to a product queryset.

    ``filter`` and ``where`` exclude each other, as in Saleor. A search (the argument or
    ``filter.search``) annotates ``search_rank`` for sorting by ``RANK``. Without ``info`` (or
    for a caller without ``MANAGE_PRODUCTS``) stock filters are refused and the maker filter
    matches only makers who consented to publication, so it cannot link the others to products.
    """
    staff = info is not None and is_product_staff(info)
    if filter is not None and where is not None:
        raise filter_error("Only one filtering argument (filter or where) can be specified.")
    resolved = resolve_channel(channel)
    if resolved is None and filter is not None and filter.channel:
        resolved = resolve_channel(filter.channel)
    if filter is not None:
        qs = qs.filter(_filter_condition(filter, resolved, staff))
    if where is not None:
        qs = qs.filter(_where_condition(where, resolved, staff))
    text = search if search is not None else (filter.search if filter is not None else None)
    if text is not None:
        qs = product_search(queryset=qs, query=text, prefix=search_prefix)
    return qs


# --- a buyer's filter as a prepared statement's shape and values -----------------------------
#
# A buyer's filtered ``products`` list runs as a statement prepared once per shape (``resolve_products``,
# ``storefront.catalog.sql.prepared``) when its filter sets only fields lifted here: the fields set
# and the number of ids (padded to a power of two, ``padded_ids``) make the shape, the ids, price
# bounds, attribute slugs and the instant of an ``isAvailable`` test are its values. The condition
# is the one ``_filter_condition`` builds from the same building blocks, with the values already
# decoded, deduplicated and expanded (a category takes in the categories below it, from the tree
# kept per catalogue generation), so the rows are the same. Any other field keeps the list on the
# path that builds its statement per request.

_LIFTED_FIELDS = frozenset(
    {
        "ids",
        "is_published",
        "is_available",
        "is_visible_in_listing",
        "has_category",
        "attributes",
        "stock_availability",
        "gift_card",
        "collections",
        "categories",
        "price",
        "minimal_price",
        "product_types",
    }
)


@dataclass(frozen=True)
class LiftedFilter:
    """A ``filter`` as ``shape`` (one entry per field set, in ``_filter_condition``'s order: what
    changes the SQL) and ``values`` (integers, decimals, strings, instants and lists of them, in
    the order the entries take them: what changes only the statement's parameters)."""

    shape: tuple[tuple[Any, ...], ...]
    values: tuple[Any, ...]

    def key(self) -> tuple[Any, ...]:
        """The shape and values, hashable (lists as tuples)."""
        return self.shape, tuple(tuple(value) if isinstance(value, list) else value for value in self.values)

    def with_values(self, values: tuple[Any, ...]) -> LiftedFilter:
        return LiftedFilter(self.shape, tuple(values))

    def condition(self, channel: Channel | None) -> Q:
        """``_filter_condition``'s condition for the filter these values were lifted from."""
        values = iter(self.values)
        condition = Q()
        for name, *detail in self.shape:
            if name == "ids":
                condition &= Q(pk__in=next(values))
            elif name in ("is_published", "is_visible_in_listing"):
                field = "visible_in_listings" if name == "is_visible_in_listing" else name
                condition &= listing_exists(channel, **{field: detail[0]})
            elif name == "is_available":
                available = listing_exists(channel, available_for_purchase_at__lte=next(values))
                condition &= available if detail[0] else ~available
            elif name == "has_category":
                condition &= Q(category__isnull=not detail[0])
            elif name == "attribute":
                slug, slugs = next(values), next(values)
                condition &= attribute_values_exist(Q(attribute__slug=slug) & Q(slug__in=slugs))
            elif name == "stock_availability":
                condition &= stock_availability(channel, StockAvailability(detail[0]))
            elif name == "gift_card":
                is_gift_card = Q(product_type__kind=ProductType.Kind.GIFT_CARD)
                condition &= is_gift_card if detail[0] else ~is_gift_card
            elif name == "collections":
                condition &= in_collections(next(values))
            elif name == "categories":
                condition &= Q(category_id__in=next(values))
            elif name in ("price", "minimal_price"):
                gte = next(values) if detail[0] else None
                lte = next(values) if detail[1] else None
                if name == "price":
                    condition &= variant_price(channel, _paid(range_condition, gte, lte))
                else:
                    condition &= minimal_price(channel, range_condition("discounted_price_amount", gte, lte))
            else:
                assert name == "product_types", name
                condition &= Q(product_type_id__in=next(values))
        return condition

    @property
    def categories(self) -> list[int] | None:
        """The categories filtered by (each with those below it, padded), or None."""
        taken = 0
        for name, *detail in self.shape:
            if name == "categories":
                found: list[int] = self.values[taken]
                return found
            taken += _TAKES.get(name, 0) if name not in ("price", "minimal_price") else sum(detail)
        return None


# How many values each entry of a shape takes (``price`` and ``minimal_price``: one per bound set).
_TAKES = {"ids": 1, "is_available": 1, "attribute": 2, "collections": 1, "categories": 1, "product_types": 1}


def _lifted_ids(global_ids: list[Any], *, expected: str) -> list[int] | None:
    found = sorted(set(decode_ids(global_ids, expected=expected)))
    return padded_ids(found) if found else None


def _lifted_attribute(attribute: AttributeInput) -> tuple[str, list[str]] | None:
    """``{slug, values: [...]}``, the storefront's attribute filter: its slug and value slugs."""
    given = {field.name for field in fields(attribute) if getattr(attribute, field.name) is not None}
    if given != {"slug", "values"} or not attribute.slug or not attribute.values:
        return None
    return attribute.slug, list(dict.fromkeys(attribute.values))


def filter_lifted(value: ProductFilterInput) -> LiftedFilter | None:
    """``value`` as a prepared statement's shape and values (see above), or None when it sets a
    field the prepared path does not express. Ids are decoded and prices checked here as
    ``_filter_condition`` does, in its order, so a bad value gives the same error."""
    given = {field.name for field in fields(value) if getattr(value, field.name) is not None}
    if not given or given - _LIFTED_FIELDS:
        return None
    shape: list[tuple[Any, ...]] = []
    values: list[Any] = []
    if value.ids is not None:
        if (ids := _lifted_ids(value.ids, expected="Product")) is None:
            return None
        shape.append(("ids", len(ids)))
        values.append(ids)
    for name in ("is_published", "is_available", "is_visible_in_listing", "has_category"):
        flag = getattr(value, name)
        if flag is not None:
            shape.append((name, flag))
            if name == "is_available":
                values.append(timezone.now())
    for attribute in value.attributes or ():
        if (lifted := _lifted_attribute(attribute)) is None:
            return None
        shape.append(("attribute", len(lifted[1])))
        values.extend(lifted)
    if value.attributes is not None and not value.attributes:
        return None
    if value.stock_availability is not None:
        shape.append(("stock_availability", value.stock_availability.value))
    if value.gift_card is not None:
        shape.append(("gift_card", value.gift_card))
    if value.collections is not None:
        if (ids := _lifted_ids(value.collections, expected="Collection")) is None:
            return None
        shape.append(("collections", len(ids)))
        values.append(ids)
    if value.categories is not None:
        found = categories_or_below(decode_ids(value.categories, expected="Category"))
        if not found:
            return None
        # One category (a leaf: the storefront's category filter) stays one id, not padded: the
        # statement then says ``= id``, and a price-sorted page walks that category's listings in
        # price order through ``catalog_pcl_category_price_idx`` (migration 0011); ``= ANY`` of eight
        # ids read the channel's listings in price order and filtered them (39,000 rows for 21 at
        # 100,000 products).
        ids = found if len(found) == 1 else padded_ids(found)
        shape.append(("categories", len(ids)))
        values.append(ids)
    for name, argument in (("price", "price"), ("minimal_price", "minimalPrice")):
        bounds = getattr(value, name)
        if bounds is not None:
            gte, lte = float_range(bounds, argument=argument)
            if gte is None and lte is None:
                return None
            shape.append((name, gte is not None, lte is not None))
            values.extend(bound for bound in (gte, lte) if isinstance(bound, Decimal))
    if value.product_types is not None:
        if (ids := _lifted_ids(value.product_types, expected="ProductType")) is None:
            return None
        shape.append(("product_types", len(ids)))
        values.append(ids)
    return LiftedFilter(tuple(shape), tuple(values))


# --- sorting ----------------------------------------------------------------------------------


def _listing_value(channel: Channel | None, column: str) -> Subquery:
    if channel is None:
        raise filter_error("Sorting by this field requires a channel: pass the `channel` argument.")
    listing = ProductChannelListing.objects.filter(product=OuterRef("pk"), channel=channel)
    return Subquery(listing.values(column)[:1])


def _ranked(qs: QuerySet[Product]) -> bool:
    """True when a real search ranked the rows (a blank search annotates a constant rank)."""
    rank = qs.query.annotations.get(SEARCH_RANK_ANNOTATION)
    return rank is not None and not isinstance(rank, Value)


def collection_position(collection: Collection) -> Subquery:
    """A product's position in ``collection`` (its curator's order), for sorting one collection."""
    position = CollectionProduct.objects.filter(product=OuterRef("pk"), collection=collection)
    return Subquery(position.values("sort_order")[:1])


def _sort_keys(
    qs: QuerySet[Product], field: ProductOrderField, channel: Channel | None, position: Any
) -> list[Any]:
    if field == ProductOrderField.NAME:
        return [F("name"), F("slug")]
    if field == ProductOrderField.RANK:
        if SEARCH_RANK_ANNOTATION not in qs.query.annotations:
            raise filter_error(
                "Sorting by RANK is available only when using a search filter or search argument."
            )
        return [F(SEARCH_RANK_ANNOTATION)] if _ranked(qs) else [F("slug")]
    if field in (ProductOrderField.PRICE, ProductOrderField.MINIMAL_PRICE):
        return [_listing_value(channel, "discounted_price_amount"), F("name")]
    if field in (ProductOrderField.LAST_MODIFIED, ProductOrderField.DATE, ProductOrderField.LAST_MODIFIED_AT):
        return [F("updated_at")]
    if field == ProductOrderField.TYPE:
        return [F("product_type__name"), F("name")]
    if field == ProductOrderField.PUBLISHED:
        return [_listing_value(channel, "is_published"), F("name")]
    if field in (ProductOrderField.PUBLICATION_DATE, ProductOrderField.PUBLISHED_AT):
        return [_listing_value(channel, "published_at"), F("name")]
    if field == ProductOrderField.COLLECTION:
        if position is None:
            raise filter_error("Sorting by COLLECTION is available only for the `Collection.products` query.")
        return [position]
    if field == ProductOrderField.RATING:
        return [F("rating"), F("name")]
    return [F("created_at")]  # CREATED_AT


def _attribute_sort_keys(attribute_id: str) -> list[Any]:
    """Products by their value of one attribute (in the values' own order); those without it last."""
    (pk,) = decode_ids([attribute_id], expected="Attribute")
    values = AssignedProductAttributeValue.objects.filter(product=OuterRef("pk"), value__attribute_id=pk)
    ordered = values.order_by("value__sort_order", "value__name", "value_id")
    return [
        Subquery(ordered.values("value__sort_order")[:1]),
        Subquery(ordered.values("value__name")[:1]),
        F("name"),
    ]


def product_queryset_sort(
    qs: QuerySet[Product],
    *,
    sort_by: ProductOrder | None,
    channel: Channel | str | None,
    position: Any = None,
) -> QuerySet[Product]:
    """Order products as Saleor's ``sortBy`` asks, always ending with the primary key.

    The final ``pk`` makes the order total, so offset cursors never skip or repeat a product
    between pages. Without ``sortBy`` a search sorts by relevance, a collection keeps the order
    its curator gave it (``position``: the expression of a product's place in its collection, see
    ``collection_position``), and any other listing goes by slug.
    """
    if sort_by is None:
        if _ranked(qs):
            return qs.order_by(F(SEARCH_RANK_ANNOTATION).desc(), "-pk")
        if position is not None:
            return qs.order_by(position.asc(nulls_last=True), "pk")
        return qs.order_by("slug", "pk")
    if (sort_by.field is None) == (sort_by.attribute_id is None):
        raise filter_error("You must provide either `field` or `attributeId` to sort the products.")
    resolved = resolve_channel(channel) or (resolve_channel(sort_by.channel) if sort_by.channel else None)
    if sort_by.field is not None:
        keys = _sort_keys(qs, sort_by.field, resolved, position)
    else:
        assert sort_by.attribute_id is not None
        keys = _attribute_sort_keys(sort_by.attribute_id)
    descending = sort_by.direction == OrderDirection.DESC
    ordering: list[OrderBy] = [
        key.desc(nulls_last=True) if descending else key.asc(nulls_last=True) for key in keys
    ]
    ordering.append(F("pk").desc() if descending else F("pk").asc())
    return qs.order_by(*ordering)
