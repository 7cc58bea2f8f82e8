"""The payment scenarios through the Stripe gateway, on PostgreSQL with real commits, against the
Stripe-shaped server (``tests/payments/stripe_server``) through the real ``stripe`` library.

The storefront's steps are the payment services (``transactionInitialize``, Stripe.js confirming
in the browser, ``transactionProcess``) and ``checkoutComplete`` through ``/graphql/``; webhooks
are the server's events, signed as Stripe signs them, POSTed to ``/payments/stripe/webhook/``
with Django's test client: verified, stored, processed on commit (Celery runs eagerly), which
re-reads the PaymentIntent, records its events and runs the payment handler.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from graphql_schema.core.relay import to_global_id
from payments import services as payments
from payments.error_codes import PaymentError
from payments.models import Transaction, WebhookDelivery
from payments.services import ActionType
from payments.stripe.gateway import STRIPE_GATEWAY_ID
from storefront.checkout.models import Checkout
from storefront.checkout.payment_events import checkout_payment_owner
from storefront.inventory import services as inventory
from storefront.orders.choices import OrderEventType
from storefront.orders.models import Order
from tests.payments.stripe_server import StripeServer, stripe_server, stripe_settings
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_ready

__all__ = ["stripe_server", "stripe_settings"]  # fixtures

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

WEBHOOK = "/payments/stripe/webhook/"
COMPLETE = """
mutation ($id: ID) {
  checkoutComplete(id: $id) { order { id chargeStatus } errors { field code message } }
}
"""
TOTAL = Decimal("25.00")  # one piece at 20.00 and shipping at 5.00; 2500 cents at Stripe
CARD = {"paymentIntent": {"paymentMethod": "card"}}


@pytest.fixture
def stripe_shop(stripe_settings: Any, stripe_server: StripeServer) -> StripeServer:
    """This deployment offers Stripe only; the channels enable every configured gateway."""
    stripe_settings.PAYMENT_GATEWAYS = ["payments.stripe.gateway.StripeGateway"]
    return stripe_server


@pytest.fixture
def late_worker(monkeypatch) -> Iterator[list[str]]:
    """The payment handler's tasks are queued but not run: a busy worker."""
    queued: list[str] = []

    class Held:
        @staticmethod
        def delay(*, checkout_token: str) -> None:
            queued.append(checkout_token)

    monkeypatch.setattr("storefront.checkout.payment_events.checkout_paid_complete_task", Held)
    yield queued


def _ready(stock: int = 5) -> tuple[Checkout, Any]:
    channel = channel_create()
    variant = product_create(channel, price="20.00", stock=stock)
    return checkout_ready(channel, [(variant, 1)]), variant


def _initialize(checkout: Checkout) -> tuple[Transaction, str]:
    """transactionInitialize with Stripe: the row, and the client secret handed to Stripe.js."""
    outcome = payments.transaction_initialize(
        owner=checkout_payment_owner(checkout), gateway_id=STRIPE_GATEWAY_ID, data=CARD
    )
    assert outcome.event is not None and outcome.event.type == "CHARGE_ACTION_REQUIRED"
    return outcome.transaction, outcome.data["paymentIntent"]["stripeClientSecret"]


def _pay_in_browser(server: StripeServer, secret: str, payment_method: str = "pm_card_visa") -> dict:
    status, payment_intent = server.browser_confirm(secret, payment_method)
    assert status in (200, 402), payment_intent
    return payment_intent


def _process(row: Transaction) -> str:
    """transactionProcess: the gateway re-reads the PaymentIntent; the event it recorded."""
    outcome = payments.transaction_process(transaction_row=Transaction.objects.get(pk=row.pk))
    assert outcome.event is not None
    return outcome.event.type


def _browser_completes(checkout: Checkout) -> dict:
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": COMPLETE, "variables": {"id": to_global_id("Checkout", checkout.pk)}}),
        content_type="application/json",
    )
    return dict(response.json()["data"]["checkoutComplete"])


def _deliver(server: StripeServer, event: dict, **signing: Any) -> int:
    """Stripe POSTs a signed event to the shop's webhook endpoint."""
    body, headers = server.signed(event, **signing)
    response = Client().post(
        WEBHOOK,
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": headers["Stripe-Signature"]},
    )
    return response.status_code


