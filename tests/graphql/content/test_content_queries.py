"""Buyer queries of pages and menus through /graphql/: Saleor's shapes, visibility and translations."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import Attribute, Collection, CollectionChannelListing
from storefront.catalog.services.attribute_input import AttributeChoice
from storefront.content.menus import MenuItemFields, menu_item_translate
from storefront.content.pages import PageFields, page_translate, page_type_update
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.content.factories import menu, page, page_type

pytestmark = pytest.mark.django_db

PAGE = """
query($slug: String!, $lang: LanguageCodeEnum) {
  page(slug: $slug, slugLanguageCode: $lang) {
    id slug title seoTitle content isPublished pageType { slug }
    translation(languageCode: ID) { title slug content language { code } }
    assignedAttributes { attribute { slug } ... on AssignedPlainTextAttribute { value } }
  }
}"""
PAGES = """
query($slugs: [String!]!) {
  pages(channel: "intl-usd", first: 10, where: { slug: { oneOf: $slugs } }) {
    totalCount edges { node { slug isPublished } }
  }
}"""
MENU = """
query($slug: String!) {
  menu(slug: $slug, channel: "intl-usd") {
    name slug
    items {
      name level url translation(languageCode: ID) { name }
      category { slug } collection { slug } page { slug }
      children { name level page { slug title } children { name } }
    }
  }
}"""


def test_a_published_page_is_shown_with_its_content_translation_and_attributes(gql):
    village = Attribute.objects.create(
        name="Village", slug="village", input_type=Attribute.InputType.PLAIN_TEXT
    )
    kind = page_type("Maker story")
    page_type_update(actor=Actor.system(), page_type=kind, add_attributes=[village])
    story = page(
        title="Beleka ketak", kind=kind, attributes=[AttributeChoice(attribute=village, plain_text="Beleka")]
    )
    page_translate(
        actor=Actor.system(),
        page=story,
        language_code="id",
        fields=PageFields(title="Ketak Beleka", slug="ketak-beleka"),
    )

    found = gql(PAGE, {"slug": "ketak-beleka", "lang": "ID"})["data"]["page"]

    assert found["id"] == to_global_id("Page", story.pk)
    assert (found["slug"], found["title"], found["isPublished"]) == ("beleka-ketak", "Beleka ketak", True)
    assert json.loads(found["content"]) == {
        "blocks": [{"type": "paragraph", "data": {"text": "Plaited in Loyok."}}]
    }
    assert found["pageType"] == {"slug": "maker-story"}
    assert found["translation"]["title"] == "Ketak Beleka"
    assert found["translation"]["language"] == {"code": "ID"}
    assert found["assignedAttributes"] == [{"attribute": {"slug": "village"}, "value": "Beleka"}]


def test_drafts_and_future_pages_are_hidden_from_buyers_and_shown_to_page_staff(gql):
    page(title="Draft", slug="draft", published=False)
    page(title="Soon", slug="soon", published_at=timezone.now() + timezone.timedelta(days=2))
    page(title="Out", slug="out")
    staff = bearer(staff_user(P.MANAGE_PAGES))
    other_staff = bearer(staff_user(P.MANAGE_PRODUCTS))

    assert gql(PAGE, {"slug": "draft"})["data"]["page"] is None
    assert gql(PAGE, {"slug": "draft"}, headers=other_staff)["data"]["page"] is None
    assert gql(PAGE, {"slug": "draft"}, headers=staff)["data"]["page"]["isPublished"] is False
    buyer = gql(PAGES, {"slugs": ["draft", "soon", "out"]})["data"]["pages"]
    assert buyer["totalCount"] == 1 and buyer["edges"] == [{"node": {"slug": "out", "isPublished": True}}]
    assert gql(PAGES, {"slugs": ["draft", "soon", "out"]}, headers=staff)["data"]["pages"]["totalCount"] == 3


def _navbar(channel):
    shown = Collection.objects.create(name="Featured", slug="featured-products")
    CollectionChannelListing.objects.create(collection=shown, channel=channel, is_published=True)
    hidden = Collection.objects.create(name="Draft collection", slug="draft-collection")
    story = page(title="Loyok", slug="loyok")
    navbar = menu(
        MenuItemFields(
            name="Home & living",
            category=CategoryFactory(slug="home-living"),
            children=[MenuItemFields(name="Loyok", page=story, children=[MenuItemFields(name="Deep")])],
        ),
        MenuItemFields(name="Featured", collection=shown),
        MenuItemFields(name="Hidden collection", collection=hidden),
        MenuItemFields(name="Draft page", page=page(published=False)),
        MenuItemFields(name="Blog", url="https://blog.asal.example/"),
        slug="navbar",
    )
    first = navbar.items.get(name="Home & living")
    menu_item_translate(actor=Actor.system(), item=first, language_code="id", name="Rumah & gaya hidup")
    return navbar


def test_a_menu_shows_its_items_links_children_and_translations_to_buyers(gql):
    _navbar(ChannelFactory())

    found = gql(MENU, {"slug": "navbar"})["data"]["menu"]

    assert (found["name"], found["slug"]) == ("navbar", "navbar")
    assert [item["name"] for item in found["items"]] == ["Home & living", "Featured", "Blog"]
    home, featured, blog = found["items"]
    assert home["translation"] == {"name": "Rumah & gaya hidup"}
    assert home["category"] == {"slug": "home-living"} and home["level"] == 0
    assert home["children"] == [
        {
            "name": "Loyok",
            "level": 1,
            "page": {"slug": "loyok", "title": "Loyok"},
            "children": [{"name": "Deep"}],
        }
    ]
    assert featured["collection"] == {"slug": "featured-products"} and featured["children"] == []
    assert blog["url"] == "https://blog.asal.example/" and blog["translation"] is None


def test_staff_see_items_linking_unpublished_pages_and_collections(gql):
    _navbar(ChannelFactory())
    staff = bearer(staff_user(P.MANAGE_PAGES, P.MANAGE_PRODUCTS))

    found = gql(MENU, {"slug": "navbar"}, headers=staff)["data"]["menu"]

    assert [item["name"] for item in found["items"]] == [
        "Home & living", "Featured", "Hidden collection", "Draft page", "Blog",
    ]  # fmt: skip


def test_menu_by_name_and_the_menus_list(gql):
    _navbar(ChannelFactory())
    menu(slug="footer")

    assert gql('{ menu(name: "footer") { slug } }')["data"]["menu"] == {"slug": "footer"}
    listed = gql(
        '{ menus(first: 5, filter: { slugs: ["footer", "navbar"] }) { totalCount edges { node { slug } } } }'
    )
    assert listed["data"]["menus"]["totalCount"] == 2
    assert gql('{ menu(slug: "nowhere") { slug } }')["data"]["menu"] is None


def test_private_metadata_of_pages_and_menus_needs_their_permissions(gql):
    page(slug="care-guide")
    menu(slug="footer")
    query = (
        '{ page(slug: "care-guide") { privateMetadata { key } } '
        'menu(slug: "footer") { privateMetadata { key } } }'
    )

    refused = gql(query, headers=bearer(staff_user(P.MANAGE_PRODUCTS)))
    allowed = gql(query, headers=bearer(staff_user(P.MANAGE_PAGES, P.MANAGE_MENUS)))

    assert {error["path"][0] for error in refused["errors"]} == {"page", "menu"}
    assert "errors" not in allowed and allowed["data"]["menu"] == {"privateMetadata": []}
