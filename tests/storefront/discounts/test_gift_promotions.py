"""Order promotions' GIFT reward: a checkout above the threshold gets one unit of the best gift (the
highest channel price among those in stock) as a free line of its own, kept in step with the
checkout, never editable by the buyer, and sold at 0 with its value as the order's ORDER_PROMOTION
discount; staff rules are validated."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.checkout import services as checkout_services
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.pricing import checkout_price
from storefront.checkout.promo_codes import checkout_promo_code_add, checkout_promo_code_remove
from storefront.discounts import promotion_services as services
from storefront.discounts.error_codes import DiscountError, DiscountErrorCode
from storefront.discounts.models import Promotion, PromotionType, RewardType, RewardValueType
from storefront.inventory import services as inventory
from storefront.inventory.models import Reservation, Stock
from storefront.orders.models import OrderDiscount, OrderDiscountType
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.discounts.test_order_promotions import order_promotion_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db
SYSTEM = Actor()


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def gift_promotion_create(channel, gifts, *, gte: str = "50", name: str = "Spend 50, get a gift", end=None):
    rule = services.RuleFields(
        channels=[channel],
        reward_type=RewardType.GIFT,
        gifts=list(gifts),
        order_predicate={"discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": gte}}}},
    )
    fields = services.PromotionFields(name=name, type=PromotionType.ORDER, end_date=end)
    return services.staff_promotion_create(actor=SYSTEM, fields=fields, rules=[rule])


def _lines(checkout: Checkout) -> list[CheckoutLine]:
    return list(CheckoutLine.objects.filter(checkout=checkout).order_by("is_gift", "created_at"))


def _gifts(checkout: Checkout) -> list[CheckoutLine]:
    return [line for line in _lines(checkout) if line.is_gift]


def _prices(checkout: Checkout):
    checkout = Checkout.objects.select_related("channel", "shipping_address", "user").get(pk=checkout.pk)
    return checkout_price(checkout_info_fetch(checkout))


def test_a_qualifying_checkout_gets_the_dearest_gift_in_stock_free() -> None:
    channel = channel_create()
    scarf = product_create(channel, price="12.00")
    bag = product_create(channel, price="18.00")
    sold_out = product_create(channel, price="40.00", stock=0)
    gift_promotion_create(channel, [scarf, bag, sold_out])
    goods = product_create(channel, price="30.00")
    checkout = checkout_ready(channel, [(goods, 2)])  # 60 >= 50

    [gift] = _gifts(checkout)
    assert (gift.variant_id, gift.quantity) == (bag.pk, 1)  # the dearest one in stock
    prices = _prices(checkout)
    priced = {line.info.line.pk: line for line in prices.lines}[gift.pk]
    assert priced.total_price.gross.amount == 0 and priced.unit_price.gross.amount == 0
    assert priced.undiscounted_total_price.amount == Decimal("18.00")
    assert prices.subtotal.gross.amount == Decimal("60.00")
    assert prices.order_promotion is not None and prices.order_promotion.gift_variant_id == bag.pk
    assert prices.discount.amount == Decimal("18.00")
    assert prices.discount_name == "Spend 50, get a gift"


def test_the_gift_goes_when_the_subtotal_drops_below_and_returns_above() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="5.00")
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="30.00")
    checkout = checkout_ready(channel, [(goods, 2)])
    assert len(_gifts(checkout)) == 1
    checkout_services.checkout_lines_update(checkout=checkout, lines=[LineInput(goods.pk, 1)])  # 30
    assert _gifts(checkout) == []
    assert _prices(checkout).order_promotion is None
    checkout_services.checkout_lines_add(checkout=checkout, lines=[LineInput(goods.pk, 1)])  # 60
    assert [line.variant_id for line in _gifts(checkout)] == [gift_variant.pk]
    # The buyer's last line gone: no gift left alone in the checkout.
    buyer_line = next(line for line in _lines(checkout) if not line.is_gift)
    checkout_services.checkout_lines_delete(checkout=checkout, line_ids=[buyer_line.pk])
    assert _lines(checkout) == []


def test_the_buyer_cannot_delete_the_gift_line() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="5.00")
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    checkout = checkout_ready(channel, [(goods, 1)])
    [gift] = _gifts(checkout)
    before = [(line.pk, line.quantity) for line in _lines(checkout)]
    with pytest.raises(CheckoutError) as error:
        checkout_services.checkout_lines_delete(checkout=checkout, line_ids=[gift.pk])
    assert error.value.code == CheckoutErrorCode.NON_REMOVABLE_GIFT_LINE
    assert [(line.pk, line.quantity) for line in _lines(checkout)] == before


def test_a_line_the_buyer_adds_for_the_gift_variant_stays_apart_and_is_paid() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="8.00", stock=3)
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    checkout = checkout_ready(channel, [(goods, 1)])
    checkout_services.checkout_lines_add(checkout=checkout, lines=[LineInput(gift_variant.pk, 2)])
    lines = _lines(checkout)
    assert sorted((line.variant_id, line.quantity, line.is_gift) for line in lines) == sorted(
        [(goods.pk, 1, False), (gift_variant.pk, 2, False), (gift_variant.pk, 1, True)]
    )
    # Setting the variant's quantity changes the buyer's line, never the gift.
    checkout_services.checkout_lines_update(checkout=checkout, lines=[LineInput(gift_variant.pk, 1)])
    assert sorted((line.variant_id, line.quantity, line.is_gift) for line in _lines(checkout)) == sorted(
        [(goods.pk, 1, False), (gift_variant.pk, 1, False), (gift_variant.pk, 1, True)]
    )
    prices = _prices(checkout)
    assert prices.subtotal.gross.amount == Decimal("68.00")  # the bought unit is paid, the gift not
    assert prices.discount.amount == Decimal("8.00")
    # Three in stock, two bought: the gift still has its unit. Buy the third and the gift goes.
    checkout_services.checkout_lines_update(checkout=checkout, lines=[LineInput(gift_variant.pk, 3)])
    assert _gifts(checkout) == []


def test_complete_sells_the_gift_at_zero_allocates_its_stock_and_records_its_value() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="15.00", stock=5)
    rule = gift_promotion_create(channel, [gift_variant]).rules.get()
    goods = product_create(channel, price="25.00")
    checkout = checkout_ready(channel, [(goods, 2), (gift_variant, 1)])  # 50 + 15 = 65
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())

    lines = sorted(order.lines.all(), key=lambda line: (line.variant_id, line.is_gift))
    gift = next(line for line in lines if line.is_gift)
    bought = next(line for line in lines if line.variant_id == gift_variant.pk and not line.is_gift)
    assert (gift.variant_id, gift.quantity) == (gift_variant.pk, 1)
    assert gift.unit_price_gross_amount == 0 and gift.total_price_gross_amount == 0
    assert gift.undiscounted_unit_price_gross_amount == Decimal("15.00")
    assert bought.total_price_gross_amount == Decimal("15.00")
    stock = Stock.objects.get(product_variant=gift_variant, warehouse=warehouse_of(channel))
    assert stock.quantity_allocated == 2  # the bought unit and the gift
    discount = OrderDiscount.objects.get(order=order)
    assert discount.type == OrderDiscountType.ORDER_PROMOTION
    assert (discount.value_type, discount.value, discount.amount_value) == (
        "FIXED",
        Decimal("15.000"),
        Decimal("15.000"),
    )
    assert discount.promotion_rule_id == rule.pk
    assert order.total_gross_amount == Decimal("70.00")  # 65 + 5 shipping, the gift free
    assert order.undiscounted_total_gross_amount == Decimal("85.00")  # 80 of goods + 5


def test_a_gift_out_of_stock_is_no_gift_and_no_error() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="15.00", stock=1)
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    checkout = checkout_ready(channel, [(goods, 1)])
    assert len(_gifts(checkout)) == 1
    # The last unit sold elsewhere before this checkout completes: completion drops the gift.
    inventory.stock_set(warehouse=warehouse_of(channel), variant=gift_variant, quantity=0)
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    assert [line.is_gift for line in order.lines.all()] == [False]
    assert not OrderDiscount.objects.filter(order=order).exists()
    # And a checkout made now never gets it.
    other = checkout_ready(channel, [(goods, 1)])
    assert _gifts(other) == []


def test_a_voucher_that_applies_takes_the_gift_away_and_removing_it_gives_it_back() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="5.00")
    gift_promotion_create(channel, [gift_variant])
    checkout = checkout_ready(channel, [(product_create(channel, price="60.00"), 1)])
    voucher_create(channel, code="EXPO5", value="5")
    checkout_promo_code_add(checkout=checkout, promo_code="EXPO5", ip_address="203.0.113.9")
    assert _gifts(checkout) == []
    prices = _prices(checkout)
    assert prices.voucher is not None and prices.order_promotion is None
    checkout_promo_code_remove(checkout=checkout, promo_code="EXPO5")
    assert len(_gifts(checkout)) == 1


def test_the_best_order_rule_wins_between_a_gift_and_a_subtotal_discount() -> None:
    channel = channel_create()
    order_promotion_create(channel, value="10")  # 10 % off above 50
    gift_variant = product_create(channel, price="8.00")
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    checkout = checkout_ready(channel, [(goods, 1)])  # 10 % = 6 < gift 8
    assert len(_gifts(checkout)) == 1
    assert _prices(checkout).discount.amount == Decimal("8.00")
    checkout_services.checkout_lines_update(checkout=checkout, lines=[LineInput(goods.pk, 2)])  # 12 > 8
    assert _gifts(checkout) == []
    prices = _prices(checkout)
    assert prices.order_promotion is not None and prices.order_promotion.gift_variant_id is None
    assert prices.discount.amount == Decimal("12.00")


def test_a_gift_rule_that_ended_gives_nothing() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="5.00")
    promotion = gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    checkout = checkout_ready(channel, [(goods, 1)])
    assert len(_gifts(checkout)) == 1
    Promotion.objects.filter(pk=promotion.pk).update(end_date=timezone.now() - timedelta(minutes=1))
    checkout_services.checkout_lines_add(checkout=checkout, lines=[LineInput(goods.pk, 1)])
    assert _gifts(checkout) == []


def _rule_errors(fields: services.RuleFields, type: str = PromotionType.ORDER) -> set[tuple[str, str]]:
    with pytest.raises(DiscountError) as error:
        services.staff_promotion_create(
            actor=SYSTEM, fields=services.PromotionFields(name="Gifts", type=type), rules=[fields]
        )
    return {(problem.field or "", str(problem.code)) for problem in error.value.errors}


def test_gift_rules_are_validated() -> None:
    channel = channel_create()
    other = channel_create("intl-eur", "EUR")
    gift_variant = product_create(channel, price="5.00")
    predicate = {"discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": "50"}}}}
    assert _rule_errors(
        services.RuleFields(channels=[channel], reward_type=RewardType.GIFT, order_predicate=predicate)
    ) == {("gifts", DiscountErrorCode.REQUIRED)}
    assert _rule_errors(
        services.RuleFields(
            channels=[channel],
            reward_type=RewardType.SUBTOTAL_DISCOUNT,
            reward_value=Decimal(10),
            gifts=[gift_variant],
            order_predicate=predicate,
        )
    ) == {("gifts", DiscountErrorCode.INVALID)}
    assert _rule_errors(
        services.RuleFields(
            channels=[channel],
            reward_type=RewardType.GIFT,
            reward_value=Decimal(10),
            reward_value_type=RewardValueType.FIXED,
            gifts=[gift_variant],
            order_predicate=predicate,
        )
    ) == {("reward_value", DiscountErrorCode.INVALID), ("reward_value_type", DiscountErrorCode.INVALID)}
    assert _rule_errors(
        services.RuleFields(channels=[channel, other], reward_type=RewardType.GIFT, gifts=[gift_variant])
    ) == {("gifts", DiscountErrorCode.INVALID)}  # not sold in ``other``
    assert ("gifts", DiscountErrorCode.INVALID) in _rule_errors(
        services.RuleFields(channels=[channel], reward_value=Decimal(10), gifts=[gift_variant]),
        type=PromotionType.CATALOGUE,
    )
    assert not Promotion.objects.exists()


def test_a_rule_turned_into_a_discount_drops_its_gifts() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="5.00")
    rule = gift_promotion_create(channel, [gift_variant]).rules.get()
    services.staff_promotion_rule_update(
        actor=SYSTEM,
        rule=rule,
        fields=services.RuleFields(
            reward_type=RewardType.SUBTOTAL_DISCOUNT,
            reward_value=Decimal(5),
            reward_value_type=RewardValueType.PERCENTAGE,
        ),
    )
    rule.refresh_from_db()
    assert rule.reward_type == RewardType.SUBTOTAL_DISCOUNT and not rule.gifts.exists()


def test_the_demo_gift_promotion_gives_the_cheapest_product_sold_everywhere() -> None:
    from infra.demo.promotions import GIFT_PROMOTION_NAME, demo_gift_promotion_load
    from tests.storefront.checkout.factories import list_in

    usd = channel_create()
    eur = channel_create("eu-eur", "EUR")
    cheap_here_only = product_create(usd, price="1.00")
    dear = product_create(usd, price="30.00")
    cheap = product_create(usd, price="4.00")
    for variant, price in ((dear, "28.00"), (cheap, "4.00")):
        list_in(eur, variant, price=price)
    demo_gift_promotion_load()
    demo_gift_promotion_load()  # a second load changes nothing
    promotion = Promotion.objects.get(name=GIFT_PROMOTION_NAME)
    rules = list(promotion.rules.order_by("pk"))
    assert [[channel.slug for channel in rule.channels.all()] for rule in rules] == [["intl-usd"], ["eu-eur"]]
    assert all([variant.pk for variant in rule.gifts.all()] == [cheap.pk] for rule in rules)
    assert cheap_here_only.pk != cheap.pk
    assert rules[1].order_predicate == {
        "discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": "142.50"}}}
    }


def _gift_rule_started_quietly(channel, gift_variant) -> None:
    """A gift rule that began after the checkout's last write (no checkout write since)."""
    promotion = Promotion.objects.create(name="Late gift", type=PromotionType.ORDER)
    rule = promotion.rules.create(
        reward_type=RewardType.GIFT,
        order_predicate={"discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": "50"}}}},
    )
    rule.channels.set([channel])
    rule.gifts.set([gift_variant])


