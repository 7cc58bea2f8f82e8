"""A campaign's vouchers: staff link them (``campaignUpdate(input: {vouchers})``), ``Campaign.vouchers``
shows them, and the report counts the discounts they gave, attributed to the campaign or not."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.promo_codes import checkout_promo_code_add
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.marketing.factories import campaign_made
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

UPDATE = """mutation($id: ID!, $vouchers: [ID!]) {
  campaignUpdate(id: $id, input: {vouchers: $vouchers}) {
    errors { field code message }
    campaign { vouchers { name } }
  } }"""
REPORT = """query($id: ID!, $from: Date!, $to: Date!) {
  campaignReport(id: $id, from: $from, to: $to) {
    orders voucherDiscounts { currency orders amount { amount currency } }
    campaign { vouchers { name } }
  } }"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def test_a_campaigns_vouchers_and_the_discounts_they_gave(gql) -> None:
    channel = channel_create()
    fair = voucher_create(channel, code="EXPO-JKT", value="10", name="Jakarta fair")
    voucher_create(channel, code="OTHER", value="10", name="Other")
    campaign = campaign_made(name="Jakarta expo")
    headers = bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))
    campaign_id = to_global_id("Campaign", campaign.pk)

    linked = gql(UPDATE, {"id": campaign_id, "vouchers": [to_global_id("Voucher", fair.pk)]}, headers=headers)
    assert linked["data"]["campaignUpdate"] == {
        "errors": [],
        "campaign": {"vouchers": [{"name": "Jakarta fair"}]},
    }

    bad = gql(UPDATE, {"id": campaign_id, "vouchers": [to_global_id("Voucher", 987654)]}, headers=headers)
    assert [(e["field"], e["code"]) for e in bad["data"]["campaignUpdate"]["errors"]] == [
        ("vouchers", "NOT_FOUND")
    ]
    assert list(campaign.vouchers.all()) == [fair]

    # Two orders with the fair's code (neither came through the campaign's links), one with another.
    for code in ("expo-jkt", "expo-jkt", "other"):
        checkout = checkout_ready(channel, [(product_create(channel, price="20.00"), 2)])
        checkout_promo_code_add(checkout=checkout, promo_code=code, ip_address="203.0.113.8")
        checkout_pay(checkout)
        complete_checkout(checkout, actor=Actor.system())

    today = timezone.localdate()
    report = gql(
        REPORT,
        {"id": campaign_id, "from": str(today - datetime.timedelta(days=1)), "to": str(today)},
        headers=headers,
    )["data"]["campaignReport"]
    assert report["orders"] == 0  # none attributed to its links
    assert report["voucherDiscounts"] == [
        {"currency": "USD", "orders": 2, "amount": {"amount": 8.0, "currency": "USD"}}
    ]
    assert report["campaign"]["vouchers"] == [{"name": "Jakarta fair"}]

    refused = gql(REPORT, {"id": campaign_id, "from": str(today), "to": str(today)})
    assert refused["data"]["campaignReport"] is None
