"""complete_checkout's payment rule: an order only when the checkout's transactions cover its total
(authorised + charged), or the total is zero, or the channel allows unpaid orders; one order per
checkout, backed by a unique constraint."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from payments import services as payments
from payments.contract import GatewayResult, TransactionEvent, TransactionEventType
from payments.models import Transaction
from storefront.accounts.actor import Actor
from storefront.checkout.complete import checkout_completion_in_progress, complete_checkout
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.models import Checkout
from storefront.core.money import Money
from storefront.orders.choices import OrderEventType
from storefront.orders.models import Order
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db


TOTAL = Decimal("25.00")


def _ready(channel=None, price: str = "20.00"):
    channel = channel or channel_create()
    return checkout_ready(channel, [(product_create(channel, price=price), 1)])  # total 25.00 with shipping


def _refused(checkout) -> list[str]:
    with pytest.raises(CheckoutError) as error:
        complete_checkout(checkout, actor=Actor.system())
    return sorted(e.code for e in error.value.errors)


def test_an_unpaid_checkout_is_refused_and_nothing_changes():
    checkout = _ready()

    assert _refused(checkout) == [CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID]
    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_a_partial_payment_is_refused_and_keeps_its_transaction_on_the_checkout():
    checkout = _ready()
    payment = checkout_pay(checkout, amount="24.99")

    assert _refused(checkout) == [CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID]
    payment.refresh_from_db()
    assert payment.order_id is None and payment.checkout_token == checkout.pk


def test_a_payment_still_processing_does_not_count():
    checkout = _ready()
    pending = checkout_pay(checkout, event="CHARGE_REQUEST")
    assert pending.charge_pending_amount == Decimal("25.00")

    assert _refused(checkout) == [CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID]
    assert not Order.objects.exists()


def test_a_declined_payment_does_not_count():
    checkout = _ready()
    checkout_pay(checkout, event="CHARGE_FAILURE")

    assert _refused(checkout) == [CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID]


def test_two_partial_payments_that_cover_the_total_complete_it_and_both_pass_to_the_order():
    checkout = _ready()
    first = checkout_pay(checkout, amount="10.00", key="first")
    second = checkout_pay(checkout, amount="15.00", key="second")

    order = complete_checkout(checkout, actor=Actor.system())

    assert set(Transaction.objects.filter(order_id=order.pk).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert (order.total_charged_amount, order.charge_status) == (Decimal("25.00"), "FULL")
    assert order.events.filter(type=OrderEventType.TRANSACTION_EVENT).count() == 2


def test_an_authorisation_covers_the_total_and_the_order_waits_to_be_charged():
    checkout = _ready()
    checkout_pay(checkout, event="AUTHORIZATION_SUCCESS")

    order = complete_checkout(checkout, actor=Actor.system())

    assert (order.authorize_status, order.charge_status) == ("FULL", "NONE")
    assert order.total_authorized_amount == Decimal("25.00")
    assert list(order.events.values_list("type", flat=True)) == [
        OrderEventType.PLACED,
        OrderEventType.TRANSACTION_EVENT,
    ]


def test_a_zero_total_needs_no_payment():
    channel = channel_create(shipping_price="0.00")
    checkout = _ready(channel, price="0.00")

    order = complete_checkout(checkout, actor=Actor.system())

    assert order.total_gross_amount == 0 and order.charge_status == "FULL"
    assert not order.events.filter(type=OrderEventType.ORDER_FULLY_PAID).exists()


def test_a_channel_that_allows_unpaid_orders_places_one_unpaid():
    checkout = _ready(channel_create(allow_unpaid_orders=True))

    order = complete_checkout(checkout, actor=Actor.system())

    assert (order.charge_status, order.authorize_status, order.is_paid) == ("NONE", "NONE", False)


def test_completing_a_completed_checkout_gives_the_same_order():
    checkout = _ready()
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())

    again = complete_checkout(checkout, actor=Actor.system())

    assert again.pk == order.pk and Order.objects.count() == 1


def test_an_unknown_checkout_is_not_found():
    checkout = _ready()
    Checkout.objects.filter(pk=checkout.pk).delete()

    assert _refused(checkout) == [CheckoutErrorCode.NOT_FOUND]


def test_the_database_refuses_a_second_order_for_one_checkout():
    checkout = _ready()
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    twin = Order.objects.get(pk=order.pk)
    twin.pk, twin.number = None, order.number + 1000

    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(
            **{f.attname: getattr(twin, f.attname) for f in Order._meta.concrete_fields if f.attname != "id"}
        )


def test_orders_without_a_checkout_may_share_the_empty_token():
    channel = channel_create()
    checkout = _ready(channel)
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    Order.objects.filter(pk=order.pk).update(checkout_token="")
    other = _ready(channel)
    checkout_pay(other)
    second = complete_checkout(other, actor=Actor.system())
    Order.objects.filter(pk=second.pk).update(checkout_token="")

    assert Order.objects.filter(checkout_token="").count() == 2


def test_a_checkout_nobody_holds_is_not_being_completed():
    checkout = _ready()

    assert checkout_completion_in_progress(checkout.pk) is False


def test_a_payment_being_refunded_does_not_pay_for_the_order():
    checkout = _ready()
    paid = checkout_pay(checkout)
    refund = TransactionEvent(
        type=TransactionEventType.REFUND_REQUEST, amount=Money(TOTAL, "USD"), psp_reference="re-1"
    )
    payments.events_record(paid.pk, GatewayResult(events=(refund,)), created_by="staff")

    assert _refused(checkout) == [CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID]
    assert not Order.objects.exists()
