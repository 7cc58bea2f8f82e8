"""Saleor's staff category and collection mutations through /graphql/: slugs, the tree, membership,
publication per channel, Saleor's error codes, the audit log."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import Category, Collection, CollectionChannelListing, Product
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, ProductFactory, publish
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

CATEGORY_CREATE = """
mutation($input: CategoryInput!, $parent: ID) {
  categoryCreate(input: $input, parent: $parent) {
    category { id name slug level parent { slug } seoTitle } errors { field code message }
  }
}"""
CATEGORY_DELETE = "mutation($id: ID!) { categoryDelete(id: $id) { category { id name } errors { code } } }"
COLLECTION_CREATE = """
mutation($input: CollectionCreateInput!) {
  collectionCreate(input: $input) {
    collection { id slug products(first: 10) { edges { node { slug } } } } errors { field code message }
  }
}"""
ADD = """
mutation($id: ID!, $products: [ID!]!) {
  collectionAddProducts(collectionId: $id, products: $products) { collection { id } errors { field code } }
}"""
REMOVE = """
mutation($id: ID!, $products: [ID!]!) {
  collectionRemoveProducts(collectionId: $id, products: $products) { collection { id } errors { field code } }
}"""
PUBLISH = """
mutation($id: ID!, $input: CollectionChannelListingUpdateInput!) {
  collectionChannelListingUpdate(id: $id, input: $input) {
    collection { channelListings { channel { slug } isPublished } } errors { field code channels }
  }
}"""
STOREFRONT_COLLECTION = """
query($slug: String!) {
  collection(slug: $slug, channel: "intl-usd") { products(first: 5) { edges { node { slug } } } }
}
"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


def _id(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def test_category_create_under_a_parent_takes_its_level_and_a_saleor_slug(gql, staff):
    home = CategoryFactory(slug="home-living", level=0)
    CategoryFactory(slug="keranjang")

    body = gql(
        CATEGORY_CREATE,
        {"input": {"name": "Keranjang", "seo": {"title": "Baskets"}}, "parent": _id("Category", home.pk)},
        headers=staff,
    )

    data = body["data"]["categoryCreate"]
    assert data["errors"] == []
    assert data["category"]["slug"] == "keranjang-2"
    assert (data["category"]["level"], data["category"]["parent"]) == (1, {"slug": "home-living"})
    assert AuditLogEntry.objects.get(action="category.created").payload["after"]["seo_title"] == "Baskets"


def test_category_create_with_a_taken_or_malformed_slug_changes_nothing(gql, staff):
    CategoryFactory(slug="pottery")

    taken = gql(CATEGORY_CREATE, {"input": {"name": "Pottery", "slug": "pottery"}}, headers=staff)
    malformed = gql(CATEGORY_CREATE, {"input": {"name": "Pottery", "slug": "pot tery!"}}, headers=staff)

    assert [(e["field"], e["code"]) for e in taken["data"]["categoryCreate"]["errors"]] == [
        ("slug", "UNIQUE")
    ]
    assert [(e["field"], e["code"]) for e in malformed["data"]["categoryCreate"]["errors"]] == [
        ("slug", "INVALID")
    ]
    assert Category.objects.count() == 1


def test_category_delete_takes_the_subtree_and_unpublishes_its_products(gql, staff):
    channel = ChannelFactory()
    top = CategoryFactory(level=0)
    child = CategoryFactory(parent=top, level=1)
    product = ProductFactory(category=child)
    publish(product, channel)

    body = gql(CATEGORY_DELETE, {"id": _id("Category", top.pk)}, headers=staff)

    assert body["data"]["categoryDelete"]["category"]["id"] == _id("Category", top.pk)
    assert not Category.objects.filter(pk__in=[top.pk, child.pk]).exists()
    product.refresh_from_db()
    assert product.category is None
    assert product.channel_listings.get().is_published is False
    assert AuditLogEntry.objects.get(action="category.deleted").payload["subcategories"] == [child.pk]


def test_collection_create_add_publish_remove_as_the_storefront_sees_it(gql, staff):
    channel = ChannelFactory()
    basket, bowl = ProductFactory(slug="basket"), ProductFactory(slug="bowl")
    for product in (basket, bowl):
        publish(product, channel)

    created = gql(
        COLLECTION_CREATE,
        {"input": {"name": "Dari Lombok", "products": [_id("Product", basket.pk)]}},
        headers=staff,
    )["data"]["collectionCreate"]
    collection_id = created["collection"]["id"]
    assert created["collection"]["slug"] == "dari-lombok"
    assert gql(STOREFRONT_COLLECTION, {"slug": "dari-lombok"})["data"]["collection"] is None  # unpublished

    gql(
        ADD,
        {"id": collection_id, "products": [_id("Product", bowl.pk), _id("Product", basket.pk)]},
        headers=staff,
    )
    published = gql(
        PUBLISH,
        {
            "id": collection_id,
            "input": {"addChannels": [{"channelId": _id("Channel", channel.pk), "isPublished": True}]},
        },
        headers=staff,
    )["data"]["collectionChannelListingUpdate"]
    seen = gql(STOREFRONT_COLLECTION, {"slug": "dari-lombok"})["data"]["collection"]["products"]["edges"]
    gql(REMOVE, {"id": collection_id, "products": [_id("Product", basket.pk)]}, headers=staff)
    after = gql(STOREFRONT_COLLECTION, {"slug": "dari-lombok"})["data"]["collection"]["products"]["edges"]

    assert published["errors"] == []
    assert published["collection"]["channelListings"] == [
        {"channel": {"slug": "intl-usd"}, "isPublished": True}
    ]
    assert [edge["node"]["slug"] for edge in seen] == ["basket", "bowl"]
    assert [edge["node"]["slug"] for edge in after] == ["bowl"]
    assert Product.objects.count() == 2
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "collection.created",
        "collection.products_added",
        "collection.channel_listings_updated",
        "collection.products_removed",
    } <= actions


