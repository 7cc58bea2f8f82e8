"""Menus and page lists cost the same number of SQL statements for few and for many items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.accounts.actor import Actor
from storefront.catalog.models import Collection, CollectionChannelListing
from storefront.content.menus import MenuItemFields, menu_item_translate
from storefront.content.models import MenuItem
from storefront.content.pages import PageFields, page_translate
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory
from tests.graphql.compat.storefront import operation_text
from tests.storefront.content.factories import menu, page

pytestmark = pytest.mark.django_db


def _statements(gql, query: str, variables: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        body = gql(query, variables)
    assert "errors" not in body, body
    return len(captured.captured_queries), body


def _menu(slug: str, columns: int, channel) -> None:
    """``columns`` top items, each with a category, a collection and a page link below it."""
    items = []
    for n in range(columns):
        collection = Collection.objects.create(name=f"C{slug}{n}", slug=f"c-{slug}-{n}")
        CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
        story = page(title=f"P{slug}{n}")
        page_translate(
            actor=Actor.system(), page=story, language_code="id", fields=PageFields(title="Cerita")
        )
        children = [
            MenuItemFields(name="cat", category=CategoryFactory()),
            MenuItemFields(name="col", collection=collection),
            MenuItemFields(
                name="page", page=story, children=[MenuItemFields(name="url", url="https://a.example")]
            ),
        ]
        items.append(MenuItemFields(name=f"Column {n}", children=children))
    created = menu(*items, slug=slug)
    for item in MenuItem.objects.filter(menu=created):
        menu_item_translate(actor=Actor.system(), item=item, language_code="id", name=f"{item.name} (id)")


def test_the_storefronts_menu_query_costs_the_same_for_one_and_many_columns(gql):
    channel = ChannelFactory()
    _menu("small", 1, channel)
    _menu("large", 6, channel)
    query = operation_text("MenuGetBySlug")
    variables = {"channel": channel.slug, "languageCode": "ID"}

    small, _ = _statements(gql, query, {**variables, "slug": "small"})
    large, large_body = _statements(gql, query, {**variables, "slug": "large"})

    assert len(large_body["data"]["menu"]["items"]) == 6
    assert large_body["data"]["menu"]["items"][5]["children"][2]["children"][0]["url"] == "https://a.example"
    assert small == large, (small, large)


def test_a_page_list_costs_the_same_for_one_and_many_pages(gql):
    query = """query($n: Int!) { pages(first: $n) { edges { node {
        slug pageType { slug attributes { slug } hasPages } translation(languageCode: ID) { title }
        assignedAttributes { attribute { slug } }
    } } } }"""
    for n in range(6):
        story = page(title=f"Story {n}")
        page_translate(
            actor=Actor.system(), page=story, language_code="id", fields=PageFields(title=f"Cerita {n}")
        )

    one, _ = _statements(gql, query, {"n": 1})
    many, body = _statements(gql, query, {"n": 6})

    assert len(body["data"]["pages"]["edges"]) == 6
    assert one == many, (one, many)
