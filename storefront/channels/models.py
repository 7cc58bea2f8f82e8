"""Channels: the markets Asal sells in, each with one currency and its countries."""

from __future__ import annotations

from decimal import Decimal

from django.db import models


class Channel(models.Model):
    """A market: currency, default country, allowed shipping countries, tax setting."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    currency_code = models.CharField(max_length=3)
    default_country = models.CharField(max_length=2)
    allowed_countries = models.JSONField(
        default=list, blank=True, help_text="ISO country codes; empty means worldwide."
    )
    default_language = models.CharField(max_length=35, default="en")
    is_active = models.BooleanField(default=True)
    prices_entered_with_tax = models.BooleanField(default=True)
    flat_tax_rate = models.DecimalField(
        max_digits=5, decimal_places=4, default=Decimal(0), help_text="0.1100 means 11%."
    )
    # Saleor's channel order settings (``Channel.orderSettings``).
    automatically_confirm_all_new_orders = models.BooleanField(
        default=True, help_text="Orders from checkout start UNFULFILLED; otherwise UNCONFIRMED."
    )
    allow_unpaid_orders = models.BooleanField(
        default=True, help_text="checkoutComplete may place an order that is not paid yet."
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.slug
