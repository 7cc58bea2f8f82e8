"""Staff writes of menus and their items (Saleor's ``menu*``, ``menuItem*`` and ``menuItemTranslate``).

An item links to at most one of a category, a collection, a page or a URL (none: a heading);
its ``level`` follows its parent, and a move may not put an item under itself or into another
menu. Every write checks its input first, runs in one transaction and records an audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.services._common import fields_save_changed, translation_upsert
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.staff_products import UNSET
from storefront.content._checks import slug_problems, text_problems
from storefront.content.error_codes import ContentError, MenuErrorCode
from storefront.content.models import Menu, MenuItem, MenuItemTranslation

Code = MenuErrorCode
MAX_DEPTH = 5
MAX_ITEMS_PER_MENU = 500
_URL = URLValidator(schemes=["http", "https", "mailto", "tel"])


def _audit(actor: Actor, action: str, target: Any, before: Any, after: Any) -> None:
    if before != after:
        audit_log_record(
            actor=actor, action=action, target=target, payload={"before": before, "after": after}
        )


def _item_snapshot(item: MenuItem) -> dict[str, Any]:
    return {
        "menu": item.menu_id,
        "parent": item.parent_id,
        "sort_order": item.sort_order,
        "name": item.name,
        "url": item.url,
        "category": item.category_id,
        "collection": item.collection_id,
        "page": item.page_id,
    }


def _menu_snapshot(menu: Menu) -> dict[str, Any]:
    return {
        "name": menu.name,
        "slug": menu.slug,
        "items": [_item_snapshot(item) for item in menu.items.order_by("pk")],
    }


# --- menus ------------------------------------------------------------------------------------------


@dataclass
class MenuItemFields:
    """A menu item input as decoded by the API; ``UNSET``: left out. ``children``: nested inputs."""

    name: Any = UNSET
    url: Any = UNSET
    category: Any = UNSET
    collection: Any = UNSET
    page: Any = UNSET
    children: list[MenuItemFields] = field(default_factory=list)


def _menu_changes(
    *, name: Any, slug: Any, instance: Menu | None, problems: list[ContentError]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    given = None if name is UNSET else name
    problems += text_problems(
        given, field="name", required=instance is None or name is not UNSET, max_length=250, codes=Code
    )
    if given and given.strip():
        changes["name"] = given.strip()
    if slug is not UNSET and slug is not None:
        problems += slug_problems(Menu, slug, exclude_pk=instance.pk if instance else None, codes=Code)
        changes["slug"] = slug
    return changes


@transaction.atomic
def menu_create(*, actor: Actor, name: Any, slug: Any = UNSET, items: Sequence[MenuItemFields] = ()) -> Menu:
    """Saleor's ``menuCreate``, with its top-level ``items`` (and their children) in one go."""
    problems: list[ContentError] = []
    changes = _menu_changes(name=name, slug=slug, instance=None, problems=problems)
    for item in items:
        _item_problems(item, creating=True, problems=problems)
    if problems:
        raise ContentError.group(problems)
    changes.setdefault("slug", slug_unique(Menu, changes["name"], fallback="menu"))
    menu = Menu.objects.create(**changes)
    for order, item in enumerate(items):
        _item_tree_create(menu, None, item, order)
    _audit(actor, "menu.created", menu, None, _menu_snapshot(menu))
    return menu


@transaction.atomic
def menu_update(*, actor: Actor, menu: Menu, name: Any = UNSET, slug: Any = UNSET) -> Menu:
    """Saleor's ``menuUpdate``."""
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    before = _menu_snapshot(menu)
    problems: list[ContentError] = []
    changes = _menu_changes(name=name, slug=slug, instance=menu, problems=problems)
    if problems:
        raise ContentError.group(problems)
    fields_save_changed(menu, changes)
    _audit(actor, "menu.updated", menu, before, _menu_snapshot(menu))
    return menu


@transaction.atomic
def menu_delete(*, actor: Actor, menu: Menu) -> Menu:
    """Saleor's ``menuDelete``: its items go with it."""
    before = _menu_snapshot(menu)
    pk = menu.pk
    menu.delete()
    menu.pk = pk
    audit_log_record(actor=actor, action="menu.deleted", target=menu, payload={"before": before})
    return menu


# --- items ------------------------------------------------------------------------------------------


def _links(fields: MenuItemFields, instance: MenuItem | None) -> dict[str, Any]:
    """The item's four links after the input: given ones replace, left-out ones stay."""
    current = {
        "url": instance.url if instance else "",
        "category": instance.category if instance else None,
        "collection": instance.collection if instance else None,
        "page": instance.page if instance else None,
    }
    given = {name: getattr(fields, name) for name in current if getattr(fields, name) is not UNSET}
    if any(value not in (None, "") for value in given.values()):
        # A new link replaces the old one (Saleor's menuItemUpdate does the same).
        current = {"url": "", "category": None, "collection": None, "page": None}
    for name, value in given.items():
        current[name] = value if value is not None else ("" if name == "url" else None)
    return current


