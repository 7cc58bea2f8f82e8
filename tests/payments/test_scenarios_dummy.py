"""Payment scenarios with the dummy gateway, on PostgreSQL with real commits: whatever the order in
which the buyer's browser and the gateway's webhooks arrive, exactly one order per paid checkout,
no payment lost, none kept for goods that could not be sold.

The storefront's steps are the payment services (``transaction_initialize``, what
``transactionInitialize`` runs) and ``checkoutComplete`` through ``/graphql/``; a webhook is what
``webhook_delivery_process`` does once the gateway has re-read the payment: ``events_record`` with
the gateway's ``GatewayResult``. Celery runs eagerly, as in the tests and the demo, so the payment
handler's completion runs on the commit that recorded the payment; where a scenario needs the
worker to be late, its queued tasks are held back and run when the scenario says.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from payments import services as payments
from payments.contract import GatewayResult, TransactionEventType
from payments.contract import TransactionEvent as Reported
from payments.models import Transaction
from payments.services import ActionType
from storefront.accounts.actor import Actor
from storefront.checkout.complete import checkout_completion_in_progress, complete_checkout
from storefront.checkout.models import Checkout
from storefront.checkout.paid_completion import CREATED_BY
from storefront.checkout.tasks import checkout_paid_complete_task, checkouts_paid_complete
from storefront.core.money import Money
from storefront.inventory import services as inventory
from storefront.orders.choices import OrderEventType
from storefront.orders.models import Order
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

COMPLETE = """
mutation ($id: ID) {
  checkoutComplete(id: $id) { order { id chargeStatus } errors { field code message } }
}
"""
TOTAL = Decimal("25.00")  # one piece at 20.00 and shipping at 5.00


def _usd(amount: str | Decimal) -> Money:
    return Money(Decimal(amount), "USD")


def _ready(stock: int = 5) -> tuple[Checkout, object]:
    channel = channel_create()
    variant = product_create(channel, price="20.00", stock=stock)
    return checkout_ready(channel, [(variant, 1)]), variant


def _browser_completes(checkout: Checkout) -> dict:
    """The storefront's checkoutComplete, from its own connection."""
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": COMPLETE, "variables": {"id": to_global_id("Checkout", checkout.pk)}}),
        content_type="application/json",
    )
    return dict(response.json()["data"]["checkoutComplete"])


def _webhook(row: Transaction, *events: tuple[TransactionEventType, str]) -> None:
    """What the webhook path records after re-reading the payment: the PSP's events on the row."""
    payments.events_record(
        row.pk,
        GatewayResult(
            events=tuple(Reported(type=kind, amount=_usd(TOTAL), psp_reference=psp) for kind, psp in events),
            psp_reference=row.psp_reference or None,
        ),
        created_by="webhook",
    )


@pytest.fixture
def late_worker(monkeypatch) -> Iterator[list[str]]:
    """The payment handler's tasks are queued but not run: a busy (or dead) worker."""
    queued: list[str] = []

    class Held:
        @staticmethod
        def delay(*, checkout_token: str) -> None:
            queued.append(checkout_token)

    monkeypatch.setattr("storefront.checkout.payment_events.checkout_paid_complete_task", Held)
    yield queued


def _ledger(checkout: Checkout) -> tuple[int, list[tuple[Decimal, Decimal, Decimal, Decimal]]]:
    """Orders of the checkout, and each of its transactions' (authorised, charged, refunded, canceled)."""
    rows = Transaction.objects.filter(checkout_token=checkout.pk).order_by("created_at")
    return (
        Order.objects.filter(checkout_token=str(checkout.pk)).count(),
        [(r.authorized_amount, r.charged_amount, r.refunded_amount, r.canceled_amount) for r in rows],
    )


PAID = (Decimal(0), TOTAL, Decimal(0), Decimal(0))


def test_the_webhook_confirms_the_payment_before_the_browser_completes():
    checkout, _ = _ready()
    pending = checkout_pay(checkout, event="CHARGE_REQUEST")  # e.g. a bank's 3-D Secure page still open
    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"

    _webhook(pending, (TransactionEventType.CHARGE_SUCCESS, pending.psp_reference))
    order = Order.objects.get()  # the handler placed it on the webhook's commit
    browser = _browser_completes(checkout)

    assert browser["errors"] == [] and browser["order"]["id"] == to_global_id("Order", order.pk)
    assert browser["order"]["chargeStatus"] == "FULL"
    assert _ledger(checkout) == (1, [PAID])
    assert order.events.first().type == OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT


