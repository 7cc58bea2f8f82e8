"""Batch loads of pages and menus (see ``graphql_schema.core.dataloaders``).

A menu's items load in one query for every menu on the page, with their linked category,
collection and page joined, hidden items already left out for the caller's channel and rights;
the linked objects then enter the graph as peers, so their translations batch too. A menu of 3
or 300 items costs the same number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strawberry.types import Info

from graphql_schema.catalog.nodes import collection_nodes
from graphql_schema.catalog.shared_loaders import attribute_rows_seen, categories_seen
from graphql_schema.core.channel_context import is_product_staff
from graphql_schema.core.dataloaders import Loader, Scope, register
from graphql_schema.core.permissions import has_permission
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Attribute
from storefront.catalog.selectors import collection_list_for_channel
from storefront.content import selectors
from storefront.content.models import (
    AssignedPageAttributeValue,
    Menu,
    MenuItem,
    MenuItemTranslation,
    Page,
    PageTranslation,
    PageType,
)


def is_page_staff(info: Info) -> bool:
    """True when the requester may see unpublished pages (``MANAGE_PAGES``)."""
    return bool(
        info.context.once("staff:manage_pages", lambda: has_permission(info, PermissionCode.MANAGE_PAGES))
    )


def pages_seen(info: Info, pages: list[Page]) -> None:
    register(info, Page, pages)
    register(info, PageType, [page.page_type for page in pages if Page.page_type.is_cached(page)])


def _menu_items(info: Info, scope: Scope, menu_ids: list[int]) -> dict[int, list[MenuItem]]:
    visible_pages = None if is_page_staff(info) else selectors.page_list(include_unpublished=False)
    visible_collections = (
        None
        if is_product_staff(info)
        else collection_list_for_channel(channel=scope.channel, include_unpublished=False)
    )
    found = selectors.menu_items_for(
        menu_ids=menu_ids, visible_pages=visible_pages, visible_collections=visible_collections
    )
    items = [item for rows in found.values() for item in rows]
    register(info, MenuItem, items)
    categories_seen(info, [item.category for item in items if item.category is not None])
    collections = [item.collection for item in items if item.collection is not None]
    collection_nodes(info, collections, scope.channel)
    pages_seen(info, [item.page for item in items if item.page is not None])
    return found


MENU_ITEMS: Loader[int, list[MenuItem]] = Loader("menu-items", _menu_items, default=list, peers=Menu)
"""Every item of a menu the caller may see, in display order (parents before their children)."""


def _translations(model: Any, owner_field: str, owner: Any) -> Loader[int, list[Any]]:
    def batch(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[Any]]:
        return selectors.translations_for(model, owner_field=owner_field, owner_ids=ids)

    return Loader(f"translations:{model.__name__}", batch, default=list, peers=owner, channel_free=True)


PAGE_TRANSLATIONS = _translations(PageTranslation, "page", Page)
MENU_ITEM_TRANSLATIONS = _translations(MenuItemTranslation, "menu_item", MenuItem)


def _page_attribute_values(info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[Any]]:
    rows = AssignedPageAttributeValue.objects.filter(page_id__in=ids).select_related("value__attribute")
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows.order_by(
        "value__attribute__storefront_search_position", "value__attribute__slug", "sort_order"
    ):
        found[row.page_id].append(row)
    attribute_rows_seen(info, found.values())
    return found


PAGE_ATTRIBUTE_VALUES: Loader[int, list[Any]] = Loader(
    "page-attribute-values", _page_attribute_values, default=list, peers=Page, channel_free=True
)


def _page_type_attributes(info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[Attribute]]:
    found: dict[int, list[Attribute]] = defaultdict(list)
    links = PageType.attributes.through.objects.filter(page_type_id__in=ids).select_related("attribute")
    for link in links.order_by("sort_order", "pk"):
        found[link.page_type_id].append(link.attribute)
    register(info, Attribute, [a for rows in found.values() for a in rows])
    return found


PAGE_TYPE_ATTRIBUTES: Loader[int, list[Attribute]] = Loader(
    "page-type-attributes", _page_type_attributes, default=list, peers=PageType, channel_free=True
)


def _page_types_with_pages(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, bool]:
    with_pages = set(Page.objects.filter(page_type_id__in=ids).values_list("page_type_id", flat=True))
    return {pk: pk in with_pages for pk in ids}


PAGE_TYPE_HAS_PAGES: Loader[int, bool] = Loader(
    "page-type-has-pages", _page_types_with_pages, default=lambda: False, peers=PageType, channel_free=True
)