def _item_problems(
    fields: MenuItemFields, *, creating: bool, problems: list[ContentError], instance: MenuItem | None = None
) -> None:
    given_name = None if fields.name is UNSET else fields.name
    problems += text_problems(
        given_name, field="name", required=creating or fields.name is not UNSET, max_length=128, codes=Code
    )
    chosen = [
        name
        for name in ("url", "category", "collection", "page")
        if getattr(fields, name) is not UNSET and getattr(fields, name) not in (None, "")
    ]
    if len(chosen) > 1:
        problems.append(ContentError(Code.TOO_MANY_MENU_ITEMS, "More than one item provided.", field="items"))
    if fields.url is not UNSET and fields.url:
        url = str(fields.url).strip()
        try:
            if len(url) > 256:
                raise ValidationError("too long")
            _URL(url)
        except ValidationError:
            problems.append(ContentError(Code.INVALID, "Enter a valid http(s) URL.", field="url"))
    for child in fields.children:
        _item_problems(child, creating=True, problems=problems)


def _item_tree_create(menu: Menu, parent: MenuItem | None, fields: MenuItemFields, order: int) -> MenuItem:
    links = _links(fields, None)
    item = MenuItem.objects.create(
        menu=menu,
        parent=parent,
        level=parent.level + 1 if parent else 0,
        sort_order=order,
        name=str(fields.name).strip(),
        url=str(links["url"]).strip(),
        category=links["category"],
        collection=links["collection"],
        page=links["page"],
    )
    if item.level > MAX_DEPTH:
        raise ContentError(Code.INVALID, f"Menus are at most {MAX_DEPTH + 1} levels deep.", field="parent")
    for child_order, child in enumerate(fields.children):
        _item_tree_create(menu, item, child, child_order)
    return item


def _menu_full(menu: Menu) -> None:
    if menu.items.count() >= MAX_ITEMS_PER_MENU:
        raise ContentError(Code.INVALID, f"A menu holds at most {MAX_ITEMS_PER_MENU} items.", field="menu")


@transaction.atomic
def menu_item_create(
    *, actor: Actor, menu: Menu, parent: MenuItem | None, fields: MenuItemFields
) -> MenuItem:
    """Saleor's ``menuItemCreate``: last among its siblings."""
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    problems: list[ContentError] = []
    _item_problems(fields, creating=True, problems=problems)
    if parent is not None and parent.menu_id != menu.pk:
        problems.append(ContentError(Code.INVALID, "The parent belongs to another menu.", field="parent"))
    if parent is not None and parent.level + 1 > MAX_DEPTH:
        problems.append(
            ContentError(Code.INVALID, f"Menus are at most {MAX_DEPTH + 1} levels deep.", field="parent")
        )
    if problems:
        raise ContentError.group(problems)
    _menu_full(menu)
    last = MenuItem.objects.filter(menu=menu, parent=parent).aggregate(last=Max("sort_order"))["last"]
    item = _item_tree_create(menu, parent, fields, (last + 1) if last is not None else 0)
    _audit(actor, "menu_item.created", item, None, _item_snapshot(item))
    return item


@transaction.atomic
def menu_item_update(*, actor: Actor, item: MenuItem, fields: MenuItemFields) -> MenuItem:
    """Saleor's ``menuItemUpdate``: a new link replaces the item's old one."""
    item = MenuItem.objects.select_for_update().get(pk=item.pk)
    before = _item_snapshot(item)
    problems: list[ContentError] = []
    _item_problems(fields, creating=False, problems=problems, instance=item)
    if problems:
        raise ContentError.group(problems)
    changes = _links(fields, item)
    changes["url"] = str(changes["url"]).strip()
    if fields.name is not UNSET and fields.name is not None:
        changes["name"] = str(fields.name).strip()
    fields_save_changed(item, changes)
    _audit(actor, "menu_item.updated", item, before, _item_snapshot(item))
    return item


@transaction.atomic
def menu_item_delete(*, actor: Actor, item: MenuItem) -> MenuItem:
    """Saleor's ``menuItemDelete``: its children go with it."""
    before = _item_snapshot(item)
    pk = item.pk
    item.delete()
    item.pk = pk
    audit_log_record(actor=actor, action="menu_item.deleted", target=item, payload={"before": before})
    return item


