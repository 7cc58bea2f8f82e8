"""Saleor's ``productVariantBulkUpdate``: fields, stocks and prices of many variants at once, each
row through the single-variant services, under Saleor's error policies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import ProductChannelListing, ProductVariant, ProductVariantChannelListing
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

BULK_UPDATE = """
mutation($product: ID!, $variants: [ProductVariantBulkUpdateInput!]!, $policy: ErrorPolicyEnum) {
  productVariantBulkUpdate(product: $product, variants: $variants, errorPolicy: $policy) {
    count
    results {
      productVariant { sku name stocks { warehouse { slug } quantity } channelListings { price { amount } } }
      errors { field code message }
    }
    errors { field code message }
  }
}"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


@pytest.fixture
def shop():
    channel = ChannelFactory()
    product = ProductFactory(name="Rattan tray", slug="rattan-tray")
    publish(product, channel)
    first = VariantFactory(product=product, sku="TRAY-S", name="Small")
    second = VariantFactory(product=product, sku="TRAY-L", name="Large")
    loyok, mataram = WarehouseFactory(slug="loyok"), WarehouseFactory(slug="mataram")
    stock = Stock.objects.create(warehouse=loyok, product_variant=first, quantity=4)
    listing = price(first, channel, "20.00", cost="8.00")
    price(second, channel, "35.00")
    return {
        "channel": channel,
        "product": product,
        "first": first,
        "second": second,
        "loyok": loyok,
        "mataram": mataram,
        "stock": stock,
        "listing": listing,
    }


def _gid(kind: str, pk: object) -> str:
    return to_global_id(kind, pk)


def test_bulk_update_changes_fields_stocks_and_prices_of_each_row(gql, staff, shop):
    variants = [
        {
            "id": _gid("ProductVariant", shop["first"].pk),
            "name": "Small tray",
            "stocks": {
                "update": [{"stock": _gid("Stock", shop["stock"].pk), "quantity": 9}],
                "create": [{"warehouse": _gid("Warehouse", shop["mataram"].pk), "quantity": 2}],
            },
            "channelListings": {
                "update": [
                    {
                        "channelListing": _gid("ProductVariantChannelListing", shop["listing"].pk),
                        "price": "18.5",
                    }
                ]
            },
        },
        {"id": _gid("ProductVariant", shop["second"].pk), "sku": "TRAY-XL"},
    ]

    body = gql(
        BULK_UPDATE, {"product": _gid("Product", shop["product"].pk), "variants": variants}, headers=staff
    )

    data = body["data"]["productVariantBulkUpdate"]
    assert data["count"] == 2 and data["errors"] == []
    assert [r["errors"] for r in data["results"]] == [[], []]
    assert data["results"][0]["productVariant"]["name"] == "Small tray"
    quantities = {s.warehouse.slug: s.quantity for s in Stock.objects.filter(product_variant=shop["first"])}
    assert quantities == {"loyok": 9, "mataram": 2}
    listing = ProductVariantChannelListing.objects.get(pk=shop["listing"].pk)
    # The price changed; the cost price, left out of the input, is kept.
    assert (listing.price_amount, listing.cost_price_amount) == (Decimal("18.500"), Decimal("8.000"))
    assert ProductVariant.objects.get(pk=shop["second"].pk).sku == "TRAY-XL"
    cheapest = ProductChannelListing.objects.get(product=shop["product"]).discounted_price_amount
    assert cheapest == Decimal("18.500")
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "product_variant.updated",
        "product_variant.stocks_updated",
        "product_variant.channel_listings_updated",
    } <= actions


def test_bulk_update_removes_stocks_and_channel_listings(gql, staff, shop):
    variants = [
        {
            "id": _gid("ProductVariant", shop["first"].pk),
            "stocks": {"remove": [_gid("Stock", shop["stock"].pk)]},
            "channelListings": {"remove": [_gid("ProductVariantChannelListing", shop["listing"].pk)]},
        }
    ]

    body = gql(
        BULK_UPDATE, {"product": _gid("Product", shop["product"].pk), "variants": variants}, headers=staff
    )

    assert body["data"]["productVariantBulkUpdate"]["count"] == 1
    assert not Stock.objects.filter(product_variant=shop["first"]).exists()
    assert not ProductVariantChannelListing.objects.filter(variant=shop["first"]).exists()
    # The product's cheapest price is now the other variant's.
    cheapest = ProductChannelListing.objects.get(product=shop["product"]).discounted_price_amount
    assert cheapest == Decimal("35.000")


