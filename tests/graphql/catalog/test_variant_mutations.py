"""Saleor's staff variant and channel listing mutations through /graphql/: prices in each channel's
currency, the product's cheapest price and search document kept true, Saleor's error codes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import (
    Attribute,
    AttributeValue,
    ProductChannelListing,
    ProductTypeVariantAttribute,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services import product_search_document_update
from storefront.inventory.models import Stock
from tests.graphql.catalog.factories import (
    ChannelFactory,
    ProductFactory,
    VariantFactory,
    WarehouseFactory,
    price,
    publish,
)
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message attributes }"
LISTING_ERRORS = "errors { field code message channels variants }"
CREATE = f"""
mutation($input: ProductVariantCreateInput!) {{
  productVariantCreate(input: $input) {{
    productVariant {{
      id sku name trackInventory quantityLimitPerCustomer attributes {{ values {{ name }} }}
    }}
    {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation($sku: String, $input: ProductVariantInput!) {{
  productVariantUpdate(sku: $sku, input: $input) {{ productVariant {{ sku name }} {ERRORS} }}
}}"""
DELETE = f"mutation($id: ID!) {{ productVariantDelete(id: $id) {{ productVariant {{ id sku }} {ERRORS} }} }}"
PRICE = f"""
mutation($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {{
  productVariantChannelListingUpdate(id: $id, input: $input) {{
    variant {{ channelListings {{ channel {{ slug }} price {{ amount currency }} }} }} {LISTING_ERRORS}
  }}
}}"""
LISTING = f"""
mutation($id: ID!, $input: ProductChannelListingUpdateInput!) {{
  productChannelListingUpdate(id: $id, input: $input) {{ product {{ id }} {LISTING_ERRORS} }}
}}"""
SEARCH = """
query($search: String!) {
  products(first: 10, search: $search, channel: "intl-usd") {
    edges { node { slug pricing { priceRange { start { gross { amount } } } } } }
  }
}"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


@pytest.fixture
def sized():
    """A product whose type has a variant attribute ``size`` (S, M), listed in the USD channel."""
    channel = ChannelFactory()
    product = ProductFactory(name="Bamboo basket", slug="bamboo-basket")
    publish(product, channel)
    size = Attribute.objects.create(slug="size", name="Size")
    for slug in ("s", "m"):
        AttributeValue.objects.create(attribute=size, slug=slug, name=slug.upper())
    ProductTypeVariantAttribute.objects.create(product_type=product.product_type, attribute=size)
    product_search_document_update(product=product)
    return product


def _id(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def _size(value: str) -> list[dict]:
    size = Attribute.objects.get(slug="size")
    chosen = AttributeValue.objects.get(attribute=size, slug=value)
    return [{"id": _id("Attribute", size.pk), "dropdown": {"id": _id("AttributeValue", chosen.pk)}}]


def test_variant_create_adds_a_findable_variant_with_its_attributes(gql, staff, sized):
    body = gql(
        CREATE,
        {
            "input": {
                "product": _id("Product", sized.pk),
                "sku": "ASL-BSK-S",
                "name": "Small",
                "attributes": _size("s"),
                "quantityLimitPerCustomer": 3,
            }
        },
        headers=staff,
    )

    data = body["data"]["productVariantCreate"]
    assert data["errors"] == []
    assert data["productVariant"]["sku"] == "ASL-BSK-S"
    assert data["productVariant"]["trackInventory"] is True
    assert data["productVariant"]["attributes"] == [{"values": [{"name": "S"}]}]
    sized.refresh_from_db()
    assert "asl-bsk-s" in sized.search_document
    assert AuditLogEntry.objects.filter(action="product_variant.created").count() == 1


def test_variant_create_refuses_a_taken_sku_and_a_repeated_combination(gql, staff, sized):
    first = gql(
        CREATE,
        {"input": {"product": _id("Product", sized.pk), "sku": "ASL-1", "attributes": _size("s")}},
        headers=staff,
    )["data"]["productVariantCreate"]

    body = gql(
        CREATE,
        {"input": {"product": _id("Product", sized.pk), "sku": "ASL-1", "attributes": _size("m")}},
        headers=staff,
    )
    repeated = gql(
        CREATE,
        {"input": {"product": _id("Product", sized.pk), "sku": "ASL-2", "attributes": _size("s")}},
        headers=staff,
    )

    assert first["errors"] == []
    assert [(e["field"], e["code"]) for e in body["data"]["productVariantCreate"]["errors"]] == [
        ("sku", "UNIQUE")
    ]
    assert [(e["field"], e["code"]) for e in repeated["data"]["productVariantCreate"]["errors"]] == [
        ("attributes", "DUPLICATED_INPUT_ITEM")
    ]
    assert list(ProductVariant.objects.values_list("sku", flat=True)) == ["ASL-1"]


def test_variant_update_by_sku_renames_it_and_search_follows(gql, staff, sized):
    VariantFactory(product=sized, sku="ASL-OLD", name="Old")

    body = gql(UPDATE, {"sku": "ASL-OLD", "input": {"sku": "ASL-NEW", "name": "Large"}}, headers=staff)

    assert body["data"]["productVariantUpdate"] == {
        "productVariant": {"sku": "ASL-NEW", "name": "Large"},
        "errors": [],
    }
    sized.refresh_from_db()
    assert "asl-new" in sized.search_document and "asl-old" not in sized.search_document


def test_variant_price_is_kept_in_the_channel_currency_and_the_listing_follows(gql, staff, sized):
    cheap, dear = VariantFactory(product=sized), VariantFactory(product=sized)
    price(dear, ChannelFactory(), "40.00")

    body = gql(
        PRICE,
        {
            "id": _id("ProductVariant", cheap.pk),
            "input": [{"channelId": _id("Channel", ChannelFactory().pk), "price": "12.5"}],
        },
        headers=staff,
    )

    assert body["data"]["productVariantChannelListingUpdate"]["errors"] == []
    assert body["data"]["productVariantChannelListingUpdate"]["variant"]["channelListings"] == [
        {"channel": {"slug": "intl-usd"}, "price": {"amount": 12.5, "currency": "USD"}}
    ]
    listing = ProductChannelListing.objects.get(product=sized)
    assert listing.discounted_price_amount == Decimal("12.500")
    found = gql(SEARCH, {"search": "bamboo"})["data"]["products"]["edges"]
    assert found[0]["node"]["pricing"]["priceRange"]["start"]["gross"]["amount"] == 12.5


def test_variant_price_with_too_many_decimals_or_an_unlisted_channel_changes_nothing(gql, staff, sized):
    variant = VariantFactory(product=sized)
    elsewhere = ChannelFactory(slug="id-idr", name="Indonesia", currency_code="IDR", default_country="ID")

    body = gql(
        PRICE,
        {
            "id": _id("ProductVariant", variant.pk),
            "input": [
                {"channelId": _id("Channel", ChannelFactory().pk), "price": "12.555"},
                {"channelId": _id("Channel", elsewhere.pk), "price": "150000"},
            ],
        },
        headers=staff,
    )

    errors = body["data"]["productVariantChannelListingUpdate"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("input", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL"),
        ("price", "INVALID"),
    }
    assert next(e for e in errors if e["code"] == "PRODUCT_NOT_ASSIGNED_TO_CHANNEL")["channels"] == [
        _id("Channel", elsewhere.pk)
    ]
    assert not ProductVariantChannelListing.objects.exists()


def test_variant_delete_refreshes_the_cheapest_price_and_search(gql, staff, sized):
    channel = ChannelFactory()
    cheap = VariantFactory(product=sized, sku="ASL-CHEAP")
    dear = VariantFactory(product=sized, sku="ASL-DEAR")
    price(cheap, channel, "10.00")
    price(dear, channel, "25.00")
    gql(
        PRICE,
        {
            "id": _id("ProductVariant", dear.pk),
            "input": [{"channelId": _id("Channel", channel.pk), "price": "25"}],
        },
        headers=staff,
    )

    body = gql(DELETE, {"id": _id("ProductVariant", cheap.pk)}, headers=staff)

    assert body["data"]["productVariantDelete"]["productVariant"] == {
        "id": _id("ProductVariant", cheap.pk),
        "sku": "ASL-CHEAP",
    }
    assert ProductChannelListing.objects.get(product=sized).discounted_price_amount == Decimal("25.000")
    sized.refresh_from_db()
    assert "asl-cheap" not in sized.search_document
    assert AuditLogEntry.objects.get(action="product_variant.deleted").payload["before"]["sku"] == "ASL-CHEAP"


def test_publishing_without_a_category_is_refused(gql, staff):
    product = ProductFactory(category=None)
    channel = ChannelFactory()

    body = gql(
        LISTING,
        {
            "id": _id("Product", product.pk),
            "input": {"updateChannels": [{"channelId": _id("Channel", channel.pk), "isPublished": True}]},
        },
        headers=staff,
    )

    errors = body["data"]["productChannelListingUpdate"]["errors"]
    assert [(e["field"], e["code"], e["channels"]) for e in errors] == [
        ("isPublished", "PRODUCT_WITHOUT_CATEGORY", [_id("Channel", channel.pk)])
    ]
    assert not ProductChannelListing.objects.exists()


def test_removing_a_channel_takes_the_product_and_its_prices_out_of_it(gql, staff, sized):
    channel = ChannelFactory()
    price(VariantFactory(product=sized), channel, "10.00")
    assert len(gql(SEARCH, {"search": "bamboo"})["data"]["products"]["edges"]) == 1

    body = gql(
        LISTING,
        {"id": _id("Product", sized.pk), "input": {"removeChannels": [_id("Channel", channel.pk)]}},
        headers=staff,
    )

    assert body["data"]["productChannelListingUpdate"]["errors"] == []
    assert not ProductChannelListing.objects.exists() and not ProductVariantChannelListing.objects.exists()
    assert gql(SEARCH, {"search": "bamboo"})["data"]["products"]["edges"] == []
    assert AuditLogEntry.objects.filter(action="product.channel_listings_updated").count() == 1


def test_updating_and_removing_the_same_channel_is_a_duplicated_input(gql, staff, sized):
    channel = _id("Channel", ChannelFactory().pk)

    body = gql(
        LISTING,
        {
            "id": _id("Product", sized.pk),
            "input": {"updateChannels": [{"channelId": channel}], "removeChannels": [channel]},
        },
        headers=staff,
    )

    errors = body["data"]["productChannelListingUpdate"]["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("updateChannels", "DUPLICATED_INPUT_ITEM"),
        ("removeChannels", "DUPLICATED_INPUT_ITEM"),
    }
    assert ProductChannelListing.objects.filter(product=sized).exists()


def test_variant_bulk_delete_deletes_all_or_none(gql, staff, sized):
    first = VariantFactory(product=sized, sku="ASL-A")
    second = VariantFactory(product=sized, sku="ASL-B")
    bulk = (
        "mutation($skus: [String!]) { productVariantBulkDelete(skus: $skus) { count errors { field code } } }"
    )

    missing = gql(bulk, {"skus": ["ASL-A", "ASL-NONE"]}, headers=staff)
    body = gql(bulk, {"skus": ["ASL-A", "ASL-B"]}, headers=staff)

    assert missing["data"]["productVariantBulkDelete"] == {
        "count": 0,
        "errors": [{"field": "skus", "code": "NOT_FOUND"}],
    }
    assert body["data"]["productVariantBulkDelete"] == {"count": 2, "errors": []}
    assert not ProductVariant.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert AuditLogEntry.objects.filter(action="product_variant.deleted").count() == 2


def test_variant_create_with_stocks_writes_both_or_neither(gql, staff, sized):
    store = WarehouseFactory()
    stocks = [{"warehouse": _id("Warehouse", store.pk), "quantity": 5}]
    base = {"product": _id("Product", sized.pk), "attributes": _size("s")}

    refused = gql(
        CREATE,
        {
            "input": {
                **base,
                "sku": "ASL-BAD",
                "stocks": [*stocks, {"warehouse": stocks[0]["warehouse"], "quantity": 1}],
            }
        },
        headers=staff,
    )
    body = gql(CREATE, {"input": {**base, "sku": "ASL-STOCKED", "stocks": stocks}}, headers=staff)

    assert [e["code"] for e in refused["data"]["productVariantCreate"]["errors"]] == ["DUPLICATED_INPUT_ITEM"]
    assert not ProductVariant.objects.filter(sku="ASL-BAD").exists()
    assert body["data"]["productVariantCreate"]["errors"] == []
    assert Stock.objects.get(product_variant__sku="ASL-STOCKED").quantity == 5


BULK = """
mutation($product: ID!, $variants: [ProductVariantBulkCreateInput!]!, $policy: ErrorPolicyEnum) {
  productVariantBulkCreate(product: $product, variants: $variants, errorPolicy: $policy) {
    count
    productVariants { sku }
    results { productVariant { sku } errors { field code } }
    errors { field code }
  }
}"""


def _bulk_rows(sized, warehouse_id: str) -> list[dict]:
    channel = _id("Channel", ChannelFactory().pk)
    return [
        {
            "sku": "ASL-S",
            "attributes": _size("s"),
            "stocks": [{"warehouse": warehouse_id, "quantity": 3}],
            "channelListings": [{"channelId": channel, "price": "10.00"}],
        },
        {"sku": "ASL-S", "attributes": _size("m")},  # the same SKU again
    ]


def test_bulk_create_rejects_everything_when_a_row_fails(gql, staff, sized):
    store = _id("Warehouse", WarehouseFactory().pk)

    body = gql(
        BULK, {"product": _id("Product", sized.pk), "variants": _bulk_rows(sized, store)}, headers=staff
    )

    data = body["data"]["productVariantBulkCreate"]
    assert (data["count"], data["productVariants"]) == (0, [])
    assert data["results"] == [
        {"productVariant": None, "errors": []},
        {"productVariant": None, "errors": [{"field": "sku", "code": "UNIQUE"}]},
    ]
    assert not ProductVariant.objects.exists() and not Stock.objects.exists()


def test_bulk_create_keeps_the_good_rows_when_asked(gql, staff, sized):
    store = _id("Warehouse", WarehouseFactory().pk)

    body = gql(
        BULK,
        {
            "product": _id("Product", sized.pk),
            "variants": _bulk_rows(sized, store),
            "policy": "REJECT_FAILED_ROWS",
        },
        headers=staff,
    )

    data = body["data"]["productVariantBulkCreate"]
    assert data["count"] == 1
    assert [r["productVariant"] for r in data["results"]] == [{"sku": "ASL-S"}, None]
    assert Stock.objects.get(product_variant__sku="ASL-S").quantity == 3
    assert ProductChannelListing.objects.get(product=sized).discounted_price_amount == Decimal("10.000")
    sized.refresh_from_db()
    assert "asl-s" in sized.search_document
