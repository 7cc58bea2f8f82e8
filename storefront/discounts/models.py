"""Vouchers and gift cards, with Saleor's model and names.

- :class:`Voucher`: the rules of a discount (type, value type, what it applies to, minimum
  quantity, usage limits, dates, countries); its value and minimum spend are per channel
  (:class:`VoucherChannelListing`, in the channel's currency). A voucher has one or many codes
  (:class:`VoucherCode`, each with its own ``used`` counter), and remembers which customers used
  it when it may be used once per customer (:class:`VoucherCustomer`).
- :class:`GiftCard`: a prepaid balance in one currency, spent through the same promo-code
  mutation as vouchers; every change is a :class:`GiftCardEvent`.

The counters (``Voucher.used``, ``VoucherCode.used``, ``GiftCard.current_balance_amount``) are
changed only under a row lock (``storefront.discounts.usage``).
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from storefront.accounts.models import User
from storefront.catalog.models import Category, Collection, Product, ProductVariant
from storefront.channels.models import Channel


class VoucherType(models.TextChoices):
    SHIPPING = "SHIPPING"
    ENTIRE_ORDER = "ENTIRE_ORDER"
    SPECIFIC_PRODUCT = "SPECIFIC_PRODUCT"


class DiscountValueType(models.TextChoices):
    FIXED = "FIXED"
    PERCENTAGE = "PERCENTAGE"


class Voucher(models.Model):
    """A discount buyers unlock with a code (see the module docstring).

    ``usage_limit``: how many times all its codes together may be used (``None``: no limit),
    counted in ``used`` at ``checkoutComplete``. ``apply_once_per_order``: only the cheapest
    eligible unit is discounted. ``single_use``: each code may be used once. ``countries``: ISO
    codes the shipping address must be in (empty: anywhere).
    """

    type = models.CharField(max_length=20, choices=VoucherType.choices, default=VoucherType.ENTIRE_ORDER)
    name = models.CharField(max_length=255, blank=True)
    discount_value_type = models.CharField(
        max_length=10, choices=DiscountValueType.choices, default=DiscountValueType.FIXED
    )
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    used = models.PositiveIntegerField(default=0, editable=False)
    start_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    apply_once_per_order = models.BooleanField(default=False)
    apply_once_per_customer = models.BooleanField(default=False)
    single_use = models.BooleanField(default=False)
    only_for_staff = models.BooleanField(default=False)
    min_checkout_items_quantity = models.PositiveIntegerField(null=True, blank=True)
    countries = models.JSONField(default=list, blank=True)
    products = models.ManyToManyField(Product, blank=True, related_name="vouchers")
    variants = models.ManyToManyField(ProductVariant, blank=True, related_name="vouchers")
    categories = models.ManyToManyField(Category, blank=True, related_name="vouchers")
    collections = models.ManyToManyField(Collection, blank=True, related_name="vouchers")
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usage_limit__isnull=True) | models.Q(used__lte=models.F("usage_limit")),
                name="voucher_used_within_limit",
            )
        ]

    def __str__(self) -> str:
        return self.name or f"Voucher {self.pk}"


class VoucherCode(models.Model):
    """One code of a voucher; codes are unique across all vouchers (compared case-insensitively
    on lookup, stored as typed)."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=255, unique=True)
    used = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(Upper("code"), name="voucher_code_upper")]

    def __str__(self) -> str:
        return self.code


class VoucherChannelListing(models.Model):
    """The voucher's value in one channel: an amount of the channel's currency (``FIXED``) or a
    percentage, and the minimum spend there (``None``: none)."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="voucher_listings")
    discount_value = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    min_spent_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["voucher", "channel"], name="uniq_voucher_channel"),
            models.CheckConstraint(condition=models.Q(discount_value__gte=0), name="voucher_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id} in {self.channel_id}"


class VoucherCustomer(models.Model):
    """A customer (by e-mail) who used a code of a voucher that applies once per customer; the
    unique constraint is the final guard against two parallel uses."""

    voucher_code = models.ForeignKey(VoucherCode, on_delete=models.CASCADE, related_name="customers")
    customer_email = models.EmailField()

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["voucher_code", "customer_email"], name="uniq_voucher_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer_email} used {self.voucher_code_id}"


class GiftCard(models.Model):
    """A prepaid balance in one currency; spent at ``checkoutComplete``, never below zero."""

    code = models.CharField(max_length=255, unique=True)
    is_active = models.BooleanField(default=True)
    currency = models.CharField(max_length=3)
    initial_balance_amount = models.DecimalField(max_digits=20, decimal_places=3)
    current_balance_amount = models.DecimalField(max_digits=20, decimal_places=3)
    expiry_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="gift_cards_created"
    )
    created_by_email = models.EmailField(blank=True)
    used_by_email = models.EmailField(blank=True)
    last_used_on = models.DateTimeField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A card bought as a product: the order and line that bought it and which unit of the line
    # (1..quantity). Kept as IDs (orders stand on the discounts, not the other way round); the
    # unique (line, unit) makes issuing exactly once, whatever retried webhooks do.
    bought_in_order_id = models.UUIDField(null=True, blank=True, db_index=True)
    bought_in_order_line_id = models.UUIDField(null=True, blank=True)
    bought_unit = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("code",)
        indexes = [models.Index(Upper("code"), name="gift_card_code_upper")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_balance_amount__gte=0), name="gift_card_balance_not_negative"
            ),
            models.UniqueConstraint(
                fields=["bought_in_order_line_id", "bought_unit"], name="gift_card_bought_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"…{self.code[-4:]}"

    @property
    def display_code(self) -> str:
        """Saleor shows only the last four characters: ``XXXX-XXXX-XXXX-ABCD``."""
        return f"XXXX-XXXX-XXXX-{self.code[-4:]}"


class GiftCardEventType(models.TextChoices):
    ISSUED = "ISSUED"
    UPDATED = "UPDATED"
    ACTIVATED = "ACTIVATED"
    DEACTIVATED = "DEACTIVATED"
    BALANCE_RESET = "BALANCE_RESET"
    EXPIRY_DATE_UPDATED = "EXPIRY_DATE_UPDATED"
    USED_IN_ORDER = "USED_IN_ORDER"
    BOUGHT = "BOUGHT"
    SENT_TO_CUSTOMER = "SENT_TO_CUSTOMER"


class GiftCardEvent(models.Model):
    """What happened to a gift card: who, when, and for ``USED_IN_ORDER`` the order and amount."""

    gift_card = models.ForeignKey(GiftCard, on_delete=models.CASCADE, related_name="events")
    date = models.DateTimeField(default=timezone.now, editable=False)
    type = models.CharField(max_length=32, choices=GiftCardEventType.choices)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order_id = models.UUIDField(null=True, blank=True)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self) -> str:
        return f"{self.type} {self.gift_card_id}"


# Promotions live in their own module; imported here so Django registers them with this app.
from storefront.discounts.promotion_models import (  # noqa: E402
    Promotion,
    PromotionRule,
    PromotionType,
    RewardType,
    RewardValueType,
    VariantListingPriceHistory,
    VariantListingPromotionRule,
)

__all__ = [
    "Promotion",
    "PromotionRule",
    "PromotionType",
    "RewardType",
    "RewardValueType",
    "VariantListingPriceHistory",
    "VariantListingPromotionRule",
]
