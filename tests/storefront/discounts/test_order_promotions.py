"""Order promotions in checkout: the best ``SUBTOTAL_DISCOUNT`` rule above its threshold is taken off
the subtotal (rounded per currency, spread over the lines), never with a voucher that applies, and
the order records it; order lines name the catalogue promotion that priced them; campaigns count
the discounts their promotions gave."""

from __future__ import annotations

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts import promotion_services as services
from storefront.discounts.models import Promotion, PromotionType, RewardType, RewardValueType
from storefront.marketing.reports import campaign_report
from storefront.orders.models import OrderDiscount, OrderDiscountType
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.discounts.test_promotions import promotion_create
from tests.storefront.marketing.factories import campaign_made
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db
SYSTEM = Actor()


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def order_promotion_create(
    channel,
    *,
    gte: str = "50",
    value: str = "10",
    value_type: str = RewardValueType.PERCENTAGE,
    name: str = "Spend 50, save 10%",
    start=None,
    end=None,
) -> Promotion:
    fields = services.PromotionFields(name=name, type=PromotionType.ORDER, end_date=end)
    if start is not None:
        fields.start_date = start
    rule = services.RuleFields(
        channels=[channel],
        reward_type=RewardType.SUBTOTAL_DISCOUNT,
        reward_value_type=value_type,
        reward_value=Decimal(value),
        order_predicate={"discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": gte}}}},
    )
    return services.staff_promotion_create(actor=SYSTEM, fields=fields, rules=[rule])


def _prices(checkout: Checkout):
    checkout = Checkout.objects.select_related("channel", "shipping_address", "user").get(pk=checkout.pk)
    return checkout_price(checkout_info_fetch(checkout))


def test_threshold_met_takes_the_reward_off_the_subtotal_spread_over_the_lines() -> None:
    channel = channel_create()
    promotion = order_promotion_create(channel)
    a = product_create(channel, price="20.00")
    b = product_create(channel, price="13.33")
    checkout = checkout_ready(channel, [(a, 1), (b, 3)])  # 20 + 39.99 = 59.99
    prices = _prices(checkout)
    assert prices.order_promotion is not None
    assert prices.order_promotion.rule.promotion == promotion
    # 10 % of 59.99 = 5.999 -> 6.00 (half up, cents), shares add up exactly.
    assert prices.discount.amount == Decimal("6.00")
    assert prices.discount_name == "Spend 50, save 10%"
    assert prices.subtotal.gross.amount == Decimal("53.99")
    assert sum(line.total_price.gross.amount for line in prices.lines) == Decimal("53.99")
    assert prices.undiscounted_subtotal.amount == Decimal("59.99")
    assert prices.total.gross.amount == Decimal("58.99")  # + 5.00 shipping
    assert prices.voucher is None


def test_threshold_not_met_or_promotion_over_gives_nothing() -> None:
    channel = channel_create()
    order_promotion_create(channel)
    variant = product_create(channel, price="49.99")
    checkout = checkout_ready(channel, [(variant, 1)])
    prices = _prices(checkout)
    assert prices.order_promotion is None
    assert prices.discount.amount == Decimal("0.00")
    assert prices.discount_name is None
    assert prices.subtotal.gross.amount == Decimal("49.99")
    # Above the threshold but the promotion ended: nothing either.
    other = channel_create("ended", "USD")
    order_promotion_create(
        other, end=timezone.now() - timedelta(minutes=1), start=timezone.now() - timedelta(days=2)
    )
    ended = checkout_ready(other, [(product_create(other, price="80.00"), 1)])
    assert _prices(ended).order_promotion is None


