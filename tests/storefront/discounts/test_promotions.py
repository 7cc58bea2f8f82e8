"""Catalogue promotions: the discounted price kept on write, the one pricing function, checkout with
a promotion and a voucher, EU Omnibus prior price, and promotions starting and ending by the beat."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog import services as catalog
from storefront.catalog.models import Category, ProductChannelListing, ProductVariantChannelListing
from storefront.catalog.pricing import variant_listing_pricing
from storefront.catalog.services.staff_products import ProductFields
from storefront.catalog.services.staff_structure import staff_category_delete, staff_collection_delete
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts import promotion_services as services
from storefront.discounts.models import (
    Promotion,
    PromotionRule,
    PromotionType,
    RewardType,
    RewardValueType,
    VariantListingPriceHistory,
    VariantListingPromotionRule,
)
from storefront.discounts.tasks import promotions_dates_task
from tests.storefront.checkout.factories import channel_create, list_in, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db
SYSTEM = Actor()


def promotion_create(
    channel,
    *,
    products=(),
    variants=(),
    categories=(),
    collections=(),
    value: str = "10",
    value_type: str = RewardValueType.PERCENTAGE,
    start=None,
    end=None,
    name: str = "Ramadan sale",
) -> Promotion:
    fields = services.PromotionFields(name=name, type=PromotionType.CATALOGUE, end_date=end)
    if start is not None:
        fields.start_date = start
    rule = services.RuleFields(
        channels=[channel],
        products=list(products),
        variants=list(variants),
        categories=list(categories),
        collections=list(collections),
        reward_value_type=value_type,
        reward_value=Decimal(value),
    )
    return services.staff_promotion_create(actor=SYSTEM, fields=fields, rules=[rule])


def _listing(variant, channel) -> ProductVariantChannelListing:
    return ProductVariantChannelListing.objects.get(variant=variant, channel=channel)


def _prices(checkout: Checkout):
    checkout = Checkout.objects.select_related("channel", "shipping_address", "user").get(pk=checkout.pk)
    return checkout_price(checkout_info_fetch(checkout))


def test_percentage_promotion_sets_the_discounted_column_and_the_product_listing_minimum() -> None:
    channel = channel_create()
    variant = product_create(channel, price="19.99")
    promotion = promotion_create(channel, products=[variant.product], value="15")
    listing = _listing(variant, channel)
    # 15 % of 19.99 = 2.9985 -> 3.00 (half up, cents): 16.99
    assert listing.discounted_price_amount == Decimal("16.99")
    assert ProductChannelListing.objects.get(product=variant.product).discounted_price_amount == Decimal(
        "16.99"
    )
    applied = VariantListingPromotionRule.objects.get(variant_channel_listing=listing)
    assert applied.promotion_rule.promotion == promotion
    assert applied.discount_amount == Decimal("3.00")
    pricing = variant_listing_pricing(listing, channel)
    assert pricing.on_sale
    assert pricing.price.gross.amount == Decimal("16.99")
    assert pricing.price_undiscounted.gross.amount == Decimal("19.99")
    assert pricing.discount is not None and pricing.discount.gross.amount == Decimal("3.00")
    assert AuditLogEntry.objects.filter(action="promotion.created").count() == 1


def test_jpy_rounds_to_whole_yen_and_fixed_never_goes_below_zero() -> None:
    jpy = channel_create("jp-jpy", "JPY")
    variant = product_create(jpy, price="1999")
    cheap = product_create(jpy, price="300")
    promotion_create(jpy, products=[variant.product], value="15")
    # 15 % of 1999 = 299.85 -> 300 yen
    assert _listing(variant, jpy).discounted_price_amount == Decimal("1699")
    promotion_create(jpy, products=[cheap.product], value="500", value_type=RewardValueType.FIXED)
    assert _listing(cheap, jpy).discounted_price_amount == Decimal("0")


def test_the_best_rule_applies_and_categories_include_their_subcategories() -> None:
    channel = channel_create()
    variant = product_create(channel, price="40.00")
    parent = Category.objects.create(name="Home", slug="home")
    child = Category.objects.create(name="Baskets", slug="baskets", parent=parent, level=1)
    variant.product.category = child
    variant.product.save(update_fields=["category"])
    promotion_create(channel, categories=[parent], value="10", name="Category")  # 4.00 off
    best = promotion_create(
        channel, variants=[variant], value="5", value_type=RewardValueType.FIXED, name="Fixed"
    )
    listing = _listing(variant, channel)
    assert listing.discounted_price_amount == Decimal("35.00")
    assert (
        VariantListingPromotionRule.objects.get(variant_channel_listing=listing).promotion_rule.promotion
        == best
    )


def test_a_price_change_recomputes_the_promoted_price_and_deleting_the_promotion_restores_it() -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    promotion = promotion_create(channel, products=[variant.product], value="50")
    assert _listing(variant, channel).discounted_price_amount == Decimal("5.00")
    catalog.variant_channel_listing_update(variant=variant, channel=channel, price="30.00")
    assert _listing(variant, channel).discounted_price_amount == Decimal("15.00")
    assert ProductChannelListing.objects.get(product=variant.product).discounted_price_amount == Decimal(
        "15.00"
    )
    services.staff_promotion_delete(actor=SYSTEM, promotion=promotion)
    listing = _listing(variant, channel)
    assert listing.discounted_price_amount == Decimal("30.00")
    assert listing.omnibus_prior_price_amount is None
    assert not variant_listing_pricing(listing, channel).on_sale
    assert not VariantListingPromotionRule.objects.exists()


def test_collection_membership_change_reprices() -> None:
    channel = channel_create()
    variant = product_create(channel, price="20.00")
    collection = catalog.collection_upsert(slug="loyok", name="Loyok rattan", products=[])
    promotion_create(channel, collections=[collection], value="25")
    assert _listing(variant, channel).discounted_price_amount == Decimal("20.00")
    catalog.collection_upsert(slug="loyok", name="Loyok rattan", products=[variant.product])
    assert _listing(variant, channel).discounted_price_amount == Decimal("15.00")


def test_other_channels_are_untouched() -> None:
    usd = channel_create()
    jpy = channel_create("jp-jpy", "JPY")
    variant = product_create(usd, price="10.00")
    list_in(jpy, variant, price="1500")
    promotion_create(usd, products=[variant.product], value="10")
    assert _listing(variant, usd).discounted_price_amount == Decimal("9.00")
    assert _listing(variant, jpy).discounted_price_amount == Decimal("1500")


def test_checkout_uses_the_promoted_price_and_a_voucher_applies_on_top() -> None:
    cache.clear()
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    promotion = promotion_create(channel, products=[variant.product], value="20")
    checkout = checkout_ready(channel, [(variant, 3)])
    prices = _prices(checkout)
    line = prices.lines[0]
    assert line.unit_price.gross.amount == Decimal("8.00")
    assert line.undiscounted_unit_price.amount == Decimal("10.00")
    assert line.promotion_unit_discount is not None and line.promotion_unit_discount.amount == Decimal("2.00")
    assert line.promotion_rule_id == promotion.rules.get().pk
    assert prices.subtotal.gross.amount == Decimal("24.00")
    assert prices.undiscounted_subtotal.amount == Decimal("30.00")
    assert prices.total.gross.amount == Decimal("29.00")  # + 5.00 shipping
    # A 10 % voucher on the promoted subtotal: 2.40 off 24.00.
    voucher_create(channel, code="EXPO10", value="10")
    checkout_promo_code_add(checkout=checkout, promo_code="EXPO10", ip_address="203.0.113.9")
    prices = _prices(checkout)
    assert prices.discount.amount == Decimal("2.40")
    assert prices.subtotal.gross.amount == Decimal("21.60")
    assert prices.total.gross.amount == Decimal("26.60")


def test_omnibus_prior_price_is_the_lowest_of_the_last_30_days_before_the_reduction() -> None:
    channel = channel_create()
    variant = product_create(channel, price="50.00")
    listing = _listing(variant, channel)
    today = timezone.now().date()
    VariantListingPriceHistory.objects.filter(variant_channel_listing=listing).delete()
    for days, amount in ((40, "30.00"), (20, "45.00"), (3, "48.00")):
        VariantListingPriceHistory.objects.create(
            variant_channel_listing=listing, day=today - timedelta(days=days), price_amount=Decimal(amount)
        )
    promotion_create(channel, products=[variant.product], value="20")
    listing.refresh_from_db()
    # 30.00 was 40 days ago: outside the window; the lowest within it is 45.00.
    assert listing.omnibus_prior_price_amount == Decimal("45.00")
    pricing = variant_listing_pricing(listing, channel)
    assert pricing.price.gross.amount == Decimal("40.00")
    assert pricing.price_prior is not None and pricing.price_prior.gross.amount == Decimal("45.00")
    # Today's reduced price is recorded: a later reduction's prior price will see it.
    assert VariantListingPriceHistory.objects.get(
        variant_channel_listing=listing, day=today
    ).price_amount == Decimal("40.00")


def test_without_a_promotion_the_hand_set_prior_price_still_marks_a_sale() -> None:
    channel = channel_create()
    variant = product_create(channel, price="20.00")
    catalog.variant_channel_listing_update(
        variant=variant, channel=channel, price="20.00", prior_price="25.00"
    )
    pricing = variant_listing_pricing(_listing(variant, channel), channel)
    assert pricing.on_sale and pricing.price_prior is not None
    assert pricing.price_prior.gross.amount == Decimal("25.00")


def test_beat_task_applies_a_promotion_when_it_starts_and_lifts_it_when_it_ends() -> None:
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    now = timezone.now()
    promotion = promotion_create(
        channel,
        products=[variant.product],
        value="10",
        start=now + timedelta(hours=1),
        end=now + timedelta(hours=2),
    )
    assert _listing(variant, channel).discounted_price_amount == Decimal("10.00")
    # Started: the beat task (eager) finds it once.
    Promotion.objects.filter(pk=promotion.pk).update(start_date=now - timedelta(minutes=1))
    promotions_dates_task.delay()
    assert _listing(variant, channel).discounted_price_amount == Decimal("9.00")
    assert Promotion.objects.get(pk=promotion.pk).start_applied_at is not None
    # Ended.
    Promotion.objects.filter(pk=promotion.pk).update(end_date=now - timedelta(seconds=1))
    promotions_dates_task.delay()
    assert _listing(variant, channel).discounted_price_amount == Decimal("10.00")
    assert services.promotions_dates_process() == 0  # each start and end handled once


def test_invalid_rules_are_refused_and_change_nothing() -> None:
    usd = channel_create()
    jpy = channel_create("jp-jpy", "JPY")
    fields = services.PromotionFields(name="Bad", type=PromotionType.CATALOGUE)
    rule = services.RuleFields(
        channels=[usd, jpy], reward_value_type=RewardValueType.FIXED, reward_value=Decimal("5")
    )
    with pytest.raises(services.DiscountError) as caught:
        services.staff_promotion_create(actor=SYSTEM, fields=fields, rules=[rule])
    assert caught.value.errors[0].field == "reward_value_type"
    over = services.RuleFields(
        channels=[usd], reward_value_type=RewardValueType.PERCENTAGE, reward_value=Decimal("101")
    )
    with pytest.raises(services.DiscountError):
        services.staff_promotion_create(actor=SYSTEM, fields=fields, rules=[over])
    assert not Promotion.objects.exists() and not PromotionRule.objects.exists()


def test_order_promotion_above_a_subtotal_threshold() -> None:
    channel = channel_create()
    services.staff_promotion_create(
        actor=SYSTEM,
        fields=services.PromotionFields(name="Spend 50", type=PromotionType.ORDER),
        rules=[
            services.RuleFields(
                channels=[channel],
                reward_type=RewardType.SUBTOTAL_DISCOUNT,
                reward_value_type=RewardValueType.PERCENTAGE,
                reward_value=Decimal("10"),
                order_predicate={
                    "discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": "50"}}}
                },
            )
        ],
    )
    now = timezone.now()
    below = services.order_promotion_best(channel=channel, subtotal=Decimal("49.99"), currency="USD", now=now)
    above = services.order_promotion_best(channel=channel, subtotal=Decimal("60.00"), currency="USD", now=now)
    assert below is None
    assert above is not None and above.amount == Decimal("6.00")


def test_a_category_change_reprices_the_moved_product_only_in_its_transaction() -> None:
    channel = channel_create()
    moved = product_create(channel, price="40.00", slug="moved")
    stays = product_create(channel, price="40.00", slug="stays")
    baskets = Category.objects.create(name="Baskets", slug="baskets")
    mats = Category.objects.create(name="Mats", slug="mats")
    promotion_create(channel, categories=[baskets], value="25")
    assert _listing(moved, channel).discounted_price_amount == Decimal("40.00")
    # The staff's productUpdate (GraphQL and the admin's product form call this service).
    catalog.staff_product_update(actor=SYSTEM, product=moved.product, fields=ProductFields(category=baskets))
    assert _listing(moved, channel).discounted_price_amount == Decimal("30.00")
    assert ProductChannelListing.objects.get(product=moved.product).discounted_price_amount == Decimal(
        "30.00"
    )
    assert _listing(stays, channel).discounted_price_amount == Decimal("40.00")
    # Moved out again: the promotion no longer covers it.
    catalog.staff_product_update(actor=SYSTEM, product=moved.product, fields=ProductFields(category=mats))
    assert _listing(moved, channel).discounted_price_amount == Decimal("40.00")
    assert not VariantListingPromotionRule.objects.exists()
    # The plain catalogue service (imports, the demo) too.
    catalog.product_update(product=stays.product, category=baskets)
    assert _listing(stays, channel).discounted_price_amount == Decimal("30.00")


def test_a_collection_joined_through_product_update_reprices() -> None:
    channel = channel_create()
    variant = product_create(channel, price="20.00")
    collection = catalog.collection_upsert(slug="loyok", name="Loyok rattan", products=[])
    promotion_create(channel, collections=[collection], value="25")
    catalog.staff_product_update(
        actor=SYSTEM, product=variant.product, fields=ProductFields(collections=[collection])
    )
    assert _listing(variant, channel).discounted_price_amount == Decimal("15.00")
    # Deleting the collection takes the promotion off its products.
    staff_collection_delete(actor=SYSTEM, collection=collection)
    assert _listing(variant, channel).discounted_price_amount == Decimal("20.00")


def test_a_category_moved_under_a_promoted_parent_reprices_its_subtree_and_deleting_it_lifts_it() -> None:
    channel = channel_create()
    variant = product_create(channel, price="40.00")
    home = Category.objects.create(name="Home", slug="home")
    baskets = catalog.category_upsert(slug="baskets", name="Baskets")
    small = catalog.category_upsert(slug="small-baskets", name="Small baskets", parent=baskets)
    variant.product.category = small
    variant.product.save(update_fields=["category"])
    promotion_create(channel, categories=[home], value="10")
    assert _listing(variant, channel).discounted_price_amount == Decimal("40.00")
    catalog.category_upsert(slug="baskets", name="Baskets", parent=home)
    assert _listing(variant, channel).discounted_price_amount == Decimal("36.00")
    staff_category_delete(actor=SYSTEM, category=Category.objects.get(slug="baskets"))
    assert _listing(variant, channel).discounted_price_amount == Decimal("40.00")


def test_every_promotion_write_and_the_beat_task_bump_the_catalogue_generation(settings) -> None:
    from storefront.core.versioned_cache import catalogue_cache

    settings.RESPONSE_CACHE_SECONDS = 60
    channel = channel_create()
    variant = product_create(channel, price="10.00")
    now = timezone.now()
    seen = [catalogue_cache._version()]

    def bumped() -> bool:
        version = catalogue_cache._version()
        fresh = version != seen[-1]
        seen.append(version)
        return fresh

    # A promotion that starts tomorrow changes no price today; its writes still bump.
    promotion = promotion_create(
        channel, products=[variant.product], value="10", start=now + timedelta(days=1), name="Later"
    )
    assert bumped()
    services.staff_promotion_update(
        actor=SYSTEM, promotion=promotion, fields=services.PromotionFields(name="Later still")
    )
    assert bumped()
    assert _listing(variant, channel).discounted_price_amount == Decimal("10.00")
    Promotion.objects.filter(pk=promotion.pk).update(start_date=now - timedelta(minutes=1))
    assert not bumped()
    assert services.promotions_dates_process() == 1
    assert bumped()
    assert _listing(variant, channel).discounted_price_amount == Decimal("9.00")