def _ledger(checkout: Checkout) -> tuple[int, list[tuple[Decimal, Decimal, Decimal, Decimal]]]:
    rows = Transaction.objects.filter(checkout_token=checkout.pk).order_by("created_at")
    return (
        Order.objects.filter(checkout_token=str(checkout.pk)).count(),
        [(r.authorized_amount, r.charged_amount, r.refunded_amount, r.canceled_amount) for r in rows],
    )


ZERO = Decimal(0)
PAID = (ZERO, TOTAL, ZERO, ZERO)


def test_the_storefronts_way_initialise_confirm_process_complete(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    assert row.psp_reference.startswith("pi_")  # stored before the secret left

    _pay_in_browser(stripe_shop, secret)
    assert _process(row) == "CHARGE_SUCCESS"
    browser = _browser_completes(checkout)

    assert browser["errors"] == [] and browser["order"]["chargeStatus"] == "FULL"
    assert _ledger(checkout) == (1, [PAID])
    assert stripe_shop.payment_intent(row.psp_reference)["status"] == "succeeded"


def test_the_webhook_completes_the_order_before_the_browser_comes_back(stripe_shop):
    checkout, _ = _ready()
    _, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)

    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")
    assert _deliver(stripe_shop, succeeded) == 200
    order = Order.objects.get()  # placed by the handler on the webhook's commit
    browser = _browser_completes(checkout)

    assert browser["errors"] == [] and browser["order"]["id"] == to_global_id("Order", order.pk)
    assert order.events.first().type == OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT
    assert _ledger(checkout) == (1, [PAID])


def test_the_webhook_after_the_browser_completed_changes_nothing(stripe_shop, late_worker):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    _process(row)
    assert _browser_completes(checkout)["errors"] == []

    for event in stripe_shop.events_about(row.psp_reference):
        assert _deliver(stripe_shop, event) == 200

    order = Order.objects.get()
    assert order.events.first().type == OrderEventType.PLACED
    assert (order.total_charged_amount, order.charge_status) == (TOTAL, "FULL")
    assert _ledger(checkout) == (1, [PAID])


def test_a_webhook_delivered_three_times_is_stored_and_counted_once(stripe_shop):
    checkout, _ = _ready()
    _, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")

    assert [_deliver(stripe_shop, succeeded) for _ in range(3)] == [200, 200, 200]

    assert WebhookDelivery.objects.filter(event_id=succeeded["id"]).count() == 1
    assert Transaction.objects.get().events.filter(type="CHARGE_SUCCESS").count() == 1
    assert _ledger(checkout) == (1, [PAID])


def test_succeeded_delivered_before_processing_makes_one_paid_order(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret, "pm_usBankAccount")  # a debit: processing, then succeeded
    stripe_shop.complete_processing(row.psp_reference)
    (processing,) = stripe_shop.events_of("payment_intent.processing")
    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")

    assert _deliver(stripe_shop, succeeded) == 200
    assert _deliver(stripe_shop, processing) == 200

    row.refresh_from_db()
    assert (row.charged_amount, row.charge_pending_amount) == (TOTAL, ZERO)
    assert _ledger(checkout) == (1, [PAID])
    assert Order.objects.get().charge_status == "FULL"


def test_a_processing_debit_waits_and_the_webhook_completes_it_when_it_clears(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret, "pm_usBankAccount")
    assert _process(row) == "CHARGE_REQUEST"
    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"

    stripe_shop.complete_processing(row.psp_reference)  # the buyer closed the tab long ago
    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")
    _deliver(stripe_shop, succeeded)

    assert _ledger(checkout) == (1, [PAID])


