"""Granted refunds (Saleor's ``orderGrantRefundCreate`` and ``transactionRequestRefundForGrantedRefund``):
the money goes back through the gateway, and the granted lines' units come off the makers' earnings
once the refund succeeded, whenever that is reported."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from graphql_schema.core.relay import to_global_id
from payments import services
from payments.contract import GatewayResult, TransactionEvent, TransactionEventType
from payments.dummy import DummyGateway
from payments.error_codes import PaymentError
from payments.models import Transaction
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.catalog.models import ProductVariantChannelListing
from storefront.core.money import Money
from storefront.orders.choices import GrantedRefundStatus, MakerEarningKind
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from storefront.orders.granted_refunds import GrantLine, granted_refund_create, granted_refunds_settle
from storefront.orders.models import MakerEarning, OrderGrantedRefund
from storefront.orders.statements import maker_statement
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db

GRANT = """mutation($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) {
    order { id grantedRefunds { id status amount { amount currency } } }
    grantedRefund {
      id amount { amount } reason shippingCostsIncluded status
      lines { id quantity reason orderLine { id } }
      transaction { id }
    }
    errors { field code message lines { field code message lineId } }
  }
}"""
REQUEST = """mutation($grantedRefundId: ID!, $id: ID) {
  transactionRequestRefundForGrantedRefund(grantedRefundId: $grantedRefundId, id: $id) {
    transaction { id refundedAmount { amount } }
    errors { field code message }
  }
}"""
ORDER = """query($id: ID!) {
  order(id: $id) { grantedRefunds { status transactionEvents { type pspReference } lines { quantity } } }
}"""


class PendingRefunds(DummyGateway):
    """A gateway whose refunds are left pending (Stripe's ``pending``); the outcome comes by webhook."""

    def refund(self, request):  # type: ignore[no-untyped-def]
        event = TransactionEvent(
            type=TransactionEventType.REFUND_REQUEST,
            amount=request.amount,
            psp_reference=f"re_{request.idempotency_key}",
        )
        return GatewayResult(events=(event,), psp_reference=request.psp_reference)


class RefusingRefunds(DummyGateway):
    def refund(self, request):  # type: ignore[no-untyped-def]
        raise PaymentError("INVALID", "The card processor refused the refund.")


@pytest.fixture
def shipped(signing_key, origin, maker):  # noqa: F811
    """A paid order of two baskets (makers' share 50%) and a weaving, both shipped."""
    shop = shop_create(origin=origin, maker=maker)
    ProductVariantChannelListing.objects.filter(variant=shop.baskets, channel=shop.channel).update(
        maker_share_percent=Decimal("50")
    )
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)])
    order_fulfill(
        order=order,
        lines=[
            FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 2),)),
            FulfilLine(line_of(order, shop.weaving).pk, (FulfilStock(shop.second.pk, 1),)),
        ],
        actor=Actor.system(),
        notify_customer=False,
    )
    return shop, order, maker


def _share(maker) -> Decimal:  # noqa: F811
    today = datetime.date.today()
    statement = maker_statement(maker=maker, start=today, end=today)
    return sum((row.share for row in statement.rows), Decimal(0))


def _grant_input(order, shop, **extra):
    transaction = Transaction.objects.get(order_id=order.pk)
    return {
        "transactionId": to_global_id("TransactionItem", transaction.pk),
        "reason": "Scratched in transit",
        "lines": [
            {
                "id": to_global_id("OrderLine", line_of(order, shop.baskets).pk),
                "quantity": 1,
                "reason": "scratch",
            }
        ],
        **extra,
    }


def _grant(gql, order, shop, headers, **extra):
    body = gql(
        GRANT,
        {"id": to_global_id("Order", order.pk), "input": _grant_input(order, shop, **extra)},
        headers=headers,
    )
    assert "errors" not in body, body
    return body["data"]["orderGrantRefundCreate"]


