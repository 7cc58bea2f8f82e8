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
    # Saleor's default: an order is placed only when payments cover the checkout's total.
    allow_unpaid_orders = models.BooleanField(
        default=False, help_text="checkoutComplete may place an order that is not paid yet."
    )
    # Saleor's ``Channel.paymentSettings``: charge at once, or authorise and capture on fulfilment.
    default_transaction_flow_strategy = models.CharField(
        max_length=32,
        choices=[("CHARGE", "Charge"), ("AUTHORIZATION", "Authorization")],
        default="CHARGE",
    )
    payment_gateways = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the payment gateways buyers may use here; empty means every configured one.",
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.slug


class TaxRate(models.Model):
    """The flat rate charged at checkout for one destination country of a channel.

    A destination without a row falls back to the channel's ``flat_tax_rate``. Rows for
    countries that take no tax from a foreign seller say so with a rate of 0.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="tax_rates")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 destination country.")
    rate = models.DecimalField(max_digits=5, decimal_places=4, help_text="0.1900 means 19%.")

    class Meta:
        ordering = ("channel", "country")
        constraints = [models.UniqueConstraint(fields=["channel", "country"], name="uniq_channel_tax_rate")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.country}: {self.rate}"


class ImportVatScheme(models.Model):
    """A low-value import scheme (EU IOSS, the UK's, Australia's LVG) as one channel applies it.

    Consignments to ``countries`` worth at most ``threshold_amount`` (in the channel's
    currency, converted by the cooperative from the scheme's own: €150, £135, A$1,000) have
    their VAT collected at checkout; above it the buyer pays VAT at import.
    """

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="import_vat_schemes")
    code = models.CharField(max_length=32, help_text="e.g. EU_IOSS, UK, AU_LVG.")
    name = models.CharField(max_length=255)
    countries = models.JSONField(default=list, help_text="ISO country codes the scheme covers.")
    currency = models.CharField(max_length=3)
    threshold_amount = models.DecimalField(max_digits=20, decimal_places=3)

    class Meta:
        ordering = ("channel", "code")
        constraints = [
            models.UniqueConstraint(fields=["channel", "code"], name="uniq_channel_import_vat_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.code}"
