"""The GIFT reward in the API: staff write gift rules (validated, Saleor's codes), the checkout shows
the free gift line as ``isGift`` and refuses to change or delete it (``NON_EDITABLE_GIFT_LINE``,
``NON_REMOVABLE_GIFT_LINE``), and the order shows it as a gift line at 0 with the discount."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.models import CheckoutLine
from storefront.discounts.models import PromotionRule
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.test_gift_promotions import gift_promotion_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

PROMOTION_CREATE = """
mutation ($input: PromotionCreateInput!) {
  promotionCreate(input: $input) { errors { field code message } promotion { id } }
}"""
RULE_CREATE = """
mutation ($input: PromotionRuleCreateInput!) {
  promotionRuleCreate(input: $input) {
    errors { field code message }
    promotionRule { id rewardType rewardValue giftIds giftsLimit }
  }
}"""
RULE_UPDATE = """
mutation ($id: ID!, $input: PromotionRuleUpdateInput!) {
  promotionRuleUpdate(id: $id, input: $input) {
    errors { field code message }
    promotionRule { id giftIds }
  }
}"""
CHECKOUT = """query($token: UUID) { checkout(token: $token) {
  discount { amount } discountName subtotalPrice { gross { amount } }
  lines { id isGift quantity variant { id } totalPrice { gross { amount } }
          undiscountedUnitPrice { amount } }
} }"""
LINES_UPDATE = """
mutation ($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) {
    errors { field code lines }
    checkout { lines { quantity isGift } }
  }
}"""
LINES_DELETE = """
mutation ($id: ID!, $linesIds: [ID!]!) {
  checkoutLinesDelete(id: $id, linesIds: $linesIds) { errors { field code lines } checkout { id } }
}"""
ORDER = """query($id: ID!) { order(id: $id) {
  discounts { type name valueType value amount { amount } }
  lines { isGift quantity unitPrice { gross { amount } } undiscountedUnitPrice { gross { amount } } }
} }"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _staff() -> dict[str, str]:
    return bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))


def _order_promotion(gql) -> str:
    created = gql(
        PROMOTION_CREATE, {"input": {"name": "Spend 50, get a scarf", "type": "ORDER"}}, headers=_staff()
    )["data"]["promotionCreate"]
    assert created["errors"] == []
    return created["promotion"]["id"]


def _gift_rule(promotion: str, channel, gifts: list[str], **extra) -> dict:
    return {
        "promotion": promotion,
        "channels": [to_global_id("Channel", channel.pk)],
        "rewardType": "GIFT",
        "gifts": gifts,
        "orderPredicate": {"discountedObjectPredicate": {"baseSubtotalPrice": {"range": {"gte": 50}}}},
        **extra,
    }


def test_staff_write_a_gift_rule_and_bad_ones_get_saleors_codes(gql) -> None:
    channel = channel_create()
    scarf = product_create(channel, price="12.00")
    bag = product_create(channel, price="18.00")
    unlisted = product_create(channel_create("intl-eur", "EUR"), price="9.00")
    promotion = _order_promotion(gql)
    scarf_id = to_global_id("ProductVariant", scarf.pk)

    created = gql(RULE_CREATE, {"input": _gift_rule(promotion, channel, [scarf_id])}, headers=_staff())
    rule = created["data"]["promotionRuleCreate"]
    assert rule["errors"] == []
    assert rule["promotionRule"]["rewardType"] == "GIFT" and rule["promotionRule"]["rewardValue"] is None
    assert rule["promotionRule"]["giftIds"] == [scarf_id] and rule["promotionRule"]["giftsLimit"] == 500
    bag_id = to_global_id("ProductVariant", bag.pk)
    updated = gql(
        RULE_UPDATE,
        {"id": rule["promotionRule"]["id"], "input": {"addGifts": [bag_id], "removeGifts": [scarf_id]}},
        headers=_staff(),
    )["data"]["promotionRuleUpdate"]
    assert updated == {
        "errors": [],
        "promotionRule": {"id": rule["promotionRule"]["id"], "giftIds": [bag_id]},
    }

    bad = {
        "no gifts": (_gift_rule(promotion, channel, []), ("gifts", "REQUIRED")),
        "not a variant": (
            _gift_rule(promotion, channel, [to_global_id("Product", scarf.product_id)]),
            ("gifts", "INVALID_GIFT_TYPE"),
        ),
        "a value": (
            _gift_rule(promotion, channel, [scarf_id], rewardValue="10", rewardValueType="PERCENTAGE"),
            ("rewardValue", "INVALID"),
        ),
        "gifts on a discount": (
            _gift_rule(promotion, channel, [scarf_id], rewardType="SUBTOTAL_DISCOUNT", rewardValue="10"),
            ("gifts", "INVALID"),
        ),
        "not sold in the channel": (
            _gift_rule(promotion, channel, [to_global_id("ProductVariant", unlisted.pk)]),
            ("gifts", "INVALID"),
        ),
    }
    for name, (value, expected) in bad.items():
        result = gql(RULE_CREATE, {"input": value}, headers=_staff())["data"]["promotionRuleCreate"]
        assert result["promotionRule"] is None, name
        assert expected in {(error["field"], error["code"]) for error in result["errors"]}, (name, result)
    assert PromotionRule.objects.count() == 1