def test_bulk_update_rejects_everything_when_one_row_fails(gql, staff, shop):
    other = VariantFactory(product=ProductFactory(), sku="NOT-MINE")
    variants = [
        {"id": _gid("ProductVariant", shop["first"].pk), "name": "Renamed"},
        {"id": _gid("ProductVariant", other.pk), "name": "Stolen"},
        {"id": _gid("ProductVariant", shop["second"].pk), "sku": "TRAY-S"},  # taken by the first
    ]

    body = gql(
        BULK_UPDATE, {"product": _gid("Product", shop["product"].pk), "variants": variants}, headers=staff
    )

    data = body["data"]["productVariantBulkUpdate"]
    assert data["count"] == 0
    assert [[(e["field"], e["code"]) for e in r["errors"]] for r in data["results"]] == [
        [],
        [("id", "NOT_PRODUCTS_VARIANT")],
        [("sku", "UNIQUE")],
    ]
    assert all(r["productVariant"] is None for r in data["results"])
    assert ProductVariant.objects.get(pk=shop["first"].pk).name == "Small"
    assert ProductVariant.objects.get(pk=other.pk).name != "Stolen"
    assert not AuditLogEntry.objects.filter(action="product_variant.updated").exists()


def test_bulk_update_keeps_good_rows_with_reject_failed_rows(gql, staff, shop):
    foreign_stock = Stock.objects.create(
        warehouse=shop["mataram"], product_variant=VariantFactory(product=ProductFactory()), quantity=1
    )
    variants = [
        {"id": _gid("ProductVariant", shop["first"].pk), "name": "Renamed"},
        {
            "id": _gid("ProductVariant", shop["second"].pk),
            "stocks": {"update": [{"stock": _gid("Stock", foreign_stock.pk), "quantity": 50}]},
        },
        {
            "id": _gid("ProductVariant", shop["second"].pk),
            "stocks": {"update": []},
            "quantityLimitPerCustomer": 0,
        },
    ]

    body = gql(
        BULK_UPDATE,
        {
            "product": _gid("Product", shop["product"].pk),
            "variants": variants,
            "policy": "REJECT_FAILED_ROWS",
        },
        headers=staff,
    )

    data = body["data"]["productVariantBulkUpdate"]
    assert data["count"] == 1
    assert data["results"][0]["productVariant"]["name"] == "Renamed"
    assert [e["field"] for e in data["results"][1]["errors"]] == ["stocks"]
    assert [e["field"] for e in data["results"][2]["errors"]] == ["quantityLimitPerCustomer"]
    assert Stock.objects.get(pk=foreign_stock.pk).quantity == 1
    assert ProductVariant.objects.get(pk=shop["second"].pk).quantity_limit_per_customer is None


def test_bulk_update_refuses_the_same_variant_twice_and_too_many_rows(gql, staff, shop):
    row = {"id": _gid("ProductVariant", shop["first"].pk), "name": "Twice"}
    twice = gql(
        BULK_UPDATE,
        {"product": _gid("Product", shop["product"].pk), "variants": [row, row], "policy": "IGNORE_FAILED"},
        headers=staff,
    )
    many = gql(
        BULK_UPDATE, {"product": _gid("Product", shop["product"].pk), "variants": [row] * 101}, headers=staff
    )

    results = twice["data"]["productVariantBulkUpdate"]["results"]
    assert [e["code"] for e in results[1]["errors"]] == ["DUPLICATED_INPUT_ITEM"]
    assert [e["code"] for e in many["data"]["productVariantBulkUpdate"]["errors"]] == ["INVALID"]


def test_bulk_update_needs_manage_products(gql, shop):
    refused = gql(
        BULK_UPDATE,
        {
            "product": _gid("Product", shop["product"].pk),
            "variants": [{"id": _gid("ProductVariant", shop["first"].pk), "name": "Nope"}],
        },
        headers=bearer(staff_user(P.MANAGE_ORDERS)),
    )

    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert ProductVariant.objects.get(pk=shop["first"].pk).name == "Small"
