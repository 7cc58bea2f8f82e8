"""Pages and menus in the admin: the marketing team's writes go through the content services."""

from __future__ import annotations

import pytest

from infra.admin.content import content_from_text, text_from_content
from storefront.accounts.models import AuditLogEntry
from storefront.content.menus import MenuItemFields
from storefront.content.models import MenuItem, Page
from tests.storefront.content.factories import menu, page, page_type

pytestmark = pytest.mark.django_db


def _page_form(**changes) -> dict:
    return {
        "title": "Caring for ketak",
        "slug": "",
        "text": "## Dust\n\nUse a <b>soft</b> brush.<script>alert(1)</script>",
        "seo_title": "",
        "seo_description": "",
        "published_at_0": "",
        "published_at_1": "",
        **changes,
    }


def test_marketing_adds_a_page_whose_text_becomes_a_sanitised_editorjs_document(as_staff, staff):
    kind = page_type("Guide")

    response = as_staff("Marketing").post(
        "/admin/content/page/add/", _page_form(page_type=kind.pk, is_published="on")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Page.objects.get()
    assert created.slug == "caring-for-ketak" and created.is_published
    assert created.content == {
        "blocks": [
            {"type": "header", "data": {"text": "Dust", "level": 2}},
            {"type": "paragraph", "data": {"text": "Use a <b>soft</b> brush."}},
        ]
    }
    assert AuditLogEntry.objects.get(action="page.created").actor_user == staff["Marketing"]


def test_a_refused_slug_is_a_form_error_and_nothing_changes(as_staff):
    page(title="Taken", slug="taken")
    story = page(title="Story")

    response = as_staff("Marketing").post(f"/admin/content/page/{story.pk}/change/", _page_form(slug="taken"))

    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors["slug"])
    story.refresh_from_db()
    assert story.title == "Story"


def test_marketing_relinks_a_menu_item(as_staff, staff):
    navbar = menu(MenuItemFields(name="Blog", url="https://blog.example"), slug="navbar")
    item = navbar.items.get()
    story = page(title="Loyok")

    response = as_staff("Marketing").post(
        f"/admin/content/menuitem/{item.pk}/change/",
        {"name": "Makers", "category": "", "collection": "", "page": story.pk, "url": ""},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert (item.name, item.page_id, item.url) == ("Makers", story.pk, "")
    assert AuditLogEntry.objects.get(action="menu_item.updated").actor_user == staff["Marketing"]
    assert MenuItem.objects.count() == 1


def test_other_groups_do_not_see_pages_or_menus(as_staff):
    for group in ("Catalogue", "Fulfilment"):
        client = as_staff(group)
        assert client.get("/admin/content/page/").status_code == 403
        assert client.get("/admin/content/menu/").status_code == 403


def test_text_and_content_convert_both_ways_and_other_blocks_are_not_shown_as_text():
    document = content_from_text("## Title\n\nFirst.\r\n\r\nSecond.")

    assert text_from_content(document) == "## Title\n\nFirst.\n\nSecond."
    assert text_from_content({"blocks": [{"type": "list", "data": {"items": ["x"]}}]}) is None
