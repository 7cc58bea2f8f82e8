"""Checkouts (Saleor's carts): what a buyer is about to order in one channel, and its lines.

These two models are the contract ``checkoutComplete`` (``storefront/checkout/complete.py``, the
orders engineer's) builds on; their fields are stable. Prices are never stored here: a checkout
is priced from its lines, the variants' channel listings and the chosen shipping method each
time it is read (``storefront.checkout.pricing.checkout_price``), so a price change reaches every
open cart at once, as in Saleor.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone

from storefront.accounts.models import Address, User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.discounts.models import GiftCard
from storefront.shipping.models import ShippingMethod


class Checkout(models.Model):
    """One buyer's cart in one channel, from the first line to ``checkoutComplete``.

    Fields:

    - ``token``: the primary key, a random UUID. A guest holds it and it is all they need (Saleor's
      ``Checkout.token``; the GraphQL ``id`` is its global ID).
    - ``channel``: where it is bought; prices, stock (the channel's warehouses) and the countries
      it ships to follow it. ``currency`` is the channel's currency when the checkout was created.
    - ``user``: the signed-in buyer it belongs to, or ``None`` for a guest. A user's checkout is seen
      only by that user and by staff with ``MANAGE_CHECKOUTS``.
    - ``email``: where the order confirmation goes (the user's e-mail when attached).
    - ``shipping_address`` / ``billing_address``: the checkout's own ``accounts.Address`` copies
      (``user=None``), normalised for their country; never rows of an address book.
    - ``shipping_method``: the chosen ``shipping.ShippingMethod`` or ``None``. It is checked again
      whenever the checkout is priced (``quote_for``): a method that no longer applies to the lines
      or the address costs nothing and is reported as invalid (``CheckoutPrices.delivery_valid``).
    - ``language_code``: the buyer's language (Saleor's ``LanguageCodeEnum`` value, lower-case with
      ``-``, e.g. ``"en"``, ``"pt-br"``), used for the order e-mail.
    - ``customer_note``: the buyer's note for the order.
    - ``voucher_code``: the voucher code the buyer added (``checkoutAddPromoCode``), as typed;
      ``discount_name``/``translated_discount_name``: its voucher's name when it was added.
      ``discount_amount`` is unused: the discount is priced each time the checkout is read
      (``storefront.checkout.pricing``), so a change of lines or address changes it at once.
    - ``gift_cards``: the gift cards the buyer added; they pay after the voucher, in the order added.
    - ``metadata`` / ``private_metadata``: Saleor's metadata.
    - ``created_at``; ``updated_at`` (any save); ``last_change`` (the buyer's last change, which
      a cleanup of abandoned carts would read).
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_change = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="checkouts")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="checkouts")
    email = models.EmailField(max_length=254, blank=True)
    shipping_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    billing_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_method = models.ForeignKey(
        ShippingMethod, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkouts"
    )
    language_code = models.CharField(max_length=35, default="en")
    customer_note = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    voucher_code = models.CharField(max_length=255, null=True, blank=True)
    discount_amount = models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))
    discount_name = models.CharField(max_length=255, null=True, blank=True)
    translated_discount_name = models.CharField(max_length=255, null=True, blank=True)
    gift_cards = models.ManyToManyField(GiftCard, blank=True, related_name="checkouts")
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    # When the one abandoned-cart reminder went out (storefront/checkout/reminders.py); null: not yet.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-last_change", "pk")
        indexes = [models.Index(fields=["user", "channel"], name="checkout_user_channel")]

    def __str__(self) -> str:
        return str(self.token)


class CheckoutLine(models.Model):
    """``quantity`` of one variant in a checkout; one line per variant (Saleor merges repeats).

    ``id`` is a UUID, as Saleor's. ``created_at`` orders the lines as the buyer added them. Stock
    reserved for a line is ``inventory.Reservation`` rows pointing at it (deleted with it).

    ``is_gift``: the free gift of an order promotion (Saleor's ``GIFT`` reward), one unit, added
    and removed by ``storefront.checkout.gifts`` only, never by the buyer; it is a line of its own,
    apart from a line the buyer added for the same variant (one buyer line and one gift line per
    variant at most). It reserves its unit like any line when added (``storefront.checkout.gifts``)
    and completion allocates it like any line.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="checkout_lines")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    is_gift = models.BooleanField(default=False)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["checkout", "variant", "is_gift"], name="uniq_checkout_line_variant_gift"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="checkout_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id} in {self.checkout_id}"