def test_a_granted_refund_with_lines_refunded_reduces_the_makers_statement(gql, shipped):
    shop, order, maker = shipped  # noqa: F811
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    cashier = staff_user(PermissionCode.HANDLE_PAYMENTS)
    earned = _share(maker)
    assert earned == Decimal("20.00")  # two baskets at 20.00, half to the makers

    payload = _grant(gql, order, shop, bearer(staff))
    assert payload["errors"] == []
    grant = payload["grantedRefund"]
    assert grant["amount"]["amount"] == 20.0  # one basket's gross price, computed from the line
    assert grant["status"] == "NONE" and grant["reason"] == "Scratched in transit"
    assert [(line["quantity"], line["reason"]) for line in grant["lines"]] == [(1, "scratch")]
    assert payload["order"]["grantedRefunds"][0]["id"] == grant["id"]
    assert _share(maker) == earned  # granting moves nothing
    created = AuditLogEntry.objects.get(action="order.refund_granted")
    assert created.actor_user == staff and created.payload["amount"] == "20.000"

    body = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=bearer(cashier))
    result = body["data"]["transactionRequestRefundForGrantedRefund"]
    assert result["errors"] == [], body
    assert result["transaction"]["refundedAmount"]["amount"] == 20.0
    stored = OrderGrantedRefund.objects.get()
    assert stored.status == GrantedRefundStatus.SUCCESS and stored.earnings_reversed
    assert _share(maker) == Decimal("10.00")
    assert MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).count() == 1
    refunded = AuditLogEntry.objects.get(action="order.granted_refund_refunded")
    assert refunded.actor_user == cashier and refunded.payload["earnings_reversed"][0]["quantity"] == 1

    again = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=bearer(cashier))
    assert (
        again["data"]["transactionRequestRefundForGrantedRefund"]["errors"][0]["code"]
        == "REFUND_ALREADY_PROCESSED"
    )
    shown = gql(ORDER, {"id": to_global_id("Order", order.pk)}, headers=bearer(staff))["data"]["order"]
    assert shown["grantedRefunds"][0]["status"] == "SUCCESS"
    assert [event["type"] for event in shown["grantedRefunds"][0]["transactionEvents"]] == ["REFUND_SUCCESS"]
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == Decimal("20.00")


def test_an_amount_only_grant_refunds_money_and_reverses_no_earnings(gql, shipped):
    shop, order, maker = shipped  # noqa: F811
    earned = _share(maker)
    payload = _grant(
        gql, order, shop, bearer(staff_user(PermissionCode.MANAGE_ORDERS)), lines=[], amount="7.50"
    )
    assert payload["errors"] == [] and payload["grantedRefund"]["amount"]["amount"] == 7.5

    body = gql(
        REQUEST,
        {"grantedRefundId": payload["grantedRefund"]["id"]},
        headers=bearer(staff_user(PermissionCode.HANDLE_PAYMENTS)),
    )
    assert body["data"]["transactionRequestRefundForGrantedRefund"]["errors"] == []
    assert OrderGrantedRefund.objects.get().status == GrantedRefundStatus.SUCCESS
    assert _share(maker) == earned
    assert not MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).exists()


def test_a_refused_refund_reverses_nothing_and_can_be_requested_again(gql, shipped):
    shop, order, maker = shipped  # noqa: F811
    earned = _share(maker)
    grant = _grant(gql, order, shop, bearer(staff_user(PermissionCode.MANAGE_ORDERS)))["grantedRefund"]
    cashier = bearer(staff_user(PermissionCode.HANDLE_PAYMENTS))

    with override_settings(PAYMENT_GATEWAYS=[f"{__name__}.RefusingRefunds"]):
        body = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=cashier)
    result = body["data"]["transactionRequestRefundForGrantedRefund"]
    assert result["transaction"] is None
    assert [(e["code"], e["message"]) for e in result["errors"]] == [
        ("INVALID", "The card processor refused the refund.")
    ]
    assert OrderGrantedRefund.objects.get().status == GrantedRefundStatus.FAILURE
    assert _share(maker) == earned
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0
    assert AuditLogEntry.objects.filter(action="order.granted_refund_failed").count() == 1

    retried = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=cashier)
    assert retried["data"]["transactionRequestRefundForGrantedRefund"]["errors"] == []
    assert OrderGrantedRefund.objects.get().status == GrantedRefundStatus.SUCCESS
    assert _share(maker) == earned - Decimal("10.00")


