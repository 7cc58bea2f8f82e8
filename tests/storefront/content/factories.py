"""Pages, page types and menus for tests, written through the content services."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from storefront.accounts.actor import Actor
from storefront.content.menus import MenuItemFields, menu_create
from storefront.content.models import Menu, Page, PageType
from storefront.content.pages import PageFields, page_create, page_type_create

_numbers = itertools.count(1)


def page_type(name: str | None = None) -> PageType:
    return page_type_create(actor=Actor.system(), name=name or f"Story {next(_numbers)}")


def page(
    *,
    title: str | None = None,
    published: bool = True,
    published_at: datetime | None = None,
    kind: PageType | None = None,
    text: str = "Plaited in Loyok.",
    **fields: Any,
) -> Page:
    return page_create(
        actor=Actor.system(),
        page_type=kind or page_type(),
        fields=PageFields(
            title=title or f"Maker story {next(_numbers)}",
            content={"blocks": [{"type": "paragraph", "data": {"text": text}}]},
            is_published=published,
            **({"published_at": published_at} if published_at is not None else {}),
            **fields,
        ),
    )


def menu(*items: MenuItemFields, slug: str | None = None) -> Menu:
    return menu_create(
        actor=Actor.system(),
        name=slug or f"menu-{next(_numbers)}",
        slug=slug or f"menu-{next(_numbers)}",
        items=list(items),
    )
