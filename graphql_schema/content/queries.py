"""Buyer queries of pages and menus with Saleor's names: ``page``, ``pages``, ``menu``, ``menus``.

Buyers see published pages whose publication date has come; staff holding ``MANAGE_PAGES`` see
every page. Pages depend on no channel (``channel`` is accepted as Saleor accepts it, for the
references its newer attributes make); a menu's channel decides which collections its items may
link, as the catalogue decides for ``collection(channel)``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import strawberry
from django.db.models import Count, Q
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.catalog.filter_inputs import GlobalIDFilterInput, OrderDirection, StringFilterInput
from graphql_schema.content import loaders
from graphql_schema.content.types import Menu, Page
from graphql_schema.core.channel_context import ChannelContext, channel_for_request, scope_for
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import register
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.metadata import MetadataFilter
from graphql_schema.core.relay import decode_id, decode_ids, paginate
from storefront.channels.models import Channel
from storefront.content import models, selectors


@strawberry.enum
class PageSortField(Enum):
    TITLE = strawberry.enum_value("TITLE", description="Sort pages by title.")
    SLUG = strawberry.enum_value("SLUG", description="Sort pages by slug.")
    VISIBILITY = strawberry.enum_value("VISIBILITY", description="Sort pages by visibility.")
    CREATION_DATE = strawberry.enum_value(
        "CREATION_DATE",
        description="Sort pages by creation date.",
        deprecation_reason="Use `CREATED_AT` instead.",
    )
    PUBLICATION_DATE = strawberry.enum_value(
        "PUBLICATION_DATE",
        description="Sort pages by publication date.",
        deprecation_reason="Use `PUBLISHED_AT` instead.",
    )
    PUBLISHED_AT = strawberry.enum_value("PUBLISHED_AT", description="Sort pages by publication date.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="Sort pages by creation date.")
    RANK = strawberry.enum_value(
        "RANK",
        description="Sort pages by rank. Note: This option is available only with the `search` filter.",
    )


@strawberry.input
class PageSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort pages."
    )
    field: PageSortField = strawberry.field(description="Sort pages by the selected field.")


@strawberry.input
class PageFilterInput:
    search: str | None = None
    page_types: list[strawberry.ID] | None = None
    ids: list[strawberry.ID] | None = None
    slugs: list[str] | None = None


@strawberry.input(description="Where filtering options for pages.")
class PageWhereInput:
    ids: list[strawberry.ID] | None = None
    slug: StringFilterInput | None = strawberry.field(default=None, description="Filter by page slug.")
    page_type: GlobalIDFilterInput | None = strawberry.field(default=None, description="Filter by page type.")
    AND: list[PageWhereInput] | None = strawberry.field(
        default=None, name="AND", description="List of conditions that must be met."
    )
    OR: list[PageWhereInput] | None = strawberry.field(
        default=None, name="OR", description="A list of conditions of which at least one must be met."
    )


@strawberry.enum
class MenuSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Sort menus by name.")
    ITEMS_COUNT = strawberry.enum_value("ITEMS_COUNT", description="Sort menus by items count.")


@strawberry.input
class MenuSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort menus."
    )
    field: MenuSortField = strawberry.field(description="Sort menus by the selected field.")


@strawberry.input
class MenuFilterInput:
    search: str | None = None
    slug: list[str] | None = None
    metadata: list[MetadataFilter] | None = None
    slugs: list[str] | None = None


def _where(value: PageWhereInput | None) -> Q:
    if value is None:
        return Q()
    condition = Q()
    if value.ids:
        condition &= Q(pk__in=decode_ids(value.ids, expected="Page"))
    if value.slug is not None:
        if value.slug.eq is not None:
            condition &= Q(slug=value.slug.eq)
        if value.slug.one_of is not None:
            condition &= Q(slug__in=value.slug.one_of)
    if value.page_type is not None:
        if value.page_type.eq is not None:
            condition &= Q(page_type_id=decode_id(value.page_type.eq, expected="PageType"))
        if value.page_type.one_of is not None:
            condition &= Q(page_type_id__in=decode_ids(value.page_type.one_of, expected="PageType"))
    for each in value.AND or ():
        condition &= _where(each)
    if value.OR:
        either = Q(pk__in=[])
        for each in value.OR:
            either |= _where(each)
        condition &= either
    return condition


def _filter(qs: Any, value: PageFilterInput | None, search: str | None) -> Any:
    text = search or (value.search if value is not None else None)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(slug__icontains=text))
    if value is None:
        return qs
    if value.ids:
        qs = qs.filter(pk__in=decode_ids(value.ids, expected="Page"))
    if value.slugs:
        qs = qs.filter(slug__in=value.slugs)
    if value.page_types:
        qs = qs.filter(page_type_id__in=decode_ids(value.page_types, expected="PageType"))
    return qs


_PAGE_SORT = {
    "TITLE": "title",
    "SLUG": "slug",
    "VISIBILITY": "is_published",
    "CREATION_DATE": "created_at",
    "CREATED_AT": "created_at",
    "PUBLICATION_DATE": "published_at",
    "PUBLISHED_AT": "published_at",
    "RANK": "slug",
}


def _sorted(qs: Any, sort_by: Any, fields: dict[str, Any]) -> Any:
    if sort_by is None:
        return qs
    key = fields[sort_by.field.value]
    prefix = "-" if sort_by.direction == OrderDirection.DESC else ""
    if isinstance(key, str):
        return qs.order_by(f"{prefix}{key}", f"{prefix}pk")
    return qs.order_by(key.desc() if prefix else key.asc(), f"{prefix}pk")


def _menu_channel(info: Info, slug: str | None) -> Channel | None:
    """The channel a menu's collections are checked in; ``None`` when several exist and none is named
    (a buyer then sees no collection links, rather than an error for a menu that may have none)."""
    if slug is not None:
        return channel_for_request(info, slug)
    try:
        return channel_for_request(info, None)
    except GraphQLError as error:
        if (error.extensions or {}).get("code") == "MISSING_CHANNEL_SLUG":
            return None
        raise


def _menu_nodes(info: Info, menus: list[models.Menu], channel: Channel | None) -> list[Menu]:
    register(info, models.Menu, menus, scope_for(info, channel))
    return [cast(Menu, ChannelContext(node=menu, channel=channel)) for menu in menus]


@strawberry.type
class ContentQueries:
    @strawberry.field(description="Look up a page by ID or slug.")
    def page(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        slug: str | None = None,
        slug_language_code: LanguageCodeEnum | None = None,
        channel: str | None = None,
    ) -> Page | None:
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of: 'id', 'slug'.", extensions={"code": "GRAPHQL_ERROR"})
        qs = selectors.page_list(include_unpublished=loaders.is_page_staff(info))
        if id is not None:
            found = qs.filter(pk=decode_id(id, expected="Page")).first()
        else:
            language = language_code_from_enum(slug_language_code) if slug_language_code else None
            found = selectors.page_get_by_slug(qs, slug=str(slug), language_code=language)
        if found is not None:
            loaders.pages_seen(info, [found])
        return cast(Page | None, found)

    @strawberry.field(description="List of the shop's pages.")
    def pages(
        self,
        info: Info,
        sort_by: PageSortingInput | None = None,
        filter: PageFilterInput | None = None,
        search: str | None = None,
        where: PageWhereInput | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Page] | None:
        qs = selectors.page_list(include_unpublished=loaders.is_page_staff(info))
        qs = _filter(qs, filter, search).filter(_where(where))
        qs = _sorted(qs, sort_by, _PAGE_SORT)
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="pages")
        loaders.pages_seen(info, list(page.nodes))
        return cast(CountableConnection[Page], connection(page, qs.count))

    @strawberry.field(description="Look up a navigation menu by ID or name.")
    def menu(
        self,
        info: Info,
        channel: str | None = None,
        id: strawberry.ID | None = None,
        name: str | None = None,
        slug: str | None = None,
    ) -> Menu | None:
        if id is None and name is None and slug is None:
            raise GraphQLError("Provide one of: 'id', 'name', 'slug'.", extensions={"code": "GRAPHQL_ERROR"})
        resolved = _menu_channel(info, channel)
        pk = decode_id(id, expected="Menu") if id is not None else None
        found = selectors.menu_get(pk=pk, name=name, slug=slug)
        if found is None:
            return None
        return _menu_nodes(info, [found], resolved)[0]

    @strawberry.field(description="List of the storefront's menus.")
    def menus(
        self,
        info: Info,
        channel: str | None = None,
        sort_by: MenuSortingInput | None = None,
        filter: MenuFilterInput | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Menu] | None:
        resolved = _menu_channel(info, channel)
        qs = selectors.menu_list()
        if filter is not None:
            if filter.search:
                qs = qs.filter(Q(name__icontains=filter.search) | Q(slug__icontains=filter.search))
            slugs = [*(filter.slug or ()), *(filter.slugs or ())]
            if slugs:
                qs = qs.filter(slug__in=slugs)
        qs = _sorted(qs, sort_by, {"NAME": "name", "ITEMS_COUNT": Count("items")})
        page = paginate(qs, first=first, last=last, after=after, before=before, connection_name="menus")
        return cast(
            CountableConnection[Menu],
            connection(page, qs.count, _menu_nodes(info, list(page.nodes), resolved)),
        )
