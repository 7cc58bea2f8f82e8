"""Reads of pages and menus: what a buyer may see, lookups by (translated) slug, menu trees.

A page is visible to buyers when it is published and its publication date (if any) has come;
staff holding ``MANAGE_PAGES`` see every page. A menu item linking something the buyer cannot
see (an unpublished page, a collection not published in the channel) is hidden with its
children, as Saleor hides it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from storefront.catalog.models import Collection
from storefront.content.models import Menu, MenuItem, MenuItemTranslation, Page, PageTranslation


def page_published_q(now: datetime | None = None, prefix: str = "") -> Q:
    now = now or timezone.now()
    return Q(**{f"{prefix}is_published": True}) & (
        Q(**{f"{prefix}published_at__isnull": True}) | Q(**{f"{prefix}published_at__lte": now})
    )


def page_list(*, include_unpublished: bool, now: datetime | None = None) -> QuerySet[Page]:
    qs = Page.objects.select_related("page_type")
    if not include_unpublished:
        qs = qs.filter(page_published_q(now))
    return qs.order_by("slug", "pk")


def page_get_by_slug(qs: QuerySet[Page], *, slug: str, language_code: str | None) -> Page | None:
    """The page with ``slug``, or with that translated slug in ``language_code``."""
    match = Q(slug=slug)
    if language_code:
        match |= Q(
            pk__in=PageTranslation.objects.filter(slug=slug, language_code__iexact=language_code).values(
                "page_id"
            )
        )
    return qs.filter(match).first()


def menu_list() -> QuerySet[Menu]:
    return Menu.objects.order_by("pk")


def menu_get(*, pk: int | None = None, name: str | None = None, slug: str | None = None) -> Menu | None:
    qs = Menu.objects.all()
    if pk is not None:
        qs = qs.filter(pk=pk)
    if name is not None:
        qs = qs.filter(name=name)
    if slug is not None:
        qs = qs.filter(slug=slug)
    return qs.order_by("pk").first()


def menu_items_for(
    *,
    menu_ids: Iterable[int],
    visible_pages: QuerySet[Page] | None,
    visible_collections: QuerySet[Collection] | None,
) -> dict[int, list[MenuItem]]:
    """Every item of each menu in one query, hidden ones (and their subtrees) left out.

    ``visible_pages`` / ``visible_collections``: what the caller may see (``None``: everything).
    """
    qs = MenuItem.objects.filter(menu_id__in=list(menu_ids)).select_related(
        "menu", "category", "collection", "page__page_type"
    )
    hidden = Q()
    if visible_pages is not None:
        hidden |= Q(page__isnull=False) & ~Q(page__in=visible_pages)
    if visible_collections is not None:
        hidden |= Q(collection__isnull=False) & ~Q(collection__in=visible_collections)
    rows = list(qs.order_by("sort_order", "pk")) if not hidden else _with_hidden(qs, hidden)
    kept = _drop_hidden_subtrees(rows)
    result: dict[int, list[MenuItem]] = defaultdict(list)
    for item in kept:
        result[item.menu_id].append(item)
    return result


def _with_hidden(qs: QuerySet[MenuItem], hidden: Q) -> list[MenuItem]:
    annotated = qs.annotate(
        is_hidden=Case(When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    return list(annotated.order_by("sort_order", "pk"))


def _drop_hidden_subtrees(rows: list[MenuItem]) -> list[MenuItem]:
    by_pk = {item.pk: item for item in rows}

    def visible(item: MenuItem) -> bool:
        current: MenuItem | None = item
        while current is not None:
            if getattr(current, "is_hidden", False):
                return False
            current = by_pk.get(current.parent_id) if current.parent_id is not None else None
        return True

    return [item for item in rows if visible(item)]


def translations_for(
    model: type[PageTranslation] | type[MenuItemTranslation], *, owner_field: str, owner_ids: Iterable[int]
) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for row in model._default_manager.filter(**{f"{owner_field}_id__in": list(owner_ids)}):
        found[getattr(row, f"{owner_field}_id")].append(row)
    return found
