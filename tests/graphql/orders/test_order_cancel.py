"""orderCancel: staff or an app with MANAGE_ORDERS cancel an unfulfilled order; everyone else is refused."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.checkout.complete import complete_checkout
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.models import Allocation, Order
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db

CANCEL = """mutation($id: ID!) {
  orderCancel(id: $id) {
    order { id status events { type user { email } } }
    errors { field code message }
    orderErrors { code }
  }
}"""


def _order(buyer=None):
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=3)
    order = complete_checkout(checkout_ready(channel, [(variant, 2)], user=buyer), actor=Actor.system())
    return order, variant


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def test_staff_cancel_an_order_and_its_stock_is_released(gql):
    order, variant = _order()
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    body = gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=bearer(staff))

    payload = body["data"]["orderCancel"]
    assert payload["errors"] == [] and payload["orderErrors"] == []
    assert payload["order"]["status"] == "CANCELED"
    assert payload["order"]["events"][-1] == {"type": "CANCELED", "user": {"email": staff.email}}
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0
    assert not Allocation.objects.filter(order_line__order=order).exists()
    assert AuditLogEntry.objects.get(action="order.canceled").actor_user == staff


def test_an_app_with_manage_orders_may_cancel(gql):
    order, _variant = _order()
    app, token = app_create(name="fulfilment", permissions=[PermissionCode.MANAGE_ORDERS])

    body = gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=bearer(token))

    assert body["data"]["orderCancel"]["order"]["status"] == "CANCELED"
    assert order.events.get(type=OrderEventType.CANCELED).app == app
    assert AuditLogEntry.objects.get(action="order.canceled").actor_app == app


def test_a_second_cancel_is_refused_with_cannot_cancel_order(gql):
    order, variant = _order()
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=headers)

    body = gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=headers)

    payload = body["data"]["orderCancel"]
    assert payload["order"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "CANNOT_CANCEL_ORDER")]
    assert payload["orderErrors"] == [{"code": "CANNOT_CANCEL_ORDER"}]
    assert order.events.filter(type=OrderEventType.CANCELED).count() == 1
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0


def test_a_fulfilled_order_is_refused(gql):
    order, variant = _order()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.FULFILLED)

    body = gql(
        CANCEL,
        {"id": to_global_id("Order", order.pk)},
        headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
    )

    assert body["data"]["orderCancel"]["errors"][0]["code"] == "CANNOT_CANCEL_ORDER"
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2


@pytest.mark.parametrize(
    "order_id, code",
    [
        (to_global_id("Order", "00000000-0000-4000-8000-000000000000"), "NOT_FOUND"),
        (to_global_id("Order", "not-a-uuid"), "NOT_FOUND"),
        (to_global_id("Product", 1), "GRAPHQL_ERROR"),
        ("%%%", "GRAPHQL_ERROR"),
    ],
)
def test_an_id_that_names_no_order_is_an_error_in_the_payload(gql, order_id, code):
    body = gql(CANCEL, {"id": order_id}, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))

    assert "errors" not in body
    assert [(e["field"], e["code"]) for e in body["data"]["orderCancel"]["errors"]] == [("id", code)]


def test_the_buyer_anonymous_and_callers_without_manage_orders_are_refused_and_nothing_changes(gql):
    buyer = UserFactory()
    order, variant = _order(buyer)
    _app, app_token = app_create(name="payments", permissions=[PermissionCode.HANDLE_PAYMENTS])
    callers = [
        {},
        bearer(buyer),
        bearer(staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.HANDLE_PAYMENTS)),
        bearer(app_token),
    ]

    bodies = [gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=headers) for headers in callers]

    assert all(_denied(body) and body["data"]["orderCancel"] is None for body in bodies)
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2
    assert not order.events.filter(type=OrderEventType.CANCELED).exists()
    assert not AuditLogEntry.objects.filter(action="order.canceled").exists()