def test_jpy_rounds_to_whole_yen_and_the_best_rule_wins() -> None:
    jpy = channel_create("jp-jpy", "JPY")
    order_promotion_create(jpy, gte="1000", value="15", name="15 percent")
    order_promotion_create(jpy, gte="1000", value="100", value_type=RewardValueType.FIXED, name="100 yen")
    order_promotion_create(jpy, gte="100000", value="50", name="Too far")
    a = product_create(jpy, price="1999")
    b = product_create(jpy, price="333")
    checkout = checkout_ready(jpy, [(a, 1), (b, 1)])  # 2332 yen
    prices = _prices(checkout)
    # 15 % of 2332 = 349.8 -> 350 yen (better than 100 yen); shares are whole yen.
    assert prices.order_promotion is not None and prices.order_promotion.amount == Decimal("350")
    assert prices.discount_name == "15 percent"
    assert prices.subtotal.gross.amount == Decimal("1982")
    for line in prices.lines:
        assert line.total_price.gross.amount == line.total_price.gross.amount.to_integral_value()


def test_a_voucher_that_applies_wins_and_the_promotion_returns_without_it() -> None:
    channel = channel_create()
    order_promotion_create(channel)
    checkout = checkout_ready(channel, [(product_create(channel, price="30.00"), 2)])  # 60
    voucher_create(channel, code="EXPO5", value="5")
    checkout_promo_code_add(checkout=checkout, promo_code="EXPO5", ip_address="203.0.113.9")
    prices = _prices(checkout)
    assert prices.voucher is not None and prices.order_promotion is None
    assert prices.discount.amount == Decimal("3.00")  # the voucher's 5 %, not the promotion's 10 %
    Checkout.objects.filter(pk=checkout.pk).update(voucher_code=None, discount_name=None)
    prices = _prices(checkout)
    assert prices.voucher is None and prices.discount.amount == Decimal("6.00")


def test_the_order_records_the_order_promotion_and_the_lines_their_catalogue_promotion() -> None:
    channel = channel_create()
    order_promotion_create(channel, gte="40")
    promoted = product_create(channel, price="25.00")
    sale_rule = promotion_create(
        channel, products=[promoted.product], name="Batik week", value="20"
    ).rules.get()
    plain = product_create(channel, price="10.00")
    checkout = checkout_ready(channel, [(promoted, 2), (plain, 1)])  # 2 x 20 + 10 = 50
    prices = _prices(checkout)
    assert prices.order_promotion is not None and prices.discount.amount == Decimal("5.00")
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    discount = OrderDiscount.objects.get(order=order)
    assert discount.type == OrderDiscountType.ORDER_PROMOTION
    assert (discount.amount_value, discount.value, discount.value_type) == (
        Decimal("5.000"),
        Decimal("10.000"),
        "PERCENTAGE",
    )
    assert discount.name == "Spend 50, save 10%" and discount.promotion_rule is not None
    assert order.total_gross_amount == Decimal("50.00")  # 45 + 5 shipping
    assert order.undiscounted_total_gross_amount == Decimal("65.00")  # 50 + 10 + 5 shipping
    lines = {line.variant_id: line for line in order.lines.all()}
    assert lines[promoted.pk].unit_discount_reason == "Promotion: Batik week"
    assert lines[promoted.pk].promotion_rule_id == sale_rule.pk
    assert lines[promoted.pk].promotion_discount_amount == Decimal("10.000")
    assert lines[plain.pk].unit_discount_reason == "" and lines[plain.pk].promotion_rule_id is None


def test_campaign_report_counts_the_discounts_its_promotions_gave() -> None:
    channel = channel_create()
    promotion = order_promotion_create(channel)
    campaign = campaign_made(promotions=[promotion])
    other = campaign_made()
    assert list(campaign.promotions.all()) == [promotion]
    checkout = checkout_ready(channel, [(product_create(channel, price="30.00"), 2)])
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    day = timezone.localdate(order.created_at)
    report = campaign_report(campaign=campaign, start=day, end=day)
    (usd,) = report.promotion_discounts
    assert (usd.currency, usd.orders, usd.amount) == ("USD", 1, Decimal("6.00"))
    assert campaign_report(campaign=other, start=day, end=day).promotion_discounts == []
    yesterday = day - datetime.timedelta(days=1)
    assert campaign_report(campaign=campaign, start=yesterday, end=yesterday).promotion_discounts == []
