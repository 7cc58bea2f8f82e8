"""Attribution from an order's metadata: values cleaned (never a failure), the campaign found by link
code or by UTM campaign within its dates and channels, first and last touch of registered buyers."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.marketing.attribution import (
    Attribution,
    attribution_clean,
    campaign_running,
    code_clean,
    order_attribution_record,
)
from storefront.marketing.models import CustomerAttribution, OrderAttribution
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import UserFactory
from tests.storefront.marketing.factories import campaign_made, link_made
from tests.storefront.orders.factories import order_placed

UTC = datetime.UTC
NOW = datetime.datetime(2026, 11, 30, 12, tzinfo=UTC)


def _order(metadata: dict, **kwargs):
    order = order_placed(**kwargs)
    order.metadata = metadata
    order.created_at = kwargs.pop("at", None) or order.created_at
    return order


# --- cleaning -------------------------------------------------------------------------------------


def test_overlong_values_are_cut_to_their_columns():
    clean = attribution_clean(
        {"utm_source": "x" * 5000, "utm_campaign": " spring  sale \n", "landing_path": "/" + "p" * 900}
    )
    assert clean.utm_source == "x" * 100
    assert clean.utm_campaign == "spring sale"
    assert len(clean.landing_path) == 500 and clean.landing_path.startswith("/pp")


def test_control_and_format_characters_are_dropped():
    clean = attribution_clean({"utm_source": "in\x00sta\u202egram\u200b", "utm_medium": "\ud800qr"})
    assert clean.utm_source == "instagram"
    assert clean.utm_medium == "qr"


def test_values_that_are_not_text_are_ignored():
    clean = attribution_clean(
        {"utm_source": 12, "utm_medium": ["qr"], "utm_campaign": None, "referrer": {"a": 1}}
    )
    assert clean == Attribution()
    assert clean.is_empty


def test_a_referrer_keeps_scheme_host_and_path_only():
    assert attribution_clean({"referrer": "https://mail.example.com/inbox?to=a@b.c#x"}).referrer == (
        "https://mail.example.com/inbox"
    )
    for refused in ("javascript:alert(1)", "ftp://example.com/", "not a url", "https://[::1", "//no-scheme"):
        assert attribution_clean({"referrer": refused}).referrer == "", refused


def test_a_landing_path_keeps_its_path_only():
    assert attribution_clean({"landing_path": "/id-idr/products/basket?email=a@b.c"}).landing_path == (
        "/id-idr/products/basket"
    )
    assert attribution_clean({"landing_path": "https://shop.example/c/x?y=1"}).landing_path == "/c/x"
    assert attribution_clean({"landing_path": "relative/path"}).landing_path == ""


@pytest.mark.parametrize("value", ["", "abc", "ABCDEF12", "has space", "a" * 40, "drop;table", "ab-cd-ef"])
def test_a_link_code_must_look_like_one(value):
    assert code_clean(value) == ("abcdef12" if value == "ABCDEF12" else "")


# --- recording -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_order_without_attribution_costs_no_query():
    order = _order({"marketingConsent": "no"})
    with CaptureQueriesContext(connection) as queries:
        assert order_attribution_record(order=order) is None
    assert len(queries) == 0
    assert not OrderAttribution.objects.exists()


@pytest.mark.django_db
def test_garbage_attribution_is_recorded_cleaned_and_never_fails():
    order = _order(
        {"utm_source": "\x00" * 10 + "x" * 300, "campaign_link": "'; DROP TABLE", "referrer": "\ud800"}
    )
    recorded = order_attribution_record(order=order)
    assert recorded is not None
    assert (recorded.utm_source, recorded.campaign, recorded.link, recorded.referrer) == (
        "x" * 100,
        None,
        None,
        "",
    )


@pytest.mark.django_db
def test_the_link_code_names_the_campaign_whatever_the_utm_values():
    campaign = campaign_made(utm_campaign="expo")
    campaign_made(utm_campaign="other")
    link = link_made(campaign)
    order = _order({"campaign_link": link.code, "utm_campaign": "other"})
    recorded = order_attribution_record(order=order)
    assert (recorded.campaign, recorded.link) == (campaign, link)


@pytest.mark.django_db
def test_an_unknown_link_code_falls_back_to_the_utm_campaign():
    campaign = campaign_made(utm_campaign="Expo-2026")
    order = _order({"campaign_link": "abcdefgh2345", "utm_campaign": "expo-2026"})
    recorded = order_attribution_record(order=order)
    assert (recorded.campaign, recorded.link) == (campaign, None)


@pytest.mark.django_db
def test_a_utm_campaign_matches_only_while_the_campaign_runs():
    channel = ChannelFactory()
    campaign_made(
        utm_campaign="ramadan",
        starts_at=datetime.datetime(2026, 3, 1, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 3, 30, tzinfo=UTC),
    )
    inside = datetime.datetime(2026, 3, 15, tzinfo=UTC)
    assert campaign_running(utm_campaign="ramadan", at=inside, channel_id=channel.pk) is not None
    for outside in (datetime.datetime(2026, 2, 28, tzinfo=UTC), datetime.datetime(2026, 3, 31, tzinfo=UTC)):
        assert campaign_running(utm_campaign="ramadan", at=outside, channel_id=channel.pk) is None


@pytest.mark.django_db
def test_a_utm_campaign_matches_only_in_the_campaigns_channels():
    usd = ChannelFactory()
    idr = ChannelFactory(slug="id-idr", currency_code="IDR")
    jpy = ChannelFactory(slug="jp-jpy", currency_code="JPY")
    campaign = campaign_made(utm_campaign="expo", channels=[usd, idr])
    everywhere = campaign_made(utm_campaign="anywhere")
    assert campaign_running(utm_campaign="expo", at=NOW, channel_id=idr.pk) == campaign
    assert campaign_running(utm_campaign="expo", at=NOW, channel_id=jpy.pk) is None
    assert campaign_running(utm_campaign="anywhere", at=NOW, channel_id=jpy.pk) == everywhere


@pytest.mark.django_db
def test_of_two_campaigns_with_one_utm_value_the_later_start_wins():
    channel = ChannelFactory()
    campaign_made(utm_campaign="expo", starts_at=datetime.datetime(2025, 10, 1, tzinfo=UTC))
    later = campaign_made(utm_campaign="expo", starts_at=datetime.datetime(2026, 10, 1, tzinfo=UTC))
    assert campaign_running(utm_campaign="expo", at=NOW, channel_id=channel.pk) == later


@pytest.mark.django_db
def test_a_registered_buyer_keeps_a_first_and_a_last_touch():
    buyer = UserFactory()
    expo, ramadan = campaign_made(utm_campaign="expo"), campaign_made(utm_campaign="ramadan")
    first = _order({"utm_source": "qr", "utm_campaign": "expo"}, user=buyer)
    order_attribution_record(order=first)
    second = _order({"utm_source": "ig", "utm_campaign": "ramadan"}, user=buyer)
    recorded = order_attribution_record(order=second)

    touch = CustomerAttribution.objects.get(user=buyer)
    assert (touch.first_campaign, touch.first_utm_source) == (expo, "qr")
    assert (touch.last_campaign, touch.last_utm_source) == (ramadan, "ig")
    assert (recorded.campaign, recorded.first_touch_campaign) == (ramadan, expo)


@pytest.mark.django_db
def test_a_guests_first_touch_is_the_orders_campaign():
    campaign = campaign_made(utm_campaign="expo")
    recorded = order_attribution_record(order=_order({"utm_campaign": "expo"}))
    assert recorded.first_touch_campaign == campaign
    assert not CustomerAttribution.objects.exists()
