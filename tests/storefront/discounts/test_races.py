"""Parallel completions on PostgreSQL (real threads): a voucher's usage limit and a gift card's
balance hold. Marked ``race`` like the stock races (run one at a time, repeated by ``make stress``)."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum

from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts.models import GiftCard, Voucher, VoucherCode
from storefront.orders.models import Order, OrderGiftCard
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import gift_card_create, voucher_create
from tests.storefront.orders.checkouts import checkout_ready

WORKERS = 8
ROUNDS = range(int(os.environ.get("ASAL_RACE_REPEATS", "3")))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def _complete_all(checkouts) -> list[str]:
    start = threading.Event()

    def complete(checkout) -> str:
        try:
            start.wait()
            complete_checkout(checkout, actor=Actor.system())
            return "order"
        except CheckoutError as exc:
            return ",".join(sorted(error.code for error in exc.errors))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(complete, checkout) for checkout in checkouts]
        start.set()
        return [future.result() for future in futures]


@pytest.mark.parametrize("round", ROUNDS)
def test_a_voucher_limited_to_5_uses_is_used_exactly_5_times_by_30_parallel_completes(round) -> None:
    cache.clear()
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, price="10.00", stock=40)
    voucher = voucher_create(channel, code="FIVE", value="10", usage_limit=5)
    checkouts = []
    for index in range(30):
        checkout = checkout_ready(channel, [(variant, 1)], email=f"buyer-{index}@example.com")
        checkout_promo_code_add(checkout=checkout, promo_code="FIVE", ip_address=f"198.51.100.{index}")
        checkouts.append(checkout)
    outcomes = _complete_all(checkouts)
    assert outcomes.count("order") == 5
    assert all(outcome == "VOUCHER_NOT_APPLICABLE" for outcome in outcomes if outcome != "order")
    assert Voucher.objects.get(pk=voucher.pk).used == 5
    assert VoucherCode.objects.get(voucher=voucher).used == 5
    assert Order.objects.filter(voucher=voucher).count() == 5


@pytest.mark.parametrize("round", ROUNDS)
def test_a_gift_card_is_never_overspent_by_parallel_completes(round) -> None:
    cache.clear()
    channel = channel_create()
    variant = product_create(channel, price="5.00", stock=40)  # 5 + 5 shipping = 10 a checkout
    card = gift_card_create(code="SHARED-CARD", balance="25.00")
    checkouts = []
    for index in range(12):
        checkout = checkout_ready(channel, [(variant, 1)], email=f"buyer-{index}@example.com")
        checkout_promo_code_add(checkout=checkout, promo_code="SHARED-CARD", ip_address="198.51.100.1")
        checkouts.append(checkout)
    outcomes = _complete_all(checkouts)
    assert outcomes.count("order") == 2
    assert set(outcomes) - {"order"} <= {"GIFT_CARD_NOT_APPLICABLE", "CHECKOUT_NOT_FULLY_PAID"}
    card = GiftCard.objects.get(pk=card.pk)
    spent = OrderGiftCard.objects.filter(gift_card=card).aggregate(total=Sum("amount"))["total"]
    assert spent == Decimal("20.000")
    assert card.current_balance_amount == Decimal("5.000")


@pytest.mark.parametrize("round", ROUNDS)
def test_parallel_checkouts_reaching_a_gift_threshold_are_promised_its_last_unit_once(round) -> None:
    from storefront.checkout import services as checkout_services
    from storefront.checkout.lines import LineInput
    from storefront.checkout.models import CheckoutLine
    from storefront.inventory.models import Reservation
    from tests.storefront.discounts.test_gift_promotions import gift_promotion_create

    cache.clear()
    channel = channel_create()
    gift = product_create(channel, price="15.00", stock=1)
    gift_promotion_create(channel, [gift])
    goods = product_create(channel, price="30.00", stock=100)
    checkouts = [
        checkout_ready(channel, [(goods, 1)], email=f"buyer-{index}@example.com") for index in range(WORKERS)
    ]  # 30 each: below the threshold of 50
    start = threading.Event()

    def raise_to_60(checkout) -> None:
        try:
            start.wait()
            checkout_services.checkout_lines_update(checkout=checkout, lines=[LineInput(goods.pk, 2)])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(raise_to_60, checkout) for checkout in checkouts]
        start.set()
        for future in futures:
            future.result()
    gift_lines = CheckoutLine.objects.filter(is_gift=True)
    assert gift_lines.count() == 1
    assert Reservation.objects.filter(checkout_line_id__in=gift_lines.values("pk")).count() == 1
