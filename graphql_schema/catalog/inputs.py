"""Saleor's filter and sort inputs for categories, collections, attributes and variants (the
fields Asal can honour; product inputs live in ``filter_inputs``)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from django.db.models import Q, QuerySet

from graphql_schema.catalog.filter_inputs import OrderDirection, StringFilterInput
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.relay import decode_ids

_CHANNEL = "Use root-level channel argument instead."


@strawberry.input
class CategoryFilterInput:
    search: str | None = None
    ids: list[strawberry.ID] | None = None
    slugs: list[str] | None = None


@strawberry.enum
class CategorySortField(Enum):
    NAME = "NAME"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    SUBCATEGORY_COUNT = "SUBCATEGORY_COUNT"


@strawberry.input
class CategorySortingInput:
    direction: OrderDirection
    channel: str | None = strawberry.field(default=None, description=deprecated(_CHANNEL))
    field: CategorySortField


@strawberry.input
class CollectionFilterInput:
    search: str | None = None
    ids: list[strawberry.ID] | None = None
    slugs: list[str] | None = None


@strawberry.enum
class CollectionSortField(Enum):
    NAME = "NAME"
    AVAILABILITY = "AVAILABILITY"
    PRODUCT_COUNT = "PRODUCT_COUNT"
    PUBLICATION_DATE = strawberry.enum_value(
        "PUBLICATION_DATE", deprecation_reason="Use `PUBLISHED_AT` instead."
    )
    PUBLISHED_AT = "PUBLISHED_AT"


@strawberry.input
class CollectionSortingInput:
    direction: OrderDirection
    channel: str | None = strawberry.field(default=None, description=deprecated(_CHANNEL))
    field: CollectionSortField


@strawberry.input
class AttributeFilterInput:
    value_required: bool | None = None
    visible_in_storefront: bool | None = None
    search: str | None = None
    ids: list[strawberry.ID] | None = None
    slugs: list[str] | None = None


_UNUSED = (
    "This flag is not used by Saleor. Keep the logic in the storefront or use `Attribute` metadata instead."
)


@strawberry.enum
class AttributeSortField(Enum):
    NAME = "NAME"
    SLUG = "SLUG"
    VALUE_REQUIRED = "VALUE_REQUIRED"
    IS_VARIANT_ONLY = "IS_VARIANT_ONLY"
    VISIBLE_IN_STOREFRONT = "VISIBLE_IN_STOREFRONT"
    FILTERABLE_IN_STOREFRONT = strawberry.enum_value("FILTERABLE_IN_STOREFRONT", deprecation_reason=_UNUSED)
    FILTERABLE_IN_DASHBOARD = strawberry.enum_value(
        "FILTERABLE_IN_DASHBOARD", deprecation_reason=_UNUSED.replace("storefront", "dashboard")
    )
    STOREFRONT_SEARCH_POSITION = strawberry.enum_value(
        "STOREFRONT_SEARCH_POSITION", deprecation_reason=_UNUSED
    )
    AVAILABLE_IN_GRID = strawberry.enum_value("AVAILABLE_IN_GRID", deprecation_reason=_UNUSED)


@strawberry.input
class AttributeSortingInput:
    direction: OrderDirection
    field: AttributeSortField


@strawberry.input
class AttributeValueFilterInput:
    search: str | None = None
    ids: list[strawberry.ID] | None = None
    slugs: list[str] | None = None


@strawberry.enum
class AttributeChoicesSortField(Enum):
    NAME = "NAME"
    SLUG = "SLUG"


@strawberry.input
class AttributeChoicesSortingInput:
    direction: OrderDirection
    field: AttributeChoicesSortField


@strawberry.input
class ProductVariantFilterInput:
    search: str | None = None
    sku: list[str] | None = None


@strawberry.input
class CategoryWhereInput:
    ids: list[strawberry.ID] | None = None
    AND: list[CategoryWhereInput] | None = strawberry.field(default=None, name="AND")
    OR: list[CategoryWhereInput] | None = strawberry.field(default=None, name="OR")


@strawberry.input
class CollectionWhereInput:
    ids: list[strawberry.ID] | None = None
    AND: list[CollectionWhereInput] | None = strawberry.field(default=None, name="AND")
    OR: list[CollectionWhereInput] | None = strawberry.field(default=None, name="OR")


@strawberry.input
class AttributeWhereInput:
    ids: list[strawberry.ID] | None = None
    name: StringFilterInput | None = None
    slug: StringFilterInput | None = None
    with_choices: bool | None = None
    value_required: bool | None = None
    visible_in_storefront: bool | None = None
    AND: list[AttributeWhereInput] | None = strawberry.field(default=None, name="AND")
    OR: list[AttributeWhereInput] | None = strawberry.field(default=None, name="OR")


@strawberry.input
class AttributeValueWhereInput:
    ids: list[strawberry.ID] | None = None
    name: StringFilterInput | None = None
    slug: StringFilterInput | None = None
    AND: list[AttributeValueWhereInput] | None = strawberry.field(default=None, name="AND")
    OR: list[AttributeValueWhereInput] | None = strawberry.field(default=None, name="OR")


@strawberry.input
class ProductVariantWhereInput:
    ids: list[strawberry.ID] | None = None
    sku: StringFilterInput | None = None
    AND: list[ProductVariantWhereInput] | None = strawberry.field(default=None, name="AND")
    OR: list[ProductVariantWhereInput] | None = strawberry.field(default=None, name="OR")


@strawberry.enum
class ProductVariantSortField(Enum):
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"


@strawberry.input
class ProductVariantSortingInput:
    direction: OrderDirection
    field: ProductVariantSortField


@strawberry.enum
class MediaChoicesSortField(Enum):
    ID = "ID"


@strawberry.input
class MediaSortingInput:
    direction: OrderDirection
    field: MediaChoicesSortField


def _string_q(column: str, value: Any) -> Q:
    if value is None:
        return Q()
    condition = Q()
    if value.eq is not None:
        condition &= Q(**{column: value.eq})
    if value.one_of is not None:
        condition &= Q(**{f"{column}__in": value.one_of})
    return condition


_WITH_CHOICES = ("DROPDOWN", "MULTISELECT", "SWATCH")


def where_q(value: Any, *, type_name: str) -> Q:
    """Saleor's ``where`` input (any of the ones above) as one ``Q``: fields AND-ed, ``AND``/``OR`` lists."""
    if value is None:
        return Q()
    condition = Q()
    if getattr(value, "ids", None):
        condition &= Q(pk__in=decode_ids(value.ids, expected=type_name))
    for column in ("name", "slug", "sku"):
        condition &= _string_q(column, getattr(value, column, None))
    for column in ("value_required", "visible_in_storefront"):
        if getattr(value, column, None) is not None:
            condition &= Q(**{column: getattr(value, column)})
    if getattr(value, "with_choices", None) is not None:
        choices = Q(input_type__in=_WITH_CHOICES)
        condition &= choices if value.with_choices else ~choices
    for each in value.AND or []:
        condition &= where_q(each, type_name=type_name)
    if value.OR:
        alternatives = Q()
        for each in value.OR:
            alternatives |= where_q(each, type_name=type_name)
        condition &= alternatives
    return condition


def apply_common_filter(qs: QuerySet[Any], value: Any, *, type_name: str) -> QuerySet[Any]:
    """``search`` (name or slug contains), ``ids`` (global IDs of ``type_name``) and ``slugs``."""
    if value is None:
        return qs
    if value.search:
        qs = qs.filter(Q(name__icontains=value.search) | Q(slug__icontains=value.search))
    if value.ids:
        qs = qs.filter(pk__in=decode_ids(value.ids, expected=type_name))
    if value.slugs:
        qs = qs.filter(slug__in=value.slugs)
    return qs


def apply_sort(qs: QuerySet[Any], sort_by: Any, *, fields: dict[str, Any]) -> QuerySet[Any]:
    """Order by ``fields[sort_by.field.value]`` (a column or expression) then pk, both in one direction."""
    if sort_by is None:
        return qs
    key = fields[sort_by.field.value]
    descending = sort_by.direction == OrderDirection.DESC
    keys = [key, "pk"]
    return qs.order_by(
        *[
            (f"-{k}" if descending else k) if isinstance(k, str) else (k.desc() if descending else k.asc())
            for k in keys
        ]
    )