def test_a_gift_rule_begun_since_the_last_write_never_raises_the_total_at_completion() -> None:
    channel = channel_create()
    order_promotion_create(channel, value="10")
    checkout = checkout_ready(channel, [(product_create(channel, price="60.00"), 1)])  # 6.00 off
    checkout_pay(checkout)  # 54 + 5 shipping
    _gift_rule_started_quietly(channel, product_create(channel, price="8.00"))  # outbids the 6.00
    order = complete_checkout(checkout, actor=Actor.system())
    assert [line.is_gift for line in order.lines.all()] == [False]
    assert order.total_gross_amount == Decimal("59.00")
    assert OrderDiscount.objects.get(order=order).amount_value == Decimal("6.000")


def test_a_gift_rule_begun_since_the_last_write_still_gives_its_gift_at_completion() -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="60.00"), 1)])
    checkout_pay(checkout)
    gift_variant = product_create(channel, price="8.00")
    _gift_rule_started_quietly(channel, gift_variant)
    order = complete_checkout(checkout, actor=Actor.system())
    gifts = [line for line in order.lines.all() if line.is_gift]
    assert [(line.variant_id, line.total_price_gross_amount) for line in gifts] == [(gift_variant.pk, 0)]
    assert order.total_gross_amount == Decimal("65.00")


