"""Returns with Saleor's remaining options: a reason, unshipped order lines, and parcels returned whole."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.inventory.models import Stock
from storefront.orders.choices import FulfillmentStatus, OrderEventType, OrderStatus
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from storefront.orders.models import Allocation, Fulfillment, OrderEvent
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db

RETURN = """mutation($order: ID!, $input: OrderReturnProductsInput!) {
  orderFulfillmentReturnProducts(order: $order, input: $input) {
    returnFulfillment { id status lines { quantity orderLine { id } } }
    order { id status lines { id quantityFulfilled quantityToFulfill } fulfillments { id status } }
    errors { field code message }
  }
}"""


@pytest.fixture
def half_shipped(signing_key, origin, maker):  # noqa: F811
    """A paid order of two baskets (shipped) and three plain pieces (allocated, not shipped)."""
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.baskets, 2), (shop.plain, 3)])
    (parcel,) = order_fulfill(
        order=order,
        lines=[FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 2),))],
        actor=Actor.system(),
        notify_customer=False,
    )
    return shop, order, parcel


def _return(gql, order, input_):
    body = gql(
        RETURN,
        {"order": to_global_id("Order", order.pk), "input": input_},
        headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
    )
    assert "errors" not in body, body
    return body["data"]["orderFulfillmentReturnProducts"]


def test_unshipped_order_lines_are_taken_off_the_order_and_their_stock_released(gql, half_shipped):
    shop, order, _parcel = half_shipped
    plain = line_of(order, shop.plain)
    stock = Stock.objects.get(product_variant=shop.plain, warehouse=shop.home)
    allocated_before = stock.quantity_allocated
    assert Allocation.objects.get(order_line=plain).quantity_allocated == 3

    payload = _return(
        gql,
        order,
        {
            "orderLines": [{"orderLineId": to_global_id("OrderLine", plain.pk), "quantity": 2}],
            "reason": "Changed mind",
        },
    )

    assert payload["errors"] == []
    assert payload["returnFulfillment"]["status"] == "RETURNED"
    assert payload["returnFulfillment"]["lines"] == [
        {"quantity": 2, "orderLine": {"id": to_global_id("OrderLine", plain.pk)}}
    ]
    shown = {line["id"]: line for line in payload["order"]["lines"]}[to_global_id("OrderLine", plain.pk)]
    assert shown == {
        "id": to_global_id("OrderLine", plain.pk),
        "quantityFulfilled": 2,
        "quantityToFulfill": 1,
    }
    assert payload["order"]["status"] == "PARTIALLY_RETURNED"
    stock.refresh_from_db()
    assert stock.quantity_allocated == allocated_before - 2
    assert stock.quantity == Stock.objects.get(pk=stock.pk).quantity  # a return does not restock
    assert Allocation.objects.get(order_line=plain).quantity_allocated == 1
    event = OrderEvent.objects.get(order=order, type=OrderEventType.FULFILLMENT_RETURNED)
    assert event.parameters["message"] == "Changed mind"
    audit = AuditLogEntry.objects.get(action="order.products_returned")
    assert audit.payload["reason"] == "Changed mind"
    assert audit.payload["released"] == {str(stock.pk): 2}

    # The last unshipped piece: its allocation goes; more than is left is refused and changes nothing.
    refused = _return(
        gql, order, {"orderLines": [{"orderLineId": to_global_id("OrderLine", plain.pk), "quantity": 2}]}
    )
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("quantity", "INVALID_QUANTITY")]
    assert (
        _return(
            gql, order, {"orderLines": [{"orderLineId": to_global_id("OrderLine", plain.pk), "quantity": 1}]}
        )["errors"]
        == []
    )
    assert not Allocation.objects.filter(order_line=plain).exists()
    stock.refresh_from_db()
    assert stock.quantity_allocated == allocated_before - 3


def test_a_parcel_returned_whole_is_deleted_as_in_saleor_and_reasons_are_recorded(gql, half_shipped):
    _shop, order, parcel = half_shipped
    line = parcel.lines.get()

    payload = _return(
        gql,
        order,
        {
            "fulfillmentLines": [
                {
                    "fulfillmentLineId": to_global_id("FulfillmentLine", line.pk),
                    "quantity": 2,
                    "reason": "Too small",
                }
            ],
            "reason": "Buyer returned the parcel",
        },
    )

    assert payload["errors"] == []
    assert not Fulfillment.objects.filter(pk=parcel.pk).exists()
    assert [f["status"] for f in payload["order"]["fulfillments"]] == ["RETURNED"]
    event = OrderEvent.objects.get(order=order, type=OrderEventType.FULFILLMENT_RETURNED)
    assert event.parameters["message"] == "Buyer returned the parcel"
    assert [entry["reason"] for entry in event.parameters["lines"]] == ["Too small"]
    audit = AuditLogEntry.objects.get(action="order.products_returned")
    assert audit.payload["emptied_fulfillments"] == {str(parcel.pk): "deleted (empty)"}


def test_a_parcel_with_issued_papers_returned_whole_is_kept_and_marked_returned(gql, half_shipped):
    _shop, order, parcel = half_shipped
    Fulfillment.objects.filter(pk=parcel.pk).update(invoice_number="INV-2026-000001")
    line = parcel.lines.get()

    payload = _return(
        gql,
        order,
        {
            "fulfillmentLines": [
                {"fulfillmentLineId": to_global_id("FulfillmentLine", line.pk), "quantity": 2}
            ]
        },
    )

    assert payload["errors"] == []
    parcel.refresh_from_db()
    assert parcel.status == FulfillmentStatus.RETURNED and not parcel.lines.exists()
    assert parcel.invoice_number == "INV-2026-000001"
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_RETURNED


def test_a_partly_returned_parcel_keeps_its_other_lines(gql, half_shipped):
    _shop, order, parcel = half_shipped
    line = parcel.lines.get()
    payload = _return(
        gql,
        order,
        {
            "fulfillmentLines": [
                {"fulfillmentLineId": to_global_id("FulfillmentLine", line.pk), "quantity": 1}
            ]
        },
    )
    assert payload["errors"] == []
    parcel.refresh_from_db()
    assert parcel.status == FulfillmentStatus.FULFILLED and parcel.lines.get().quantity == 1


def test_bad_order_lines_and_reasons_are_errors_and_change_nothing(gql, half_shipped):
    shop, order, _parcel = half_shipped
    other = order_paid(shop, [(shop.plain, 1)])
    plain = to_global_id("OrderLine", line_of(order, shop.plain).pk)
    cases = [
        (
            {"orderLines": [{"orderLineId": to_global_id("OrderLine", other.lines.get().pk), "quantity": 1}]},
            ("orderLineId", "NOT_FOUND"),
        ),
        ({"orderLines": [{"orderLineId": plain, "quantity": 0}]}, ("quantity", "ZERO_QUANTITY")),
        (
            {"orderLines": [{"orderLineId": plain, "quantity": 1}, {"orderLineId": plain, "quantity": 1}]},
            ("orderLineId", "DUPLICATED_INPUT_ITEM"),
        ),
        (
            {"orderLines": [{"orderLineId": plain, "quantity": 1}], "reason": "x" * 2001},
            ("reason", "INVALID"),
        ),
        ({"orderLines": [{"orderLineId": "%%%", "quantity": 1}]}, ("orderLineId", "GRAPHQL_ERROR")),
        ({}, ("fulfillmentLines", "REQUIRED")),
    ]
    for input_, expected in cases:
        payload = _return(gql, order, input_)
        assert payload["returnFulfillment"] is None
        assert expected in [(e["field"], e["code"]) for e in payload["errors"]], (input_, payload["errors"])
    assert line_of(order, shop.plain).quantity_fulfilled == 0
    assert Allocation.objects.get(order_line=line_of(order, shop.plain)).quantity_allocated == 3
    assert not AuditLogEntry.objects.filter(action="order.products_returned").exists()
