"""Tracking, cancelling and returning fulfilments through the API (Saleor's three mutations)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction
from provenance.certificates.models import Unit
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.inventory.models import Stock
from storefront.orders.choices import FulfillmentStatus, OrderStatus
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from storefront.orders.models import Fulfillment
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db

TRACKING = """mutation($id: ID!, $input: FulfillmentUpdateTrackingInput!) {
  orderFulfillmentUpdateTracking(id: $id, input: $input) {
    fulfillment { id trackingNumber } order { id } errors { field code } orderErrors { code }
  }
}"""
CANCEL = """mutation($id: ID!, $input: FulfillmentCancelInput) {
  orderFulfillmentCancel(id: $id, input: $input) {
    fulfillment { id status } order { id status lines { quantityFulfilled } } errors { field code }
  }
}"""
RETURN = """mutation($order: ID!, $input: OrderReturnProductsInput!) {
  orderFulfillmentReturnProducts(order: $order, input: $input) {
    returnFulfillment { id status lines { quantity serials } }
    replaceFulfillment { id } replaceOrder { id }
    order { id status totalRefunded { amount } }
    errors { field code message }
  }
}"""


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


@pytest.fixture
def shipped(signing_key, origin, maker):  # noqa: F811
    """A shop and a paid order whose two baskets and weaving left in two parcels."""
    shop = shop_create(origin=origin, maker=maker)
    buyer = UserFactory()
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)], user=buyer, email=buyer.email)
    parcels = order_fulfill(
        order=order,
        lines=[
            FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 2),)),
            FulfilLine(line_of(order, shop.weaving).pk, (FulfilStock(shop.second.pk, 1),)),
        ],
        actor=Actor.system(),
        notify_customer=False,
    )
    return shop, buyer, order, parcels


def _calls(shop, order, parcels):
    """One valid call of each mutation (the callers-outside test uses them as they are)."""
    baskets_parcel, weaving_parcel = parcels
    line = baskets_parcel.lines.get()
    return [
        (
            "orderFulfillmentUpdateTracking",
            TRACKING,
            {"id": to_global_id("Fulfillment", baskets_parcel.pk), "input": {"trackingNumber": "RR1"}},
        ),
        ("orderFulfillmentCancel", CANCEL, {"id": to_global_id("Fulfillment", weaving_parcel.pk)}),
        (
            "orderFulfillmentReturnProducts",
            RETURN,
            {
                "order": to_global_id("Order", order.pk),
                "input": {
                    "fulfillmentLines": [
                        {"fulfillmentLineId": to_global_id("FulfillmentLine", line.pk), "quantity": 1}
                    ]
                },
            },
        ),
    ]


def test_callers_without_manage_orders_are_refused_and_nothing_changes(gql, shipped):
    shop, buyer, order, parcels = shipped
    _app, app_token = app_create(name="payments", permissions=[PermissionCode.HANDLE_PAYMENTS])
    callers = [
        {},
        bearer(buyer),
        bearer(staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.HANDLE_PAYMENTS)),
        bearer(app_token),
    ]
    for name, document, variables in _calls(shop, order, parcels):
        for headers in callers:
            body = gql(document, variables, headers=headers)
            assert _denied(body) and body["data"][name] is None, (name, headers, body)

    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert list(Fulfillment.objects.filter(order=order).values_list("status", "tracking_number")) == [
        (FulfillmentStatus.FULFILLED, ""),
        (FulfillmentStatus.FULFILLED, ""),
    ]
    assert not Unit.objects.filter(status=Unit.Status.RETURNED).exists()
    assert not AuditLogEntry.objects.filter(action__startswith="fulfillment.").exists()
    assert not AuditLogEntry.objects.filter(action="order.products_returned").exists()


def test_staff_and_apps_with_manage_orders_may_call_each(gql, shipped):
    shop, _buyer, order, parcels = shipped
    app, app_token = app_create(name="fulfilment", permissions=[PermissionCode.MANAGE_ORDERS])
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    calls = _calls(shop, order, parcels)
    callers = [bearer(staff), bearer(app_token), bearer(staff)]
    for (name, document, variables), headers in zip(calls, callers, strict=True):
        body = gql(document, variables, headers=headers)
        assert "errors" not in body, body
        assert body["data"][name]["errors"] == [], (name, body)

    parcels[0].refresh_from_db()
    assert parcels[0].tracking_number == "RR1"
    assert AuditLogEntry.objects.get(action="fulfillment.tracking_updated").actor_user == staff
    assert AuditLogEntry.objects.get(action="fulfillment.canceled").actor_app == app
    assert AuditLogEntry.objects.get(action="order.products_returned").actor_user == staff


def test_cancel_restocks_into_the_lots_warehouse_and_refuses_another(gql, shipped):
    shop, _buyer, _order, (baskets_parcel, weaving_parcel) = shipped
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    refused = gql(
        CANCEL,
        {
            "id": to_global_id("Fulfillment", baskets_parcel.pk),
            "input": {"warehouseId": to_global_id("Warehouse", shop.second.pk)},
        },
        headers=headers,
    )["data"]["orderFulfillmentCancel"]
    assert refused["fulfillment"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("warehouseId", "INVALID")] * 2

    body = gql(
        CANCEL,
        {
            "id": to_global_id("Fulfillment", weaving_parcel.pk),
            "input": {"warehouseId": to_global_id("Warehouse", shop.second.pk)},
        },
        headers=headers,
    )["data"]["orderFulfillmentCancel"]
    assert body["errors"] == [] and body["fulfillment"]["status"] == "CANCELED"
    assert body["order"]["status"] == "PARTIALLY_FULFILLED"
    assert Stock.objects.get(product_variant=shop.weaving, warehouse=shop.second).quantity == 1

    again = gql(CANCEL, {"id": to_global_id("Fulfillment", weaving_parcel.pk)}, headers=headers)
    assert again["data"]["orderFulfillmentCancel"]["errors"] == [
        {"field": "fulfillment", "code": "CANNOT_CANCEL_FULFILLMENT"}
    ]
    unknown = gql(
        CANCEL, {"id": to_global_id("Fulfillment", "00000000-0000-4000-8000-000000000000")}, headers=headers
    )
    assert unknown["data"]["orderFulfillmentCancel"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]


def test_a_return_with_a_refund_goes_through_the_gateway(gql, shipped):
    _shop, _buyer, order, (baskets_parcel, _weaving_parcel) = shipped
    line = baskets_parcel.lines.get()
    serial = sorted(line.units.values_list("serial", flat=True))[0]
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    body = gql(
        RETURN,
        {
            "order": to_global_id("Order", order.pk),
            "input": {
                "fulfillmentLines": [
                    {
                        "fulfillmentLineId": to_global_id("FulfillmentLine", line.pk),
                        "quantity": 1,
                        "serials": [serial],
                    }
                ],
                "refund": True,
                "amountToRefund": "12.50",
            },
        },
        headers=headers,
    )

    payload = body["data"]["orderFulfillmentReturnProducts"]
    assert payload["errors"] == []
    assert payload["returnFulfillment"]["status"] == "REFUNDED_AND_RETURNED"
    assert payload["returnFulfillment"]["lines"] == [{"quantity": 1, "serials": [serial]}]
    assert payload["replaceFulfillment"] is None and payload["replaceOrder"] is None
    assert payload["order"]["status"] == "PARTIALLY_RETURNED"
    assert payload["order"]["totalRefunded"]["amount"] == 12.5
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == Decimal("12.50")
    assert Unit.objects.get(serial=serial).status == Unit.Status.RETURNED


def test_bad_returns_are_errors_in_the_payload(gql, shipped):
    _shop, _buyer, order, (baskets_parcel, _weaving_parcel) = shipped
    line_id = to_global_id("FulfillmentLine", baskets_parcel.lines.get().pk)
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    cases = [
        (
            {"fulfillmentLines": [{"fulfillmentLineId": line_id, "quantity": 5}]},
            ("quantity", "INVALID_QUANTITY"),
        ),
        (
            {
                "fulfillmentLines": [{"fulfillmentLineId": line_id, "quantity": 1}],
                "refund": True,
                "amountToRefund": "0.001",
            },
            ("amountToRefund", "INVALID"),
        ),
        (
            {
                "fulfillmentLines": [{"fulfillmentLineId": line_id, "quantity": 1}],
                "refund": True,
                "amountToRefund": "9999",
            },
            ("amountToRefund", "CANNOT_REFUND"),
        ),
        (
            {"fulfillmentLines": [{"fulfillmentLineId": line_id, "quantity": 1, "replace": True}]},
            ("replace", "INVALID"),
        ),
        (
            # Everything is shipped: no unshipped unit is left to return.
            {
                "orderLines": [
                    {"orderLineId": to_global_id("OrderLine", order.lines.first().pk), "quantity": 1}
                ]
            },
            ("quantity", "INVALID_QUANTITY"),
        ),
        (
            {
                "orderLines": [
                    {
                        "orderLineId": to_global_id("OrderLine", order.lines.first().pk),
                        "quantity": 1,
                        "replace": True,
                    }
                ]
            },
            ("replace", "INVALID"),
        ),
        (
            {"fulfillmentLines": [{"fulfillmentLineId": "%%%", "quantity": 1}]},
            ("fulfillmentLineId", "GRAPHQL_ERROR"),
        ),
    ]
    for input_, expected in cases:
        body = gql(RETURN, {"order": to_global_id("Order", order.pk), "input": input_}, headers=headers)
        assert "errors" not in body, body
        payload = body["data"]["orderFulfillmentReturnProducts"]
        assert payload["returnFulfillment"] is None
        assert expected in [(e["field"], e["code"]) for e in payload["errors"]], (input_, payload["errors"])
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0
