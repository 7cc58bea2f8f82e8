"""``pageType(id)``, ``pageTypes``, ``menuItem(id)`` and ``menuItems``: public, as in Saleor; a buyer
sees a menu item only where the menu would show it."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.content.menus import MenuItemFields
from storefront.content.models import MenuItem
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.content.factories import menu, page, page_type

pytestmark = pytest.mark.django_db

PAGE_TYPES = """query($filter: PageTypeFilterInput, $sortBy: PageTypeSortingInput) {
  pageTypes(first: 10, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { name slug hasPages } } } }"""
PAGE_TYPE = """query($id: ID!) { pageType(id: $id) { name attributes { slug } } }"""
MENU_ITEMS = """query($filter: MenuItemFilterInput, $sortBy: MenuItemSortingInput) {
  menuItems(first: 20, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { name menu { slug } parent { name } children { name } page { title } } } } }"""
MENU_ITEM = """query($id: ID!) { menuItem(id: $id) { name menu { slug } page { title } } }"""


def test_page_types_listed_filtered_sorted_and_looked_up(gql) -> None:
    village = page_type("Village")
    page_type("Care guide")
    page(kind=village)
    listed = gql(PAGE_TYPES, {"sortBy": {"field": "NAME", "direction": "DESC"}})["data"]["pageTypes"]
    assert [edge["node"]["name"] for edge in listed["edges"]] == ["Village", "Care guide"]
    assert listed["edges"][0]["node"]["hasPages"] is True and listed["edges"][1]["node"]["hasPages"] is False
    found = gql(PAGE_TYPES, {"filter": {"search": "care"}})["data"]["pageTypes"]
    assert found["totalCount"] == 1 and found["edges"][0]["node"]["slug"] == "care-guide"
    assert gql(PAGE_TYPES, {"filter": {"slugs": ["village"]}})["data"]["pageTypes"]["totalCount"] == 1
    one = gql(PAGE_TYPE, {"id": to_global_id("PageType", village.pk)})["data"]["pageType"]
    assert one == {"name": "Village", "attributes": []}
    assert gql(PAGE_TYPE, {"id": to_global_id("PageType", 987654)})["data"]["pageType"] is None
    wrong = gql(PAGE_TYPE, {"id": to_global_id("Page", 1)})
    assert wrong["data"]["pageType"] is None and wrong["errors"]


def test_menu_items_hide_what_the_menu_hides_from_buyers(gql) -> None:
    story = page(title="Loyok story")
    draft = page(title="Draft story", published=False)
    menu(
        MenuItemFields(name="Stories", children=[MenuItemFields(name="Loyok", page=story)]),
        MenuItemFields(name="Secret", page=draft),
        slug="navbar",
    )
    buyer = gql(MENU_ITEMS)["data"]["menuItems"]
    nodes = [edge["node"] for edge in buyer["edges"]]
    assert buyer["totalCount"] == 2
    assert [node["name"] for node in nodes] == ["Stories", "Loyok"]
    assert nodes[0]["children"] == [{"name": "Loyok"}] and nodes[1]["parent"] == {"name": "Stories"}
    assert nodes[1]["page"] == {"title": "Loyok story"} and nodes[1]["menu"] == {"slug": "navbar"}

    staff = bearer(staff_user(PermissionCode.MANAGE_PAGES))
    every = gql(MENU_ITEMS, {"sortBy": {"field": "NAME", "direction": "ASC"}}, headers=staff)["data"]
    assert [edge["node"]["name"] for edge in every["menuItems"]["edges"]] == ["Loyok", "Secret", "Stories"]
    assert gql(MENU_ITEMS, {"filter": {"search": "sto"}})["data"]["menuItems"]["totalCount"] == 1

    secret = MenuItem.objects.get(name="Secret")
    assert gql(MENU_ITEM, {"id": to_global_id("MenuItem", secret.pk)})["data"]["menuItem"] is None
    shown = gql(MENU_ITEM, {"id": to_global_id("MenuItem", secret.pk)}, headers=staff)["data"]["menuItem"]
    assert shown == {"name": "Secret", "menu": {"slug": "navbar"}, "page": {"title": "Draft story"}}
    assert gql(MENU_ITEM, {"id": to_global_id("MenuItem", 987654)})["data"]["menuItem"] is None
