"""Saleor's ``createWarehouse``, ``updateWarehouse`` and ``deleteWarehouse`` through /graphql/."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode as P
from storefront.inventory.models import Stock, Warehouse
from tests.graphql.catalog.factories import ChannelFactory
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
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

ERRORS = "errors { field code message }"
CREATE = f"""
mutation($input: WarehouseCreateInput!) {{
  createWarehouse(input: $input) {{ warehouse {{ id name slug email isPrivate }} {ERRORS} }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: WarehouseUpdateInput!) {{
  updateWarehouse(id: $id, input: $input) {{ warehouse {{ name isPrivate }} {ERRORS} }}
}}"""
DELETE = f"mutation($id: ID!) {{ deleteWarehouse(id: $id) {{ warehouse {{ id }} {ERRORS} }} }}"
LOYOK = {
    "streetAddress1": "Jl. Raya Loyok 12",
    "city": "Lombok Timur",
    "postalCode": "83662",
    "country": "ID",
    "countryArea": "Nusa Tenggara Barat",
}


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


def test_create_warehouse_stores_its_normalised_address(gql, staff):
    body = gql(
        CREATE,
        {"input": {"name": "Gudang Loyok", "email": "gudang@asal.example", "address": LOYOK}},
        headers=staff,
    )

    data = body["data"]["createWarehouse"]
    assert data["errors"] == []
    assert data["warehouse"]["slug"] == "gudang-loyok"
    saved = Warehouse.objects.get(slug="gudang-loyok")
    assert (saved.street_address, saved.postal_code, saved.country) == ("Jl. Raya Loyok 12", "83662", "ID")
    assert AuditLogEntry.objects.get(action="warehouse.created").payload["after"]["name"] == "Gudang Loyok"


def test_create_warehouse_reports_every_problem_and_writes_nothing(gql, staff):
    Warehouse.objects.create(name="Taken", slug="taken")

    body = gql(
        CREATE,
        {"input": {"name": " ", "slug": "taken", "email": "not-an-email", "address": {"city": "Mataram"}}},
        headers=staff,
    )

    assert {(e["field"], e["code"]) for e in body["data"]["createWarehouse"]["errors"]} == {
        ("name", "REQUIRED"),
        ("slug", "UNIQUE"),
        ("email", "INVALID"),
        ("country", "REQUIRED"),
    }
    assert Warehouse.objects.count() == 1


def test_update_warehouse_changes_what_is_given(gql, staff):
    store = Warehouse.objects.create(name="Store", slug="store", city="Mataram", country="ID")

    body = gql(
        UPDATE, {"id": to_global_id("Warehouse", store.pk), "input": {"isPrivate": False}}, headers=staff
    )

    assert body["data"]["updateWarehouse"] == {
        "warehouse": {"name": "Store", "isPrivate": False},
        "errors": [],
    }
    store.refresh_from_db()
    assert store.city == "Mataram"


def test_delete_warehouse_is_refused_while_orders_hold_stock_there(gql, staff):
    order = order_placed(channel=ChannelFactory())
    held = order.lines.get().variant.stocks.get().warehouse
    empty = stocked_variant(ChannelFactory(), quantity=1).stocks.get().warehouse

    refused = gql(DELETE, {"id": to_global_id("Warehouse", held.pk)}, headers=staff)
    body = gql(DELETE, {"id": to_global_id("Warehouse", empty.pk)}, headers=staff)

    assert [e["code"] for e in refused["data"]["deleteWarehouse"]["errors"]] == ["INVALID"]
    assert body["data"]["deleteWarehouse"]["errors"] == []
    assert (
        Warehouse.objects.filter(pk=held.pk).exists() and not Warehouse.objects.filter(pk=empty.pk).exists()
    )
    assert not Stock.objects.filter(warehouse_id=empty.pk).exists()


def test_a_warehouse_that_received_certified_pieces_is_kept(gql, staff, received, warehouse):  # noqa: F811
    body = gql(DELETE, {"id": to_global_id("Warehouse", warehouse.pk)}, headers=staff)

    assert [e["code"] for e in body["data"]["deleteWarehouse"]["errors"]] == ["INVALID"]
    assert Warehouse.objects.filter(pk=warehouse.pk).exists()
    assert not AuditLogEntry.objects.filter(action="warehouse.deleted").exists()


CHANNEL_UPDATE = """
mutation($id: ID!, $input: ChannelUpdateInput!) {
  channelUpdate(id: $id, input: $input) { channel { slug } errors { field code warehouses } }
}"""
AVAILABLE = 'query($id: ID!) { productVariant(id: $id, channel: "intl-usd") { quantityAvailable } }'


def test_channel_update_assigns_the_warehouses_a_channel_sells_from(gql):
    channel = ChannelFactory()
    item = stocked_variant(channel, quantity=3)
    first = item.stocks.get().warehouse
    second = Warehouse.objects.create(name="Mataram", slug="mataram")
    Stock.objects.create(warehouse=second, product_variant=item, quantity=4)
    manager = bearer(staff_user(P.MANAGE_CHANNELS))
    variant_id = to_global_id("ProductVariant", item.pk)

    body = gql(
        CHANNEL_UPDATE,
        {
            "id": to_global_id("Channel", channel.pk),
            "input": {
                "addWarehouses": [to_global_id("Warehouse", second.pk)],
                "removeWarehouses": [to_global_id("Warehouse", first.pk)],
            },
        },
        headers=manager,
    )

    assert body["data"]["channelUpdate"] == {"channel": {"slug": "intl-usd"}, "errors": []}
    assert gql(AVAILABLE, {"id": variant_id})["data"]["productVariant"]["quantityAvailable"] == 4
    entry = AuditLogEntry.objects.get(action="channel.warehouses_updated")
    assert (entry.payload["before"]["warehouses"], entry.payload["after"]["warehouses"]) == (
        [first.pk],
        [second.pk],
    )


def test_channel_update_refuses_a_warehouse_both_added_and_removed(gql):
    channel = ChannelFactory()
    store = Warehouse.objects.create(name="Store", slug="store")
    store_id = to_global_id("Warehouse", store.pk)

    body = gql(
        CHANNEL_UPDATE,
        {
            "id": to_global_id("Channel", channel.pk),
            "input": {"addWarehouses": [store_id], "removeWarehouses": [store_id]},
        },
        headers=bearer(staff_user(P.MANAGE_CHANNELS)),
    )

    assert {(e["field"], e["code"]) for e in body["data"]["channelUpdate"]["errors"]} == {
        ("addWarehouses", "DUPLICATED_INPUT_ITEM"),
        ("removeWarehouses", "DUPLICATED_INPUT_ITEM"),
    }
    assert body["data"]["channelUpdate"]["errors"][0]["warehouses"] == [store_id]
    assert not channel.warehouses.exists()
