"""Shipping zones, methods, their prices per channel, and goods destinations restrict (Saleor's model).

A zone is a set of destination countries, assigned to the channels that ship there (Saleor's
channel–shipping-zone assignment) and to the warehouses that ship into it. A method belongs to
one zone and is either weight-based (a band of chargeable weight) or price-based (a band of the
order's subtotal, per channel). Its price, its price band and its free-shipping threshold are
per channel, in the channel's currency.
"""

from __future__ import annotations

from django.db import models

from storefront.channels.models import Channel
from storefront.inventory.models import Warehouse


class ShippingZone(models.Model):
    """Destination countries served together, e.g. Europe or Asia-Pacific."""

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166-1 alpha-2 codes.")
    channels = models.ManyToManyField(Channel, blank=True, related_name="shipping_zones")
    warehouses = models.ManyToManyField(Warehouse, blank=True, related_name="shipping_zones")
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name


class ShippingMethod(models.Model):
    """A way to ship into a zone (Pos Indonesia, an express courier) with its bands and delivery days."""

    class Type(models.TextChoices):
        PRICE = "PRICE", "Price based"
        WEIGHT = "WEIGHT", "Weight based"

    shipping_zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="shipping_methods")
    name = models.CharField(max_length=100)
    description = models.JSONField(null=True, blank=True, help_text="EditorJS document.")
    type = models.CharField(max_length=30, choices=Type.choices)
    minimum_weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    maximum_weight_kg = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    minimum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    maximum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("name", "pk")

    def __str__(self) -> str:
        return self.name


class ShippingMethodTranslation(models.Model):
    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(max_length=35)
    name = models.CharField(max_length=100, blank=True)
    description = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["shipping_method", "language_code"], name="uniq_shipping_method_translation"
            )
        ]


class ShippingMethodChannelListing(models.Model):
    """A method's price, subtotal band and free-shipping threshold in one channel's currency."""

    shipping_method = models.ForeignKey(
        ShippingMethod, on_delete=models.CASCADE, related_name="channel_listings"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="shipping_method_listings")
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3)
    minimum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    maximum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    free_shipping_above_amount = models.DecimalField(
        max_digits=20,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="Shipping is free when the subtotal reaches this amount.",
    )

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["shipping_method", "channel"], name="uniq_shipping_method_channel_listing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shipping_method} in {self.channel}: {self.price_amount} {self.currency}"


class Restriction(models.Model):
    """Goods a destination forbids or restricts, by HS code prefix: the cooperative keeps this table."""

    class Kind(models.TextChoices):
        FORBIDDEN = "FORBIDDEN", "Forbidden"
        RESTRICTED = "RESTRICTED", "Restricted"

    hs_code_prefix = models.CharField(
        max_length=12, help_text="Digits only: '0409' matches honey, '04' all of chapter 4."
    )
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 destination country.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FORBIDDEN)
    reason = models.TextField(help_text="In English, shown to the buyer.")
    reason_id = models.TextField(blank=True, help_text="The same in Indonesian.")

    class Meta:
        ordering = ("country", "hs_code_prefix")
        constraints = [
            models.UniqueConstraint(fields=["country", "hs_code_prefix"], name="uniq_restriction"),
        ]
        indexes = [models.Index(fields=["country"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.hs_code_prefix}* into {self.country}"
