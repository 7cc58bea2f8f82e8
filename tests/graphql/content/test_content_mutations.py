# ruff: noqa: E501  (GraphQL documents read better on one line)
"""Saleor's staff mutations of pages, page types and menus: each allowed with its permission (with an
audit entry), refused without it, and bad input answered in the payload without a write."""

from __future__ import annotations

import json

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.content.menus import MenuItemFields
from storefront.content.models import Menu, MenuItem, MenuItemTranslation, Page, PageTranslation, PageType
from tests.graphql.catalog.factories import CategoryFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.content.factories import menu, page, page_type

pytestmark = pytest.mark.django_db


def gid(obj) -> str:
    return to_global_id(type(obj).__name__, obj.pk)


def _run(gql, headers, document: str, variables: dict, root: str) -> dict:
    body = gql(document, variables, headers=headers)
    assert "errors" not in body, body
    return body["data"][root]


@pytest.fixture
def pages_staff():
    return bearer(staff_user(P.MANAGE_PAGES))


@pytest.fixture
def menus_staff():
    return bearer(staff_user(P.MANAGE_MENUS))


PAGE_CREATE = """mutation($input: PageCreateInput!) {
  pageCreate(input: $input) { page { id slug title content isPublished publishedAt } errors { field code message } }
}"""


def test_page_create_sanitises_content_and_is_audited(gql, pages_staff):
    kind = page_type()
    content = {
        "blocks": [
            {
                "type": "paragraph",
                "data": {"text": 'Loyok<script>alert(1)</script><a href="javascript:x">a</a>'},
            }
        ]
    }

    result = _run(
        gql,
        pages_staff,
        PAGE_CREATE,
        {
            "input": {
                "pageType": gid(kind),
                "title": "Loyok",
                "content": json.dumps(content),
                "isPublished": True,
            }
        },
        "pageCreate",
    )

    assert result["errors"] == []
    assert json.loads(result["page"]["content"]) == {
        "blocks": [{"type": "paragraph", "data": {"text": "Loyok<a>a</a>"}}]
    }
    assert result["page"]["isPublished"] and result["page"]["publishedAt"]
    assert AuditLogEntry.objects.filter(action="page.created").count() == 1


def test_page_create_reports_bad_input_in_the_payload_and_writes_nothing(gql, pages_staff):
    kind = page_type()
    result = _run(
        gql,
        pages_staff,
        PAGE_CREATE,
        {"input": {"pageType": gid(kind), "title": "", "content": json.dumps({"blocks": [{"type": "raw"}]})}},
        "pageCreate",
    )

    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("title", "REQUIRED"),
        ("content", "INVALID"),
    }
    assert result["page"] is None and Page.objects.count() == 0


def test_page_update_delete_bulk_publish_and_bulk_delete(gql, pages_staff):
    first, second = page(published=False), page(published=False)

    updated = _run(
        gql,
        pages_staff,
        'mutation($id: ID!) { pageUpdate(id: $id, input: { title: "Sukarara", seo: { title: "S" } }) { page { title seoTitle } errors { code } } }',
        {"id": gid(first)},
        "pageUpdate",
    )
    assert updated == {"page": {"title": "Sukarara", "seoTitle": "S"}, "errors": []}

    published = _run(
        gql,
        pages_staff,
        "mutation($ids: [ID!]!) { pageBulkPublish(ids: $ids, isPublished: true) { count errors { code } } }",
        {"ids": [gid(first), gid(second)]},
        "pageBulkPublish",
    )
    assert published == {"count": 2, "errors": []}
    assert Page.objects.filter(is_published=True).count() == 2

    deleted = _run(
        gql,
        pages_staff,
        "mutation($id: ID!) { pageDelete(id: $id) { page { id title } errors { code } } }",
        {"id": gid(first)},
        "pageDelete",
    )
    assert deleted["page"] == {"id": gid(first), "title": "Sukarara"}
    bulk = _run(
        gql,
        pages_staff,
        "mutation($ids: [ID!]!) { pageBulkDelete(ids: $ids) { count errors { code } } }",
        {"ids": [gid(second)]},
        "pageBulkDelete",
    )
    assert bulk == {"count": 1, "errors": []}
    assert Page.objects.count() == 0
    actions = list(AuditLogEntry.objects.filter(action__startswith="page.").values_list("action", flat=True))
    assert actions.count("page.deleted") == 2 and actions.count("page.updated") == 3


