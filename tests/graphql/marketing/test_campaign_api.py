"""The campaign API: lists at a constant query count, writes with Saleor-shaped errors, report periods."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Collection
from storefront.marketing.models import Campaign, CampaignLink, CampaignLinkTarget
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.marketing.factories import campaign_made, link_made

pytestmark = pytest.mark.django_db

LIST = """
query($n: Int!) {
  campaigns(first: $n) {
    totalCount
    edges {
      node {
        id name channels collections { id slug name } collectionSlugs qrSheetUrl
        links { code label target targetSlug url redirectUrl }
      }
    }
  }
}"""


@pytest.fixture
def marketer():
    return bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))


def _campaign_with_everything(n: int) -> Campaign:
    channel = ChannelFactory()
    collection = Collection.objects.create(name=f"C{n}", slug=f"c-{n}")
    campaign = campaign_made(channels=[channel], collections=[collection])
    link_made(campaign, target=CampaignLinkTarget.COLLECTION, collection=collection)
    link_made(campaign, label="Flyer")
    return campaign


def test_a_page_of_campaigns_costs_the_same_queries_for_one_and_three(gql, marketer):
    _campaign_with_everything(1)

    def count(n: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            body = gql(LIST, {"n": n}, headers=marketer)
        assert "errors" not in body, body
        assert len(body["data"]["campaigns"]["edges"]) == n
        return len(queries)

    one = count(1)
    _campaign_with_everything(2)
    _campaign_with_everything(3)
    assert count(3) == one


def test_campaign_update_and_delete_through_the_api(gql, marketer):
    campaign = campaign_made(name="Ramadan")
    campaign_id = to_global_id("Campaign", campaign.pk)
    updated = gql(
        "mutation($id: ID!) { campaignUpdate(id: $id, "
        'input: {utmCampaign: "ramadan-26", budgetNote: "IDR 5m"}) '
        "{ errors { field code } campaign { utmCampaign budgetNote name } } }",
        {"id": campaign_id},
        headers=marketer,
    )["data"]["campaignUpdate"]
    assert updated == {
        "errors": [],
        "campaign": {"utmCampaign": "ramadan-26", "budgetNote": "IDR 5m", "name": "Ramadan"},
    }
    deleted = gql(
        "mutation($id: ID!) { campaignDelete(id: $id) { errors { code } campaign { id } } }",
        {"id": campaign_id},
        headers=marketer,
    )["data"]["campaignDelete"]
    assert deleted == {"errors": [], "campaign": {"id": campaign_id}}
    assert not Campaign.objects.exists()
    assert AuditLogEntry.objects.filter(action="campaign.deleted").count() == 1


def test_bad_input_comes_back_as_errors_and_writes_nothing(gql, marketer):
    body = gql(
        'mutation($source: String) { campaignCreate(input: {name: "", utmSource: $source, '
        'startsAt: "2026-05-02T00:00:00Z", endsAt: "2026-05-01T00:00:00Z"}) '
        "{ errors { field code } campaign { id } } }",
        {"source": "x" * 200},
        headers=marketer,
    )["data"]["campaignCreate"]
    assert body["campaign"] is None
    assert sorted((e["field"], e["code"]) for e in body["errors"]) == [
        ("endsAt", "INVALID"),
        ("name", "REQUIRED"),
        ("utmSource", "INVALID"),
    ]
    missing = gql(
        "mutation($input: CampaignLinkCreateInput!) { campaignLinkCreate(input: $input) "
        "{ errors { field code } campaignLink { id } } }",
        {
            "input": {
                "campaign": to_global_id("Campaign", 999999999999999),
                "label": "x",
                "target": "PRODUCT",
                "product": to_global_id("Product", 99),
            }
        },
        headers=marketer,
    )["data"]["campaignLinkCreate"]
    assert missing == {"errors": [{"field": "id", "code": "NOT_FOUND"}], "campaignLink": None}
    assert not Campaign.objects.exists() and not CampaignLink.objects.exists()


def test_link_delete_through_the_api(gql, marketer):
    link = link_made(campaign_made())
    body = gql(
        "mutation($id: ID!) { campaignLinkDelete(id: $id) "
        "{ errors { code } campaignLink { code } campaign { name } } }",
        {"id": to_global_id("CampaignLink", link.pk)},
        headers=marketer,
    )["data"]["campaignLinkDelete"]
    assert body == {
        "errors": [],
        "campaignLink": {"code": link.code},
        "campaign": {"name": link.campaign.name},
    }
    assert not CampaignLink.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-02", "2026-05-01", "ends before it starts"),
        ("2025-01-01", "2026-05-01", "at most 366 days"),
        ("9999-12-30", "9999-12-31", "ends too late"),
    ],
)
def test_a_report_period_runs_forwards_and_lasts_at_most_a_year(gql, marketer, start, end, message):
    campaign = campaign_made()
    body = gql(
        "query($id: ID!, $from: Date!, $to: Date!) "
        "{ campaignReport(id: $id, from: $from, to: $to) { orders } }",
        {"id": to_global_id("Campaign", campaign.pk), "from": start, "to": end},
        headers=marketer,
    )
    assert body["data"]["campaignReport"] is None
    assert message in body["errors"][0]["message"]


def test_an_unknown_campaign_is_null(gql, marketer):
    body = gql(
        "query($a: ID!, $b: ID!) { campaign(id: $a) { id } "
        'campaignReport(id: $b, from: "2026-01-01", to: "2026-01-02") { orders } }',
        {"a": to_global_id("Campaign", 424242), "b": to_global_id("Campaign", 2**40)},
        headers=marketer,
    )
    assert "errors" not in body
    assert body["data"] == {"campaign": None, "campaignReport": None}


def test_a_campaign_s_collections_are_collection_nodes_in_its_channel(gql, marketer):
    from storefront.catalog.models import CollectionChannelListing

    usd, eur = ChannelFactory(), ChannelFactory()
    loyok = Collection.objects.create(name="Loyok rattan", slug="loyok-rattan")
    ikat = Collection.objects.create(name="Ikat", slug="ikat")
    CollectionChannelListing.objects.create(collection=loyok, channel=usd, is_published=True)
    campaign = campaign_made(channels=[usd], collections=[loyok, ikat])
    query = """
    query($id: ID!, $channel: String) {
      campaign(id: $id) { collectionSlugs collections(channel: $channel) { id slug name channel } }
    }"""
    campaign_id = to_global_id("Campaign", campaign.pk)

    got = gql(query, {"id": campaign_id}, headers=marketer)
    assert "errors" not in got, got
    data = got["data"]["campaign"]
    assert sorted(data["collectionSlugs"]) == ["ikat", "loyok-rattan"]
    by_slug = {node["slug"]: node for node in data["collections"]}
    assert by_slug["loyok-rattan"] == {
        "id": to_global_id("Collection", loyok.pk),
        "slug": "loyok-rattan",
        "name": "Loyok rattan",
        "channel": usd.slug,  # seen in the campaign's only channel
    }
    assert set(by_slug) == {"ikat", "loyok-rattan"}

    other = gql(query, {"id": campaign_id, "channel": eur.slug}, headers=marketer)["data"]["campaign"]
    assert {node["channel"] for node in other["collections"]} == {eur.slug}
    unknown = gql(query, {"id": campaign_id, "channel": "nowhere"}, headers=marketer)
    assert unknown["errors"] and unknown["data"]["campaign"] is None
