"""A campaign end to end, as the marketing team and a buyer would run it: staff create a campaign and
a link through the API, a visitor follows the link, the storefront carries the attribution into the
checkout's metadata (Saleor's storefront documents, the dummy gateway), the paid order is
attributed, and the report shows one visit, one order, its revenue and its discount."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from graphql_schema.core.relay import from_global_id, to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.models import Checkout
from storefront.marketing.models import CampaignVisit, OrderAttribution
from storefront.orders.models import Order
from tests.graphql.compat.storefront import operation_text
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay
from tests.storefront.orders.earnings_factories import settle

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
ADDRESS = {
    "firstName": "Erika",
    "lastName": "Mustermann",
    "streetAddress1": "Heidestraße 17",
    "city": "Berlin",
    "postalCode": "10557",
    "country": "DE",
}

CAMPAIGN_CREATE = """
mutation($input: CampaignInput!) {
  campaignCreate(input: $input) { errors { field code message } campaign { id slug utmCampaign channels } }
}"""
LINK_CREATE = """
mutation($input: CampaignLinkCreateInput!) {
  campaignLinkCreate(input: $input) {
    errors { field code message }
    campaignLink { id code label target targetSlug url redirectUrl }
  }
}"""
REPORT = """
query($id: ID!, $from: Date!, $to: Date!) {
  campaignReport(id: $id, from: $from, to: $to) {
    visits checkoutsStarted orders conversionRate
    revenue { currency orders revenue { amount currency } averageOrderValue { amount } discounts { amount } }
    revenueInSettlementCurrency { amount currency }
    ordersWithoutSettlementRate
    topProducts { name quantity }
    topCountries { country { code } count }
    days { date visits orders }
    csv
  }
}"""


def run(gql, name: str, variables: dict, headers: dict | None = None) -> dict:
    body = gql(operation_text(name), variables, headers=headers)
    assert "errors" not in body, body.get("errors")
    return body["data"]


def test_a_campaign_link_visit_becomes_an_attributed_paid_order_in_the_report(client, gql):
    channel = channel_create("intl-usd", "USD", countries=["DE"], shipping_price="12.00")
    variant = product_create(channel, price="24.50", slug="loyok-rice-basket")
    marketer = bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))

    # The marketing team sets the campaign up through the API.
    created = gql(
        CAMPAIGN_CREATE,
        {
            "input": {
                "name": "Jakarta Expo 2026",
                "channels": [to_global_id("Channel", channel.pk)],
                "utmSource": "jakarta-expo",
                "utmMedium": "qr",
                "utmCampaign": "jakarta-expo-2026",
            }
        },
        headers=marketer,
    )["data"]["campaignCreate"]
    assert created["errors"] == []
    campaign_id = created["campaign"]["id"]
    link = gql(
        LINK_CREATE,
        {
            "input": {
                "campaign": campaign_id,
                "label": "Jakarta expo stand B12",
                "target": "PRODUCT",
                "product": to_global_id("Product", variant.product.pk),
            }
        },
        headers=marketer,
    )["data"]["campaignLinkCreate"]
    assert link["errors"] == []
    code = link["campaignLink"]["code"]
    assert link["campaignLink"]["url"] == f"http://127.0.0.1:8000/c/{code}"
    assert AuditLogEntry.objects.filter(action__in=["campaign.created", "campaign_link.created"]).count() == 2

    # A visitor scans the stand's QR code; a chat app's link preview fetches it too (not counted).
    client.get(f"/c/{code}", HTTP_USER_AGENT="WhatsApp/2.23.20.0 A")
    visit = client.get(f"/c/{code}", HTTP_USER_AGENT=BROWSER, HTTP_REFERER="https://l.instagram.com/?u=x")
    assert visit.status_code == 302
    target = urlsplit(visit["Location"])
    assert target.path == "/intl-usd/products/loyok-rice-basket"
    landing = {key: values[0] for key, values in parse_qs(target.query).items()}
    assert landing == {
        "utm_source": "jakarta-expo",
        "utm_medium": "qr",
        "utm_campaign": "jakarta-expo-2026",
        "campaign_link": code,
    }
    assert CampaignVisit.objects.count() == 1

    # The storefront buys with the landing page's parameters in the checkout's metadata.
    opened = run(gql, "CartOpen", {"channel": "intl-usd", "languageCode": "EN"})
    checkout_id = opened["checkoutCreate"]["checkout"]["id"]
    run(
        gql, "CartAddOne", {"id": checkout_id, "productVariantId": to_global_id("ProductVariant", variant.pk)}
    )
    run(
        gql,
        "CheckoutSetEmail",
        {"checkoutId": checkout_id, "email": "buyer@example.com", "languageCode": "EN"},
    )
    attribution = [{"key": key, "value": value} for key, value in landing.items()]
    attribution += [
        {"key": "referrer", "value": "https://l.instagram.com/?u=someone@example.com"},
        {"key": "landing_path", "value": target.path + "?" + target.query},
    ]
    assert (
        run(gql, "CheckoutMarketingConsent", {"id": checkout_id, "input": attribution})["updateMetadata"][
            "errors"
        ]
        == []
    )
    run(
        gql,
        "CheckoutShipTo",
        {"checkoutId": checkout_id, "shippingAddress": ADDRESS, "saveAddress": False, "languageCode": "EN"},
    )
    options = run(gql, "CheckoutDeliveryOptions", {"id": checkout_id})["deliveryOptionsCalculate"]
    method = options["deliveries"][0]["shippingMethod"]["id"]
    run(
        gql,
        "CheckoutChooseDelivery",
        {"checkoutId": checkout_id, "deliveryMethodId": method, "languageCode": "EN"},
    )
    run(
        gql,
        "CheckoutBillTo",
        {"checkoutId": checkout_id, "billingAddress": ADDRESS, "saveAddress": False, "languageCode": "EN"},
    )
    checkout_pay(Checkout.objects.get(pk=from_global_id(checkout_id)[1]))
    placed = run(gql, "CheckoutPlaceOrder", {"checkoutId": checkout_id})["checkoutComplete"]
    assert placed["errors"] == []

    order = Order.objects.get(pk=from_global_id(placed["order"]["id"])[1])
    assert order.is_paid
    attributed = OrderAttribution.objects.get(order=order)
    assert attributed.campaign_id == int(from_global_id(campaign_id)[1])
    assert attributed.link.code == code
    assert attributed.referrer == "https://l.instagram.com/"  # no query string: it may name someone
    assert attributed.landing_path == "/intl-usd/products/loyok-rice-basket"
    settle(order, rate="16250.5")  # the payment reaches the cooperative's account in rupiah

    today = timezone.localdate().isoformat()
    report = gql(REPORT, {"id": campaign_id, "from": today, "to": today}, headers=marketer)["data"][
        "campaignReport"
    ]
    total = float(order.total_gross_amount)
    assert (report["visits"], report["checkoutsStarted"], report["orders"]) == (1, 1, 1)
    assert report["conversionRate"] == 1.0
    assert report["revenue"] == [
        {
            "currency": "USD",
            "orders": 1,
            "revenue": {"amount": total, "currency": "USD"},
            "averageOrderValue": {"amount": total},
            "discounts": {"amount": 0.0},
        }
    ]
    assert report["revenueInSettlementCurrency"] == {
        "amount": float((order.total_gross_amount * Decimal("16250.5")).quantize(Decimal("0.01"))),
        "currency": "IDR",
    }
    assert report["ordersWithoutSettlementRate"] == 0
    assert report["topProducts"] == [{"name": order.lines.get().product_name, "quantity": 1}]
    assert report["topCountries"] == [{"country": {"code": "DE"}, "count": 1}]
    assert report["days"] == [{"date": today, "visits": 1, "orders": 1}]
    assert f"revenue,USD,{order.total_gross_amount.quantize(Decimal('0.01'))},USD,1," in report["csv"]
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    before = gql(REPORT, {"id": campaign_id, "from": yesterday, "to": yesterday}, headers=marketer)["data"]
    assert (before["campaignReport"]["visits"], before["campaignReport"]["orders"]) == (0, 0)
