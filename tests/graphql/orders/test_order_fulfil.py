"""orderFulfill and the fulfilment fields through the API: staff pack parcels, the buyer sees them."""

from __future__ import annotations

import pytest
from django.core import mail

from graphql_schema.core.relay import to_global_id
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.models import Fulfillment
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db

FULFIL = """mutation($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    fulfillments {
      id fulfillmentOrder status trackingNumber created statusDisplay
      warehouse { id name }
      lines { id quantity serials orderLine { id quantityFulfilled quantityToFulfill } }
    }
    order { id status fulfillments { fulfillmentOrder } }
    errors { field code message orderLines warehouse }
    orderErrors { code }
  }
}"""

SUGGEST = """query($id: ID!, $warehouse: ID!) {
  order(id: $id) { incoterm lines { id suggestedSerials(warehouse: $warehouse, quantity: 2) } }
}"""


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def _line(line_id, warehouse, quantity, serials=None):
    entry = {
        "orderLineId": to_global_id("OrderLine", line_id),
        "stocks": [{"warehouse": to_global_id("Warehouse", warehouse.pk), "quantity": quantity}],
    }
    if serials is not None:
        entry["serials"] = serials
    return entry


@pytest.fixture
def shop(signing_key, origin, maker):  # noqa: F811
    return shop_create(origin=origin, maker=maker)


def test_staff_fulfil_two_warehouses_with_the_suggested_serials(
    gql, shop, django_capture_on_commit_callbacks
):
    buyer = UserFactory()
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)], user=buyer, email=buyer.email)
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    baskets, weaving = line_of(order, shop.baskets), line_of(order, shop.weaving)
    order_id = to_global_id("Order", order.pk)

    suggested = gql(
        SUGGEST, {"id": order_id, "warehouse": to_global_id("Warehouse", shop.home.pk)}, headers=bearer(staff)
    )["data"]["order"]
    assert suggested["incoterm"] == "DAP"
    serials = next(
        line["suggestedSerials"]
        for line in suggested["lines"]
        if line["id"] == to_global_id("OrderLine", baskets.pk)
    )
    assert len(serials) == 2

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(
            FULFIL,
            {
                "order": order_id,
                "input": {
                    "lines": [_line(baskets.pk, shop.home, 2, serials), _line(weaving.pk, shop.second, 1)],
                    "trackingNumber": "EE123456789ID",
                },
            },
            headers=bearer(staff),
        )

    payload = body["data"]["orderFulfill"]
    assert payload["errors"] == [] and payload["orderErrors"] == []
    assert payload["order"]["status"] == "FULFILLED"
    assert [f["fulfillmentOrder"] for f in payload["order"]["fulfillments"]] == [1, 2]
    first, second = payload["fulfillments"]
    assert first["status"] == "FULFILLED" and first["trackingNumber"] == "EE123456789ID"
    assert first["warehouse"]["id"] == to_global_id("Warehouse", shop.home.pk)
    assert second["warehouse"]["id"] == to_global_id("Warehouse", shop.second.pk)
    assert first["lines"][0]["serials"] == sorted(serials)
    assert first["lines"][0]["orderLine"] == {
        "id": to_global_id("OrderLine", baskets.pk),
        "quantityFulfilled": 2,
        "quantityToFulfill": 0,
    }
    assert second["lines"][0]["serials"] == [shop.weaving_unit.serial]
    assert Unit.objects.get(serial=serials[0]).custody_events.order_by("-sequence").first().type == (
        CustodyEvent.Type.SHIPPED
    )
    assert AuditLogEntry.objects.get(action="order.fulfilled").actor_user == staff
    assert len(mail.outbox) >= 2 and all(m.to == [buyer.email] for m in mail.outbox[-2:])

    # The buyer (holding the order's id) sees the parcels, but not which warehouse sent them and
    # not the staff's serial suggestions.
    seen = gql(
        """query($id: ID!, $warehouse: ID!) { order(id: $id) {
             fulfillments { status trackingNumber warehouse { id } lines { quantity serials } }
             lines { suggestedSerials(warehouse: $warehouse, quantity: 1) } } }""",
        {"id": order_id, "warehouse": to_global_id("Warehouse", shop.home.pk)},
        headers=bearer(buyer),
    )
    assert "errors" not in seen
    fulfillments = seen["data"]["order"]["fulfillments"]
    assert [f["warehouse"] for f in fulfillments] == [None, None]
    assert fulfillments[0]["lines"][0]["serials"] == sorted(serials)
    assert all(line["suggestedSerials"] is None for line in seen["data"]["order"]["lines"])


