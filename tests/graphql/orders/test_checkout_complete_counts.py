"""checkoutComplete of a paid checkout costs at most 30 SQL statements, the same for 1 line and 20."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

# What a storefront asks back after completing (Saleor's storefront: the order's id, then its page).
COMPLETE = """
mutation ($id: ID) {
  checkoutComplete(id: $id) {
    order { id number status total { gross { amount currency } } lines { id productName quantity } }
    confirmationNeeded
    errors { field code message }
  }
}
"""
# 30 until 2026-11-30, then one statement for the running order promotions (read with the vouchers
# and gift cards) and one for the gift cards a paid order issues (gift card lines bought).
LIMIT = 32


def _statements(captured: CaptureQueriesContext) -> int:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return sum(1 for query in captured.captured_queries if not query["sql"].upper().startswith(skip))


def _complete(gql, channel, lines: int) -> tuple[int, dict]:
    variants = [product_create(channel, price="10.00") for _ in range(lines)]
    checkout = checkout_ready(channel, [(variant, 1) for variant in variants])
    checkout_pay(checkout)
    with CaptureQueriesContext(connection) as captured:
        body = gql(COMPLETE, {"id": to_global_id("Checkout", checkout.pk)})
    return _statements(captured), body


def test_checkout_complete_costs_the_same_for_1_and_20_lines_and_at_most_30(gql):
    channel = channel_create()
    _complete(gql, channel, 1)  # warm the shipping and tax caches

    one, body_one = _complete(gql, channel, 1)
    twenty, body_twenty = _complete(gql, channel, 20)

    assert body_one["data"]["checkoutComplete"]["errors"] == []
    assert len(body_twenty["data"]["checkoutComplete"]["order"]["lines"]) == 20
    assert one == twenty, f"{one} statements for 1 line, {twenty} for 20"
    assert twenty <= LIMIT, f"{twenty} statements (at most {LIMIT})"