def test_the_webhook_arrives_after_the_browser_completed(late_worker):
    checkout, _ = _ready()
    paid = checkout_pay(checkout)
    browser = _browser_completes(checkout)
    assert browser["errors"] == [] and browser["order"]["chargeStatus"] == "FULL"

    _webhook(paid, (TransactionEventType.CHARGE_SUCCESS, paid.psp_reference))  # the same charge, again
    for token in late_worker:  # the worker finally runs the handler's task: nothing left to do
        checkout_paid_complete_task.delay(checkout_token=token)

    order = Order.objects.get()
    assert order.events.first().type == OrderEventType.PLACED
    assert (order.total_charged_amount, order.charge_status) == (TOTAL, "FULL")
    assert _ledger(checkout) == (1, [PAID])
    assert paid.events.count() == 1


def test_the_same_webhook_delivered_three_times_counts_once():
    checkout, _ = _ready()
    pending = checkout_pay(checkout, event="CHARGE_REQUEST")

    for _ in range(3):
        _webhook(pending, (TransactionEventType.CHARGE_SUCCESS, pending.psp_reference))

    assert _ledger(checkout) == (1, [PAID])
    assert sorted(pending.events.values_list("type", flat=True)) == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]
    assert _browser_completes(checkout)["errors"] == []
    assert len([m for m in mail.outbox if "confirmed" in m.subject]) == 1


def test_success_reported_before_the_request_still_makes_one_paid_order():
    checkout, _ = _ready()
    row = checkout_pay(checkout, event="CHARGE_ACTION_REQUIRED")  # waiting for the buyer's bank
    psp = "pi_out_of_order"

    _webhook(row, (TransactionEventType.CHARGE_SUCCESS, psp))
    _webhook(row, (TransactionEventType.CHARGE_REQUEST, psp))

    row.refresh_from_db()
    assert (row.charged_amount, row.charge_pending_amount) == (TOTAL, Decimal(0))
    order = Order.objects.get()
    assert (order.total_charged_amount, order.charge_status) == (TOTAL, "FULL")
    assert _ledger(checkout) == (1, [PAID])
    # The late request became part of the order's history.
    assert order.events.filter(type=OrderEventType.TRANSACTION_EVENT, parameters__event_type="CHARGE_REQUEST")


def test_a_buyer_who_closed_the_tab_still_gets_the_order_from_the_handler():
    checkout, _ = _ready()

    checkout_pay(checkout)  # the browser never calls checkoutComplete

    order = Order.objects.get()
    assert order.checkout_token == str(checkout.pk) and order.is_paid
    assert [m.to for m in mail.outbox] == [["buyer@example.com"]]
    assert _ledger(checkout) == (1, [PAID])


def test_the_periodic_task_completes_what_a_lost_task_left(late_worker):
    checkout, _ = _ready()
    checkout_pay(checkout)
    assert late_worker == [str(checkout.pk)] and not Order.objects.exists()

    checkouts_paid_complete()  # too early: the buyer's browser may still be at it
    assert not Order.objects.exists()
    Transaction.objects.update(modified_at=timezone.now() - timedelta(minutes=6))
    checkouts_paid_complete()

    assert _ledger(checkout) == (1, [PAID])


def test_stock_gone_before_the_payment_event_is_refunded_and_the_buyer_told():
    checkout, variant = _ready(stock=1)
    pending = checkout_pay(checkout, event="CHARGE_REQUEST")
    inventory.stock_set(warehouse=warehouse_of(checkout.channel), variant=variant, quantity=0)

    _webhook(pending, (TransactionEventType.CHARGE_SUCCESS, pending.psp_reference))

    assert _ledger(checkout) == (0, [(Decimal(0), Decimal(0), TOTAL, Decimal(0))])
    pending.refresh_from_db()
    assert pending.events.filter(type="REFUND_SUCCESS", created_by=CREATED_BY).count() == 1
    (message,) = mail.outbox
    assert message.subject == "Your payment has been returned"
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"


