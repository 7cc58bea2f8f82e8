"""Promotions in the API: a checkout's ``discount``/``discountName`` show the order promotion, the
order's ``discounts`` record it (``ORDER_PROMOTION``) and its lines say which catalogue promotion
priced them; staff link promotions to campaigns and the report counts what they gave."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.test_order_promotions import order_promotion_create
from tests.storefront.discounts.test_promotions import promotion_create
from tests.storefront.marketing.factories import campaign_made
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

CHECKOUT = """query($token: UUID) { checkout(token: $token) {
  discount { amount currency } discountName
  subtotalPrice { gross { amount } }
  lines { quantity undiscountedUnitPrice { amount } unitPrice { gross { amount } } }
} }"""
ORDER = """query($id: ID!) { order(id: $id) {
  discounts { type name valueType value amount { amount currency } }
  lines { productName unitDiscountReason undiscountedUnitPrice { gross { amount } }
          unitPrice { gross { amount } } }
} }"""
UPDATE = """mutation($id: ID!, $promotions: [ID!]) {
  campaignUpdate(id: $id, input: {promotions: $promotions}) {
    errors { field code message }
    campaign { promotions { name } }
  } }"""
REPORT = """query($id: ID!, $from: Date!, $to: Date!) {
  campaignReport(id: $id, from: $from, to: $to) {
    promotionDiscounts { currency orders amount { amount currency } }
    campaign { promotions { name } }
  } }"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def test_checkout_and_order_show_the_order_promotion_and_the_lines_promotion(gql) -> None:
    channel = channel_create()
    order_promotion_create(channel, gte="40", name="Spend 40")
    batik = product_create(channel, price="25.00")
    promotion_create(channel, products=[batik.product], name="Batik week", value="20")
    checkout = checkout_ready(channel, [(batik, 2), (product_create(channel, price="10.00"), 1)])  # 50

    shown = gql(CHECKOUT, {"token": str(checkout.pk)})["data"]["checkout"]
    assert shown["discount"] == {"amount": 5.0, "currency": "USD"}
    assert shown["discountName"] == "Spend 40"
    assert shown["subtotalPrice"]["gross"]["amount"] == 45.0
    assert sorted(line["undiscountedUnitPrice"]["amount"] for line in shown["lines"]) == [10.0, 25.0]

    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    placed = gql(ORDER, {"id": to_global_id("Order", order.pk)}, headers=staff)["data"]["order"]
    assert placed["discounts"] == [
        {
            "type": "ORDER_PROMOTION",
            "name": "Spend 40",
            "valueType": "PERCENTAGE",
            "value": "10.000",
            "amount": {"amount": 5.0, "currency": "USD"},
        }
    ]
    reasons = sorted((line["unitDiscountReason"] or "") for line in placed["lines"])
    assert reasons == ["", "Promotion: Batik week"]
    promoted = next(line for line in placed["lines"] if line["unitDiscountReason"])
    assert promoted["undiscountedUnitPrice"]["gross"]["amount"] == 25.0
    assert Decimal(str(promoted["unitPrice"]["gross"]["amount"])) < Decimal("20.00")  # promotion + share


def test_below_the_threshold_the_checkout_shows_no_discount(gql) -> None:
    channel = channel_create()
    order_promotion_create(channel, gte="40")
    checkout = checkout_ready(channel, [(product_create(channel, price="39.99"), 1)])
    shown = gql(CHECKOUT, {"token": str(checkout.pk)})["data"]["checkout"]
    assert shown["discount"] == {"amount": 0.0, "currency": "USD"}
    assert shown["discountName"] is None


def test_campaign_promotions_linked_shown_and_counted(gql) -> None:
    channel = channel_create()
    promotion = order_promotion_create(channel, name="Fair spend 50")
    campaign = campaign_made(name="Jakarta expo")
    manager = bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))
    campaign_id = to_global_id("Campaign", campaign.pk)

    linked = gql(
        UPDATE, {"id": campaign_id, "promotions": [to_global_id("Promotion", promotion.pk)]}, headers=manager
    )
    assert linked["data"]["campaignUpdate"] == {
        "errors": [],
        "campaign": {"promotions": [{"name": "Fair spend 50"}]},
    }
    for bad_id in (to_global_id("Promotion", 987654), to_global_id("Voucher", promotion.pk), "nonsense"):
        bad = gql(UPDATE, {"id": campaign_id, "promotions": [bad_id]}, headers=manager)
        payload = bad["data"]["campaignUpdate"]
        if payload is None:  # an ID that is no global ID at all: Saleor's GraphQL error
            assert "Couldn't resolve id" in bad["errors"][0]["message"]
        else:
            assert [e["field"] for e in payload["errors"]] == ["promotions"]
        assert list(campaign.promotions.all()) == [promotion]
    refused = gql(UPDATE, {"id": campaign_id, "promotions": []}, headers=bearer(staff_user()))
    assert refused["data"]["campaignUpdate"] is None
    assert list(campaign.promotions.all()) == [promotion]

    checkout = checkout_ready(channel, [(product_create(channel, price="30.00"), 2)])
    checkout_pay(checkout)
    complete_checkout(checkout, actor=Actor.system())
    today = timezone.localdate()
    report = gql(
        REPORT,
        {"id": campaign_id, "from": str(today - datetime.timedelta(days=1)), "to": str(today)},
        headers=manager,
    )["data"]["campaignReport"]
    assert report["promotionDiscounts"] == [
        {"currency": "USD", "orders": 1, "amount": {"amount": 6.0, "currency": "USD"}}
    ]
    assert report["campaign"]["promotions"] == [{"name": "Fair spend 50"}]
    cleared = gql(UPDATE, {"id": campaign_id, "promotions": []}, headers=manager)
    assert cleared["data"]["campaignUpdate"]["campaign"]["promotions"] == []
