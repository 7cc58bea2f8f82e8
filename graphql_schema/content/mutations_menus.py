"""Saleor's staff mutations of menus and menu items (``MANAGE_MENUS``) and ``menuItemTranslate``
(``MANAGE_TRANSLATIONS``).

Thin: decode IDs, call one service of ``storefront.content.menus`` with the request's actor,
shape Saleor's payload. The payload's menu or item is shown as its caller sees it (no channel:
staff see everything their permissions allow).
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import given, row
from graphql_schema.catalog.mutations_translations import NameTranslationInput, TranslationError
from graphql_schema.content.enums import MenuErrorCodeEnum
from graphql_schema.content.types import Menu, MenuItem
from graphql_schema.core.auth import request_actor
from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import permission_required
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.models import Category, Collection
from storefront.catalog.services.staff_products import UNSET
from storefront.content import models
from storefront.content.error_codes import ContentError
from storefront.content.menus import (
    MenuItemFields,
    menu_create,
    menu_delete,
    menu_item_create,
    menu_item_delete,
    menu_item_move,
    menu_item_translate,
    menu_item_update,
    menu_update,
)
from storefront.content.menus import MenuItemMove as ItemMove

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


def _mutation(description: str, permission: PermissionCode = PermissionCode.MANAGE_MENUS) -> Any:
    return strawberry.mutation(
        description=f"{description}\n\nRequires one of the following permissions: {permission.value}.",
        extensions=[permission_required(permission)],
    )


@strawberry.type
class MenuError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: MenuErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.input(description="A menu item's name and link.")
class MenuItemInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name of the menu item.")
    url: str | None = strawberry.field(default=strawberry.UNSET, description="URL of the pointed item.")
    category: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Category to which item points."
    )
    collection: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Collection to which item points."
    )
    page: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Page to which item points."
    )


@strawberry.input(description="A menu item to create.")
class MenuItemCreateInput:
    name: str = strawberry.field(description="Name of the menu item.")
    url: str | None = strawberry.field(default=strawberry.UNSET, description="URL of the pointed item.")
    category: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Category to which item points."
    )
    collection: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Collection to which item points."
    )
    page: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Page to which item points."
    )
    menu: strawberry.ID = strawberry.field(description="Menu to which item belongs.")
    parent: strawberry.ID | None = strawberry.field(
        default=None, description="ID of the parent menu. If empty, menu will be top level menu."
    )


@strawberry.input(description="A menu to create.")
class MenuCreateInput:
    name: str = strawberry.field(description="Name of the menu.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Slug of the menu. Will be generated if not provided."
    )
    items: list[MenuItemInput] | None = strawberry.field(default=None, description="List of menu items.")


@strawberry.input(description="A menu's name and slug.")
class MenuInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name of the menu.")
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Slug of the menu.")


@strawberry.input(description="One move of a menu item.")
class MenuItemMoveInput:
    item_id: strawberry.ID = strawberry.field(description="The menu item ID to move.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="ID of the parent menu. If empty, menu will be top level menu."
    )
    sort_order: int | None = strawberry.field(
        default=None,
        description="The new relative sorting position of the item (from -inf to +inf). 1 moves the item "
        "one position forward, -1 moves the item one position backward, 0 leaves the item unchanged.",
    )


@strawberry.type
class _MenuPayload:
    errors: list[MenuError] = strawberry.field(default_factory=list)
    menu: Menu | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def menu_errors(self) -> list[MenuError]:
        return self.errors


@strawberry.type(description="Creates a new Menu.")
class MenuCreate(_MenuPayload):
    pass


@strawberry.type(description="Updates a menu.")
class MenuUpdate(_MenuPayload):
    pass


@strawberry.type(description="Deletes a menu.")
class MenuDelete(_MenuPayload):
    pass


@strawberry.type(description="Moves items of menus.")
class MenuItemMove(_MenuPayload):
    pass


@strawberry.type
class _MenuItemPayload:
    errors: list[MenuError] = strawberry.field(default_factory=list)
    menu_item: MenuItem | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def menu_errors(self) -> list[MenuError]:
        return self.errors


@strawberry.type(description="Creates a new menu item.")
class MenuItemCreate(_MenuItemPayload):
    pass


@strawberry.type(description="Updates a menu item.")
class MenuItemUpdate(_MenuItemPayload):
    pass


@strawberry.type(description="Deletes a menu item.")
class MenuItemDelete(_MenuItemPayload):
    pass


@strawberry.type(description="Creates/updates translations for a menu item.")
class MenuItemTranslate:
    errors: list[TranslationError] = strawberry.field(default_factory=list)
    menu_item: MenuItem | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def translation_errors(self) -> list[TranslationError]:
        return self.errors


def _link(model: Any, value: Any, *, type_name: str, field: str) -> Any:
    value = given(value)
    if value is UNSET or value is None:
        return value
    return row(model, value, type_name=type_name, field=field)


def _item_fields(input: MenuItemInput | MenuItemCreateInput) -> MenuItemFields:
    return MenuItemFields(
        name=given(input.name),
        url=given(input.url),
        category=_link(Category, input.category, type_name="Category", field="category"),
        collection=_link(Collection, input.collection, type_name="Collection", field="collection"),
        page=_link(models.Page, input.page, type_name="Page", field="page"),
    )


def _menu(menu: models.Menu) -> Menu:
    return cast(Menu, ChannelContext(node=menu, channel=None))


def _item(item: models.MenuItem) -> MenuItem:
    return cast(MenuItem, ChannelContext(node=item, channel=None))


_Id = Annotated[strawberry.ID, strawberry.argument(description="ID of the object.")]
_Language = Annotated[LanguageCodeEnum, strawberry.argument(description="Translation language code.")]


@strawberry.type
class MenuMutations:
    @_mutation("Creates a new Menu.")
    @returns_errors(MenuCreate, MenuError, ContentError, CatalogError)
    def menu_create(self, info: Info, input: MenuCreateInput) -> MenuCreate | None:
        menu = menu_create(
            actor=request_actor(info),
            name=input.name,
            slug=given(input.slug),
            items=[_item_fields(item) for item in input.items or ()],
        )
        return MenuCreate(menu=_menu(menu))

    @_mutation("Updates a menu.")
    @returns_errors(MenuUpdate, MenuError, ContentError, CatalogError)
    def menu_update(self, info: Info, id: _Id, input: MenuInput) -> MenuUpdate | None:
        menu = row(models.Menu, id, type_name="Menu", field="id")
        menu = menu_update(
            actor=request_actor(info), menu=menu, name=given(input.name), slug=given(input.slug)
        )
        return MenuUpdate(menu=_menu(menu))

    @_mutation("Deletes a menu.")
    @returns_errors(MenuDelete, MenuError, ContentError, CatalogError)
    def menu_delete(self, info: Info, id: _Id) -> MenuDelete | None:
        menu = menu_delete(actor=request_actor(info), menu=row(models.Menu, id, type_name="Menu", field="id"))
        return MenuDelete(menu=_menu(menu))

    @_mutation("Creates a new menu item.")
    @returns_errors(MenuItemCreate, MenuError, ContentError, CatalogError)
    def menu_item_create(self, info: Info, input: MenuItemCreateInput) -> MenuItemCreate | None:
        menu = row(models.Menu, input.menu, type_name="Menu", field="menu")
        parent = (
            row(models.MenuItem, input.parent, type_name="MenuItem", field="parent") if input.parent else None
        )
        item = menu_item_create(
            actor=request_actor(info), menu=menu, parent=parent, fields=_item_fields(input)
        )
        return MenuItemCreate(menu_item=_item(item))

    @_mutation("Updates a menu item.")
    @returns_errors(MenuItemUpdate, MenuError, ContentError, CatalogError)
    def menu_item_update(self, info: Info, id: _Id, input: MenuItemInput) -> MenuItemUpdate | None:
        item = row(models.MenuItem, id, type_name="MenuItem", field="id")
        item = menu_item_update(actor=request_actor(info), item=item, fields=_item_fields(input))
        return MenuItemUpdate(menu_item=_item(item))

    @_mutation("Deletes a menu item.")
    @returns_errors(MenuItemDelete, MenuError, ContentError, CatalogError)
    def menu_item_delete(self, info: Info, id: _Id) -> MenuItemDelete | None:
        item = row(models.MenuItem, id, type_name="MenuItem", field="id")
        item = menu_item_delete(actor=request_actor(info), item=item)
        return MenuItemDelete(menu_item=_item(item))

    @_mutation("Moves items of menus.")
    @returns_errors(MenuItemMove, MenuError, ContentError, CatalogError)
    def menu_item_move(
        self,
        info: Info,
        menu: Annotated[strawberry.ID, strawberry.argument(description="ID of the menu.")],
        moves: Annotated[list[MenuItemMoveInput], strawberry.argument(description="The menu position data.")],
    ) -> MenuItemMove | None:
        menu_row = row(models.Menu, menu, type_name="Menu", field="menu")
        decoded = [
            ItemMove(
                item=row(models.MenuItem, move.item_id, type_name="MenuItem", field="itemId"),
                parent=_link(models.MenuItem, move.parent_id, type_name="MenuItem", field="parentId"),
                sort_order=move.sort_order,
            )
            for move in moves
        ]
        return MenuItemMove(
            menu=_menu(menu_item_move(actor=request_actor(info), menu=menu_row, moves=decoded))
        )

    @_mutation("Creates/updates translations for a menu item.", PermissionCode.MANAGE_TRANSLATIONS)
    @returns_errors(MenuItemTranslate, TranslationError, ContentError, CatalogError)
    def menu_item_translate(
        self, info: Info, id: _Id, input: NameTranslationInput, language_code: _Language
    ) -> MenuItemTranslate | None:
        item = row(models.MenuItem, id, type_name="MenuItem", field="id")
        item = menu_item_translate(
            actor=request_actor(info),
            item=item,
            language_code=language_code_from_enum(language_code),
            name=given(input.name),
        )
        return MenuItemTranslate(menu_item=_item(item))
