"""Campaign reports: what counts (period, cancelled orders, open checkouts), money per currency and in
rupiah at settlement, the CSV, and a constant number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.checkout.models import Checkout
from storefront.marketing.attribution import order_attribution_record
from storefront.marketing.models import CampaignVisit
from storefront.marketing.reports import campaign_report, campaign_report_csv
from storefront.orders.choices import OrderStatus
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.marketing.factories import campaign_made, link_made
from tests.storefront.orders.earnings_factories import settle
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def _attributed(campaign, *, day=TODAY, channel=None, metadata=None, **kwargs):
    order = order_placed(channel=channel, **kwargs)
    order.created_at = _at(day)
    order.metadata = metadata or {"utm_campaign": campaign.utm_campaign}
    order.save(update_fields=["created_at", "metadata"])
    order_attribution_record(order=order)
    return order


def test_orders_of_the_period_are_counted_and_cancelled_ones_are_not():
    campaign = campaign_made(utm_campaign="expo")
    counted = _attributed(campaign)
    cancelled = _attributed(campaign)
    cancelled.status = OrderStatus.CANCELED
    cancelled.save(update_fields=["status"])
    _attributed(campaign, day=TODAY - datetime.timedelta(days=1))
    _attributed(campaign_made(utm_campaign="other"))

    report = campaign_report(campaign=campaign, start=TODAY, end=TODAY)

    assert report.orders == 1
    (usd,) = report.currencies
    assert (usd.currency, usd.orders, usd.revenue) == (
        "USD",
        1,
        counted.total_gross_amount.quantize(Decimal("0.01")),
    )
    assert usd.average_order_value == usd.revenue
    assert usd.discounts == Decimal("0.00")


def test_revenue_is_given_per_currency_and_in_rupiah_at_each_settlement_rate():
    campaign = campaign_made(utm_campaign="expo")
    usd_order = _attributed(campaign)
    idr_order = _attributed(campaign, channel=ChannelFactory(slug="id-idr", currency_code="IDR"))
    unsettled = _attributed(campaign)
    settle(usd_order, rate="16000")

    report = campaign_report(campaign=campaign, start=TODAY, end=TODAY)

    assert [totals.currency for totals in report.currencies] == ["IDR", "USD"]
    assert report.revenue_settlement == (
        usd_order.total_gross_amount * 16000 + idr_order.total_gross_amount
    ).quantize(Decimal("0.01"))
    assert report.orders_without_rate == 1
    usd = report.currencies[1]
    assert usd.average_order_value == (
        (usd_order.total_gross_amount + unsettled.total_gross_amount) / 2
    ).quantize(Decimal("0.01"))


def test_discounts_are_the_undiscounted_total_less_the_total():
    campaign = campaign_made(utm_campaign="expo")
    order = _attributed(campaign)
    order.undiscounted_total_gross_amount = order.total_gross_amount + Decimal("4.50")
    order.save(update_fields=["undiscounted_total_gross_amount"])

    report = campaign_report(campaign=campaign, start=TODAY, end=TODAY)

    assert report.currencies[0].discounts == Decimal("4.50")


def test_visits_conversion_and_checkouts_started():
    campaign = campaign_made(utm_campaign="expo")
    link = link_made(campaign)
    for hour in (9, 10, 11, 12):
        CampaignVisit.objects.create(link=link, at=_at(TODAY, hour), country="DE" if hour < 11 else "")
    CampaignVisit.objects.create(link=link, at=_at(TODAY + datetime.timedelta(days=1)))
    _attributed(campaign, metadata={"campaign_link": link.code})
    channel = ChannelFactory()
    open_checkouts = [
        Checkout.objects.create(channel=channel, currency="USD", metadata=metadata)
        for metadata in (
            {"campaign_link": link.code},
            {"utm_campaign": "EXPO"},
            {"utm_campaign": "other"},
            {},
        )
    ]
    Checkout.objects.filter(pk__in=[c.pk for c in open_checkouts]).update(created_at=_at(TODAY))

    report = campaign_report(campaign=campaign, start=TODAY, end=TODAY, open_checkouts=Checkout.objects.all())

    assert (report.visits, report.orders, report.checkouts_started) == (4, 1, 3)
    assert report.conversion_rate == Decimal("0.2500")
    assert report.visit_countries == [("DE", 2)]
    assert report.top_countries == [("DE", 1)]
    assert [(day.date, day.visits, day.orders) for day in report.days] == [(TODAY, 4, 1)]


def test_without_visits_there_is_no_conversion_rate():
    report = campaign_report(campaign=campaign_made(), start=TODAY, end=TODAY + datetime.timedelta(days=2))
    assert report.conversion_rate is None
    assert [day.date for day in report.days] == [TODAY + datetime.timedelta(days=n) for n in range(3)]


def test_a_report_costs_the_same_queries_for_one_and_many_orders():
    campaign = campaign_made(utm_campaign="expo")
    link = link_made(campaign)
    CampaignVisit.objects.create(link=link, at=_at(TODAY))
    settle(_attributed(campaign), rate="16000")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            campaign_report(campaign=campaign, start=TODAY, end=TODAY, open_checkouts=Checkout.objects.all())
        return len(queries)

    one = count()
    for _ in range(3):
        settle(_attributed(campaign), rate="16000")
    assert count() == one


def test_the_csv_never_lets_a_spreadsheet_run_a_product_name():
    campaign = campaign_made(name="=HYPERLINK(1)", utm_campaign="expo")
    order = _attributed(campaign)
    order.lines.update(product_name="=cmd|' /C calc'!A0")

    body = campaign_report_csv(campaign_report(campaign=campaign, start=TODAY, end=TODAY))

    assert "metric,campaign,'=HYPERLINK(1)" in body
    assert "product,'=cmd|' /C calc'!A0,1" in body
    assert f"orders_on,{TODAY.isoformat()},1" in body
    assert timezone.is_aware(_at(TODAY))
