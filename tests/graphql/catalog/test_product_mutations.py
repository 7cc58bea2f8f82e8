"""Saleor's staff product mutations through /graphql/: what they write, what they refuse, what they
leave behind (search document, listings' cheapest prices, the audit log, orders' copies)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import (
    Attribute,
    AttributeValue,
    Collection,
    Product,
    ProductTypeAttribute,
)
from storefront.orders.models import Allocation, OrderLine
from tests.graphql.catalog.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    ProductTypeFactory,
    VariantFactory,
    price,
    publish,
)
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message attributes values }"
CREATE = f"""
mutation($input: ProductCreateInput!) {{
  productCreate(input: $input) {{
    product {{ id name slug category {{ slug }} weight {{ value unit }} seoTitle
               attributes {{ attribute {{ slug }} values {{ name slug }} }} collections {{ slug }} }}
    {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: ProductInput!) {{
  productUpdate(id: $id, input: $input) {{ product {{ id name slug description }} {ERRORS} }}
}}"""
DELETE = f"mutation($id: ID!) {{ productDelete(id: $id) {{ product {{ id name }} {ERRORS} }} }}"
SEARCH = """
query($search: String!, $channel: String!) {
  products(first: 10, search: $search, channel: $channel) { edges { node { slug } } }
}"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


@pytest.fixture
def kind():
    product_type = ProductTypeFactory()
    material = Attribute.objects.create(slug="material", name="Material")
    AttributeValue.objects.create(attribute=material, slug="bamboo", name="Bamboo")
    ProductTypeAttribute.objects.create(product_type=product_type, attribute=material)
    return product_type


def _id(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def _slugs(gql, search: str, channel: str = "intl-usd") -> list[str]:
    body = gql(SEARCH, {"search": search, "channel": channel})
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


def test_product_create_writes_the_product_its_attributes_and_an_audit_entry(gql, staff, kind):
    category = CategoryFactory(slug="baskets")
    collection = Collection.objects.create(slug="featured", name="Featured")
    material = Attribute.objects.get(slug="material")

    body = gql(
        CREATE,
        {
            "input": {
                "productType": _id("ProductType", kind.pk),
                "name": "Keranjang Ketak Beleka",
                "category": _id("Category", category.pk),
                "weight": "0.45",
                "seo": {"title": "Ketak basket"},
                "attributes": [{"id": _id("Attribute", material.pk), "dropdown": {"value": "Ketak grass"}}],
                "collections": [_id("Collection", collection.pk)],
                "description": '{"blocks": [{"type": "paragraph", "data": {"text": "Woven in Beleka."}}]}',
            }
        },
        headers=staff,
    )

    data = body["data"]["productCreate"]
    assert data["errors"] == []
    product = data["product"]
    assert product["slug"] == "keranjang-ketak-beleka"
    assert product["category"] == {"slug": "baskets"}
    assert product["weight"] == {"value": 0.45, "unit": "KG"}
    assert product["attributes"] == [
        {"attribute": {"slug": "material"}, "values": [{"name": "Ketak grass", "slug": "ketak-grass"}]}
    ]
    assert product["collections"] == [{"slug": "featured"}]
    saved = Product.objects.get(slug="keranjang-ketak-beleka")
    assert saved.description_plaintext == "Woven in Beleka."
    assert "ketak grass" in saved.search_document
    entry = AuditLogEntry.objects.get(action="product.created")
    assert entry.object_id == str(saved.pk)
    assert entry.payload["after"]["name"] == "Keranjang Ketak Beleka"
    assert entry.actor_user is not None


def test_product_create_makes_a_unique_slug_like_saleor(gql, staff, kind):
    ProductFactory(slug="kain-tenun")
    ProductFactory(slug="kain-tenun-2")

    body = gql(
        CREATE, {"input": {"productType": _id("ProductType", kind.pk), "name": "Kain Tenun"}}, headers=staff
    )

    assert body["data"]["productCreate"]["product"]["slug"] == "kain-tenun-3"


def test_product_create_reports_every_problem_and_writes_nothing(gql, staff, kind):
    ProductFactory(slug="taken")
    material = Attribute.objects.get(slug="material")
    material.value_required = True
    material.save()

    body = gql(
        CREATE,
        {"input": {"productType": _id("ProductType", kind.pk), "name": " ", "slug": "taken", "weight": "-1"}},
        headers=staff,
    )

    assert "errors" in body and body.get("data") is None  # a negative weight is not a WeightScalar
    body = gql(
        CREATE,
        {"input": {"productType": _id("ProductType", kind.pk), "name": " ", "slug": "taken"}},
        headers=staff,
    )

    errors = body["data"]["productCreate"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("name", "REQUIRED"),
        ("slug", "UNIQUE"),
        ("attributes", "REQUIRED"),
    }
    assert next(e for e in errors if e["field"] == "attributes")["attributes"] == [
        _id("Attribute", material.pk)
    ]
    assert body["data"]["productCreate"]["product"] is None
    assert Product.objects.count() == 1
    assert not AuditLogEntry.objects.exists()


def test_product_create_refuses_an_attribute_of_another_type(gql, staff, kind):
    stranger = Attribute.objects.create(slug="motif", name="Motif")

    body = gql(
        CREATE,
        {
            "input": {
                "productType": _id("ProductType", kind.pk),
                "name": "Songket",
                "attributes": [{"id": _id("Attribute", stranger.pk), "dropdown": {"value": "Subahnale"}}],
            }
        },
        headers=staff,
    )

    assert body["data"]["productCreate"]["errors"] == [
        {
            "field": "attributes",
            "code": "ATTRIBUTE_CANNOT_BE_ASSIGNED",
            "message": "Attribute motif is not part of this product type.",
            "attributes": [_id("Attribute", stranger.pk)],
            "values": None,
        }
    ]
    assert not Product.objects.exists()
    assert not AttributeValue.objects.filter(name="Subahnale").exists()


def test_product_create_with_an_unknown_product_type_is_not_found(gql, staff):
    body = gql(CREATE, {"input": {"productType": _id("ProductType", 999), "name": "X"}}, headers=staff)

    assert body["data"]["productCreate"]["errors"][0]["code"] == "NOT_FOUND"
    assert body["data"]["productCreate"]["errors"][0]["field"] == "productType"


def test_product_update_changes_what_is_given_and_search_follows(gql, staff):
    channel = ChannelFactory()
    product = ProductFactory(name="Bamboo lamp", slug="bamboo-lamp")
    publish(product, channel)
    price(VariantFactory(product=product), channel, "30.00")

    body = gql(UPDATE, {"id": _id("Product", product.pk), "input": {"name": "Rattan lamp"}}, headers=staff)

    assert body["data"]["productUpdate"]["errors"] == []
    assert body["data"]["productUpdate"]["product"]["slug"] == "bamboo-lamp"  # slug kept
    assert _slugs(gql, "rattan") == ["bamboo-lamp"]
    assert _slugs(gql, "bamboo") == []
    entry = AuditLogEntry.objects.get(action="product.updated")
    assert (entry.payload["before"]["name"], entry.payload["after"]["name"]) == ("Bamboo lamp", "Rattan lamp")


def test_product_update_with_a_taken_slug_changes_nothing(gql, staff):
    ProductFactory(slug="taken")
    product = ProductFactory(name="Lamp", slug="lamp")

    body = gql(
        UPDATE,
        {"id": _id("Product", product.pk), "input": {"name": "Lantern", "slug": "taken"}},
        headers=staff,
    )

    assert [(e["field"], e["code"]) for e in body["data"]["productUpdate"]["errors"]] == [("slug", "UNIQUE")]
    product.refresh_from_db()
    assert (product.name, product.slug) == ("Lamp", "lamp")
    assert not AuditLogEntry.objects.exists()


def test_product_update_of_nothing_writes_no_audit_entry(gql, staff):
    product = ProductFactory(name="Lamp")

    gql(UPDATE, {"id": _id("Product", product.pk), "input": {"name": "Lamp"}}, headers=staff)

    assert not AuditLogEntry.objects.exists()


def test_product_delete_keeps_the_orders_that_sold_it(gql, staff):
    channel = ChannelFactory()
    order = order_placed(channel=channel)
    line = order.lines.get()
    product = line.variant.product

    refused = gql(DELETE, {"id": _id("Product", product.pk)}, headers=staff)
    Allocation.objects.filter(order_line__order=order).delete()  # as a fulfilment would
    body = gql(DELETE, {"id": _id("Product", product.pk)}, headers=staff)

    assert refused["data"]["productDelete"]["errors"][0]["code"] == "INVALID"
    assert body["data"]["productDelete"]["errors"] == []
    assert body["data"]["productDelete"]["product"]["id"] == _id("Product", product.pk)
    assert not Product.objects.filter(pk=product.pk).exists()
    kept = OrderLine.objects.get(pk=line.pk)
    assert kept.variant is None
    assert (kept.product_name, kept.product_sku) == (line.product_name, line.product_sku)
    assert AuditLogEntry.objects.get(action="product.deleted").payload["before"]["name"] == product.name


def test_product_delete_of_an_unknown_product_is_not_found(gql, staff):
    body = gql(DELETE, {"id": _id("Product", 424242)}, headers=staff)

    assert body["data"]["productDelete"]["errors"][0]["code"] == "NOT_FOUND"


def test_product_mutations_are_refused_without_manage_products(gql):
    product = ProductFactory(name="Lamp")
    other_staff = bearer(staff_user(P.MANAGE_ORDERS))

    body = gql(UPDATE, {"id": _id("Product", product.pk), "input": {"name": "Lantern"}}, headers=other_staff)

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    product.refresh_from_db()
    assert product.name == "Lamp"
    assert not AuditLogEntry.objects.exists()


def test_a_published_product_shows_in_its_listing_after_create_and_publish(gql, staff, kind):
    channel = ChannelFactory()
    category = CategoryFactory()
    created = gql(
        CREATE,
        {
            "input": {
                "productType": _id("ProductType", kind.pk),
                "name": "Gerabah Banyumulek",
                "category": _id("Category", category.pk),
            }
        },
        headers=staff,
    )["data"]["productCreate"]["product"]
    listing = gql(
        """mutation($id: ID!, $input: ProductChannelListingUpdateInput!) {
          productChannelListingUpdate(id: $id, input: $input) {
            product { channelListings { channel { slug } isPublished publishedAt isAvailableForPurchase } }
            errors { field code channels }
          }
        }""",
        {
            "id": created["id"],
            "input": {
                "updateChannels": [
                    {
                        "channelId": _id("Channel", channel.pk),
                        "isPublished": True,
                        "isAvailableForPurchase": True,
                    }
                ]
            },
        },
        headers=staff,
    )["data"]["productChannelListingUpdate"]

    assert listing["errors"] == []
    assert listing["product"]["channelListings"][0]["isPublished"] is True
    assert listing["product"]["channelListings"][0]["isAvailableForPurchase"] is True
    assert _slugs(gql, "gerabah") == ["gerabah-banyumulek"]
    assert timezone.now() >= Product.objects.get().channel_listings.get().published_at
