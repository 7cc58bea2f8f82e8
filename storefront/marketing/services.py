"""Staff writes of campaigns and their links: each checks its whole input first (every problem at
once), writes in one transaction and records an audit entry with before and after."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import Category, Collection, Product
from storefront.catalog.services.slugs import slug_is_valid, slug_unique
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.marketing.attribution import text_clean
from storefront.marketing.error_codes import CampaignError, CampaignErrorCode
from storefront.marketing.models import UTM_MAX_LENGTH, Campaign, CampaignLink, CampaignLinkTarget

NAME_MAX = 250
LABEL_MAX = 200
BUDGET_NOTE_MAX = 2000
# 31 symbols without 0/o, 1/l/i: readable from a printed card; 12 of them are about 59 bits.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 12


@dataclass
class CampaignFields:
    """A campaign input as decoded by the API; ``UNSET``: left out (unchanged on update)."""

    name: Any = UNSET
    slug: Any = UNSET
    channels: Any = UNSET  # list[Channel]
    starts_at: Any = UNSET
    ends_at: Any = UNSET
    utm_source: Any = UNSET
    utm_medium: Any = UNSET
    utm_campaign: Any = UNSET
    budget_note: Any = UNSET
    collections: Any = UNSET  # list[Collection]
    vouchers: Any = UNSET  # list[Voucher]
    promotions: Any = UNSET  # list[Promotion]


def campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        "name": campaign.name,
        "slug": campaign.slug,
        "channels": sorted(campaign.channels.values_list("slug", flat=True)),
        "starts_at": campaign.starts_at,
        "ends_at": campaign.ends_at,
        "utm_source": campaign.utm_source,
        "utm_medium": campaign.utm_medium,
        "utm_campaign": campaign.utm_campaign,
        "budget_note": campaign.budget_note,
        "collections": sorted(campaign.collections.values_list("slug", flat=True)),
        "vouchers": sorted(campaign.vouchers.values_list("pk", flat=True)),
        "promotions": sorted(campaign.promotions.values_list("pk", flat=True)),
    }


def _text(value: Any, *, field: str, max_length: int, problems: list[CampaignError], required: bool) -> str:
    text = text_clean(value, max_length=max_length + 1) if value is not None else ""
    if len(text) > max_length:
        problems.append(
            CampaignError(CampaignErrorCode.INVALID, f"At most {max_length} characters.", field=field)
        )
    elif required and not text:
        problems.append(CampaignError(CampaignErrorCode.REQUIRED, "This field is required.", field=field))
    return text


def _changes(
    fields: CampaignFields, *, campaign: Campaign | None, problems: list[CampaignError]
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if fields.name is not UNSET or campaign is None:
        value = None if fields.name is UNSET else fields.name
        changes["name"] = _text(value, field="name", max_length=NAME_MAX, problems=problems, required=True)
    if fields.slug is not UNSET and fields.slug is not None:
        if not slug_is_valid(fields.slug):
            problems.append(CampaignError(CampaignErrorCode.INVALID, "Not a valid slug.", field="slug"))
        elif Campaign.objects.filter(slug=fields.slug).exclude(pk=campaign.pk if campaign else 0).exists():
            problems.append(
                CampaignError(CampaignErrorCode.UNIQUE, "A campaign with this slug exists.", field="slug")
            )
        else:
            changes["slug"] = fields.slug
    for key in ("utm_source", "utm_medium", "utm_campaign"):
        value = getattr(fields, key)
        if value is not UNSET:
            changes[key] = _text(
                value, field=key, max_length=UTM_MAX_LENGTH, problems=problems, required=False
            )
    if fields.budget_note is not UNSET:
        note = fields.budget_note or ""
        if not isinstance(note, str) or len(note) > BUDGET_NOTE_MAX or "\x00" in note:
            problems.append(
                CampaignError(
                    CampaignErrorCode.INVALID, f"At most {BUDGET_NOTE_MAX} characters.", field="budget_note"
                )
            )
        else:
            changes["budget_note"] = note.strip()
    for key in ("starts_at", "ends_at"):
        if getattr(fields, key) is not UNSET:
            changes[key] = getattr(fields, key)
    starts = changes.get("starts_at", getattr(campaign, "starts_at", None))
    ends = changes.get("ends_at", getattr(campaign, "ends_at", None))
    if starts is not None and ends is not None and ends < starts:
        problems.append(
            CampaignError(CampaignErrorCode.INVALID, "The campaign ends before it starts.", field="ends_at")
        )
    return changes


def _relations(campaign: Campaign, fields: CampaignFields) -> None:
    if fields.channels is not UNSET:
        campaign.channels.set(fields.channels or [])
    if fields.collections is not UNSET:
        campaign.collections.set(fields.collections or [])
    if fields.vouchers is not UNSET:
        campaign.vouchers.set(fields.vouchers or [])
    if fields.promotions is not UNSET:
        campaign.promotions.set(fields.promotions or [])


@transaction.atomic
def campaign_create(*, actor: Actor, fields: CampaignFields) -> Campaign:
    problems: list[CampaignError] = []
    changes = _changes(fields, campaign=None, problems=problems)
    if problems:
        raise CampaignError.group(problems)
    changes.setdefault("slug", slug_unique(Campaign, changes["name"], fallback="campaign"))
    campaign = Campaign.objects.create(**changes)
    _relations(campaign, fields)
    audit_log_record(
        actor=actor,
        action="campaign.created",
        target=campaign,
        payload={"before": None, "after": campaign_snapshot(campaign)},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor: Actor, campaign: Campaign, fields: CampaignFields) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = campaign_snapshot(campaign)
    problems: list[CampaignError] = []
    changes = _changes(fields, campaign=campaign, problems=problems)
    if problems:
        raise CampaignError.group(problems)
    for key, value in changes.items():
        setattr(campaign, key, value)
    campaign.save()
    _relations(campaign, fields)
    after = campaign_snapshot(campaign)
    if after != before:
        audit_log_record(
            actor=actor,
            action="campaign.updated",
            target=campaign,
            payload={"before": before, "after": after},
        )
    return campaign


@transaction.atomic
def campaign_delete(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Delete a campaign and its links and visits; orders keep their UTM values (their campaign is unset)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = campaign_snapshot(campaign)
    audit_log_record(actor=actor, action="campaign.deleted", target=campaign, payload={"before": before})
    pk = campaign.pk
    campaign.delete()
    campaign.pk = pk  # the payload still names it
    return campaign


def link_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _link_target(
    target: CampaignLinkTarget,
    *,
    product: Product | None,
    collection: Collection | None,
    category: Category | None,
    problems: list[CampaignError],
) -> None:
    given = {"product": product, "collection": collection, "category": category}
    needed = {
        CampaignLinkTarget.PRODUCT: "product",
        CampaignLinkTarget.COLLECTION: "collection",
        CampaignLinkTarget.CATEGORY: "category",
    }.get(target)
    for key, value in given.items():
        if key == needed and value is None:
            problems.append(
                CampaignError(CampaignErrorCode.REQUIRED, f"A {key} link names its {key}.", field=key)
            )
        elif key != needed and value is not None:
            problems.append(
                CampaignError(
                    CampaignErrorCode.INVALID, f"A {target.lower()} link names no {key}.", field=key
                )
            )


@transaction.atomic
def campaign_link_create(
    *,
    actor: Actor,
    campaign: Campaign,
    label: str,
    target: CampaignLinkTarget | str,
    product: Product | None = None,
    collection: Collection | None = None,
    category: Category | None = None,
    channel: Channel | None = None,
) -> CampaignLink:
    """A new link with a fresh unguessable code (drawn again in the rare case it is taken)."""
    problems: list[CampaignError] = []
    clean_label = _text(label, field="label", max_length=LABEL_MAX, problems=problems, required=True)
    try:
        kind = CampaignLinkTarget(target)
    except ValueError:
        raise CampaignError(CampaignErrorCode.INVALID, "Unknown link target.", field="target") from None
    _link_target(kind, product=product, collection=collection, category=category, problems=problems)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    channels = list(campaign.channels.all())
    if channel is not None and channels and channel not in channels:
        problems.append(
            CampaignError(
                CampaignErrorCode.INVALID, "The campaign does not run in this channel.", field="channel"
            )
        )
    if problems:
        raise CampaignError.group(problems)
    if channel is None and not channels and kind != CampaignLinkTarget.HOME:
        # A campaign of every channel: the link opens the pages of the first active one.
        channel = Channel.objects.filter(is_active=True).order_by("pk").first()
    fields = {
        "campaign": campaign,
        "label": clean_label,
        "target": kind,
        "product": product,
        "collection": collection,
        "category": category,
        "channel": channel,
    }
    for attempt in range(5):
        try:
            with transaction.atomic():
                link = CampaignLink.objects.create(code=link_code_new(), **fields)
            break
        except IntegrityError:
            if attempt == 4:
                raise
    audit_log_record(
        actor=actor,
        action="campaign_link.created",
        target=link,
        payload={"campaign": campaign.slug, "code": link.code, "label": link.label, "target": str(kind)},
    )
    return link


@transaction.atomic
def campaign_link_delete(*, actor: Actor, link: CampaignLink) -> CampaignLink:
    """Delete a link and its visits; orders it brought keep their campaign."""
    link = CampaignLink.objects.select_for_update().select_related("campaign").get(pk=link.pk)
    audit_log_record(
        actor=actor,
        action="campaign_link.deleted",
        target=link,
        payload={"campaign": link.campaign.slug, "code": link.code, "label": link.label},
    )
    pk = link.pk
    link.delete()
    link.pk = pk
    return link


def campaign_links_for(campaigns: Sequence[Campaign]) -> dict[int, list[CampaignLink]]:
    """The links of several campaigns in one query, by campaign id."""
    found: dict[int, list[CampaignLink]] = {campaign.pk: [] for campaign in campaigns}
    for link in CampaignLink.objects.filter(campaign__in=list(found)).order_by("created_at", "pk"):
        found[link.campaign_id].append(link)
    return found