def test_page_types_are_written_with_their_own_permission(gql):
    staff = bearer(staff_user(P.MANAGE_PAGE_TYPES_AND_ATTRIBUTES))
    created = _run(
        gql,
        staff,
        'mutation { pageTypeCreate(input: { name: "Care guide" }) { pageType { id slug hasPages } errors { code } } }',
        {},
        "pageTypeCreate",
    )
    assert created["pageType"]["slug"] == "care-guide" and created["pageType"]["hasPages"] is False
    kind_id = created["pageType"]["id"]
    updated = _run(
        gql,
        staff,
        'mutation($id: ID) { pageTypeUpdate(id: $id, input: { name: "Guide" }) { pageType { name } errors { code } } }',
        {"id": kind_id},
        "pageTypeUpdate",
    )
    assert updated == {"pageType": {"name": "Guide"}, "errors": []}
    _run(
        gql,
        staff,
        "mutation($id: ID!) { pageTypeDelete(id: $id) { errors { code } } }",
        {"id": kind_id},
        "pageTypeDelete",
    )
    assert PageType.objects.count() == 0
    assert AuditLogEntry.objects.filter(action__startswith="page_type.").count() == 3


def test_page_translate_needs_manage_translations(gql):
    story = page()
    staff = bearer(staff_user(P.MANAGE_TRANSLATIONS))
    document = """mutation($id: ID!) { pageTranslate(id: $id, languageCode: ID, input: { title: "Cerita", slug: "cerita" }) {
      page { pageId title translation(languageCode: ID) { title slug } } errors { field code } } }"""

    result = _run(gql, staff, document, {"id": gid(story)}, "pageTranslate")

    assert result["page"]["translation"] == {"title": "Cerita", "slug": "cerita"}
    assert result["page"]["pageId"] == gid(story)
    assert PageTranslation.objects.get(page=story).language_code == "id"
    assert AuditLogEntry.objects.filter(action="page.translated").count() == 1


MENU_CREATE = """mutation($input: MenuCreateInput!) {
  menuCreate(input: $input) { menu { id slug items { name category { slug } url } } errors { field code } }
}"""


def test_menu_create_update_delete(gql, menus_staff):
    category = CategoryFactory(slug="textiles")
    created = _run(
        gql,
        menus_staff,
        MENU_CREATE,
        {
            "input": {
                "name": "navbar",
                "items": [
                    {"name": "Textiles", "category": gid(category)},
                    {"name": "Blog", "url": "https://blog.example"},
                ],
            }
        },
        "menuCreate",
    )
    assert created["errors"] == []
    assert created["menu"]["items"] == [
        {"name": "Textiles", "category": {"slug": "textiles"}, "url": None},
        {"name": "Blog", "category": None, "url": "https://blog.example"},
    ]
    menu_id = created["menu"]["id"]
    updated = _run(
        gql,
        menus_staff,
        'mutation($id: ID!) { menuUpdate(id: $id, input: { slug: "header" }) { menu { slug } errors { code } } }',
        {"id": menu_id},
        "menuUpdate",
    )
    assert updated == {"menu": {"slug": "header"}, "errors": []}
    _run(
        gql,
        menus_staff,
        "mutation($id: ID!) { menuDelete(id: $id) { errors { code } } }",
        {"id": menu_id},
        "menuDelete",
    )
    assert Menu.objects.count() == 0 and MenuItem.objects.count() == 0
    assert [a for a in AuditLogEntry.objects.order_by("pk").values_list("action", flat=True)] == [
        "menu.created", "menu.updated", "menu.deleted",
    ]  # fmt: skip


