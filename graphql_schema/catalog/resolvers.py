"""The product list behind ``products``, ``category.products`` and ``collection.products``.

One SQL statement loads a page: visibility in the channel, the caller's filters and order, and,
only when the query selects them, each product's price extremes, first image, provenance and the
translations of the product and its category as correlated subqueries. On ``first`` pages
``totalCount`` rides along as a window count (otherwise it is a second statement, run only when
selected); the channel lookup is the other. Everything below the products then loads per page
(``loaders``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Window
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment

from graphql_schema.catalog.filters import product_queryset_filter, product_queryset_sort
from graphql_schema.catalog.loaders import register_products, remember_selection
from graphql_schema.catalog.types.connections import (
    ProductCountableConnection,
    ProductCountableEdge,
    connection,
)
from graphql_schema.core.channel_context import channel_for_request, is_product_staff
from graphql_schema.core.relay import paginate
from graphql_schema.core.selection import selected_names
from storefront.catalog import selectors
from storefront.catalog.models import CategoryTranslation, Collection, Product, ProductTranslation
from storefront.channels.models import Channel

_PRICE_FIELDS = {"pricing", "isAvailable"}
_THUMBNAIL_FIELDS = {"thumbnail"}
_PROVENANCE_FIELDS = {"provenance"}


def annotate_for_selection(
    qs: QuerySet[Product], *, names: set[str], channel: Channel | None
) -> QuerySet[Product]:
    """Add the per-row subqueries the selection needs, so nested fields cost no extra query."""
    if channel is not None and names & _PRICE_FIELDS:
        qs = selectors.product_annotate_prices(qs, channel=channel)
    if names & _THUMBNAIL_FIELDS:
        qs = selectors.product_annotate_thumbnail(qs)
    if names & _PROVENANCE_FIELDS:
        qs = selectors.product_annotate_provenance(qs)
    if "translation" in names:
        # Every language, so any ``translation(languageCode)`` (aliases included) is answered.
        qs = qs.annotate(
            asal_translations=selectors.translations_json(
                ProductTranslation, owner_field="product", owner="pk"
            )
        )
    if "category" in names:
        qs = qs.annotate(
            asal_category_translations=selectors.translations_json(
                CategoryTranslation, owner_field="category", owner="category_id"
            )
        )
    return qs


def visible_products(info: Info, channel: Channel | None, *, listed_only: bool) -> QuerySet[Product]:
    return selectors.product_list_for_channel(
        channel=channel, include_unpublished=is_product_staff(info), listed_only=listed_only
    )


def resolve_products(
    info: Info,
    *,
    channel_slug: str | None,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    filter: Any = None,
    where: Any = None,
    search: str | None = None,
    sort_by: Any = None,
    category_ids: list[int] | None = None,
    collection: Collection | None = None,
    channel: Channel | None = None,
) -> ProductCountableConnection:
    """A page of products visible to the caller in the channel, as Saleor's connection."""
    if channel is None:
        channel = channel_for_request(info, channel_slug)
    qs = visible_products(info, channel, listed_only=True)
    if category_ids is not None:
        qs = qs.filter(category_id__in=category_ids)
    if collection is not None:
        qs = qs.filter(collection_products__collection=collection)
    qs = product_queryset_filter(qs, channel=channel, filter=filter, where=where, search=search, info=info)
    qs = product_queryset_sort(qs, sort_by=sort_by, channel=channel, collection=collection)
    counted = qs
    totals: dict[str, int] = {}

    def count() -> int:
        if "total" not in totals:
            totals["total"] = counted.count()
        return totals["total"]

    names = selected_names(info)
    remember_selection(info, names)
    qs = annotate_for_selection(qs, names=names, channel=channel)
    # ``first`` pages slice by offset, so a window over the filtered rows counts them all in the
    # page's own statement. (Not after DISTINCT: PostgreSQL would count the duplicates too.)
    windowed = first is not None and not qs.query.distinct and _selects_total(info)
    if windowed:
        qs = qs.annotate(asal_total=Window(Count("*")))
    page = paginate(
        qs,
        first=first,
        last=last,
        after=after,
        before=before,
        connection_name="products",
        count=counted.count,
    )
    if windowed and page.nodes:
        totals["total"] = page.nodes[0].asal_total
    elif windowed and after is None:
        totals["total"] = 0  # the first page is empty: nothing matches
    register_products(info, page.nodes, channel)
    return connection(ProductCountableConnection, ProductCountableEdge, page, count)


def _selects_total(info: Info) -> bool:
    """Whether the connection itself (not something nested below it) selects ``totalCount``."""

    def walk(selections: list[Any]) -> bool:
        for selection in selections:
            if isinstance(selection, FragmentSpread | InlineFragment):
                if walk(selection.selections):
                    return True
            elif selection.name == "totalCount":
                return True
        return False

    return any(walk(field.selections) for field in info.selected_fields)
