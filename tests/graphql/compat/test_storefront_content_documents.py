"""The storefront's menu and page documents against the demo's content, as its layout sends them.

The demo's content (``infra/demo/content.py``: the ``featured-products`` collection, the makers'
pages, the ``navbar`` and ``footer`` menus) is loaded on top of the categories and products it
links, which the catalogue factories stand in for (the whole demo load takes minutes; its own
test, ``tests/infra/demo``, checks that a full load brings this content too).
"""

from __future__ import annotations

import json

import pytest

from infra.demo.content import demo_content_load
from infra.demo.data import content as data
from infra.demo.loader import Catalogue
from storefront.accounts.models import AuditLogEntry
from storefront.content.models import Menu, MenuItem, Page
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, full_product
from tests.graphql.compat.storefront import operation_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_content():
    channel = ChannelFactory()
    for slug in ("home-living", "baskets-storage", "pottery", "textiles"):
        CategoryFactory(slug=slug, name=slug.replace("-", " ").title())
    for slug in data.FEATURED_PRODUCTS[:3]:
        full_product(channel, slug=slug)
    demo_content_load(Catalogue(channels=[channel]))
    return channel


def _menu(gql, slug: str, channel, language: str) -> list[dict]:
    body = gql(
        operation_text("MenuGetBySlug"), {"slug": slug, "channel": channel.slug, "languageCode": language}
    )
    assert "errors" not in body, body
    return body["data"]["menu"]["items"]


def test_the_navbar_links_categories_the_featured_collection_and_a_makers_page(gql, demo_content):
    items = _menu(gql, "navbar", demo_content, "ID")

    assert [item["name"] for item in items] == ["Home & living", "Textiles", "Featured", "Our makers"]
    assert [item["translation"]["name"] for item in items] == [
        "Rumah & gaya hidup", "Kain tenun", "Pilihan", "Pengrajin kami",
    ]  # fmt: skip
    home, textiles, featured, makers = items
    assert home["category"]["slug"] == "home-living" and home["collection"] is None and home["url"] is None
    assert [child["category"]["slug"] for child in home["children"]] == ["baskets-storage", "pottery"]
    assert all(child["level"] == 1 for child in home["children"])
    assert textiles["category"]["slug"] == "textiles"
    assert featured["collection"]["slug"] == "featured-products"
    assert featured["collection"]["translation"] == {"name": "Produk pilihan", "slug": "produk-pilihan"}
    assert makers["page"]["slug"] == "loyok-bamboo-and-rattan"
    assert makers["page"]["translation"] == {
        "title": "Loyok: bambu dan rotan",
        "slug": "loyok-bambu-dan-rotan",
    }


def test_the_footer_has_heading_columns_of_page_links(gql, demo_content):
    items = _menu(gql, "footer", demo_content, "EN")

    assert [(item["name"], item["page"], item["url"]) for item in items] == [
        ("Makers", None, None),
        ("Help", None, None),
    ]
    makers, help_column = items
    assert [child["page"]["slug"] for child in makers["children"]] == [
        "loyok-bamboo-and-rattan", "beleka-ketak", "sukarara-songket", "banyumulek-pottery",
    ]  # fmt: skip
    assert [child["page"]["slug"] for child in help_column["children"]] == [
        "care-guide",
        "village-loyok",
        "village-sukarara",
    ]
    assert makers["children"][0]["translation"] is None  # no English translation: the name is English


def test_a_makers_page_is_read_by_its_indonesian_slug_with_its_translation(gql, demo_content):
    body = gql(
        operation_text("PageGetBySlug"),
        {"slug": "ketak-beleka", "languageCode": "ID", "slugLanguageCode": "ID"},
    )
    assert body["data"]["page"] is None  # the Indonesian slug is the translation's, not this one

    body = gql(
        operation_text("PageGetBySlug"),
        {"slug": "beleka-penganyam-ketak", "languageCode": "ID", "slugLanguageCode": "ID"},
    )

    assert "errors" not in body, body
    found = body["data"]["page"]
    assert (found["slug"], found["title"]) == ("beleka-ketak", "Beleka: the ketak weavers")
    assert json.loads(found["content"])["blocks"][0]["data"]["text"].startswith("Ketak is a wild fern vine")
    assert found["translation"]["title"] == "Beleka: penganyam ketak"
    assert json.loads(found["translation"]["content"])["blocks"][1]["data"]["text"].startswith(
        "Sebuah kotak bundar"
    )
    assert found["slugEN"] is None and found["slugPL"] is None


def test_the_content_blocks_query_lists_the_pages_asked_for(gql, demo_content):
    body = gql(
        operation_text("StorefrontContentPages"),
        {"channel": demo_content.slug, "slugs": ["care-guide", "storefront-homepage"], "languageCode": "EN"},
    )

    assert "errors" not in body, body
    assert body["data"]["pages"]["edges"] == [
        {
            "node": {
                "slug": "care-guide",
                "isPublished": True,
                "pageType": {"slug": "guide"},
                "assignedAttributes": [],
            }
        }
    ]


def test_a_second_load_changes_nothing(demo_content):
    counts = (
        Page.objects.count(),
        Menu.objects.count(),
        MenuItem.objects.count(),
        AuditLogEntry.objects.count(),
    )

    demo_content_load(Catalogue(channels=[demo_content]))

    assert counts == (
        Page.objects.count(), Menu.objects.count(), MenuItem.objects.count(), AuditLogEntry.objects.count(),
    )  # fmt: skip
    assert counts[:3] == (len(data.PAGES), 2, 15)  # navbar 4 + 2, footer 2 + 4 + 3
