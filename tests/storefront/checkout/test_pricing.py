"""Checkout totals: each line rounded to the currency's minor unit, then summed (Saleor's way)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.checkout import services
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from tests.storefront.checkout.factories import channel_create, product_create, shipping_method_of
from tests.storefront.checkout.test_services import BERLIN

pytestmark = pytest.mark.django_db


def _priced(checkout: Checkout):
    checkout = Checkout.objects.select_related("channel", "shipping_address").get(pk=checkout.pk)
    return checkout_price(checkout_info_fetch(checkout))


@pytest.mark.parametrize(
    ("currency", "price", "quantity", "line_net", "unit_net"),
    [
        # 7 × 1.00 gross at 11%: 7 / 1.11 = 6.306 -> 6.31 (7 × 0.90 would say 6.30).
        ("USD", "1.00", 7, "6.31", "0.90"),
        # 7 × ¥1000 at 11%: 7000 / 1.11 = 6306.3 -> ¥6306 (7 × ¥901 would say ¥6307).
        ("JPY", "1000", 7, "6306", "901"),
        # 3 × Rp150,000.00 at 11%: 405405.405 -> 405405.41 (3 × 135135.14 would say .42).
        ("IDR", "150000.00", 3, "405405.41", "135135.14"),
    ],
)
def test_lines_are_rounded_per_line_in_each_currency(currency, price, quantity, line_net, unit_net) -> None:
    channel = channel_create(f"ch-{currency.lower()}", currency, tax_rate="0.11")
    variant = product_create(channel, price=price, stock=10)
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, quantity)])
    prices = _priced(checkout)
    line = prices.lines[0]
    assert line.unit_price.net.amount == Decimal(unit_net)
    assert line.total_price.net.amount == Decimal(line_net)
    assert line.total_price.gross.amount == Decimal(price) * quantity
    assert prices.subtotal.net.amount == Decimal(line_net)
    assert prices.total.gross.currency == currency


def test_the_subtotal_is_the_sum_of_rounded_lines_and_the_total_adds_shipping() -> None:
    channel = channel_create(tax_rate="0.11", shipping_price="5.55")
    a = product_create(channel, price="1.00")
    b = product_create(channel, price="1.00")
    checkout = services.checkout_create(
        channel=channel, lines=[LineInput(a.pk, 1), LineInput(b.pk, 1)], shipping_address=BERLIN
    )
    services.checkout_delivery_method_update(
        checkout=checkout, shipping_method_id=shipping_method_of(channel).pk
    )
    prices = _priced(checkout)
    # Each line: 1.00 / 1.11 = 0.9009 -> 0.90; the sum of lines 1.80 (not 2.00 / 1.11 = 1.80 either way).
    assert prices.subtotal.net.amount == Decimal("1.80")
    assert prices.subtotal.gross.amount == Decimal("2.00")
    assert prices.shipping.gross.amount == Decimal("5.55")
    assert prices.shipping.net.amount == Decimal("5.00")
    assert prices.total.gross.amount == Decimal("7.55")
    assert prices.total.net.amount == Decimal("6.80")


def test_prices_entered_net_add_the_tax() -> None:
    channel = channel_create(tax_rate="0.10", prices_entered_with_tax=False)
    variant = product_create(channel, price="9.99")
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 3)])
    prices = _priced(checkout)
    assert prices.lines[0].total_price.net.amount == Decimal("29.97")
    assert prices.lines[0].total_price.gross.amount == Decimal("32.97")  # 32.967 -> 32.97
    assert prices.import_vat.collected_at == "CHECKOUT"
    assert prices.import_vat.amount.amount == Decimal("3.00")


def test_lines_carry_hs_code_and_country_of_origin() -> None:
    channel = channel_create()
    variant = product_create(channel, hs_code="5208")
    checkout = services.checkout_create(channel=channel, lines=[LineInput(variant.pk, 1)])
    line = _priced(checkout).lines[0]
    assert line.hs_code == "5208"
    assert line.country_of_origin == "ID"


def test_pricing_runs_no_query_once_fetched_and_cached(django_assert_num_queries) -> None:
    channel = channel_create()
    variants = [product_create(channel) for _ in range(3)]
    checkout = services.checkout_create(
        channel=channel, lines=[LineInput(v.pk, 1) for v in variants], shipping_address=BERLIN
    )
    services.checkout_delivery_method_update(
        checkout=checkout, shipping_method_id=shipping_method_of(channel).pk
    )
    checkout = Checkout.objects.select_related("channel", "shipping_address").get(pk=checkout.pk)
    # The lines, the gift cards and the channel's running order promotion rules (no voucher code: no more).
    with django_assert_num_queries(3):
        info = checkout_info_fetch(checkout)
    checkout_price(info)  # fills the shipping and tax caches, if a test before did not
    with django_assert_num_queries(0):
        prices = checkout_price(info)
    assert prices.subtotal.gross.amount == Decimal("30.00")
    assert prices.total.gross.amount == Decimal("35.00")