def test_menu_create_refuses_an_item_with_two_links(gql, menus_staff):
    result = _run(
        gql,
        menus_staff,
        MENU_CREATE,
        {
            "input": {
                "name": "navbar",
                "items": [{"name": "x", "url": "https://a.example", "category": gid(CategoryFactory())}],
            }
        },
        "menuCreate",
    )

    assert result["errors"] == [{"field": "items", "code": "TOO_MANY_MENU_ITEMS"}]
    assert Menu.objects.count() == 0


def test_menu_items_are_created_updated_moved_translated_and_deleted(gql, menus_staff):
    navbar = menu(MenuItemFields(name="A"), MenuItemFields(name="B"), slug="navbar")
    a, b = MenuItem.objects.order_by("pk")
    created = _run(
        gql,
        menus_staff,
        """mutation($menu: ID!, $parent: ID) { menuItemCreate(input: { name: "A1", menu: $menu, parent: $parent, url: "https://a.example" }) {
          menuItem { id level parent { name } menu { slug } } errors { code } } }""",
        {"menu": gid(navbar), "parent": gid(a)},
        "menuItemCreate",
    )
    assert created["menuItem"]["level"] == 1 and created["menuItem"]["parent"] == {"name": "A"}
    item_id = created["menuItem"]["id"]
    updated = _run(
        gql,
        menus_staff,
        'mutation($id: ID!) { menuItemUpdate(id: $id, input: { name: "A-one" }) { menuItem { name url } errors { code } } }',
        {"id": item_id},
        "menuItemUpdate",
    )
    assert updated == {"menuItem": {"name": "A-one", "url": "https://a.example"}, "errors": []}
    moved = _run(
        gql,
        menus_staff,
        """mutation($menu: ID!, $item: ID!) { menuItemMove(menu: $menu, moves: [{ itemId: $item, sortOrder: 1 }]) {
          menu { items { name } } errors { code } } }""",
        {"menu": gid(navbar), "item": gid(a)},
        "menuItemMove",
    )
    assert moved == {"menu": {"items": [{"name": "B"}, {"name": "A"}]}, "errors": []}
    translator = bearer(staff_user(P.MANAGE_TRANSLATIONS))
    translated = _run(
        gql,
        translator,
        'mutation($id: ID!) { menuItemTranslate(id: $id, languageCode: ID, input: { name: "B-id" }) { menuItem { translation(languageCode: ID) { name } } errors { code } } }',
        {"id": gid(b)},
        "menuItemTranslate",
    )
    assert translated["menuItem"]["translation"] == {"name": "B-id"}
    assert MenuItemTranslation.objects.count() == 1
    _run(
        gql,
        menus_staff,
        "mutation($id: ID!) { menuItemDelete(id: $id) { errors { code } } }",
        {"id": gid(a)},
        "menuItemDelete",
    )
    assert list(MenuItem.objects.values_list("name", flat=True)) == ["B"]
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "menu_item.created",
        "menu_item.updated",
        "menu.items_moved",
        "menu_item.translated",
        "menu_item.deleted",
    } <= actions


@pytest.mark.parametrize(
    ("holding", "document"),
    [
        (P.MANAGE_MENUS, 'mutation { pageTypeCreate(input: { name: "x" }) { errors { code } } }'),
        (P.MANAGE_PAGES, 'mutation { menuCreate(input: { name: "x" }) { errors { code } } }'),
        (
            P.MANAGE_PAGES,
            'mutation { menuItemTranslate(id: "TWVudUl0ZW06MQ==", languageCode: ID, input: { name: "x" }) { errors { code } } }',
        ),
        (P.MANAGE_TRANSLATIONS, "mutation { pageBulkPublish(ids: [], isPublished: true) { count } }"),
    ],
    ids=["page-type-by-menus", "menu-by-pages", "translate-by-pages", "publish-by-translations"],
)
def test_staff_without_the_permission_are_refused_and_nothing_is_written(gql, holding, document):
    body = gql(document, headers=bearer(staff_user(holding)))

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert (PageType.objects.count(), Menu.objects.count(), AuditLogEntry.objects.count()) == (0, 0, 0)