def test_the_checkout_shows_the_gift_and_refuses_to_change_or_delete_it(gql) -> None:
    channel = channel_create()
    scarf = product_create(channel, price="12.00")
    gift_promotion_create(channel, [scarf], name="Spend 50, get a scarf")
    goods = product_create(channel, price="30.00")
    checkout = checkout_ready(channel, [(goods, 2)])
    checkout_id = to_global_id("Checkout", checkout.pk)

    shown = gql(CHECKOUT, {"token": str(checkout.pk)})["data"]["checkout"]
    gifts = [line for line in shown["lines"] if line["isGift"]]
    assert len(gifts) == 1 and len(shown["lines"]) == 2
    [gift] = gifts
    assert gift["variant"]["id"] == to_global_id("ProductVariant", scarf.pk)
    assert gift["quantity"] == 1 and gift["totalPrice"]["gross"]["amount"] == 0
    assert gift["undiscountedUnitPrice"]["amount"] == 12.0
    assert shown["discount"]["amount"] == 12.0 and shown["discountName"] == "Spend 50, get a scarf"
    assert shown["subtotalPrice"]["gross"]["amount"] == 60.0

    before = sorted(CheckoutLine.objects.filter(checkout=checkout).values_list("id", "quantity"))
    edited = gql(LINES_UPDATE, {"id": checkout_id, "lines": [{"lineId": gift["id"], "quantity": 3}]})
    errors = edited["data"]["checkoutLinesUpdate"]["errors"]
    assert [(error["field"], error["code"], error["lines"]) for error in errors] == [
        ("lineId", "NON_EDITABLE_GIFT_LINE", [gift["id"]])
    ]
    deleted = gql(LINES_DELETE, {"id": checkout_id, "linesIds": [gift["id"]]})
    errors = deleted["data"]["checkoutLinesDelete"]["errors"]
    assert [(error["field"], error["code"], error["lines"]) for error in errors] == [
        ("lineId", "NON_REMOVABLE_GIFT_LINE", [gift["id"]])
    ]
    assert sorted(CheckoutLine.objects.filter(checkout=checkout).values_list("id", "quantity")) == before

    # The buyer's own line below the threshold: the gift goes with it.
    bought = next(line for line in shown["lines"] if not line["isGift"])
    lowered = gql(LINES_UPDATE, {"id": checkout_id, "lines": [{"lineId": bought["id"], "quantity": 1}]})
    assert lowered["data"]["checkoutLinesUpdate"] == {
        "errors": [],
        "checkout": {"lines": [{"quantity": 1, "isGift": False}]},
    }


def test_the_order_shows_the_gift_line_at_zero_and_its_discount(gql) -> None:
    channel = channel_create()
    scarf = product_create(channel, price="12.00")
    gift_promotion_create(channel, [scarf], name="Spend 50, get a scarf")
    checkout = checkout_ready(channel, [(product_create(channel, price="50.00"), 1)])
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    placed = gql(ORDER, {"id": to_global_id("Order", order.pk)}, headers=staff)["data"]["order"]
    assert placed["discounts"] == [
        {
            "type": "ORDER_PROMOTION",
            "name": "Spend 50, get a scarf",
            "valueType": "FIXED",
            "value": "12.000",
            "amount": {"amount": 12.0},
        }
    ]
    assert sorted(
        (
            line["isGift"],
            line["unitPrice"]["gross"]["amount"],
            line["undiscountedUnitPrice"]["gross"]["amount"],
        )
        for line in placed["lines"]
    ) == [(False, 50.0, 50.0), (True, 0.0, 12.0)]


def test_checkout_complete_with_a_gift_costs_the_same_for_1_and_20_lines(gql) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.graphql.orders.test_checkout_complete_counts import COMPLETE, _statements

    channel = channel_create()
    gift_promotion_create(channel, [product_create(channel, price="12.00")], gte="10")
    counts = []
    for lines in (1, 1, 20):  # the first warms the shipping and tax caches
        variants = [product_create(channel, price="10.00") for _ in range(lines)]
        checkout = checkout_ready(channel, [(variant, 1) for variant in variants])
        checkout_pay(checkout)
        with CaptureQueriesContext(connection) as captured:
            body = gql(COMPLETE, {"id": to_global_id("Checkout", checkout.pk)})
        assert body["data"]["checkoutComplete"]["errors"] == []
        assert len(body["data"]["checkoutComplete"]["order"]["lines"]) == lines + 1  # the gift
        counts.append(_statements(captured))
    assert counts[1] == counts[2], counts
    # 37 on 2026-12-01: the no-promotion ceiling (32), the gift rules' gifts, and the gift's
    # standing, free stock and destination checked again under the checkout's lock.
    assert counts[1] <= 37, counts
