"""Menu services: links (one at most), nesting, moves, translations, visibility of linked objects."""

from __future__ import annotations

import pytest

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import Collection
from storefront.catalog.selectors import collection_list_for_channel
from storefront.content import selectors
from storefront.content.error_codes import ContentError
from storefront.content.menus import (
    MenuItemFields,
    MenuItemMove,
    menu_item_create,
    menu_item_move,
    menu_item_translate,
    menu_item_update,
)
from storefront.content.models import MenuItem, MenuItemTranslation
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory
from tests.storefront.content.factories import menu, page

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()


def test_a_menu_is_created_with_nested_items_and_their_levels():
    footer = menu(
        MenuItemFields(name="Help", children=[MenuItemFields(name="Care", url="https://asal.example/care")]),
        slug="footer",
    )

    heading, link = MenuItem.objects.filter(menu=footer).order_by("pk")
    assert (heading.level, heading.parent_id, heading.url) == (0, None, "")
    assert (link.level, link.parent_id, link.url) == (1, heading.pk, "https://asal.example/care")
    assert AuditLogEntry.objects.filter(action="menu.created", object_id=str(footer.pk)).count() == 1


def test_an_item_links_at_most_one_thing_and_only_safe_urls():
    navbar = menu(slug="navbar")
    with pytest.raises(ContentError) as raised:
        menu_item_create(
            actor=SYSTEM,
            menu=navbar,
            parent=None,
            fields=MenuItemFields(name="Both", url="https://a.example", category=CategoryFactory()),
        )
    assert raised.value.code == "TOO_MANY_MENU_ITEMS"

    with pytest.raises(ContentError) as raised:
        menu_item_create(
            actor=SYSTEM, menu=navbar, parent=None, fields=MenuItemFields(name="x", url="javascript:alert(1)")
        )
    assert (raised.value.field, raised.value.code) == ("url", "INVALID")
    assert MenuItem.objects.count() == 0


def test_a_new_link_replaces_the_old_one():
    navbar = menu(MenuItemFields(name="Shop", url="https://a.example"), slug="navbar")
    item = navbar.items.get()
    category = CategoryFactory()

    menu_item_update(actor=SYSTEM, item=item, fields=MenuItemFields(category=category))

    item.refresh_from_db()
    assert (item.url, item.category_id) == ("", category.pk)


def test_moves_reparent_reorder_and_refuse_cycles():
    navbar = menu(
        MenuItemFields(name="A", children=[MenuItemFields(name="A1")]),
        MenuItemFields(name="B"),
        slug="navbar",
    )
    a, a1, b = MenuItem.objects.order_by("pk")

    menu_item_move(actor=SYSTEM, menu=navbar, moves=[MenuItemMove(item=b, sort_order=-1)])
    assert list(
        MenuItem.objects.filter(parent=None).order_by("sort_order").values_list("name", flat=True)
    ) == ["B", "A"]

    menu_item_move(actor=SYSTEM, menu=navbar, moves=[MenuItemMove(item=b, parent=a1)])
    b.refresh_from_db()
    assert (b.parent_id, b.level) == (a1.pk, 2)

    with pytest.raises(ContentError) as raised:
        menu_item_move(actor=SYSTEM, menu=navbar, moves=[MenuItemMove(item=a, parent=b)])
    assert raised.value.code == "CANNOT_ASSIGN_NODE"
    a.refresh_from_db()
    assert a.parent_id is None


def test_an_item_is_translated_and_audited_once():
    navbar = menu(MenuItemFields(name="Textiles"), slug="navbar")
    item = navbar.items.get()

    menu_item_translate(actor=SYSTEM, item=item, language_code="id", name="Kain tenun")
    menu_item_translate(actor=SYSTEM, item=item, language_code="id", name="Kain tenun")

    assert MenuItemTranslation.objects.get(menu_item=item).name == "Kain tenun"
    assert AuditLogEntry.objects.filter(action="menu_item.translated").count() == 1


def test_items_linking_unpublished_pages_or_collections_are_hidden_with_their_children():
    channel = ChannelFactory()
    draft = page(published=False)
    hidden_collection = Collection.objects.create(name="Draft", slug="draft")
    navbar = menu(
        MenuItemFields(name="Draft page", page=draft, children=[MenuItemFields(name="Under the draft")]),
        MenuItemFields(name="Draft collection", collection=hidden_collection),
        MenuItemFields(name="Published", page=page()),
        slug="navbar",
    )

    buyer = selectors.menu_items_for(
        menu_ids=[navbar.pk],
        visible_pages=selectors.page_list(include_unpublished=False),
        visible_collections=collection_list_for_channel(channel=channel, include_unpublished=False),
    )
    staff = selectors.menu_items_for(menu_ids=[navbar.pk], visible_pages=None, visible_collections=None)

    assert [item.name for item in buyer[navbar.pk]] == ["Published"]
    assert len(staff[navbar.pk]) == 4