def test_collection_create_with_an_unknown_product_is_not_found_and_writes_nothing(gql, staff):
    body = gql(
        COLLECTION_CREATE, {"input": {"name": "Featured", "products": [_id("Product", 9999)]}}, headers=staff
    )

    assert [(e["field"], e["code"]) for e in body["data"]["collectionCreate"]["errors"]] == [
        ("products", "NOT_FOUND")
    ]
    assert not Collection.objects.exists()


def test_collection_channel_listing_refuses_a_channel_both_added_and_removed(gql, staff):
    collection = Collection.objects.create(slug="featured", name="Featured")
    channel = _id("Channel", ChannelFactory().pk)

    body = gql(
        PUBLISH,
        {
            "id": _id("Collection", collection.pk),
            "input": {"addChannels": [{"channelId": channel}], "removeChannels": [channel]},
        },
        headers=staff,
    )

    errors = body["data"]["collectionChannelListingUpdate"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("addChannels", "DUPLICATED_INPUT_ITEM"),
        ("removeChannels", "DUPLICATED_INPUT_ITEM"),
    }
    assert not CollectionChannelListing.objects.exists()


def test_collection_delete_keeps_its_products(gql, staff):
    product = ProductFactory()
    collection = Collection.objects.create(slug="featured", name="Featured")
    collection.collection_products.create(product=product)

    body = gql(
        "mutation($id: ID!) { collectionDelete(id: $id) { collection { id } errors { code } } }",
        {"id": _id("Collection", collection.pk)},
        headers=staff,
    )

    assert body["data"]["collectionDelete"] == {
        "collection": {"id": _id("Collection", collection.pk)},
        "errors": [],
    }
    assert Product.objects.filter(pk=product.pk).exists() and not Collection.objects.exists()
