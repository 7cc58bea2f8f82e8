"""Promotions, with Saleor's model and names (imported by ``storefront.discounts.models``).

- :class:`Promotion`: a ``CATALOGUE`` promotion lowers variants' prices in listings and checkout;
  an ``ORDER`` promotion discounts a checkout's subtotal above a threshold. Start and end dates.
- :class:`PromotionRule`: the channels, what it applies to (the catalogue predicate: products,
  variants, categories, collections) and its reward (``PERCENTAGE`` or ``FIXED``); an order rule's
  threshold is ``order_predicate`` (Saleor's ``discountedObjectPredicate.baseSubtotalPrice``).
- :class:`VariantListingPromotionRule`: which rule discounts a variant's listing, and by how much
  (Saleor's ``VariantChannelListingPromotionRule``), kept on write with the listing's
  ``discounted_price_amount`` (``storefront.discounts.promotion_services``).
- :class:`VariantListingPriceHistory`: the lowest price a buyer paid per variant listing and day,
  the EU Omnibus rule's memory.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone

from storefront.catalog.models import (
    Category,
    Collection,
    Product,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.channels.models import Channel


class PromotionType(models.TextChoices):
    CATALOGUE = "CATALOGUE"
    ORDER = "ORDER"


class RewardValueType(models.TextChoices):
    FIXED = "FIXED"
    PERCENTAGE = "PERCENTAGE"


class RewardType(models.TextChoices):
    SUBTOTAL_DISCOUNT = "SUBTOTAL_DISCOUNT"
    GIFT = "GIFT"


class Promotion(models.Model):
    """A sale with a start and an end (``None``: open-ended).

    ``start_applied_at``/``end_applied_at``: when the beat task last recomputed prices for the
    start or end; cleared when the dates change, so a date that passes is handled once.
    """

    name = models.CharField(max_length=255)
    type = models.CharField(max_length=16, choices=PromotionType.choices, default=PromotionType.CATALOGUE)
    description = models.JSONField(null=True, blank=True, help_text="EditorJS document.")
    start_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    start_applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    end_applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "discounts"
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name

    def is_active(self, now: datetime) -> bool:
        return self.start_date <= now and (self.end_date is None or self.end_date > now)


class PromotionRule(models.Model):
    """One rule of a promotion (see the module docstring). A ``FIXED`` reward is an amount of
    the currency of its one channel (Saleor's rule)."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="rules")
    name = models.CharField(max_length=255, blank=True)
    description = models.JSONField(null=True, blank=True)
    channels = models.ManyToManyField(Channel, blank=True, related_name="promotion_rules")
    products = models.ManyToManyField(Product, blank=True, related_name="promotion_rules")
    variants = models.ManyToManyField(ProductVariant, blank=True, related_name="promotion_rules")
    categories = models.ManyToManyField(Category, blank=True, related_name="promotion_rules")
    collections = models.ManyToManyField(Collection, blank=True, related_name="promotion_rules")
    reward_value_type = models.CharField(
        max_length=10, choices=RewardValueType.choices, default=RewardValueType.PERCENTAGE
    )
    reward_value = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    reward_type = models.CharField(max_length=20, choices=RewardType.choices, null=True, blank=True)
    order_predicate = models.JSONField(default=dict, blank=True)
    gifts = models.ManyToManyField(ProductVariant, blank=True, related_name="gift_promotion_rules")

    class Meta:
        app_label = "discounts"
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reward_value__isnull=True) | models.Q(reward_value__gte=0),
                name="promotion_rule_reward_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name or f"Rule {self.pk} of {self.promotion_id}"


class VariantListingPromotionRule(models.Model):
    """The rule that discounts a variant's listing now, and the amount per unit."""

    variant_channel_listing = models.ForeignKey(
        ProductVariantChannelListing, on_delete=models.CASCADE, related_name="promotion_rules"
    )
    promotion_rule = models.ForeignKey(
        PromotionRule, on_delete=models.CASCADE, related_name="variant_listing_rules"
    )
    discount_amount = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)

    class Meta:
        app_label = "discounts"
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["variant_channel_listing"], name="uniq_variant_listing_promotion_rule"
            )
        ]


class VariantListingPriceHistory(models.Model):
    """The lowest price (after promotions) of a variant listing on one day (UTC)."""

    variant_channel_listing = models.ForeignKey(
        ProductVariantChannelListing, on_delete=models.CASCADE, related_name="price_history"
    )
    day = models.DateField()
    price_amount = models.DecimalField(max_digits=20, decimal_places=3)

    class Meta:
        app_label = "discounts"
        ordering = ("day", "pk")
        constraints = [
            models.UniqueConstraint(fields=["variant_channel_listing", "day"], name="uniq_price_history_day")
        ]
