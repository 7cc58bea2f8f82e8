"""An order's payment columns follow its transactions; its history records what the gateways said."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payments import services as payments
from payments.contract import GatewayResult, TransactionEvent, TransactionEventType
from payments.models import Transaction
from storefront.core.money import Money
from storefront.orders.choices import OrderEventType
from storefront.orders.payment_state import order_payment_refresh
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db


def _charge(order, amount: str, psp: str) -> Transaction:
    row = Transaction.objects.filter(order_id=order.pk).first() or Transaction.objects.create(
        gateway="saleor.io.dummy-payment-app",
        order_id=order.pk,
        idempotency_key="order-payment",
        action="CHARGE",
        currency=order.currency,
        amount_requested=order.total_gross_amount,
    )
    event = TransactionEvent(
        type=TransactionEventType.CHARGE_SUCCESS,
        amount=Money(Decimal(amount), order.currency),
        psp_reference=psp,
    )
    payments.events_record(row.pk, GatewayResult(events=(event,)), created_by="webhook")
    return row


def test_charges_move_the_order_from_partial_to_full_and_say_so_once():
    order = order_placed()
    total = order.total_gross_amount

    _charge(order, str(total - Decimal("5.00")), "ch-1")
    order.refresh_from_db()
    assert (order.charge_status, order.authorize_status) == ("PARTIAL", "PARTIAL")

    _charge(order, "5.00", "ch-2")
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status, order.is_paid) == (total, "FULL", True)

    order_payment_refresh(order)  # nothing new: no second ORDER_FULLY_PAID
    events = list(order.events.exclude(type=OrderEventType.PLACED).values_list("type", "parameters"))
    assert [kind for kind, _ in events] == [
        OrderEventType.TRANSACTION_EVENT,
        OrderEventType.TRANSACTION_EVENT,
        OrderEventType.ORDER_FULLY_PAID,
    ]
    first = events[0][1]
    assert (first["reference"], first["event_type"], first["amount"], first["currency"]) == (
        "ch-1",
        "CHARGE_SUCCESS",
        str(total - Decimal("5.00")),
        order.currency,
    )
    assert events[2][1] == {"payment_gateway": "saleor.io.dummy-payment-app"}


def test_a_repeated_event_adds_nothing_to_the_history():
    order = order_placed()
    _charge(order, "5.00", "ch-1")
    _charge(order, "5.00", "ch-1")

    assert order.events.filter(type=OrderEventType.TRANSACTION_EVENT).count() == 1
