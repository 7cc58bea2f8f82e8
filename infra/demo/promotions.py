"""The demo's catalogue promotion: a "Ramadan sale", 15 % off the pottery in every channel.

Created once, through the staff services (the audit log shows the system did it; the discounted
prices are computed on write); a second load, or a promotion staff have changed since, is left
alone.
"""

from __future__ import annotations

from decimal import Decimal

from storefront.accounts.actor import Actor
from storefront.catalog.models import Category
from storefront.channels.models import Channel
from storefront.discounts.models import Promotion, PromotionType, RewardValueType
from storefront.discounts.promotion_services import PromotionFields, RuleFields, staff_promotion_create

PROMOTION_NAME = "Ramadan sale"
CATEGORY_SLUG = "pottery"


def demo_promotions_load() -> None:
    """The Ramadan sale, unless it exists (or the demo has no pottery category)."""
    if Promotion.objects.filter(name=PROMOTION_NAME).exists():
        return
    category = Category.objects.filter(slug=CATEGORY_SLUG).first()
    if category is None:
        return
    staff_promotion_create(
        actor=Actor.system(),
        fields=PromotionFields(name=PROMOTION_NAME, type=PromotionType.CATALOGUE),
        rules=[
            RuleFields(
                name="15% off pottery",
                channels=list(Channel.objects.order_by("pk")),
                categories=[category],
                reward_value_type=RewardValueType.PERCENTAGE,
                reward_value=Decimal(15),
            )
        ],
    )


GIFT_PROMOTION_NAME = "A gift above $150"
GIFT_THRESHOLD_USD = Decimal(150)


def demo_gift_promotion_load() -> None:
    """An order promotion with a GIFT reward: above $150 (or its channel price), the cheapest
    product sold in every channel comes free; unless it exists (or no product is sold everywhere)."""
    from django.db.models import Count, Exists, OuterRef, Subquery

    from infra.demo.loader import channel_price
    from storefront.catalog.models import ProductVariant, ProductVariantChannelListing
    from storefront.discounts.models import RewardType
    from storefront.inventory.models import Stock

    if Promotion.objects.filter(name=GIFT_PROMOTION_NAME).exists():
        return
    channels = list(Channel.objects.order_by("pk"))
    usd_price = ProductVariantChannelListing.objects.filter(
        variant=OuterRef("pk"), channel__currency_code="USD"
    ).values("price_amount")[:1]
    gift = (
        ProductVariant.objects.annotate(
            listed=Count("channel_listings", distinct=True),
            usd=Subquery(usd_price),
            stocked=Exists(Stock.objects.filter(product_variant=OuterRef("pk"), quantity__gt=0)),
        )
        .filter(listed=len(channels), stocked=True, usd__isnull=False)
        .order_by("usd", "pk")
        .first()
    )
    if gift is None or not channels:
        return
    staff_promotion_create(
        actor=Actor.system(),
        fields=PromotionFields(name=GIFT_PROMOTION_NAME, type=PromotionType.ORDER),
        rules=[
            RuleFields(
                name=f"Free {gift.sku or gift.pk} in {channel.slug}",
                channels=[channel],
                reward_type=RewardType.GIFT,
                gifts=[gift],
                order_predicate={
                    "discountedObjectPredicate": {
                        "baseSubtotalPrice": {
                            "range": {"gte": str(channel_price(GIFT_THRESHOLD_USD, channel.currency_code))}
                        }
                    }
                },
            )
            for channel in channels
        ],
    )
