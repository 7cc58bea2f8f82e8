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
