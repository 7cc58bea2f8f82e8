"""The marketing area: the Marketing group creates a campaign and its links through the services, reads
its report (figures, an inline SVG chart, the CSV) and prints its QR sheet; nobody else does."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from storefront.accounts.models import AuditLogEntry
from storefront.marketing.attribution import order_attribution_record
from storefront.marketing.models import Campaign, CampaignLink, CampaignVisit
from tests.storefront.marketing.factories import campaign_made, link_made
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db


def test_the_marketing_group_creates_a_campaign_and_adds_and_deletes_links(as_staff):
    client = as_staff("Marketing")
    response = client.post(
        "/admin/marketing/campaign/add/",
        {"name": "Jakarta Expo 2026", "slug": "", "utm_campaign": "expo", "budget_note": "Stand B12"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    campaign = Campaign.objects.get()
    assert (campaign.slug, campaign.utm_campaign) == ("jakarta-expo-2026", "expo")

    page = client.get(f"/admin/marketing/campaign/{campaign.pk}/change/")
    assert page.status_code == 200
    assert b"campaign-qr-sheet" in page.content and b"campaign-link-form" in page.content
    added = client.post(
        f"/admin/marketing/campaign/{campaign.pk}/links/", {"label": "Stand B12", "target": "HOME"}
    )
    assert added.status_code == 302
    link = CampaignLink.objects.get()
    assert link.code.encode() in client.get(f"/admin/marketing/campaign/{campaign.pk}/change/").content
    client.post(f"/admin/marketing/campaign/{campaign.pk}/links/{link.pk}/delete/")
    assert not CampaignLink.objects.exists()
    assert set(AuditLogEntry.objects.values_list("action", flat=True)) >= {
        "campaign.created",
        "campaign_link.created",
        "campaign_link.deleted",
    }


def test_a_bad_campaign_is_refused_on_the_form(as_staff):
    response = as_staff("Marketing").post(
        "/admin/marketing/campaign/add/",
        {
            "name": "X",
            "starts_at_0": "2026-05-02",
            "starts_at_1": "00:00",
            "ends_at_0": "2026-05-01",
            "ends_at_1": "00:00",
        },
    )
    assert response.status_code == 200
    assert "ends before it starts" in str(response.context["adminform"].form.errors)
    assert not Campaign.objects.exists()


def test_the_report_page_shows_the_figures_a_chart_and_its_csv(as_staff):
    campaign = campaign_made(utm_campaign="expo")
    link = link_made(campaign)
    CampaignVisit.objects.create(link=link)
    order = order_placed()
    order.metadata = {"campaign_link": link.code}
    order_attribution_record(order=order)
    today = timezone.localdate().isoformat()
    client = as_staff("Marketing")

    page = client.get(f"/admin/marketing/campaign/{campaign.pk}/report/", {"gte": today, "lte": today})

    assert page.status_code == 200
    html = page.content.decode()
    chart = html[html.index('<svg id="campaign-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert "<rect" in chart and "<polyline" in chart and "<script" not in chart and "style=" not in chart
    assert '<td id="report-visits">1</td>' in html and '<td id="report-orders">1</td>' in html
    csv = client.get(f"/admin/marketing/campaign/{campaign.pk}/report.csv", {"gte": today, "lte": today})
    assert csv["Content-Type"].startswith("text/csv") and b"metric,orders,1" in csv.content
    week_ago = (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
    assert (
        client.get(
            f"/admin/marketing/campaign/{campaign.pk}/report/", {"gte": week_ago, "lte": today}
        ).status_code
        == 400
    )


def test_the_qr_sheet_is_a_pdf(as_staff):
    campaign = campaign_made()
    link_made(campaign)
    response = as_staff("Marketing").get(f"/admin/marketing/campaign/{campaign.pk}/qr-sheet.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_only_the_marketing_role_reaches_campaigns_reports_csv_and_sheets(as_staff):
    campaign = campaign_made()
    link_made(campaign)
    urls = [
        "/admin/marketing/campaign/",
        f"/admin/marketing/campaign/{campaign.pk}/report/",
        f"/admin/marketing/campaign/{campaign.pk}/report.csv?gte=2026-01-01&lte=2026-01-02",
        f"/admin/marketing/campaign/{campaign.pk}/qr-sheet.pdf",
    ]
    for group in ("Fulfilment", "Catalogue"):
        client = as_staff(group)
        assert [client.get(url).status_code for url in urls] == [403] * 4, group
    assert (
        client.post(
            f"/admin/marketing/campaign/{campaign.pk}/links/", {"label": "x", "target": "HOME"}
        ).status_code
        == 403
    )
    assert not CampaignLink.objects.filter(label="x").exists()


def test_the_campaign_form_links_vouchers_through_the_service(as_staff):
    from storefront.discounts.models import Voucher

    fair = Voucher.objects.create(name="Jakarta fair")
    client = as_staff("Marketing")
    response = client.post(
        "/admin/marketing/campaign/add/",
        {"name": "Expo vouchers", "slug": "", "utm_campaign": "expo-v", "vouchers": [fair.pk]},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    campaign = Campaign.objects.get(name="Expo vouchers")
    assert list(campaign.vouchers.all()) == [fair]
    created = AuditLogEntry.objects.get(action="campaign.created")
    assert created.payload["after"]["vouchers"] == [fair.pk]


def test_marketing_sets_a_category_s_google_product_category_and_nobody_else(as_staff):
    from storefront.catalog.models import Category
    from storefront.catalog.services.structure import category_upsert

    category = category_upsert(slug="baskets-feed", name="Baskets")
    url = f"/admin/catalog/category/{category.pk}/change/"
    listed = as_staff("Marketing").get("/admin/catalog/category/")
    assert listed.status_code == 200 and b"baskets-feed" in listed.content
    assert as_staff("Marketing").get(url).status_code == 200
    response = as_staff("Marketing").post(url, {"google_product_category": "536", "name": "Renamed"})
    assert response.status_code == 302
    category = Category.objects.get(pk=category.pk)
    assert (category.google_product_category, category.name) == ("536", "Baskets")
    as_staff("Marketing").post(url, {"google_product_category": "  Home & Garden > Decor "})
    assert Category.objects.get(pk=category.pk).google_product_category == "Home & Garden > Decor"

    too_long = as_staff("Marketing").post(url, {"google_product_category": "x" * 251})
    assert too_long.status_code == 200
    for group in ("Fulfilment", "Catalogue"):
        assert as_staff(group).get(url).status_code == 403
        assert as_staff(group).post(url, {"google_product_category": "1"}).status_code == 403
    assert as_staff("Marketing").get("/admin/catalog/category/add/").status_code == 403
    assert Category.objects.get(pk=category.pk).google_product_category == "Home & Garden > Decor"