def test_a_refund_settled_later_by_webhook_reverses_once(gql, shipped):
    shop, order, maker = shipped  # noqa: F811
    earned = _share(maker)
    grant = _grant(gql, order, shop, bearer(staff_user(PermissionCode.MANAGE_ORDERS)))["grantedRefund"]
    cashier = bearer(staff_user(PermissionCode.HANDLE_PAYMENTS))

    with override_settings(PAYMENT_GATEWAYS=[f"{__name__}.PendingRefunds"]):
        body = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=cashier)
        assert body["data"]["transactionRequestRefundForGrantedRefund"]["errors"] == []
        stored = OrderGrantedRefund.objects.get()
        assert stored.status == GrantedRefundStatus.PENDING and stored.psp_reference.startswith("re_")
        assert _share(maker) == earned
        pending = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=cashier)
        assert (
            pending["data"]["transactionRequestRefundForGrantedRefund"]["errors"][0]["code"]
            == "REFUND_IS_PENDING"
        )

        # The PSP's webhook: the refund succeeded. Delivered twice, as PSPs do.
        succeeded = GatewayResult(
            events=(
                TransactionEvent(
                    TransactionEventType.REFUND_SUCCESS,
                    Money(Decimal("20.00"), order.currency),
                    stored.psp_reference,
                ),
            )
        )
        row = Transaction.objects.get(order_id=order.pk)
        services.events_record(row.pk, succeeded, created_by="webhook")
        services.events_record(row.pk, succeeded, created_by="webhook")

    stored.refresh_from_db()
    assert stored.status == GrantedRefundStatus.SUCCESS
    assert _share(maker) == earned - Decimal("10.00")
    assert AuditLogEntry.objects.get(action="order.granted_refund_refunded").actor_user is None
    # Settling the same outcome again (a handler called twice) changes nothing either.
    granted_refunds_settle(row, list(row.events.filter(psp_reference=stored.psp_reference)))
    stored.status = GrantedRefundStatus.PENDING  # even a grant seen as pending again: reversed once
    stored.save()
    granted_refunds_settle(row, list(row.events.filter(psp_reference=stored.psp_reference)))
    assert MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).count() == 1
    assert _share(maker) == earned - Decimal("10.00")


def test_a_refund_failing_later_by_webhook_reverses_nothing(gql, shipped):
    shop, order, maker = shipped  # noqa: F811
    earned = _share(maker)
    grant = _grant(gql, order, shop, bearer(staff_user(PermissionCode.MANAGE_ORDERS)))["grantedRefund"]
    with override_settings(PAYMENT_GATEWAYS=[f"{__name__}.PendingRefunds"]):
        gql(
            REQUEST,
            {"grantedRefundId": grant["id"]},
            headers=bearer(staff_user(PermissionCode.HANDLE_PAYMENTS)),
        )
        stored = OrderGrantedRefund.objects.get()
        failed = GatewayResult(
            events=(
                TransactionEvent(
                    TransactionEventType.REFUND_FAILURE,
                    Money(Decimal("20.00"), order.currency),
                    stored.psp_reference,
                ),
            )
        )
        services.events_record(Transaction.objects.get(order_id=order.pk).pk, failed, created_by="webhook")
    stored.refresh_from_db()
    assert stored.status == GrantedRefundStatus.FAILURE and not stored.earnings_reversed
    assert _share(maker) == earned


