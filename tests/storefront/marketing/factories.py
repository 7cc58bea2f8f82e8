"""Campaigns and links for tests, written through the marketing services."""

from __future__ import annotations

import itertools
from typing import Any

from storefront.accounts.actor import Actor
from storefront.marketing.models import Campaign, CampaignLink, CampaignLinkTarget
from storefront.marketing.services import CampaignFields, campaign_create, campaign_link_create

_counter = itertools.count(1)


def campaign_made(**fields: Any) -> Campaign:
    values: dict[str, Any] = {"name": f"Campaign {next(_counter)}"}
    values.update(fields)
    return campaign_create(actor=Actor.system(), fields=CampaignFields(**values))


def link_made(campaign: Campaign, *, label: str = "Stand B12", **target: Any) -> CampaignLink:
    kind = target.pop("target", CampaignLinkTarget.HOME)
    return campaign_link_create(actor=Actor.system(), campaign=campaign, label=label, target=kind, **target)
