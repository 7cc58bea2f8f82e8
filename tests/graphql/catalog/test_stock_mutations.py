"""Saleor's ``productVariantStocks*`` mutations through /graphql/: quantities per warehouse, never
below what orders hold, certified pieces counted by their units only, the buyer's availability."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.inventory.models import Stock
from tests.graphql.catalog.factories import ChannelFactory, WarehouseFactory
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    lot,
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message index }"
CREATE = f"""
mutation($id: ID!, $stocks: [StockInput!]!) {{
  productVariantStocksCreate(variantId: $id, stocks: $stocks) {{
    productVariant {{ stocks {{ warehouse {{ slug }} quantity }} }} {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation($sku: String, $stocks: [StockInput!]!) {{
  productVariantStocksUpdate(sku: $sku, stocks: $stocks) {{
    productVariant {{ stocks {{ quantity quantityAllocated }} }} {ERRORS}
  }}
}}"""
DELETE = """
mutation($id: ID!, $warehouses: [ID!]) {
  productVariantStocksDelete(variantId: $id, warehouseIds: $warehouses) {
    productVariant { id } errors { field code }
  }
}"""
AVAILABLE = """
query($id: ID!) { productVariant(id: $id, channel: "intl-usd") { quantityAvailable } }
"""


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


def _id(kind: str, pk: int) -> str:
    return to_global_id(kind, pk)


def test_stocks_create_adds_quantities_the_buyer_then_sees(gql, staff):
    channel = ChannelFactory()
    item = stocked_variant(channel, quantity=2)
    second = WarehouseFactory(slug="mataram")
    second.channels.add(channel)

    body = gql(
        CREATE,
        {
            "id": _id("ProductVariant", item.pk),
            "stocks": [{"warehouse": _id("Warehouse", second.pk), "quantity": 4}],
        },
        headers=staff,
    )

    assert body["data"]["productVariantStocksCreate"]["errors"] == []
    assert {"warehouse": {"slug": "mataram"}, "quantity": 4} in body["data"]["productVariantStocksCreate"][
        "productVariant"
    ]["stocks"]
    available = gql(AVAILABLE, {"id": _id("ProductVariant", item.pk)}, headers=staff)
    assert available["data"]["productVariant"]["quantityAvailable"] == 6
    entry = AuditLogEntry.objects.get(action="product_variant.stocks_updated")
    assert entry.payload["after"][str(second.pk)] == 4


def test_stocks_create_for_a_stocked_warehouse_or_twice_reports_each_entry(gql, staff):
    item = stocked_variant(ChannelFactory(), quantity=2)
    stocked = item.stocks.get().warehouse
    other = WarehouseFactory()

    body = gql(
        CREATE,
        {
            "id": _id("ProductVariant", item.pk),
            "stocks": [
                {"warehouse": _id("Warehouse", stocked.pk), "quantity": 1},
                {"warehouse": _id("Warehouse", other.pk), "quantity": -3},
                {"warehouse": _id("Warehouse", other.pk), "quantity": 1},
            ],
        },
        headers=staff,
    )

    errors = body["data"]["productVariantStocksCreate"]["errors"]
    assert {(e["field"], e["code"], e["index"]) for e in errors} == {
        ("warehouse", "UNIQUE", 0),
        ("quantity", "INVALID", 1),
        ("warehouse", "DUPLICATED_INPUT_ITEM", 2),
    }
    assert list(Stock.objects.filter(product_variant=item).values_list("quantity", flat=True)) == [2]


def test_stocks_update_never_goes_below_what_orders_hold(gql, staff):
    channel = ChannelFactory()
    order = order_placed(channel=channel, quantity=2)
    item = order.lines.get().variant
    warehouse = item.stocks.get().warehouse  # noqa: F811

    refused = gql(
        UPDATE,
        {"sku": item.sku, "stocks": [{"warehouse": _id("Warehouse", warehouse.pk), "quantity": 1}]},
        headers=staff,
    )
    body = gql(
        UPDATE,
        {"sku": item.sku, "stocks": [{"warehouse": _id("Warehouse", warehouse.pk), "quantity": 9}]},
        headers=staff,
    )

    assert [(e["field"], e["index"]) for e in refused["data"]["productVariantStocksUpdate"]["errors"]] == [
        ("quantity", 0)
    ]
    assert body["data"]["productVariantStocksUpdate"]["productVariant"]["stocks"] == [
        {"quantity": 9, "quantityAllocated": 2}
    ]


def test_certified_stock_is_changed_only_by_its_units(gql, staff, received, variant, warehouse):  # noqa: F811
    update = gql(
        UPDATE,
        {"sku": variant.sku, "stocks": [{"warehouse": _id("Warehouse", warehouse.pk), "quantity": 10}]},
        headers=staff,
    )
    delete = gql(
        DELETE,
        {"id": _id("ProductVariant", variant.pk), "warehouses": [_id("Warehouse", warehouse.pk)]},
        headers=staff,
    )

    assert [e["code"] for e in update["data"]["productVariantStocksUpdate"]["errors"]] == ["INVALID"]
    assert [e["code"] for e in delete["data"]["productVariantStocksDelete"]["errors"]] == ["INVALID"]
    assert Stock.objects.get(product_variant=variant, warehouse=warehouse).quantity == 3


def test_stocks_delete_removes_the_warehouse_from_the_variant(gql, staff):
    item = stocked_variant(ChannelFactory(), quantity=2)
    stocked = item.stocks.get().warehouse

    body = gql(
        DELETE,
        {"id": _id("ProductVariant", item.pk), "warehouses": [_id("Warehouse", stocked.pk)]},
        headers=staff,
    )

    assert body["data"]["productVariantStocksDelete"]["errors"] == []
    assert not Stock.objects.filter(product_variant=item).exists()
    assert AuditLogEntry.objects.get(action="product_variant.stocks_updated").payload["after"] == {}