def test_bad_grants_are_errors_in_the_payload_and_change_nothing(gql, shipped):
    shop, order, _maker = shipped
    other = order_paid(shop, [(shop.plain, 1)])
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    basket = to_global_id("OrderLine", line_of(order, shop.baskets).pk)
    foreign = to_global_id("OrderLine", other.lines.get().pk)
    cases = [
        (
            {"lines": [{"id": basket, "quantity": 3}]},
            ("lines", "INVALID"),
            [("quantity", "QUANTITY_GREATER_THAN_AVAILABLE", basket)],
        ),
        ({"lines": [{"id": foreign, "quantity": 1}]}, ("lines", "INVALID"), [("id", "NOT_FOUND", foreign)]),
        ({"lines": [{"id": basket, "quantity": 0}]}, ("lines", "INVALID"), [("quantity", "INVALID", basket)]),
        ({"lines": [], "amount": "9999.00"}, ("amount", "AMOUNT_GREATER_THAN_AVAILABLE"), None),
        ({"lines": [], "amount": "1.001"}, ("amount", "INVALID"), None),
        ({"lines": []}, ("amount", "REQUIRED"), None),
        (
            {"transactionId": to_global_id("TransactionItem", Transaction.objects.get(order_id=other.pk).pk)},
            ("transactionId", "NOT_FOUND"),
            None,
        ),
    ]
    for extra, expected, line_errors in cases:
        payload = _grant(gql, order, shop, headers, **extra)
        assert payload["grantedRefund"] is None and payload["order"] is None
        found = {(e["field"], e["code"]): e for e in payload["errors"]}
        assert expected in found, (extra, payload["errors"])
        if line_errors is not None:
            assert [(e["field"], e["code"], e["lineId"]) for e in found[expected]["lines"]] == line_errors
    unknown = gql(
        GRANT,
        {
            "id": to_global_id("Order", "00000000-0000-4000-8000-000000000000"),
            "input": _grant_input(order, shop),
        },
        headers=headers,
    )["data"]["orderGrantRefundCreate"]
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("id", "NOT_FOUND")]

    # Shipping once; the line at most its quantity over all grants.
    assert _grant(gql, order, shop, headers, grantRefundForShipping=True)["errors"] == []
    second = _grant(
        gql, order, shop, headers, grantRefundForShipping=True, lines=[{"id": basket, "quantity": 2}]
    )
    codes = {(e["field"], e["code"]) for e in second["errors"]}
    assert codes == {("grantRefundForShipping", "SHIPPING_COSTS_ALREADY_GRANTED"), ("lines", "INVALID")}
    assert OrderGrantedRefund.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="order.refund_granted").count() == 1


def test_bad_refund_requests_are_errors_in_the_payload(gql, shipped):
    shop, order, _maker = shipped
    cashier = bearer(staff_user(PermissionCode.HANDLE_PAYMENTS))
    unknown = gql(REQUEST, {"grantedRefundId": to_global_id("OrderGrantedRefund", 999999)}, headers=cashier)
    assert unknown["data"]["transactionRequestRefundForGrantedRefund"]["errors"][0]["code"] == "NOT_FOUND"
    garbage = gql(REQUEST, {"grantedRefundId": "%%%"}, headers=cashier)
    assert garbage["data"]["transactionRequestRefundForGrantedRefund"]["errors"][0]["code"] == "NOT_FOUND"
    # A grant larger than the transaction has left (its money went back by another way meanwhile).
    grant = granted_refund_create(
        order=order,
        transaction_id=Transaction.objects.get(order_id=order.pk).pk,
        lines=[GrantLine("x", line_of(order, shop.weaving).pk, 1)],
        actor=Actor.system(),
    )
    row = Transaction.objects.get(order_id=order.pk)
    services.transaction_action_request(
        transaction_row=row,
        action=services.ActionType.REFUND,
        amount=Money(Decimal("100.00"), row.currency),
        created_by="t",
    )
    body = gql(REQUEST, {"grantedRefundId": to_global_id("OrderGrantedRefund", grant.pk)}, headers=cashier)
    assert (
        body["data"]["transactionRequestRefundForGrantedRefund"]["errors"][0]["code"]
        == "AMOUNT_GREATER_THAN_AVAILABLE"
    )
    grant.refresh_from_db()
    assert grant.status == GrantedRefundStatus.NONE


def test_only_the_right_permission_may_grant_or_request(gql, shipped):
    shop, order, _maker = shipped
    _app, app_token = app_create(name="payments-only", permissions=[PermissionCode.HANDLE_PAYMENTS])
    buyer = UserFactory()
    for headers in ({}, bearer(buyer), bearer(staff_user(PermissionCode.HANDLE_PAYMENTS)), bearer(app_token)):
        body = gql(
            GRANT,
            {"id": to_global_id("Order", order.pk), "input": _grant_input(order, shop)},
            headers=headers,
        )
        assert body["data"]["orderGrantRefundCreate"] is None and body["errors"], body
    assert not OrderGrantedRefund.objects.exists()

    _orders_app, orders_token = app_create(name="orders-only", permissions=[PermissionCode.MANAGE_ORDERS])
    grant = _grant(gql, order, shop, bearer(orders_token))["grantedRefund"]
    for headers in (
        {},
        bearer(buyer),
        bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
        bearer(orders_token),
    ):
        body = gql(REQUEST, {"grantedRefundId": grant["id"]}, headers=headers)
        assert body["data"]["transactionRequestRefundForGrantedRefund"] is None and body["errors"], body
    assert OrderGrantedRefund.objects.get().status == GrantedRefundStatus.NONE
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0
