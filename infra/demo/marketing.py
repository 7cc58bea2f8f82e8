"""The demo's campaign: "Jakarta Expo 2026" with two links (the stand's QR code and a flyer's), loaded
through the marketing services like any staff write; a second load changes nothing."""

from __future__ import annotations

import datetime

from storefront.accounts.actor import Actor
from storefront.catalog.models import Collection, Product
from storefront.channels.models import Channel
from storefront.marketing.models import Campaign, CampaignLinkTarget
from storefront.marketing.services import CampaignFields, campaign_create, campaign_link_create

SLUG = "jakarta-expo-2026"
STAND = "Jakarta expo stand B12"
FLYER = "Jakarta expo flyer: Loyok rice basket"


def demo_marketing_load() -> Campaign:
    """The demo campaign and its links (created once)."""
    actor = Actor.system()
    campaign = Campaign.objects.filter(slug=SLUG).first()
    if campaign is None:
        campaign = campaign_create(
            actor=actor,
            fields=CampaignFields(
                name="Jakarta Expo 2026",
                slug=SLUG,
                channels=list(Channel.objects.filter(slug__in=["id-idr", "intl-usd"])),
                starts_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
                ends_at=datetime.datetime(2026, 12, 31, 23, 59, tzinfo=datetime.UTC),
                utm_source="jakarta-expo",
                utm_medium="qr",
                utm_campaign="jakarta-expo-2026",
                budget_note="Stand B12 (3 x 3 m), 4 days; printed cards and flyers.",
                collections=list(Collection.objects.filter(slug="featured")),
            ),
        )
    labels = set(campaign.links.values_list("label", flat=True))
    featured = Collection.objects.filter(slug="featured").first()
    if STAND not in labels:
        target = CampaignLinkTarget.COLLECTION if featured is not None else CampaignLinkTarget.HOME
        campaign_link_create(actor=actor, campaign=campaign, label=STAND, target=target, collection=featured)
    basket = Product.objects.filter(slug="loyok-bamboo-rice-basket").first()
    if FLYER not in labels:
        target = CampaignLinkTarget.PRODUCT if basket is not None else CampaignLinkTarget.HOME
        campaign_link_create(actor=actor, campaign=campaign, label=FLYER, target=target, product=basket)
    return campaign
