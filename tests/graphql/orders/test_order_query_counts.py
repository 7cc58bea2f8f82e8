"""Listing orders costs the same number of SQL statements for one order and for many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.accounts.permissions import PermissionCode
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db

ORDER_FIELDS = """
  id number status total { gross { amount } } subtotal { gross { amount } } userEmail
  channel { slug } user { email } billingAddress { city } shippingAddress { city country { code } }
  events { type user { email } }
  lines {
    id productName quantity unitPrice { gross { amount } } hsCode countryOfOrigin { code }
    origin { village } makers { publicId name } certificate { serial }
    thumbnail(size: 128, format: WEBP) { url alt }
    variant { id name product { name thumbnail { url } } pricing { price { gross { amount } } } }
  }
"""

STAFF_LIST = "query ($n: Int!) { orders(first: $n) { totalCount edges { node { " + ORDER_FIELDS + " } } } }"
OWN_LIST = (
    "query ($n: Int!) { me { orders(first: $n) { totalCount edges { node { " + ORDER_FIELDS + " } } } } }"
)


def _statements(gql, query: str, n: int, headers: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        body = gql(query, {"n": n}, headers=headers)
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return sum(1 for q in captured.captured_queries if not q["sql"].upper().startswith(skip)), body


def _orders(count: int, *, user=None) -> None:
    channel = ChannelFactory()
    for _ in range(count):
        variants = [stocked_variant(channel) for _ in range(2)]
        for variant in variants:
            variant.product.media.create(image=f"products/{variant.product.slug}.jpg", alt="Front")
        order_placed(channel=channel, user=user or UserFactory(), variants=variants)


def test_the_staff_order_list_costs_the_same_for_one_and_four_orders(gql):
    _orders(4)
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS, PermissionCode.MANAGE_USERS))
    gql(STAFF_LIST, {"n": 4}, headers=staff)  # warm the per-process caches

    one, body_one = _statements(gql, STAFF_LIST, 1, staff)
    four, body_four = _statements(gql, STAFF_LIST, 4, staff)

    assert "errors" not in body_one and "errors" not in body_four, body_four
    edges = body_four["data"]["orders"]["edges"]
    assert len(edges) == 4 and all(len(edge["node"]["lines"]) == 2 for edge in edges)
    assert all(edge["node"]["user"]["email"] and edge["node"]["events"] for edge in edges)
    assert one == four, f"{one} statements for 1 order, {four} for 4"


def test_a_buyers_order_history_costs_the_same_for_one_and_four_orders(gql):
    buyer = UserFactory()
    _orders(4, user=buyer)
    headers = bearer(buyer)
    own = OWN_LIST.replace("events { type user { email } }", "")
    gql(own, {"n": 4}, headers=headers)

    one, _ = _statements(gql, own, 1, headers)
    four, body = _statements(gql, own, 4, headers)

    assert body["data"]["me"]["orders"]["totalCount"] == 4
    assert one == four, f"{one} statements for 1 order, {four} for 4"
