"""Staff writes of campaigns and links: every problem at once, nothing half-written, an audit entry each."""

from __future__ import annotations

import datetime

import pytest

from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.catalog.models import Collection
from storefront.marketing.error_codes import CampaignError
from storefront.marketing.models import Campaign, CampaignLink, CampaignLinkTarget, CampaignVisit
from storefront.marketing.services import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CampaignFields,
    campaign_create,
    campaign_delete,
    campaign_link_create,
    campaign_link_delete,
    campaign_update,
)
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.marketing.factories import campaign_made, link_made

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()


def test_every_problem_of_a_campaign_is_reported_at_once_and_nothing_is_written():
    campaign_made(slug="taken")
    with pytest.raises(CampaignError) as refused:
        campaign_create(
            actor=SYSTEM,
            fields=CampaignFields(
                name="  ",
                slug="taken",
                utm_source="x" * 101,
                budget_note="n" * 2001,
                starts_at=datetime.datetime(2026, 5, 2, tzinfo=datetime.UTC),
                ends_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
            ),
        )
    assert sorted((e.field, e.code) for e in refused.value.errors) == [
        ("budget_note", "INVALID"),
        ("ends_at", "INVALID"),
        ("name", "REQUIRED"),
        ("slug", "UNIQUE"),
        ("utm_source", "INVALID"),
    ]
    assert Campaign.objects.count() == 1


def test_create_update_and_delete_are_audited_with_before_and_after():
    channel = ChannelFactory()
    collection = Collection.objects.create(name="Featured", slug="featured")
    campaign = campaign_create(
        actor=SYSTEM, fields=CampaignFields(name="Jakarta Expo", channels=[channel], collections=[collection])
    )
    assert campaign.slug == "jakarta-expo"
    campaign_update(actor=SYSTEM, campaign=campaign, fields=CampaignFields(utm_campaign="expo"))
    campaign_update(actor=SYSTEM, campaign=campaign, fields=CampaignFields(utm_campaign="expo"))  # no change
    campaign_delete(actor=SYSTEM, campaign=campaign)

    entries = list(AuditLogEntry.objects.filter(object_type="marketing.Campaign").order_by("pk"))
    assert [entry.action for entry in entries] == ["campaign.created", "campaign.updated", "campaign.deleted"]
    assert entries[0].payload["after"]["channels"] == [channel.slug]
    assert (
        entries[1].payload["before"]["utm_campaign"] == ""
        and entries[1].payload["after"]["utm_campaign"] == "expo"
    )
    assert not Campaign.objects.exists()


def test_a_link_gets_an_unguessable_code_and_its_deletion_takes_its_visits():
    campaign = campaign_made()
    links = [link_made(campaign, label=f"Card {n}") for n in range(20)]
    codes = {link.code for link in links}
    assert len(codes) == 20
    assert all(len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET) for code in codes)
    CampaignVisit.objects.create(link=links[0])

    campaign_link_delete(actor=SYSTEM, link=links[0])

    assert not CampaignVisit.objects.exists()
    assert AuditLogEntry.objects.filter(action="campaign_link.deleted", object_id=str(links[0].pk)).exists()


def test_a_link_names_exactly_the_target_its_kind_needs():
    campaign = campaign_made()
    collection = Collection.objects.create(name="Featured", slug="featured")
    with pytest.raises(CampaignError) as refused:
        campaign_link_create(
            actor=SYSTEM,
            campaign=campaign,
            label="",
            target=CampaignLinkTarget.PRODUCT,
            collection=collection,
        )
    assert sorted((e.field, e.code) for e in refused.value.errors) == [
        ("collection", "INVALID"),
        ("label", "REQUIRED"),
        ("product", "REQUIRED"),
    ]
    with pytest.raises(CampaignError):
        campaign_link_create(actor=SYSTEM, campaign=campaign, label="x", target="SOMEWHERE")
    assert not CampaignLink.objects.exists()


def test_a_link_opens_only_a_channel_the_campaign_runs_in():
    usd, jpy = ChannelFactory(), ChannelFactory(slug="jp-jpy", currency_code="JPY")
    campaign = campaign_made(channels=[usd])
    with pytest.raises(CampaignError) as refused:
        link_made(campaign, channel=jpy)
    assert refused.value.field == "channel"
    assert link_made(campaign, channel=usd).channel == usd
