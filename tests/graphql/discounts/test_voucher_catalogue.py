"""``voucherCataloguesAdd``/``Remove``, ``Voucher.products/variants/categories/collections`` and the
voucher's value, minimum spend and currency in the channel it is asked for."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Collection
from storefront.discounts.models import Voucher
from tests.graphql.catalog.factories import CategoryFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create

pytestmark = pytest.mark.django_db

ADD = """
mutation ($id: ID!, $input: CatalogueInput!) {
  voucherCataloguesAdd(id: $id, input: $input) {
    errors { field code message }
    voucher { products(first: 10) { totalCount edges { node { name } } } }
  }
}"""
REMOVE = """
mutation ($id: ID!, $input: CatalogueInput!) {
  voucherCataloguesRemove(id: $id, input: $input) {
    errors { field code message }
    voucher { products(first: 10) { totalCount } collections(first: 10) { totalCount } }
  }
}"""
VOUCHER = """
query ($id: ID!, $channel: String) {
  voucher(id: $id, channel: $channel) {
    discountValue currency minSpent { amount currency }
    products(first: 10) {
      totalCount edges { node { name pricing { priceRange { start { gross { amount } } } } } }
    }
    variants(first: 10) { edges { node { sku } } }
    categories(first: 10) { edges { node { name } } }
    collections(first: 10) { edges { node { name } } }
  }
}"""
VOUCHERS = """
query ($channel: String) {
  vouchers(first: 10, channel: $channel) {
    edges { node { discountValue products(first: 5) { edges { node { name } } } categories(first: 5) {
      totalCount } } }
  }
}"""


def _staff():
    return bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))


def test_staff_add_and_remove_a_vouchers_catalogue_and_read_it_in_a_channel(gql) -> None:
    channel = channel_create()
    voucher = voucher_create(channel, code="LOYOK", value="15", min_spent="30", type="SPECIFIC_PRODUCT")
    first = product_create(channel, price="20.00")
    second = product_create(channel, price="12.00")
    category = CategoryFactory(name="Rattan")
    collection = Collection.objects.create(name="Loyok rattan", slug="loyok-rattan")
    voucher_id = to_global_id("Voucher", voucher.pk)
    headers = _staff()

    added = gql(
        ADD,
        {
            "id": voucher_id,
            "input": {
                "products": [to_global_id("Product", first.product_id)],
                "variants": [to_global_id("ProductVariant", second.pk)],
                "categories": [to_global_id("Category", category.pk)],
                "collections": [to_global_id("Collection", collection.pk)],
            },
        },
        headers=headers,
    )["data"]["voucherCataloguesAdd"]
    assert added["errors"] == []
    assert added["voucher"]["products"]["totalCount"] == 1
    entry = AuditLogEntry.objects.get(action="voucher.catalogues_added")
    assert entry.payload["after"]["products"] == [first.product_id]

    got = gql(VOUCHER, {"id": voucher_id, "channel": channel.slug}, headers=headers)["data"]["voucher"]
    assert (got["discountValue"], got["currency"], got["minSpent"]) == (
        15.0,
        "USD",
        {"amount": 30.0, "currency": "USD"},
    )
    (product,) = [edge["node"] for edge in got["products"]["edges"]]
    assert product["name"] == first.product.name
    assert (
        product["pricing"]["priceRange"]["start"]["gross"]["amount"] == 20.0
    )  # priced in the channel asked for
    assert [edge["node"]["sku"] for edge in got["variants"]["edges"]] == [second.sku]
    assert [edge["node"]["name"] for edge in got["categories"]["edges"]] == ["Rattan"]
    assert [edge["node"]["name"] for edge in got["collections"]["edges"]] == ["Loyok rattan"]

    # Without a channel there is no per-channel value (Saleor's ChannelContext without a slug).
    plain = gql(VOUCHER, {"id": voucher_id}, headers=headers)["data"]["voucher"]
    assert plain["discountValue"] is None and plain["currency"] is None and plain["minSpent"] is None

    removed = gql(
        REMOVE,
        {
            "id": voucher_id,
            "input": {
                "products": [to_global_id("Product", first.product_id)],
                "collections": [to_global_id("Collection", collection.pk)],
            },
        },
        headers=headers,
    )["data"]["voucherCataloguesRemove"]
    assert removed["errors"] == []
    assert removed["voucher"] == {"products": {"totalCount": 0}, "collections": {"totalCount": 0}}
    voucher = Voucher.objects.get(pk=voucher.pk)
    assert list(voucher.variants.all()) == [second] and list(voucher.categories.all()) == [category]
    assert AuditLogEntry.objects.filter(action="voucher.catalogues_removed").count() == 1


def test_a_bad_id_changes_nothing_and_names_the_field(gql) -> None:
    channel = channel_create()
    voucher = voucher_create(channel, code="NOPE")
    product = product_create(channel)
    result = gql(
        ADD,
        {
            "id": to_global_id("Voucher", voucher.pk),
            "input": {
                "products": [to_global_id("Product", product.product_id)],
                "categories": [to_global_id("Category", 987654)],
                "collections": [to_global_id("Collection", 987655)],
            },
        },
        headers=_staff(),
    )["data"]["voucherCataloguesAdd"]
    assert {(error["field"], error["code"]) for error in result["errors"]} == {
        ("categories", "NOT_FOUND"),
        ("collections", "NOT_FOUND"),
    }
    assert result["voucher"] is None
    assert not voucher.products.exists()
    assert not AuditLogEntry.objects.filter(action="voucher.catalogues_added").exists()
    missing = gql(ADD, {"id": to_global_id("Voucher", 987654), "input": {}}, headers=_staff())["data"][
        "voucherCataloguesAdd"
    ]
    assert [(error["field"], error["code"]) for error in missing["errors"]] == [("id", "NOT_FOUND")]


def test_buyers_cannot_change_or_read_a_catalogue(gql) -> None:
    channel = channel_create()
    voucher = voucher_create(channel, code="SECRET")
    product = product_create(channel)
    body = gql(
        ADD,
        {
            "id": to_global_id("Voucher", voucher.pk),
            "input": {"products": [to_global_id("Product", product.product_id)]},
        },
    )
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not voucher.products.exists()


def test_the_catalogues_of_many_vouchers_cost_the_same_as_of_one(gql) -> None:
    channel = channel_create()
    headers = _staff()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            data = gql(VOUCHERS, {"channel": channel.slug}, headers=headers)
        assert "errors" not in data, data
        return len(queries)

    for n in range(3):
        voucher = voucher_create(channel, code=f"MANY-{n}", value="5")
        voucher.products.add(product_create(channel).product)
        voucher.categories.add(CategoryFactory())
        if n == 0:
            one = count()
    assert count() == one
    edges = gql(VOUCHERS, {"channel": channel.slug}, headers=headers)["data"]["vouchers"]["edges"]
    assert [edge["node"]["discountValue"] for edge in edges] == [5.0, 5.0, 5.0]
    assert all(len(edge["node"]["products"]["edges"]) == 1 for edge in edges)