def test_the_gift_line_reserves_its_unit_so_two_checkouts_cannot_both_be_promised_the_last_one() -> None:
    channel = channel_create()
    gift_variant = product_create(channel, price="15.00", stock=1)
    gift_promotion_create(channel, [gift_variant])
    goods = product_create(channel, price="60.00")
    first = checkout_ready(channel, [(goods, 1)])
    [gift] = _gifts(first)
    assert list(
        Reservation.objects.filter(checkout_line_id=gift.pk).values_list("quantity_reserved", flat=True)
    ) == [1]
    # The first checkout's next write keeps its gift: its own reservation does not count against it.
    checkout_services.checkout_lines_update(checkout=first, lines=[LineInput(goods.pk, 2)])
    assert [line.pk for line in _gifts(first)] == [gift.pk]
    # The last unit is promised: a second qualifying checkout gets no gift, and cannot buy it.
    second = checkout_ready(channel, [(goods, 1)])
    assert _gifts(second) == []
    with pytest.raises(CheckoutError) as short:
        checkout_services.checkout_lines_add(checkout=second, lines=[LineInput(gift_variant.pk, 1)])
    assert short.value.code == CheckoutErrorCode.INSUFFICIENT_STOCK
    # The first buyer may still buy the unit: their gift gives way (and cannot come back).
    checkout_services.checkout_lines_add(checkout=first, lines=[LineInput(gift_variant.pk, 1)])
    assert _gifts(first) == []
    assert sorted((line.variant_id, line.is_gift) for line in _lines(first)) == sorted(
        [(goods.pk, False), (gift_variant.pk, False)]
    )
    # The first checkout gone, the unit is free again: the second one's next write gets the gift.
    checkout_services.checkout_lines_delete(
        checkout=first, line_ids=[line.pk for line in _lines(first) if line.variant_id == gift_variant.pk]
    )
    assert len(_gifts(first)) == 1  # back for the first: the unit is free
    checkout_services.checkout_lines_update(checkout=second, lines=[LineInput(goods.pk, 2)])
    assert _gifts(second) == []  # still the first's
    # Completing the first allocates the unit through its reservation.
    checkout_pay(first)
    order = complete_checkout(first, actor=Actor.system())
    assert [line.is_gift for line in order.lines.filter(variant=gift_variant)] == [True]
    assert Stock.objects.get(product_variant=gift_variant).quantity_allocated == 1
