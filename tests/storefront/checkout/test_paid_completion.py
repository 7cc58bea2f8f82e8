"""Paid checkouts completed without the buyer's browser: by the payment handler on commit, by the
periodic sweep; refunded (and the buyer told) when what they paid for can no longer be sold."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from payments import services as payments
from payments.contract import GatewayResult, TransactionEvent, TransactionEventType
from payments.models import Transaction
from storefront.checkout.models import Checkout
from storefront.checkout.paid_completion import (
    CREATED_BY,
    PaidCompletion,
    checkout_paid_complete,
    checkouts_paid_pending,
)
from storefront.checkout.tasks import checkouts_paid_complete
from storefront.core.money import Money
from storefront.inventory import services as inventory
from storefront.orders.choices import OrderEventType
from storefront.orders.models import Order
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return channel_create()


def _ready(channel, *, stock: int = 5, **kwargs):
    variant = product_create(channel, price="20.00", stock=stock)
    return checkout_ready(channel, [(variant, 1)], **kwargs), variant  # total 25.00 with shipping


def _events(row: Transaction) -> list[tuple[str, Decimal, str]]:
    return [(e.type, e.amount_value, e.created_by) for e in row.events.order_by("created_at", "id")]


def test_a_payment_that_covers_a_ready_checkout_completes_it_after_the_commit(
    channel, django_capture_on_commit_callbacks
):
    checkout, _ = _ready(channel)

    with django_capture_on_commit_callbacks(execute=True):
        payment = checkout_pay(checkout)

    order = Order.objects.get()
    assert order.checkout_token == str(checkout.pk)
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    payment.refresh_from_db()
    assert payment.order_id == order.pk
    assert (order.charge_status, order.total_charged_amount) == ("FULL", Decimal("25.00"))
    assert list(order.events.values_list("type", flat=True)) == [
        OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT,
        OrderEventType.TRANSACTION_EVENT,
        OrderEventType.ORDER_FULLY_PAID,
        OrderEventType.EMAIL_SENT,
    ]
    assert [message.to for message in mail.outbox] == [["buyer@example.com"]]


def test_a_checkout_the_buyer_has_not_finished_stays_for_their_browser(
    channel, django_capture_on_commit_callbacks
):
    checkout, _ = _ready(channel, method=False)

    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout)

    assert not Order.objects.exists() and Checkout.objects.filter(pk=checkout.pk).exists()
    assert checkout_paid_complete(checkout.pk) == PaidCompletion.NOT_READY
    assert Transaction.objects.get().charged_amount == Decimal("20.00")  # nothing refunded


def test_a_partial_payment_leaves_the_checkout_alone(channel, django_capture_on_commit_callbacks):
    checkout, _ = _ready(channel)

    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout, amount="10.00")

    assert not Order.objects.exists()
    assert checkout_paid_complete(checkout.pk) == PaidCompletion.NOT_PAID


def test_a_payment_in_a_channel_that_allows_unpaid_orders_completes_only_when_it_covers_the_total(
    django_capture_on_commit_callbacks,
):
    channel = channel_create(allow_unpaid_orders=True)
    checkout, _ = _ready(channel)

    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout, amount="10.00", key="part")
    assert not Order.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout, amount="15.00", key="rest")

    assert Order.objects.get().charge_status == "FULL"


def test_stock_gone_before_the_payment_refunds_it_and_tells_the_buyer(
    channel, django_capture_on_commit_callbacks
):
    checkout, variant = _ready(channel)
    inventory.stock_set(warehouse=warehouse_of(channel), variant=variant, quantity=0)

    with django_capture_on_commit_callbacks(execute=True):
        payment = checkout_pay(checkout)

    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()  # the buyer may change it and pay again
    payment.refresh_from_db()
    assert (payment.charged_amount, payment.refunded_amount, payment.order_id) == (
        Decimal(0),
        Decimal("25.00"),
        None,
    )
    assert _events(payment) == [
        ("CHARGE_SUCCESS", Decimal("25.000"), "gateway"),
        ("REFUND_REQUEST", Decimal("25.000"), CREATED_BY),
        ("REFUND_SUCCESS", Decimal("25.000"), CREATED_BY),
    ]
    (message,) = mail.outbox
    assert message.to == ["buyer@example.com"] and message.subject == "Your payment has been returned"
    assert "$25.00" in message.body and variant.product.name in message.body
    assert variant.product.name in message.alternatives[0][0]
    # Run again (the sweep): nothing left to return, no second e-mail.
    assert checkout_paid_complete(checkout.pk) == PaidCompletion.NOT_PAID
    assert len(mail.outbox) == 1


def test_an_authorisation_for_goods_sold_out_is_canceled(channel, django_capture_on_commit_callbacks):
    checkout, variant = _ready(channel)
    inventory.stock_set(warehouse=warehouse_of(channel), variant=variant, quantity=0)

    with django_capture_on_commit_callbacks(execute=True):
        payment = checkout_pay(checkout, event="AUTHORIZATION_SUCCESS")

    payment.refresh_from_db()
    assert (payment.authorized_amount, payment.canceled_amount) == (Decimal(0), Decimal("25.00"))
    assert [e[0] for e in _events(payment)] == ["AUTHORIZATION_SUCCESS", "CANCEL_REQUEST", "CANCEL_SUCCESS"]
    assert len(mail.outbox) == 1 and not Order.objects.exists()


def test_the_refund_e_mail_is_in_the_buyers_language(channel, django_capture_on_commit_callbacks):
    checkout, variant = _ready(channel, language_code="id")
    inventory.stock_set(warehouse=warehouse_of(channel), variant=variant, quantity=0)

    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout)

    (message,) = mail.outbox
    assert message.subject == "Pembayaran Anda telah dikembalikan"
    assert "We have returned" not in message.body and "mengembalikan" in message.body


def test_a_product_withdrawn_from_sale_is_refunded_too(channel, django_capture_on_commit_callbacks):
    checkout, variant = _ready(channel)
    variant.product.channel_listings.update(is_published=False)

    with django_capture_on_commit_callbacks(execute=True):
        payment = checkout_pay(checkout)

    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("25.00") and not Order.objects.exists()


def test_a_refusal_the_buyer_can_fix_is_not_refunded(channel, caplog):
    from storefront.shipping.models import Restriction

    checkout, _ = _ready(channel)
    checkout_pay(checkout)  # paid (the handler's task is not run here)
    # Since then the destination forbids the goods: the buyer may change the address.
    Restriction.objects.create(hs_code_prefix="6304", country="DE", reason="Not into Germany.")

    with caplog.at_level(logging.WARNING):
        outcome = checkout_paid_complete(checkout.pk)

    assert outcome == PaidCompletion.REFUSED and "was not completed" in caplog.text
    assert Transaction.objects.get().charged_amount == Decimal("25.00") and not mail.outbox


def test_a_payment_that_reaches_a_completed_checkout_goes_to_its_order(
    channel, django_capture_on_commit_callbacks
):
    checkout, _ = _ready(channel)
    with django_capture_on_commit_callbacks(execute=True):
        checkout_pay(checkout)
    order = Order.objects.get()
    # A second payment started while the order was being written (its row has the checkout's token).
    late = Transaction.objects.create(
        gateway="saleor.io.dummy-payment-app",
        checkout_token=checkout.pk,
        idempotency_key="late",
        action="CHARGE",
        currency="USD",
        amount_requested=Decimal("25.00"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        payments.events_record(
            late.pk,
            GatewayResult(
                events=(
                    TransactionEvent(
                        type=TransactionEventType.CHARGE_SUCCESS,
                        amount=Money(Decimal("25.00"), "USD"),
                        psp_reference="late-1",
                    ),
                )
            ),
            created_by="webhook",
        )

    late.refresh_from_db()
    order.refresh_from_db()
    assert late.order_id == order.pk
    assert (order.total_charged_amount, order.charge_status) == (Decimal("50.00"), "OVERCHARGED")
    assert Order.objects.count() == 1
    # Staff see why: the late payment is in the order's history.
    assert order.events.filter(
        type=OrderEventType.TRANSACTION_EVENT, parameters__transaction_id=str(late.pk)
    ).exists()


def test_a_gone_checkout_without_an_order_is_left_for_staff(caplog):
    token = uuid.uuid4()
    Transaction.objects.create(
        gateway="saleor.io.dummy-payment-app",
        checkout_token=token,
        idempotency_key="orphan",
        action="CHARGE",
        currency="USD",
        amount_requested=Decimal("5.00"),
        charged_amount=Decimal("5.00"),
    )

    with caplog.at_level(logging.ERROR):
        assert checkout_paid_complete(token) == PaidCompletion.GONE

    assert "for staff to review" in caplog.text


def test_the_sweep_completes_checkouts_paid_minutes_ago_and_no_others(channel):
    old, _ = _ready(channel)
    recent, _ = _ready(channel)
    checkout_pay(old)  # the handler's task was lost (on-commit callbacks are not run here)
    checkout_pay(recent)
    Transaction.objects.filter(checkout_token=old.pk).update(
        modified_at=timezone.now() - timedelta(minutes=6)
    )

    assert checkouts_paid_pending(older_than=timedelta(minutes=5), younger_than=timedelta(days=7)) == [old.pk]
    checkouts_paid_complete()

    assert list(Order.objects.values_list("checkout_token", flat=True)) == [str(old.pk)]
    assert Checkout.objects.filter(pk=recent.pk).exists()
    assert Order.objects.get().events.first().type == OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT


def test_the_sweep_is_a_registered_task_scheduled_every_five_minutes(settings):
    from infra.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["checkout-paid-complete"]

    assert entry["schedule"] == 300.0
    assert entry["task"] == checkouts_paid_complete.name and entry["task"] in app.tasks