def test_an_app_with_manage_orders_may_fulfil(gql, shop):
    order = order_paid(shop, [(shop.plain, 1)])
    app, token = app_create(name="warehouse robot", permissions=[PermissionCode.MANAGE_ORDERS])

    body = gql(
        FULFIL,
        {
            "order": to_global_id("Order", order.pk),
            "input": {"lines": [_line(line_of(order, shop.plain).pk, shop.home, 1)], "notifyCustomer": False},
        },
        headers=bearer(token),
    )

    assert body["data"]["orderFulfill"]["order"]["status"] == "FULFILLED"
    assert order.events.get(type=OrderEventType.FULFILLMENT_FULFILLED_ITEMS).app == app
    assert AuditLogEntry.objects.get(action="order.fulfilled").actor_app == app
    assert mail.outbox == []


def test_callers_without_manage_orders_are_refused_and_nothing_changes(gql, shop):
    buyer = UserFactory()
    order = order_paid(shop, [(shop.baskets, 1)], user=buyer, email=buyer.email)
    _app, app_token = app_create(name="payments", permissions=[PermissionCode.HANDLE_PAYMENTS])
    callers = [
        {},
        bearer(buyer),
        bearer(staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.HANDLE_PAYMENTS)),
        bearer(app_token),
    ]
    variables = {
        "order": to_global_id("Order", order.pk),
        "input": {"lines": [_line(line_of(order, shop.baskets).pk, shop.home, 1)]},
    }

    bodies = [gql(FULFIL, variables, headers=headers) for headers in callers]

    assert all(_denied(body) and body["data"]["orderFulfill"] is None for body in bodies)
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert not Fulfillment.objects.exists()
    assert Stock.objects.get(product_variant=shop.baskets, warehouse=shop.home).quantity == 3
    assert not AuditLogEntry.objects.filter(action="order.fulfilled").exists()


def test_bad_inputs_are_errors_in_the_payload_and_change_nothing(gql, shop):
    order = order_paid(shop, [(shop.baskets, 2)])
    line = line_of(order, shop.baskets)
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    order_id = to_global_id("Order", order.pk)
    cases = [
        ({"lines": [_line(line.pk, shop.home, 3)]}, ("orderLineId", "FULFILL_ORDER_LINE")),
        ({"lines": [_line(line.pk, shop.home, 0)]}, ("quantity", "ZERO_QUANTITY")),
        ({"lines": [_line(line.pk, shop.second, 1)]}, ("stocks", "INSUFFICIENT_STOCK")),
        ({"lines": [_line(line.pk, shop.home, 1, ["NOPE-0000"])]}, ("serials", "INVALID")),
        (
            {"lines": [_line(line.pk, shop.home, 1)], "allowStockToBeExceeded": True},
            ("allowStockToBeExceeded", "INVALID"),
        ),
        (
            {"lines": [{"orderLineId": "%%%", "stocks": [{"warehouse": "x", "quantity": 1}]}]},
            ("orderLineId", "GRAPHQL_ERROR"),
        ),
        (
            {
                "lines": [
                    {
                        "orderLineId": to_global_id("OrderLine", line.pk),
                        "stocks": [{"warehouse": to_global_id("Product", 1), "quantity": 1}],
                    }
                ]
            },
            ("warehouse", "GRAPHQL_ERROR"),
        ),
        ({"lines": [], "trackingNumber": "x" * 300}, ("trackingNumber", "INVALID")),
        ({"lines": []}, ("lines", "REQUIRED")),
    ]
    for input_, expected in cases:
        body = gql(FULFIL, {"order": order_id, "input": input_}, headers=headers)
        assert "errors" not in body, body
        payload = body["data"]["orderFulfill"]
        assert payload["fulfillments"] is None and payload["order"] is None
        assert expected in [(e["field"], e["code"]) for e in payload["errors"]], (input_, payload["errors"])

    over = gql(FULFIL, {"order": order_id, "input": cases[0][0]}, headers=headers)["data"]["orderFulfill"]
    assert over["errors"][0]["orderLines"] == [to_global_id("OrderLine", line.pk)]
    insufficient = gql(FULFIL, {"order": order_id, "input": cases[2][0]}, headers=headers)["data"][
        "orderFulfill"
    ]
    assert insufficient["errors"][0]["warehouse"] == to_global_id("Warehouse", shop.second.pk)
    missing = gql(FULFIL, {"order": None, "input": {"lines": []}}, headers=headers)["data"]["orderFulfill"]
    assert missing["errors"][0]["code"] == "REQUIRED"
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED and not Fulfillment.objects.exists()
    assert not AuditLogEntry.objects.filter(action="order.fulfilled").exists()
