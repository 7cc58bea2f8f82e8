"""``checkoutComplete`` with a voucher and gift cards: the order records them, counters move."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts.models import GiftCard, GiftCardEvent, Voucher, VoucherCode, VoucherCustomer
from storefront.orders.models import OrderDiscount, OrderGiftCard
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import gift_card_create, voucher_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db
IP = "203.0.113.9"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _add(checkout, code: str) -> None:
    checkout_promo_code_add(checkout=checkout, promo_code=code, ip_address=IP)


def test_order_records_voucher_discount_and_gift_card_and_counters_move() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="20.00"), 2)])  # 40 + 5 shipping
    voucher = voucher_create(channel, code="EXPO", value="10", apply_once_per_customer=True)
    card = gift_card_create(balance="15.00")
    _add(checkout, "EXPO")
    _add(checkout, card.code.lower())
    checkout_pay(checkout)  # pays what is left: 45 - 4 - 15 = 26
    order = complete_checkout(checkout, actor=Actor.system())
    assert order.total_gross_amount == Decimal("26.00")
    assert order.undiscounted_total_gross_amount == Decimal("45.00")
    assert order.voucher_id == voucher.pk
    assert order.voucher_code == "EXPO"
    discount = OrderDiscount.objects.get(order=order)
    assert (discount.amount_value, discount.value, discount.value_type) == (
        Decimal("4.000"),
        Decimal("10.000"),
        "PERCENTAGE",
    )
    assert list(OrderGiftCard.objects.filter(order=order).values_list("gift_card_id", "amount")) == [
        (card.pk, Decimal("15.000"))
    ]
    assert Voucher.objects.get(pk=voucher.pk).used == 1
    assert VoucherCode.objects.get(voucher=voucher).used == 1
    assert VoucherCustomer.objects.filter(customer_email="buyer@example.com").count() == 1
    card.refresh_from_db()
    assert card.current_balance_amount == 0
    assert card.used_by_email == "buyer@example.com"
    assert GiftCardEvent.objects.get(gift_card=card, type="USED_IN_ORDER").order_id == order.pk


def test_gift_card_pays_part_and_keeps_the_rest() -> None:
    channel = channel_create(allow_unpaid_orders=True)
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])  # 15
    card = gift_card_create(balance="100.00")
    _add(checkout, card.code)
    order = complete_checkout(checkout, actor=Actor.system())
    assert order.total_gross_amount == 0
    card.refresh_from_db()
    assert card.current_balance_amount == Decimal("85.000")


def test_a_voucher_that_stopped_applying_refuses_completion() -> None:
    channel = channel_create(allow_unpaid_orders=True)
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    voucher = voucher_create(channel, code="LIMIT", usage_limit=1)
    _add(checkout, "LIMIT")
    Voucher.objects.filter(pk=voucher.pk).update(used=1)
    with pytest.raises(CheckoutError) as caught:
        complete_checkout(checkout, actor=Actor.system())
    assert "VOUCHER_NOT_APPLICABLE" in {error.code for error in caught.value.errors}


def test_inactive_or_foreign_currency_gift_cards_cannot_be_added() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel), 1)])
    gift_card_create(code="OFF", is_active=False)
    gift_card_create(code="EURO", currency="EUR")
    for code in ("OFF", "EURO"):
        with pytest.raises(CheckoutError) as caught:
            _add(checkout, code)
        assert caught.value.code == "INVALID"
    assert not GiftCard.objects.filter(checkouts__isnull=False).exists()
