"""Saleor's ``pageType(id)``, ``pageTypes``, ``menuItem(id)`` and ``menuItems`` (public, as in Saleor).

A menu item is seen as its menu shows it: an item linking an unpublished page or a collection not
published in the channel (and everything below it) is hidden from buyers, exactly as in
``menu { items }`` (``graphql_schema.content.loaders.MENU_ITEMS``).
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, cast

import strawberry
from django.db.models import Q
from strawberry.types import Info

from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.content import loaders
from graphql_schema.content.queries import _menu_channel, _sorted
from graphql_schema.content.types import MenuItem, PageType
from graphql_schema.core.channel_context import ChannelContext, is_product_staff, scope_for
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import register
from graphql_schema.core.metadata import MetadataFilter, metadata_filter_q
from graphql_schema.core.relay import decode_id, paginate
from storefront.catalog.selectors import collection_list_for_channel
from storefront.channels.models import Channel
from storefront.content import models, selectors


@strawberry.enum
class PageTypeSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Sort page types by name.")
    SLUG = strawberry.enum_value("SLUG", description="Sort page types by slug.")


@strawberry.input
class PageTypeSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort page types."
    )
    field: PageTypeSortField = strawberry.field(description="Sort page types by the selected field.")


@strawberry.input
class PageTypeFilterInput:
    search: str | None = None
    slugs: list[str] | None = None


@strawberry.enum
class MenuItemsSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Sort menu items by name.")


@strawberry.input
class MenuItemSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort menu items."
    )
    field: MenuItemsSortField = strawberry.field(description="Sort menu items by the selected field.")


@strawberry.input
class MenuItemFilterInput:
    search: str | None = None
    metadata: list[MetadataFilter] | None = None


def _visible_item_ids(info: Info, channel: Channel | None, menu_ids: list[int] | None = None) -> set[int]:
    """The items the caller may see (those of ``menu_ids``, else of every menu), one query."""
    visible_pages = None if loaders.is_page_staff(info) else selectors.page_list(include_unpublished=False)
    visible_collections = (
        None
        if is_product_staff(info)
        else collection_list_for_channel(channel=channel, include_unpublished=False)
    )
    ids = menu_ids if menu_ids is not None else list(models.Menu.objects.values_list("pk", flat=True))
    found = selectors.menu_items_for(
        menu_ids=ids, visible_pages=visible_pages, visible_collections=visible_collections
    )
    return {item.pk for rows in found.values() for item in rows}


def _item_nodes(info: Info, items: list[models.MenuItem], channel: Channel | None) -> list[MenuItem]:
    scope = scope_for(info, channel)
    register(info, models.MenuItem, items, scope)
    # Their menus are peers: ``parent``/``children``/``menu`` then load every menu's items at once.
    register(info, models.Menu, list({item.menu_id: item.menu for item in items}.values()), scope)
    categories_seen(info, [item.category for item in items if item.category is not None])
    return [cast(MenuItem, ChannelContext(node=item, channel=channel)) for item in items]


@strawberry.type
class ContentTypeQueries:
    @strawberry.field(description="Look up a page type by ID.")
    def page_type(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the page type.")],
    ) -> PageType | None:
        found = models.PageType.objects.filter(pk=decode_id(id, expected="PageType")).first()
        if found is None:
            return None
        register(info, models.PageType, [found])
        return cast(PageType, found)

    @strawberry.field(description="List of the page types.")
    def page_types(
        self,
        info: Info,
        sort_by: Annotated[
            PageTypeSortingInput | None, strawberry.argument(description="Sort page types.")
        ] = None,
        filter: Annotated[
            PageTypeFilterInput | None, strawberry.argument(description="Filtering options for page types.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[PageType] | None:
        qs = models.PageType.objects.all()
        if filter is not None:
            if filter.search:
                qs = qs.filter(Q(name__icontains=filter.search) | Q(slug__icontains=filter.search))
            if filter.slugs:
                qs = qs.filter(slug__in=filter.slugs)
        qs = _sorted(qs, sort_by, {"NAME": "name", "SLUG": "slug"})
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="pageTypes")
        register(info, models.PageType, list(page.nodes))
        return cast(CountableConnection[PageType], connection(page, qs.count))

    @strawberry.field(description="Look up a menu item by ID.")
    def menu_item(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the menu item.")],
        channel: Annotated[
            str | None,
            strawberry.argument(description="Slug of a channel for which the data should be returned."),
        ] = None,
    ) -> MenuItem | None:
        resolved = _menu_channel(info, channel)
        pk = decode_id(id, expected="MenuItem")
        found = models.MenuItem.objects.select_related("menu").filter(pk=pk).first()
        if found is None or found.pk not in _visible_item_ids(info, resolved, [found.menu_id]):
            return None
        return _item_nodes(info, [found], resolved)[0]

    @strawberry.field(description="List of the storefronts's menu items.")
    def menu_items(
        self,
        info: Info,
        channel: Annotated[
            str | None,
            strawberry.argument(description="Slug of a channel for which the data should be returned."),
        ] = None,
        sort_by: Annotated[
            MenuItemSortingInput | None, strawberry.argument(description="Sort menus items.")
        ] = None,
        filter: Annotated[
            MenuItemFilterInput | None, strawberry.argument(description="Filtering options for menu items.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[MenuItem] | None:
        resolved = _menu_channel(info, channel)
        qs = models.MenuItem.objects.filter(pk__in=_visible_item_ids(info, resolved)).select_related(
            "menu", "category", "collection", "page"
        )
        if filter is not None:
            if filter.search:
                qs = qs.filter(name__icontains=filter.search)
            qs = qs.filter(metadata_filter_q(filter.metadata))
        qs = (
            _sorted(qs, sort_by, {"NAME": "name"})
            if sort_by is not None
            else qs.order_by("menu_id", "sort_order", "pk")
        )
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="menuItems")
        nodes = _item_nodes(info, list(page.nodes), resolved)
        return cast(CountableConnection[MenuItem], connection(page, qs.count, nodes))