def test_staff_refund_part_then_the_rest_and_the_order_follows():
    checkout, _ = _ready()
    row = checkout_pay(checkout)
    order = Order.objects.get()

    payments.transaction_action_request(
        transaction_row=Transaction.objects.get(pk=row.pk),
        action=ActionType.REFUND,
        amount=_usd("10.00"),
        created_by="staff@example.com",
    )
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (Decimal("15.00"), "PARTIAL")

    payments.transaction_action_request(
        transaction_row=Transaction.objects.get(pk=row.pk),
        action=ActionType.REFUND,
        amount=None,
        created_by="staff",
    )
    order.refresh_from_db()
    assert (order.total_charged_amount, order.charge_status) == (Decimal(0), "NONE")
    assert _ledger(checkout) == (1, [(Decimal(0), Decimal(0), TOTAL, Decimal(0))])
    refunds = order.events.filter(
        type=OrderEventType.TRANSACTION_EVENT, parameters__event_type="REFUND_SUCCESS"
    )
    assert sorted(event.parameters["amount"] for event in refunds) == ["10.00", "15.00"]


def test_a_declined_payment_leaves_no_order_and_the_checkout_as_it_was():
    checkout, _ = _ready()

    declined = checkout_pay(checkout, event="CHARGE_FAILURE")

    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert _ledger(checkout) == (0, [(Decimal(0), Decimal(0), Decimal(0), Decimal(0))])
    assert Checkout.objects.get(pk=checkout.pk).lines.count() == 1
    assert list(declined.events.values_list("type", flat=True)) == ["CHARGE_FAILURE"]
    assert not mail.outbox


@pytest.mark.race
@pytest.mark.xdist_group("races")
def test_two_browsers_and_the_handler_complete_one_checkout_at_once(late_worker):
    checkout, _ = _ready()
    checkout_pay(checkout)
    start = threading.Event()

    def browser(_: int) -> dict:
        try:
            start.wait()
            return _browser_completes(checkout)
        finally:
            connection.close()

    def handler(_: int) -> dict:
        try:
            start.wait()
            order = complete_checkout(Checkout(pk=checkout.pk), actor=Actor.system(), automatic=True)
            return {"errors": [], "order": {"id": to_global_id("Order", order.pk)}}
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(browser, i) for i in range(4)] + [pool.submit(handler, i) for i in range(2)]
        start.set()
        answers = [future.result() for future in futures]

    order = Order.objects.get()
    assert {(tuple(a["errors"]), a["order"]["id"]) for a in answers} == {
        ((), to_global_id("Order", order.pk))
    }
    assert _ledger(checkout) == (1, [PAID])
    assert (
        order.events.filter(type=OrderEventType.PLACED).count()
        + order.events.filter(type=OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT).count()
        == 1
    )


@pytest.mark.race
@pytest.mark.xdist_group("races")
def test_completion_sums_the_payments_it_locked_not_what_it_read_before(late_worker):
    checkout, _ = _ready()
    pending = checkout_pay(checkout, event="CHARGE_REQUEST")
    webhook_holds_the_row, go = threading.Event(), threading.Event()

    def webhook() -> None:
        try:
            with transaction.atomic():
                _webhook(pending, (TransactionEventType.CHARGE_SUCCESS, pending.psp_reference))
                webhook_holds_the_row.set()
                go.wait(10)
        finally:
            connection.close()

    def browser() -> dict:
        try:
            return _browser_completes(checkout)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        recorded = pool.submit(webhook)
        webhook_holds_the_row.wait(10)
        completed = pool.submit(browser)  # locks the checkout, then waits for the transaction row
        time.sleep(0.5)
        assert not completed.done()
        go.set()
        recorded.result()
        answer = completed.result()

    assert answer["errors"] == [] and answer["order"]["chargeStatus"] == "FULL"
    assert _ledger(checkout) == (1, [PAID])


@pytest.mark.race
@pytest.mark.xdist_group("races")
def test_a_checkout_being_completed_says_so():
    checkout, _ = _ready()
    held, release = threading.Event(), threading.Event()

    def completion() -> None:
        try:
            with transaction.atomic():
                list(Checkout.objects.select_for_update().filter(pk=checkout.pk))
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=completion)
    thread.start()
    held.wait(10)
    try:
        assert checkout_completion_in_progress(checkout.pk) is True
    finally:
        release.set()
        thread.join()
    assert checkout_completion_in_progress(checkout.pk) is False
    assert checkout_completion_in_progress(uuid.uuid4()) is False
