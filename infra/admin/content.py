"""Pages and menus for the marketing team (``MANAGE_PAGES``, ``MANAGE_MENUS``, page types with
``MANAGE_PAGE_TYPES_AND_ATTRIBUTES``). Every write goes through ``storefront.content``'s services,
which check the input, sanitise the text and record the audit entry, as the API's mutations do.

A page's text is edited as plain paragraphs separated by blank lines (a line starting ``## ``
is a heading; bold, italics and links may be written as HTML, which the service sanitises);
a page holding other EditorJS blocks (lists, images) keeps them unless its text is changed here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.services.staff_products import UNSET
from storefront.content.menus import (
    MenuItemFields,
    menu_create,
    menu_delete,
    menu_item_create,
    menu_item_delete,
    menu_item_update,
    menu_update,
)
from storefront.content.models import Menu, MenuItem, Page, PageType
from storefront.content.pages import (
    PageFields,
    page_create,
    page_delete,
    page_type_create,
    page_type_delete,
    page_type_update,
    page_update,
)

PAGES = (PermissionCode.MANAGE_PAGES,)
MENUS = (PermissionCode.MANAGE_MENUS,)
PAGE_TYPES = (PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,)


def text_from_content(content: Any) -> str | None:
    """The page's text as the form shows it, or ``None`` when it holds blocks the form cannot show."""
    blocks = (content or {}).get("blocks", [])
    parts = []
    for block in blocks:
        text = block.get("data", {}).get("text", "")
        if block.get("type") == "paragraph":
            parts.append(text)
        elif block.get("type") == "header":
            parts.append(f"## {text}")
        else:
            return None
    return "\n\n".join(parts)


def content_from_text(text: str) -> dict[str, Any]:
    blocks = []
    for part in (p.strip() for p in text.replace("\r\n", "\n").split("\n\n")):
        if part.startswith("## "):
            blocks.append({"type": "header", "data": {"text": part[3:].strip(), "level": 2}})
        elif part:
            blocks.append({"type": "paragraph", "data": {"text": part}})
    return {"blocks": blocks}


class PageForm(ServiceForm):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Paragraphs separated by a blank line; a line starting with ## is a heading."),
    )
    error_fields = {"content": "text", "page_type": "page_type"}

    class Meta:
        model = Page
        fields = (
            "page_type",
            "title",
            "slug",
            "seo_title",
            "seo_description",
            "is_published",
            "published_at",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Made from the title when left empty.")
        shown = text_from_content(self.instance.content) if self.instance.pk else ""
        if shown is None:
            self.fields["text"].disabled = True
            self.fields["text"].help_text = _("This page holds lists or images: edit it through the API.")
        else:
            self.fields["text"].initial = shown

    def service(self, actor: Actor) -> Page:
        data = self.cleaned_data
        text_changed = "text" in self.changed_data and not self.fields["text"].disabled
        fields = PageFields(
            title=data["title"],
            slug=data["slug"] or UNSET,
            content=content_from_text(data["text"]) if text_changed or self.instance.pk is None else UNSET,
            seo_title=data.get("seo_title") or "",
            seo_description=data.get("seo_description") or "",
            is_published=bool(data.get("is_published")),
            published_at=data.get("published_at"),
        )
        if self.instance.pk is None:
            return page_create(actor=actor, page_type=data["page_type"], fields=fields)
        return page_update(actor=actor, page=self.instance, fields=fields)


@admin.register(Page, site=site)
class PageAdmin(ServiceAdmin):
    permission_codes = PAGES
    writes = frozenset({"add", "change", "delete"})
    admin_section = "content"
    menu_name = _("Pages")
    form = PageForm
    list_display = ("title", "slug", "page_type", "is_published", "published_at")
    list_filter = ("page_type", "is_published")
    search_fields = ("title", "slug")
    list_select_related = ("page_type",)

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        editable = ("title", "slug", "text", "seo_title", "seo_description", "is_published", "published_at")
        return editable if obj is not None else ("page_type", *editable)

    def delete_service(self, actor: Actor, obj: Page) -> None:
        page_delete(actor=actor, page=obj)


class PageTypeForm(ServiceForm):
    class Meta:
        model = PageType
        fields = ("name", "slug")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def service(self, actor: Actor) -> PageType:
        data = self.cleaned_data
        slug = data["slug"] or UNSET
        if self.instance.pk is None:
            return page_type_create(actor=actor, name=data["name"], slug=slug)
        return page_type_update(actor=actor, page_type=self.instance, name=data["name"], slug=slug)


@admin.register(PageType, site=site)
class PageTypeAdmin(ServiceAdmin):
    permission_codes = PAGE_TYPES
    writes = frozenset({"add", "change", "delete"})
    admin_section = "content"
    menu_name = _("Page types")
    form = PageTypeForm
    list_display = ("name", "slug")

    def delete_service(self, actor: Actor, obj: PageType) -> None:
        page_type_delete(actor=actor, page_type=obj)


class MenuForm(ServiceForm):
    class Meta:
        model = Menu
        fields = ("name", "slug")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def service(self, actor: Actor) -> Menu:
        data = self.cleaned_data
        slug = data["slug"] or UNSET
        if self.instance.pk is None:
            return menu_create(actor=actor, name=data["name"], slug=slug)
        return menu_update(actor=actor, menu=self.instance, name=data["name"], slug=slug)


class MenuItemInline(ReadOnlyTabular):
    model = MenuItem
    permission_codes = MENUS
    fields = ("name", "parent", "level", "sort_order", "category", "collection", "page", "url")
    show_change_link = True
    verbose_name = _("menu item")
    verbose_name_plural = _("menu items")


@admin.register(Menu, site=site)
class MenuAdmin(ServiceAdmin):
    permission_codes = MENUS
    writes = frozenset({"add", "change", "delete"})
    admin_section = "content"
    menu_name = _("Menus")
    form = MenuForm
    list_display = ("name", "slug")
    inlines = (MenuItemInline,)

    def delete_service(self, actor: Actor, obj: Menu) -> None:
        menu_delete(actor=actor, menu=obj)


class MenuItemForm(ServiceForm):
    url = forms.URLField(label=_("URL"), required=False, max_length=256, assume_scheme="https")

    class Meta:
        model = MenuItem
        fields = ("menu", "parent", "name", "category", "collection", "page", "url")

    def service(self, actor: Actor) -> MenuItem:
        data = self.cleaned_data
        fields = MenuItemFields(
            name=data["name"],
            url=data.get("url") or "",
            category=data.get("category"),
            collection=data.get("collection"),
            page=data.get("page"),
        )
        if self.instance.pk is None:
            return menu_item_create(actor=actor, menu=data["menu"], parent=data.get("parent"), fields=fields)
        return menu_item_update(actor=actor, item=self.instance, fields=fields)


@admin.register(MenuItem, site=site)
class MenuItemAdmin(ServiceAdmin):
    permission_codes = MENUS
    writes = frozenset({"add", "change", "delete"})
    admin_section = "content"
    menu_name = _("Menu items")
    form = MenuItemForm
    list_display = ("name", "menu", "parent", "level", "category", "collection", "page", "url")
    list_filter = ("menu",)
    list_select_related = ("menu", "parent", "category", "collection", "page")

    def get_fields(self, request: Any, obj: Any = None) -> Any:
        links = ("name", "category", "collection", "page", "url")
        return links if obj is not None else ("menu", "parent", *links)

    def delete_service(self, actor: Actor, obj: MenuItem) -> None:
        menu_item_delete(actor=actor, item=obj)
