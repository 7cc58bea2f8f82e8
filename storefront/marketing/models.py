"""Campaigns, their links (short URLs and expo QR codes), visits, and what orders they brought in.

- ``Campaign``: what the marketing team runs (a trade fair, a Ramadan sale, a collection push):
  channels (none: every channel), dates, UTM parameters, a budget note and the collections it
  features, and the vouchers it hands out (``vouchers``; the report counts the discounts they
  gave) and the promotions it runs (``promotions``; the report counts the discounts they gave).
- ``CampaignLink``: a short, unguessable code served at ``/c/<code>`` that redirects to a product,
  a collection, a category or the shop's home, with a label saying where it is printed or posted.
- ``CampaignVisit``: one (human) visit of a link: when, the country if a proxy said it, the
  referrer and the landing path. Nothing else about the visitor is kept.
- ``OrderAttribution``: the campaign an order came from, with the values the storefront passed in
  the checkout's metadata (cleaned) and the buyer's first-touch campaign.
- ``CustomerAttribution``: a registered buyer's first and last campaign touch (one row per user).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from storefront.accounts.models import User
from storefront.catalog.models import Category, Collection, Product
from storefront.channels.models import Channel
from storefront.discounts.models import Promotion, Voucher
from storefront.orders.models import Order

UTM_MAX_LENGTH = 100
URL_MAX_LENGTH = 500
CODE_MAX_LENGTH = 32


class Campaign(models.Model):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="+", help_text="Where it runs; none: every channel."
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    utm_source = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_medium = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_campaign = models.CharField(max_length=UTM_MAX_LENGTH, blank=True, db_index=True)
    budget_note = models.TextField(blank=True)
    collections = models.ManyToManyField(Collection, blank=True, related_name="+")
    vouchers = models.ManyToManyField(Voucher, blank=True, related_name="campaigns")
    promotions = models.ManyToManyField(Promotion, blank=True, related_name="campaigns")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return self.name


class CampaignLinkTarget(models.TextChoices):
    PRODUCT = "PRODUCT", "Product"
    COLLECTION = "COLLECTION", "Collection"
    CATEGORY = "CATEGORY", "Category"
    HOME = "HOME", "Shop home"


class CampaignLink(models.Model):
    """A short link of a campaign. A target deleted from the catalogue leaves the link to the home page."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    code = models.CharField(max_length=CODE_MAX_LENGTH, unique=True)
    label = models.CharField(max_length=200, help_text='Where it is used, e.g. "Jakarta expo stand B12".')
    target = models.CharField(max_length=16, choices=CampaignLinkTarget.choices)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    channel = models.ForeignKey(
        Channel,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The channel whose storefront pages it opens; else the campaign's first channel.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"


class CampaignVisit(models.Model):
    link = models.ForeignKey(CampaignLink, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField(default=timezone.now)
    country = models.CharField(max_length=2, blank=True)
    referrer = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    landing_path = models.CharField(max_length=URL_MAX_LENGTH, blank=True)

    class Meta:
        indexes = [models.Index(fields=["link", "at"], name="campaign_visit_link_at")]

    def __str__(self) -> str:
        return f"{self.link_id} at {self.at:%Y-%m-%d %H:%M}"


class OrderAttribution(models.Model):
    """Where an order came from. ``campaign`` is the last touch (what the checkout carried);
    ``first_touch_campaign`` the buyer's first known campaign (a guest's is this order's)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="attribution")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_attributions"
    )
    link = models.ForeignKey(CampaignLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_touch_campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    utm_source = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_medium = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    utm_campaign = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    referrer = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    landing_path = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"{self.order_id}: {self.campaign_id or self.utm_campaign or '-'}"


class CustomerAttribution(models.Model):
    """A registered buyer's first and last campaign touch, updated when they place an order."""

    user = models.OneToOneField(
        User, primary_key=True, on_delete=models.CASCADE, related_name="marketing_attribution"
    )
    first_campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_utm_source = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    first_utm_campaign = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    first_at = models.DateTimeField()
    last_campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_utm_source = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    last_utm_campaign = models.CharField(max_length=UTM_MAX_LENGTH, blank=True)
    last_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user_id}: first {self.first_campaign_id}, last {self.last_campaign_id}"


# Newsletter consent (issue 12, reach): defined in its own module, registered with the app here.
from storefront.marketing.newsletter_models import NewsletterSubscription as NewsletterSubscription  # noqa: E402
