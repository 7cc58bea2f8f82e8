"""Saleor's ``PageType``, ``Page``, ``Menu`` and ``MenuItem`` and their translations.

A page's root value is the model instance (pages depend on no channel); a menu's and a menu
item's is a ``ChannelContext``, whose channel decides which collections its items may link (an
item linking something the caller cannot see was left out when the items loaded).
"""

from __future__ import annotations

import datetime
from typing import Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.nodes import collection_nodes
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.catalog.types.assigned_attributes import (
    AssignedAttribute,
    assigned_attribute,
    assigned_attributes,
)
from graphql_schema.catalog.types.attributes import Attribute
from graphql_schema.catalog.types.category import Category, Collection
from graphql_schema.content import loaders
from graphql_schema.core.channel_context import ChannelContext, scope_for
from graphql_schema.core.languages import LanguageCodeEnum, LanguageDisplay, language_code_from_enum
from graphql_schema.core.metadata import MetadataOwner, ObjectWithMetadata, register_metadata_owner, staff
from graphql_schema.core.relay import Node, model_type_check, node_id, to_global_id
from graphql_schema.core.scalars import DEFAULT_LIMIT, JSONString, PositiveInt
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.selectors import translation_pick
from storefront.content import models, selectors

_RICH_TEXT = "Rich text format. For reference see https://editorjs.io/"
_CONTENT_JSON = "Use the `content` field instead."

PageRoot = strawberry.Parent[models.Page]
MenuRoot = strawberry.Parent[ChannelContext[models.Menu]]
MenuItemRoot = strawberry.Parent[ChannelContext[models.MenuItem]]


def _translation(info: Info, loader: Any, owner_id: int, language: Any) -> Any:
    return translation_pick(loader.load(info, owner_id), language_code=language_code_from_enum(language))


@strawberry.type(
    description="Represents a type of page. It defines what attributes are available to pages of this type."
)
class PageType(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.PageType)

    id: strawberry.ID = node_id("PageType")
    name: str = strawberry.field(description="Name of the page type.")
    slug: str = strawberry.field(description="Slug of the page type.")

    @strawberry.field(description="Page attributes of that page type.")
    def attributes(self, info: Info, root: strawberry.Parent[models.PageType]) -> list[Attribute] | None:
        return cast(list[Attribute], loaders.PAGE_TYPE_ATTRIBUTES.load(info, root.pk))

    @strawberry.field(description="Whether page type has pages assigned.")
    def has_pages(self, info: Info, root: strawberry.Parent[models.PageType]) -> bool | None:
        return loaders.PAGE_TYPE_HAS_PAGES.load(info, root.pk)