@dataclass(frozen=True)
class MenuItemMove:
    """One move of Saleor's ``menuItemMove``: ``parent`` UNSET keeps it; ``sort_order`` is relative."""

    item: MenuItem
    parent: Any = UNSET
    sort_order: int | None = None


def _levels_fix(menu: Menu) -> None:
    items = list(MenuItem.objects.filter(menu=menu).only("pk", "parent_id", "level"))
    by_parent: dict[int | None, list[MenuItem]] = {}
    for item in items:
        by_parent.setdefault(item.parent_id, []).append(item)
    frontier, level = by_parent.get(None, []), 0
    while frontier:
        for item in frontier:
            if item.level != level:
                MenuItem.objects.filter(pk=item.pk).update(level=level)
        frontier = [child for item in frontier for child in by_parent.get(item.pk, [])]
        level += 1


@transaction.atomic
def menu_item_move(*, actor: Actor, menu: Menu, moves: Sequence[MenuItemMove]) -> Menu:
    """Saleor's ``menuItemMove``: reparent items and shift them among their siblings.

    A ``sort_order`` moves the item by that many places (Saleor's relative move); a new parent
    must be in the same menu and not the item itself or one of its descendants.
    """
    menu = Menu.objects.select_for_update().get(pk=menu.pk)
    before = _menu_snapshot(menu)
    if not moves:
        raise ContentError(Code.NO_MENU_ITEM_PROVIDED, "No menu item to move.", field="moves")
    parents = {item.pk: item.parent_id for item in MenuItem.objects.filter(menu=menu)}
    problems: list[ContentError] = []
    for move in moves:
        if move.item.menu_id != menu.pk:
            problems.append(
                ContentError(Code.INVALID_MENU_ITEM, "The item belongs to another menu.", field="item")
            )
            continue
        if move.parent is UNSET or move.parent is None:
            if move.parent is None:
                parents[move.item.pk] = None
            continue
        if move.parent.menu_id != menu.pk:
            problems.append(
                ContentError(Code.INVALID_MENU_ITEM, "The parent belongs to another menu.", field="parentId")
            )
            continue
        parents[move.item.pk] = move.parent.pk
    for pk in parents:  # no cycles: every chain of parents ends at the top
        seen: set[int] = set()
        current: int | None = pk
        while current is not None:
            if current in seen:
                problems.append(
                    ContentError(
                        Code.CANNOT_ASSIGN_NODE, "Cannot assign a node as child of itself.", field="parentId"
                    )
                )
                break
            seen.add(current)
            current = parents.get(current)
        if problems:
            break
    if problems:
        raise ContentError.group(problems)
    for move in moves:
        item = MenuItem.objects.get(pk=move.item.pk)
        new_parent = parents[item.pk]
        if new_parent != item.parent_id:
            last = MenuItem.objects.filter(menu=menu, parent_id=new_parent).aggregate(last=Max("sort_order"))[
                "last"
            ]
            item.parent_id = new_parent
            item.sort_order = (last + 1) if last is not None else 0
            item.save(update_fields=["parent", "sort_order"])
        if move.sort_order:
            siblings = list(
                MenuItem.objects.filter(menu=menu, parent_id=new_parent).order_by("sort_order", "pk")
            )
            index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
            target = max(0, min(len(siblings) - 1, index + move.sort_order))
            siblings.insert(target, siblings.pop(index))
            for order, sibling in enumerate(siblings):
                if sibling.sort_order != order:
                    MenuItem.objects.filter(pk=sibling.pk).update(sort_order=order)
    _levels_fix(menu)
    if MenuItem.objects.filter(menu=menu, level__gt=MAX_DEPTH).exists():
        raise ContentError(Code.INVALID, f"Menus are at most {MAX_DEPTH + 1} levels deep.", field="parentId")
    _audit(actor, "menu.items_moved", menu, before, _menu_snapshot(menu))
    return menu


@transaction.atomic
def menu_item_translate(*, actor: Actor, item: MenuItem, language_code: str, name: Any) -> MenuItem:
    """Saleor's ``menuItemTranslate``: the item's name in ``language_code``."""
    if name is UNSET or name is None:
        return item
    problems = text_problems(name, field="name", required=True, max_length=128, codes=Code)
    if problems:
        raise ContentError.group(problems)
    row = MenuItemTranslation.objects.filter(menu_item=item, language_code=language_code).first()
    before = row.name if row else None
    translation_upsert(
        MenuItemTranslation,
        owner_field="menu_item",
        owner=item,
        language_code=language_code,
        fields={"name": name.strip()},
    )
    if before != name.strip():
        audit_log_record(
            actor=actor,
            action="menu_item.translated",
            target=item,
            payload={"language_code": language_code, "before": before, "after": name.strip()},
        )
    return item
