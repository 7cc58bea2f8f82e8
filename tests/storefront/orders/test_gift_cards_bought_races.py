"""Parallel payment webhooks for one order on PostgreSQL (real threads): the gift cards it bought
are issued exactly once. Marked ``race`` like the other races (run one at a time)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.discounts.models import GiftCard, GiftCardEvent
from storefront.orders.models import Fulfillment, Order
from storefront.orders.payment_state import order_payment_refresh
from tests.storefront.checkout.factories import channel_create
from tests.storefront.orders.checkouts import checkout_ready
from tests.storefront.orders.test_gift_cards_bought import gift_card_variant
from tests.storefront.orders.test_payment_state import _charge

WORKERS = 6

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def test_parallel_webhooks_issue_each_bought_card_once() -> None:
    channel = channel_create(allow_unpaid_orders=True)
    checkout = checkout_ready(channel, [(gift_card_variant(channel, price="20.00"), 3)], method=False)
    order = complete_checkout(checkout, actor=Actor.system())
    _charge(order, "60.00", "psp-paid")  # paid: the cards are issued here
    start = threading.Event()

    def webhook(index: int) -> int:
        try:
            start.wait()
            if index % 2:
                _charge(order, "60.00", "psp-paid")  # the same gateway event, retried
            else:
                with transaction.atomic():
                    order_payment_refresh(Order.objects.select_for_update().get(pk=order.pk))
            return 1
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(webhook, index) for index in range(WORKERS * 2)]
        start.set()
        assert sum(future.result() for future in futures) == WORKERS * 2

    cards = GiftCard.objects.filter(bought_in_order_id=order.pk)
    assert sorted(cards.values_list("bought_unit", flat=True)) == [1, 2, 3]
    assert GiftCardEvent.objects.filter(gift_card__in=cards, type="BOUGHT").count() == 3
    assert Fulfillment.objects.filter(order=order).count() == 1
    assert order.lines.get().quantity_fulfilled == 3