def test_3d_secure_required_then_confirmed(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    pending = _pay_in_browser(stripe_shop, secret, "pm_card_threeDSecure2Required")
    assert pending["status"] == "requires_action"

    assert _process(row) == "CHARGE_ACTION_REQUIRED"
    assert not Order.objects.exists()
    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    stripe_shop.complete_authentication(row.psp_reference)
    assert _process(row) == "CHARGE_SUCCESS"

    assert _browser_completes(checkout)["errors"] == []
    assert _ledger(checkout) == (1, [PAID])


def test_stripe_unreachable_during_initialise_is_a_clear_error_and_writes_nothing(stripe_shop):
    checkout, _ = _ready()

    with stripe_shop.down(), pytest.raises(PaymentError) as refused:
        _initialize(checkout)

    assert refused.value.code == "INVALID" and refused.value.message
    assert not Transaction.objects.exists() and not stripe_shop.payment_intents()
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    row, secret = _initialize(checkout)  # back up: the buyer pays
    _pay_in_browser(stripe_shop, secret)
    _process(row)
    assert _ledger(checkout) == (1, [PAID])


def test_a_declined_card_leaves_no_order_and_the_buyer_may_try_another(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)

    _pay_in_browser(stripe_shop, secret, "pm_card_chargeDeclined")
    assert _process(row) == "CHARGE_FAILURE"
    assert Transaction.objects.get().events.get(type="CHARGE_FAILURE").message == "Your card was declined."
    assert _browser_completes(checkout)["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert _ledger(checkout) == (0, [(ZERO, ZERO, ZERO, ZERO)])

    _pay_in_browser(stripe_shop, secret, "pm_card_visa")
    assert _process(row) == "CHARGE_SUCCESS"
    assert _ledger(checkout) == (1, [PAID])


def test_stock_gone_before_the_webhook_is_refunded_at_stripe_and_the_buyer_told(stripe_shop):
    checkout, variant = _ready(stock=1)
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    inventory.stock_set(warehouse=warehouse_of(checkout.channel), variant=variant, quantity=0)

    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")
    _deliver(stripe_shop, succeeded)

    assert _ledger(checkout) == (0, [(ZERO, ZERO, TOTAL, ZERO)])
    charge = stripe_shop.get(stripe_shop.payment_intent(row.psp_reference)["latest_charge"])
    assert charge["amount_refunded"] == 2500
    (message,) = mail.outbox
    assert message.subject == "Your payment has been returned" and "$25.00" in message.body
    # Stripe's own refund webhooks arrive later: nothing changes.
    for event in stripe_shop.events_of("charge.refunded"):
        _deliver(stripe_shop, event)
    assert _ledger(checkout) == (0, [(ZERO, ZERO, TOTAL, ZERO)]) and len(mail.outbox) == 1


def test_staff_refund_part_then_the_rest_at_stripe_and_the_order_follows(stripe_shop):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    _process(row)
    order = Order.objects.get()

    payments.transaction_action_request(
        transaction_row=Transaction.objects.get(pk=row.pk),
        action=ActionType.REFUND,
        amount=row.money(Decimal("10.00")),
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
    assert (order.total_charged_amount, order.charge_status) == (ZERO, "NONE")
    assert _ledger(checkout) == (1, [(ZERO, ZERO, TOTAL, ZERO)])
    charge = stripe_shop.get(stripe_shop.payment_intent(row.psp_reference)["latest_charge"])
    assert charge["amount_refunded"] == 2500
    for event in stripe_shop.events_about(row.psp_reference):  # every webhook, late: nothing moves
        _deliver(stripe_shop, event)
    assert _ledger(checkout) == (1, [(ZERO, ZERO, TOTAL, ZERO)])


def test_a_forged_webhook_is_refused_and_changes_nothing(stripe_shop):
    checkout, _ = _ready()
    _, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    (succeeded,) = stripe_shop.events_of("payment_intent.succeeded")

    assert _deliver(stripe_shop, succeeded, secret="whsec_someone_else") == 400

    assert not WebhookDelivery.objects.exists() and not Order.objects.exists()


@pytest.mark.race
@pytest.mark.xdist_group("races")
def test_two_browsers_complete_a_stripe_paid_checkout_at_once(stripe_shop, late_worker):
    checkout, _ = _ready()
    row, secret = _initialize(checkout)
    _pay_in_browser(stripe_shop, secret)
    _process(row)
    start = threading.Event()

    def browser(_: int) -> dict:
        try:
            start.wait()
            return _browser_completes(checkout)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(browser, i) for i in range(4)]
        start.set()
        answers = [future.result() for future in futures]

    order = Order.objects.get()
    assert {(tuple(a["errors"]), a["order"]["id"]) for a in answers} == {
        ((), to_global_id("Order", order.pk))
    }
    assert _ledger(checkout) == (1, [PAID])
