"""``Order.giftCards`` (the gift cards that paid part of an order) and a gift card's
``boughtInOrder``/``boughtInChannel`` (the order that bought it as a product): who sees them, and
what they cost for one order and for many."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts.bought import BoughtLine, gift_cards_bought_issue
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import gift_card_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

ORDER = """
query ($id: ID!) {
  order(id: $id) { giftCards { id displayCode last4CodeChars currentBalance { amount currency } } }
}"""
CARD_CODE = """query ($id: ID!) { order(id: $id) { giftCards { code } } }"""
BOUGHT = """
query ($id: ID!) {
  giftCard(id: $id) { boughtInChannel boughtInOrder { id number channel { slug } } }
}"""
STAFF_LIST = """
query ($n: Int!) {
  orders(first: $n) {
    edges { node { number giftCards { id boughtInChannel boughtInOrder { id number } events { type } } } }
  }
}"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _order_paid_with_card(channel, *, user=None, code: str = "GIFT-AAAA-BBBB-CCCC"):
    product = product_create(channel, price="20.00")
    checkout = checkout_ready(channel, [(product, 1)], user=user)  # 20 + 5 shipping
    card = gift_card_create(code=code, balance="10.00", currency=channel.currency_code)
    checkout_promo_code_add(checkout=checkout, promo_code=code, ip_address="203.0.113.7")
    checkout_pay(checkout)
    return complete_checkout(checkout, actor=Actor.system()), card


def test_the_buyer_and_order_staff_see_the_gift_cards_that_paid_the_order(gql) -> None:
    buyer = UserFactory()
    order, card = _order_paid_with_card(channel_create(), user=buyer)
    order_id = to_global_id("Order", order.pk)
    expected = [
        {
            "id": to_global_id("GiftCard", card.pk),
            "displayCode": "XXXX-XXXX-XXXX-CCCC",
            "last4CodeChars": "CCCC",
            "currentBalance": {"amount": 0.0, "currency": "USD"},
        }
    ]

    own = gql(ORDER, {"id": order_id}, headers=bearer(buyer))
    assert "errors" not in own, own
    assert own["data"]["order"]["giftCards"] == expected
    staff = gql(ORDER, {"id": order_id}, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))
    assert staff["data"]["order"]["giftCards"] == expected

    # Whoever else holds the order's ID sees the order, not the cards.
    for headers in ({}, bearer(UserFactory()), bearer(staff_user(PermissionCode.MANAGE_GIFT_CARD))):
        body = gql(ORDER, {"id": order_id}, headers=headers)
        assert "errors" not in body, body
        assert body["data"]["order"]["giftCards"] == []

    # The code itself stays MANAGE_GIFT_CARD's.
    refused = gql(CARD_CODE, {"id": order_id}, headers=bearer(buyer))
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    both = bearer(staff_user(PermissionCode.MANAGE_ORDERS, PermissionCode.MANAGE_GIFT_CARD))
    assert gql(CARD_CODE, {"id": order_id}, headers=both)["data"]["order"]["giftCards"] == [
        {"code": "GIFT-AAAA-BBBB-CCCC"}
    ]


def test_a_guest_order_s_gift_cards_are_for_staff_only(gql) -> None:
    order, _card = _order_paid_with_card(channel_create())
    order_id = to_global_id("Order", order.pk)
    assert gql(ORDER, {"id": order_id})["data"]["order"]["giftCards"] == []
    staff = gql(ORDER, {"id": order_id}, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))
    assert len(staff["data"]["order"]["giftCards"]) == 1


def test_a_bought_card_names_its_order_and_channel_for_gift_card_staff(gql) -> None:
    channel = channel_create()
    order, _card = _order_paid_with_card(channel, user=UserFactory())
    (bought,) = gift_cards_bought_issue(
        order_id=order.pk,
        currency=order.currency,
        lines=[BoughtLine(line_id=uuid.uuid4(), quantity=1, unit_amount=Decimal("25.00"))],
        email=order.user_email,
    )
    issued = gift_card_create(code="STAFF-ISSUED-0001")
    staff = bearer(staff_user(PermissionCode.MANAGE_GIFT_CARD))

    body = gql(BOUGHT, {"id": to_global_id("GiftCard", bought.pk)}, headers=staff)
    assert "errors" not in body, body
    assert body["data"]["giftCard"] == {
        "boughtInChannel": channel.slug,
        "boughtInOrder": {
            "id": to_global_id("Order", order.pk),
            "number": str(order.number),
            "channel": {"slug": channel.slug},
        },
    }
    none = gql(BOUGHT, {"id": to_global_id("GiftCard", issued.pk)}, headers=staff)["data"]["giftCard"]
    assert none == {"boughtInChannel": None, "boughtInOrder": None}

    # Through an order's cards, a MANAGE_ORDERS caller without MANAGE_GIFT_CARD is refused the field.
    query = """query ($id: ID!) { order(id: $id) { giftCards { boughtInOrder { id } } } }"""
    refused = gql(
        query,
        {"id": to_global_id("Order", order.pk)},
        headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
    )
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def _statements(gql, n: int, headers: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        body = gql(STAFF_LIST, {"n": n}, headers=headers)
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return sum(1 for q in captured.captured_queries if not q["sql"].upper().startswith(skip)), body


def test_the_gift_cards_of_one_order_and_of_three_cost_the_same(gql) -> None:
    channel = channel_create()
    for index in range(3):
        order, card = _order_paid_with_card(channel, user=UserFactory(), code=f"GIFT-AAAA-BBBB-000{index}")
        # Each card was itself bought in an order (a card of the same order here, for the counts).
        card.bought_in_order_id = order.pk
        card.save(update_fields=["bought_in_order_id"])
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS, PermissionCode.MANAGE_GIFT_CARD))
    gql(STAFF_LIST, {"n": 3}, headers=staff)  # warm the per-process caches

    one, body_one = _statements(gql, 1, staff)
    three, body_three = _statements(gql, 3, staff)

    assert "errors" not in body_one and "errors" not in body_three, body_three
    nodes = [edge["node"] for edge in body_three["data"]["orders"]["edges"]]
    assert len(nodes) == 3 and all(len(node["giftCards"]) == 1 for node in nodes)
    assert all(node["giftCards"][0]["boughtInOrder"]["number"] == node["number"] for node in nodes)
    assert all(node["giftCards"][0]["boughtInChannel"] == channel.slug for node in nodes)
    assert one == three, (one, three)