@strawberry.type(description="Represents page translations.")
class PageTranslation(Node):
    is_type_of = model_type_check(models.PageTranslation)

    id: strawberry.ID = node_id("PageTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.PageTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    @strawberry.field(description="Translated SEO title.")
    def seo_title(self, root: strawberry.Parent[models.PageTranslation]) -> str | None:
        return root.seo_title or None

    @strawberry.field(description="Translated SEO description.")
    def seo_description(self, root: strawberry.Parent[models.PageTranslation]) -> str | None:
        return root.seo_description or None

    @strawberry.field(description="Translated page slug.")
    def slug(self, root: strawberry.Parent[models.PageTranslation]) -> str | None:
        return root.slug or None

    @strawberry.field(description="Translated page title.")
    def title(self, root: strawberry.Parent[models.PageTranslation]) -> str | None:
        return root.title or None

    @strawberry.field(description=f"Translated content of the page.\n\n{_RICH_TEXT}")
    def content(self, root: strawberry.Parent[models.PageTranslation]) -> JSONString | None:
        return root.content

    @strawberry.field(
        description=f"Translated description of the page.\n\n{_RICH_TEXT}", deprecation_reason=_CONTENT_JSON
    )
    def content_json(self, root: strawberry.Parent[models.PageTranslation]) -> JSONString | None:
        return root.content


@strawberry.type(
    description="A static page that can be manually added by a shop operator through the dashboard."
)
class Page(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Page)

    id: strawberry.ID = node_id("Page")

    @strawberry.field(description="Get a single attribute attached to page by attribute slug.")
    def assigned_attribute(self, info: Info, root: PageRoot, slug: str) -> AssignedAttribute | None:
        return assigned_attribute(info, loaders.PAGE_ATTRIBUTE_VALUES.load(info, root.pk), slug=slug)

    @strawberry.field(description="List of attributes assigned to this page.")
    def assigned_attributes(
        self, info: Info, root: PageRoot, limit: PositiveInt | None = DEFAULT_LIMIT
    ) -> list[AssignedAttribute]:
        return assigned_attributes(info, loaders.PAGE_ATTRIBUTE_VALUES.load(info, root.pk), limit=limit)

    @strawberry.field(description="Title of the page for SEO.")
    def seo_title(self, root: PageRoot) -> str | None:
        return root.seo_title or None

    @strawberry.field(description="Description of the page for SEO.")
    def seo_description(self, root: PageRoot) -> str | None:
        return root.seo_description or None

    title: str = strawberry.field(description="Title of the page.")
    content: JSONString | None = strawberry.field(description=f"Content of the page.\n\n{_RICH_TEXT}")

    @strawberry.field(
        description="The page publication date.",
        deprecation_reason="Use the `publishedAt` field to fetch the publication date.",
    )
    def publication_date(self, root: PageRoot) -> datetime.date | None:
        return root.published_at.date() if root.published_at else None

    published_at: datetime.datetime | None = strawberry.field(description="The page publication date.")
    is_published: bool = strawberry.field(description="Determines if the page is visible in the storefront.")
    slug: str = strawberry.field(description="Slug of the page.")

    @strawberry.field(description="Determines the type of page.")
    def page_type(self, root: PageRoot) -> PageType:
        return cast(PageType, root.page_type)

    @strawberry.field(description="Date and time at which page was created.")
    def created(self, root: PageRoot) -> datetime.datetime:
        return root.created_at

    @strawberry.field(description=f"Content of the page.\n\n{_RICH_TEXT}", deprecation_reason=_CONTENT_JSON)
    def content_json(self, root: PageRoot) -> JSONString:
        return cast(JSONString, root.content or {})

    @strawberry.field(description="Returns translated page fields for the given language code.")
    def translation(
        self, info: Info, root: PageRoot, language_code: LanguageCodeEnum
    ) -> PageTranslation | None:
        return cast(
            PageTranslation | None, _translation(info, loaders.PAGE_TRANSLATIONS, root.pk, language_code)
        )


def _translatable_id(root: Any) -> strawberry.ID:
    return strawberry.ID(to_global_id("PageTranslatableContent", root._page.pk))


@strawberry.type(description="Represents page's original translatable fields and related translations.")
class PageTranslatableContent(Node):
    _page: strawberry.Private[models.Page]

    @classmethod
    def of(cls, page: models.Page) -> PageTranslatableContent:
        made = cls.__new__(cls)
        made._page = page
        return made

    id: strawberry.ID = strawberry.field(resolver=lambda root: _translatable_id(root))

    @strawberry.field(description="The ID of the page to translate.")
    def page_id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Page", self._page.pk))

    @strawberry.field(description="SEO title to translate.")
    def seo_title(self) -> str | None:
        return self._page.seo_title or None

    @strawberry.field(description="SEO description to translate.")
    def seo_description(self) -> str | None:
        return self._page.seo_description or None

    @strawberry.field(description="Slug to translate.")
    def slug(self) -> str | None:
        return self._page.slug

    @strawberry.field(description="Page title to translate.")
    def title(self) -> str:
        return self._page.title

    @strawberry.field(description=f"Content of the page to translate.\n\n{_RICH_TEXT}")
    def content(self) -> JSONString | None:
        return self._page.content

    @strawberry.field(description="Returns translated page fields for the given language code.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> PageTranslation | None:
        return cast(
            PageTranslation | None,
            _translation(info, loaders.PAGE_TRANSLATIONS, self._page.pk, language_code),
        )


# --- menus ------------------------------------------------------------------------------------------


def _items(info: Info, menu_id: int, channel: Any) -> list[models.MenuItem]:
    return loaders.MENU_ITEMS.load(info, menu_id, scope_for(info, channel))


def _wrap(items: list[models.MenuItem], channel: Any) -> list[MenuItem]:
    return [cast(MenuItem, ChannelContext(node=item, channel=channel)) for item in items]


@strawberry.type(
    description="Represents a single menu - an object that is used to help navigate through the store."
)
class Menu(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Menu)

    id: strawberry.ID = node_id("Menu")
    name: str
    slug: str

    @strawberry.field
    def items(self, info: Info, root: MenuRoot) -> list[MenuItem] | None:
        items = _items(info, root.node.pk, root.channel)
        return _wrap([item for item in items if item.parent_id is None], root.channel)


@strawberry.type(description="Represents menu item translations.")
class MenuItemTranslation(Node):
    is_type_of = model_type_check(models.MenuItemTranslation)

    id: strawberry.ID = node_id("MenuItemTranslation")

    @strawberry.field(description="Translation language.")
    def language(self, root: strawberry.Parent[models.MenuItemTranslation]) -> LanguageDisplay:
        return LanguageDisplay.from_code(root.language_code)

    name: str = strawberry.field(description="Translated menu item name.")


@strawberry.type(
    description="Represents a single item of the related menu. Can store categories, collection or pages."
)
class MenuItem(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.MenuItem)

    id: strawberry.ID = node_id("MenuItem")
    name: str

    @strawberry.field
    def menu(self, root: MenuItemRoot) -> Menu:
        return cast(Menu, ChannelContext(node=root.node.menu, channel=root.channel))

    @strawberry.field
    def parent(self, info: Info, root: MenuItemRoot) -> MenuItem | None:
        if root.node.parent_id is None:
            return None
        siblings = _items(info, root.node.menu_id, root.channel)
        found = [item for item in siblings if item.pk == root.node.parent_id]
        return _wrap(found, root.channel)[0] if found else None

    @strawberry.field
    def category(self, info: Info, root: MenuItemRoot) -> Category | None:
        category = root.node.category
        if category is not None:
            categories_seen(info, [category])
        return cast(Category | None, category)

    @strawberry.field(
        description="A collection associated with this menu item. Requires one of the following permissions "
        "to include the unpublished items: MANAGE_ORDERS, MANAGE_DISCOUNTS, MANAGE_PRODUCTS."
    )
    def collection(self, info: Info, root: MenuItemRoot) -> Collection | None:
        if root.node.collection is None:
            return None
        return cast(Collection, collection_nodes(info, [root.node.collection], root.channel)[0])

    @strawberry.field(
        description="A page associated with this menu item. Requires one of the following permissions to "
        "include unpublished items: MANAGE_PAGES."
    )
    def page(self, root: MenuItemRoot) -> Page | None:
        return cast(Page | None, root.node.page)

    level: int

    @strawberry.field
    def children(self, info: Info, root: MenuItemRoot) -> list[MenuItem] | None:
        items = _items(info, root.node.menu_id, root.channel)
        return _wrap([item for item in items if item.parent_id == root.node.pk], root.channel)

    @strawberry.field(description="URL to the menu item.")
    def url(self, root: MenuItemRoot) -> str | None:
        return root.node.url or None

    @strawberry.field(description="Returns translated menu item fields for the given language code.")
    def translation(
        self, info: Info, root: MenuItemRoot, language_code: LanguageCodeEnum
    ) -> MenuItemTranslation | None:
        return cast(
            MenuItemTranslation | None,
            _translation(info, loaders.MENU_ITEM_TRANSLATIONS, root.node.pk, language_code),
        )


# --- metadata (graphql_schema/core/metadata.py) -----------------------------------------------------
# Pages and page types are written with MANAGE_PAGES, menus and their items with MANAGE_MENUS (as
# Saleor guards them); a buyer reads the public metadata of what they can see (a published page).
def _page_visible(info: Info, page: models.Page) -> bool:
    return (
        loaders.is_page_staff(info)
        or models.Page.objects.filter(selectors.page_published_q(), pk=page.pk).exists()
    )


_PAGE_STAFF = staff(PermissionCode.MANAGE_PAGES)
_PAGE_TYPE_STAFF = staff(PermissionCode.MANAGE_PAGES, PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES)
_MENU_STAFF = staff(PermissionCode.MANAGE_MENUS)
register_metadata_owner(
    MetadataOwner(
        type_name="Page",
        model=models.Page,
        public_write=_PAGE_STAFF,
        private=_PAGE_STAFF,
        visible=_page_visible,
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="PageType", model=models.PageType, public_write=_PAGE_TYPE_STAFF, private=_PAGE_TYPE_STAFF
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="Menu",
        model=models.Menu,
        public_write=_MENU_STAFF,
        private=_MENU_STAFF,
        root_of=lambda _info, menu: ChannelContext(node=menu, channel=None),
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="MenuItem",
        model=models.MenuItem,
        public_write=_MENU_STAFF,
        private=_MENU_STAFF,
        root_of=lambda _info, item: ChannelContext(node=item, channel=None),
    )
)
