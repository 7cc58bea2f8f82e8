"""Categories and collections: lists, lookups, their products, translations, visibility."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.catalog.models import (
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
)
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, full_product

pytestmark = pytest.mark.django_db


def _collection(channel, slug: str, *, published: bool = True, products=()) -> Collection:
    collection = Collection.objects.create(name=slug.title(), slug=slug)
    CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=published)
    for index, product in enumerate(products):
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=index)
    return collection


def test_categories_by_level_and_category_products_include_subcategories(gql):
    channel = ChannelFactory()
    home = CategoryFactory(name="Home", slug="home")
    baskets = CategoryFactory(name="Baskets", slug="baskets", parent=home, level=1)
    full_product(channel, slug="in-child", category=baskets)
    full_product(channel, slug="elsewhere")
    query = """{
      categories(first: 10, level: 0, filter: {slugs: ["home"]}) { totalCount edges { node { slug level } } }
      category(slug: "home") {
        name children(first: 5) { edges { node { slug parent { slug } } } }
        products(first: 10, channel: "intl-usd") { edges { node { slug } } }
      }
      child: category(slug: "baskets") { ancestors(first: 5) { edges { node { slug } } } }
    }"""

    data = gql(query)["data"]

    assert data["categories"] == {"totalCount": 1, "edges": [{"node": {"slug": "home", "level": 0}}]}
    assert data["category"]["children"]["edges"] == [
        {"node": {"slug": "baskets", "parent": {"slug": "home"}}}
    ]
    assert [e["node"]["slug"] for e in data["category"]["products"]["edges"]] == ["in-child"]
    assert data["child"]["ancestors"]["edges"] == [{"node": {"slug": "home"}}]


def test_category_by_id_translated_slug_and_translation(gql):
    category = CategoryFactory(name="Pottery", slug="pottery")
    CategoryTranslation.objects.create(category=category, language_code="id", name="Gerabah", slug="gerabah")
    query = """query($id: ID) { byId: category(id: $id) { slug translation(languageCode: ID) { name } }
      bySlug: category(slug: "gerabah", slugLanguageCode: ID) { slug } }"""

    data = gql(query, {"id": to_global_id("Category", category.pk)})["data"]

    assert data["byId"] == {"slug": "pottery", "translation": {"name": "Gerabah"}}
    assert data["bySlug"] == {"slug": "pottery"}


def test_collections_show_only_published_ones_with_their_products(gql):
    channel = ChannelFactory()
    product = full_product(channel, slug="featured-basket")
    _collection(channel, "featured", products=[product])
    _collection(channel, "draft", published=False, products=[product])
    query = """{
      collections(first: 10, channel: "intl-usd") { edges { node { slug channel } } }
      collection(slug: "featured", channel: "intl-usd") {
        name products(first: 5) { totalCount edges { node { slug collections { slug } } } }
      }
      draft: collection(slug: "draft", channel: "intl-usd") { slug }
    }"""

    data = gql(query)["data"]

    assert data["collections"]["edges"] == [{"node": {"slug": "featured", "channel": "intl-usd"}}]
    assert data["collection"]["products"]["totalCount"] == 1
    assert data["collection"]["products"]["edges"][0]["node"] == {
        "slug": "featured-basket",
        "collections": [{"slug": "featured"}],
    }
    assert data["draft"] is None


def test_collection_translation(gql):
    channel = ChannelFactory()
    collection = _collection(channel, "loyok")
    CollectionTranslation.objects.create(collection=collection, language_code="id", name="Pilihan Loyok")
    query = '{ collection(slug: "loyok", channel: "intl-usd") { translation(languageCode: ID) { name } } }'
    assert gql(query)["data"]["collection"]["translation"] == {"name": "Pilihan Loyok"}
