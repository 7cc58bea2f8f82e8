"""Categories, collections and attributes: lists, lookups by (translated) slug, the category tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import (
    FilteredRelation,
    Q,
    QuerySet,
)
from django.utils import timezone

from storefront.catalog.models import (
    Attribute,
    Category,
    CategoryTranslation,
    Collection,
    CollectionProduct,
    CollectionTranslation,
)
from storefront.catalog.selectors.products import published_q
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_cached


def categories_for(*, category_ids: Iterable[int]) -> dict[int, Category]:
    return {category.pk: category for category in Category.objects.filter(pk__in=list(category_ids))}


def category_list(*, level: int | None = None) -> QuerySet[Category]:
    qs = Category.objects.all()
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("level", "name", "pk")


def category_get_by_slug(*, slug: str, language_code: str | None) -> Category | None:
    """The category with ``slug``, or with that translated slug in ``language_code``."""
    match = Q(slug=slug)
    if language_code:
        match |= Q(
            pk__in=CategoryTranslation.objects.filter(slug=slug, language_code__iexact=language_code).values(
                "category_id"
            )
        )
    return Category.objects.filter(match).first()


def _category_parents() -> dict[int, int | None]:
    """The whole tree as ``{id: parent_id}``: one small query, cheaper than a query per level.

    Kept for the catalogue's generation (``catalogue_cached``): a category filter or a category's
    products then cost no query for the tree until a catalogue write.
    """
    return catalogue_cached("category-parents", lambda: dict(Category.objects.values_list("pk", "parent_id")))


def category_descendant_ids_for(*, category_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each category with every category below it (Saleor lists their products too)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in _category_parents().items():
        children[parent_id].append(pk)
    result: dict[int, list[int]] = {}
    for pk in category_ids:
        found, frontier = [pk], [pk]
        while frontier:
            frontier = [child for each in frontier for child in children.get(each, [])]
            found.extend(frontier)
        result[pk] = found
    return result


def category_ancestor_ids_for(*, category_ids: Iterable[int]) -> dict[int, list[int]]:
    """The categories above each of ``category_ids``, root first (one query for them all)."""
    parents = _category_parents()
    result: dict[int, list[int]] = {}
    for pk in category_ids:
        found: list[int] = []
        current = parents.get(pk)
        while current is not None and current not in found:
            found.append(current)
            current = parents.get(current)
        result[pk] = list(reversed(found))
    return result


def collection_list_for_channel(
    *, channel: Channel | None, include_unpublished: bool, now: datetime | None = None
) -> QuerySet[Collection]:
    """Collections published in ``channel`` (staff: all listed there, or all without a channel)."""
    if channel is None:
        return Collection.objects.all() if include_unpublished else Collection.objects.none()
    now = now or timezone.now()
    qs = Collection.objects.annotate(
        listing=FilteredRelation("channel_listings", condition=Q(channel_listings__channel=channel))
    )
    if include_unpublished:
        return qs.filter(listing__id__isnull=False).order_by("slug")
    return qs.filter(published_q("listing", now)).order_by("slug")


def collection_get_by_slug(
    qs: QuerySet[Collection], *, slug: str, language_code: str | None
) -> Collection | None:
    match = Q(slug=slug)
    if language_code:
        match |= Q(
            pk__in=CollectionTranslation.objects.filter(
                slug=slug, language_code__iexact=language_code
            ).values("collection_id")
        )
    return qs.filter(match).first()


def collections_for_products(
    *, product_ids: Iterable[int], collections: QuerySet[Collection]
) -> dict[int, list[Collection]]:
    """The visible ``collections`` each product belongs to, in one query."""
    rows = (
        CollectionProduct.objects.filter(product_id__in=list(product_ids), collection__in=collections)
        .select_related("collection")
        .order_by("collection__slug")
    )
    result: dict[int, list[Collection]] = defaultdict(list)
    for row in rows:
        result[row.product_id].append(row.collection)
    return result


def attribute_list(*, include_hidden: bool) -> QuerySet[Attribute]:
    qs = Attribute.objects.all()
    if not include_hidden:
        qs = qs.filter(visible_in_storefront=True)
    return qs.order_by("storefront_search_position", "slug", "pk")
