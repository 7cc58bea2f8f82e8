"""Gift cards bought as a product, taken back when their order is cancelled or refunded (Saleor's
``deactivate_order_gift_cards``): unspent cards are deactivated; a spent card refuses the cancel
and cannot be refunded; a gift card line is never returned (``GIFT_CARD_LINE``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction

from payments.models import Transaction
from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts.models import GiftCard, GiftCardEvent
from storefront.inventory.models import Stock
from storefront.orders.cancel import order_cancel
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.gift_cards import order_gift_cards_issue
from storefront.orders.granted_refunds import GrantLine, granted_refund_create
from storefront.orders.models import Order
from storefront.orders.returns import ReturnOrderLine, order_products_return
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready
from tests.storefront.orders.test_gift_cards_bought import gift_card_variant
from tests.storefront.orders.test_payment_state import _charge

pytestmark = pytest.mark.django_db
STAFF = Actor.system()


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _paid_order(channel, cards: int = 2, goods: int = 1):
    variant = gift_card_variant(channel, price="25.00")
    lines = [(variant, cards)]
    basket = None
    if goods:
        basket = product_create(channel, price="10.00", stock=5)
        lines.append((basket, goods))
    checkout = checkout_ready(channel, lines, method=bool(goods))
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=STAFF)
    return order, order.lines.get(variant=variant), basket


def _cards(order: Order) -> list[GiftCard]:
    return list(GiftCard.objects.filter(bought_in_order_id=order.pk).order_by("bought_unit"))


def _spend(channel, card: GiftCard, amount_price: str = "40.00") -> None:
    """Another order, paid partly with ``card``."""
    other = checkout_ready(channel, [(product_create(channel, price=amount_price), 1)])
    checkout_promo_code_add(checkout=other, promo_code=card.code, ip_address="203.0.113.9")
    checkout_pay(other)
    complete_checkout(other, actor=STAFF)


def test_cancelling_an_order_whose_gift_cards_were_issued_deactivates_them():
    channel = channel_create()
    order, line, basket = _paid_order(channel)
    assert line.quantity_fulfilled == 2
    order.refresh_from_db()
    assert order.status == "PARTIALLY_FULFILLED"  # the cards were fulfilled at payment
    stock = Stock.objects.get(product_variant=basket)
    assert stock.quantity_allocated == 1

    canceled = order_cancel(order=order, actor=STAFF)

    assert canceled.status == "CANCELED"
    assert [card.is_active for card in _cards(order)] == [False, False]
    events = GiftCardEvent.objects.filter(gift_card__in=_cards(order), type="DEACTIVATED")
    assert [(event.order_id, event.parameters["bought_order_taken_back"]) for event in events] == [
        (order.pk, "ORDER_CANCELED"),
        (order.pk, "ORDER_CANCELED"),
    ]
    stock.refresh_from_db()
    assert stock.quantity_allocated == 0  # the goods went back on sale as before
    # A deactivated card pays for nothing.
    other = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    with pytest.raises(CheckoutError):
        checkout_promo_code_add(checkout=other, promo_code=_cards(order)[0].code, ip_address="203.0.113.9")
    # A payment refresh after the cancel issues nothing again.
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        assert order_gift_cards_issue(locked) == []
    assert len(_cards(order)) == 2


def test_a_cancel_is_refused_when_a_bought_card_was_spent_and_nothing_changes():
    channel = channel_create()
    order, _line, basket = _paid_order(channel)
    first, _second = _cards(order)
    _spend(channel, first)
    first.refresh_from_db()
    assert first.current_balance_amount < first.initial_balance_amount

    with pytest.raises(OrderError) as refused:
        order_cancel(order=order, actor=STAFF)

    assert refused.value.code == OrderErrorCode.CANNOT_CANCEL_ORDER
    assert first.display_code in refused.value.message
    order.refresh_from_db()
    assert order.status == "PARTIALLY_FULFILLED"
    assert [card.is_active for card in _cards(order)] == [True, True]
    assert not GiftCardEvent.objects.filter(type="DEACTIVATED").exists()
    assert Stock.objects.get(product_variant=basket).quantity_allocated == 1


def test_an_order_with_other_goods_shipped_still_cannot_be_canceled():
    channel = channel_create()
    order, _line, basket = _paid_order(channel)
    order.lines.filter(variant=basket).update(quantity_fulfilled=1)
    with pytest.raises(OrderError) as refused:
        order_cancel(order=order, actor=STAFF)
    assert refused.value.code == OrderErrorCode.CANNOT_CANCEL_ORDER
    assert all(card.is_active for card in _cards(order))


def test_an_unpaid_order_canceled_then_paid_issues_no_card():
    channel = channel_create(allow_unpaid_orders=True)
    variant = gift_card_variant(channel, price="30.00")
    order = complete_checkout(checkout_ready(channel, [(variant, 1)], method=False), actor=STAFF)
    order_cancel(order=order, actor=STAFF)
    _charge(order, "30.00", "psp-late")  # the payment settles after the cancel
    order.refresh_from_db()
    assert order.is_paid and order.status == "CANCELED"
    assert _cards(order) == []


def _grant(order, line, quantity: int):
    return granted_refund_create(
        order=order,
        transaction_id=Transaction.objects.get(order_id=order.pk).pk,
        lines=[GrantLine(reference="line", order_line_id=line.pk, quantity=quantity)],
        actor=STAFF,
    )


def test_a_refund_granted_on_a_gift_card_line_takes_back_unspent_cards_only():
    channel = channel_create()
    order, line, _basket = _paid_order(channel, cards=3, goods=0)
    first, second, _third = _cards(order)
    _spend(channel, first)

    # Three asked, two unspent: refused on the line, nothing written.
    with pytest.raises(OrderError) as refused:
        _grant(order, line, 3)
    (line_error,) = refused.value.details["lines"]
    assert line_error.code == "QUANTITY_GREATER_THAN_AVAILABLE"
    assert "Only 2 of the gift cards" in line_error.message
    assert [card.is_active for card in _cards(order)] == [True, True, True]

    grant = _grant(order, line, 1)
    assert grant.amount_value == Decimal("25.000")
    assert [card.is_active for card in _cards(order)] == [True, False, True]
    (event,) = GiftCardEvent.objects.filter(type="DEACTIVATED")
    assert (
        event.gift_card_id,
        event.parameters["bought_order_taken_back"],
        event.parameters["granted_refund"],
    ) == (
        second.pk,
        "REFUND_GRANTED",
        grant.pk,
    )
    _grant(order, line, 1)
    assert [card.is_active for card in _cards(order)] == [True, False, False]
    # The spent card is all that is left: it cannot be refunded.
    with pytest.raises(OrderError) as spent:
        _grant(order, line, 1)
    assert spent.value.details["lines"][0].code == "QUANTITY_GREATER_THAN_AVAILABLE"
    # Nor can the order be cancelled: its first card was spent.
    with pytest.raises(OrderError):
        order_cancel(order=order, actor=STAFF)


def test_a_gift_card_line_is_not_returned():
    channel = channel_create(allow_unpaid_orders=True)
    order, line, _basket = _paid_order(channel, cards=1, goods=0)
    fulfillment_line = line.fulfillment_lines.get()
    with pytest.raises(OrderError) as refused:
        order_products_return(
            order=order,
            lines=[(fulfillment_line.pk, 1, ())],
            refund=True,
            amount_to_refund=None,
            actor=STAFF,
        )
    assert OrderErrorCode.GIFT_CARD_LINE in {error.code for error in [refused.value, *refused.value.errors]}
    unpaid = complete_checkout(
        checkout_ready(channel, [(gift_card_variant(channel, price="5.00"), 1)], method=False), actor=STAFF
    )
    with pytest.raises(OrderError) as unshipped:
        order_products_return(
            order=unpaid,
            lines=[],
            refund=False,
            amount_to_refund=None,
            actor=STAFF,
            order_lines=[ReturnOrderLine(order_line_id=unpaid.lines.get().pk, quantity=1)],
        )
    assert OrderErrorCode.GIFT_CARD_LINE in {
        error.code for error in [unshipped.value, *unshipped.value.errors]
    }
    assert all(card.is_active for card in _cards(order))
