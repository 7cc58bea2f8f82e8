"""Through the API: ``orderCancel`` and ``orderGrantRefundCreate`` take back gift cards bought in
the order, and refuse in Saleor's error shape when a card was spent."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction
from storefront.accounts.permissions import PermissionCode
from storefront.discounts.models import GiftCard
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create
from tests.storefront.orders.test_gift_cards_taken_back import _cards, _paid_order, _spend

pytestmark = pytest.mark.django_db

CANCEL = """mutation($id: ID!) {
  orderCancel(id: $id) { order { status } errors { field code message } }
}"""
GRANT = """mutation($id: ID!, $input: OrderGrantRefundCreateInput!) {
  orderGrantRefundCreate(id: $id, input: $input) {
    grantedRefund { amount { amount } }
    errors { field code message lines { field code message lineId } }
  }
}"""
CARD = """query($id: ID!) { giftCard(id: $id) { isActive events { type } } }"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def test_order_cancel_deactivates_the_bought_cards_or_refuses_when_one_was_spent(gql):
    channel = channel_create()
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    spent_order, _line, _basket = _paid_order(channel)
    _spend(channel, _cards(spent_order)[0])

    refused = gql(CANCEL, {"id": to_global_id("Order", spent_order.pk)}, headers=staff)["data"]["orderCancel"]
    assert refused["order"] is None
    ((error),) = refused["errors"]
    assert (error["field"], error["code"]) == ("id", "CANNOT_CANCEL_ORDER")
    assert "already used" in error["message"]

    order, _line, _basket = _paid_order(channel)
    body = gql(CANCEL, {"id": to_global_id("Order", order.pk)}, headers=staff)["data"]["orderCancel"]
    assert body == {"order": {"status": "CANCELED"}, "errors": []}
    card = _cards(order)[0]
    seen = gql(
        CARD,
        {"id": to_global_id("GiftCard", card.pk)},
        headers=bearer(staff_user(PermissionCode.MANAGE_GIFT_CARD)),
    )["data"]["giftCard"]
    assert seen["isActive"] is False
    assert seen["events"][-1] == {"type": "DEACTIVATED"}


def test_a_grant_on_a_gift_card_line_takes_back_unspent_cards_and_refuses_spent_ones(gql):
    channel = channel_create()
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    order, line, _basket = _paid_order(channel, cards=2, goods=0)
    _spend(channel, _cards(order)[0])
    line_id = to_global_id("OrderLine", line.pk)

    def grant(quantity: int):
        return gql(
            GRANT,
            {
                "id": to_global_id("Order", order.pk),
                "input": {
                    "transactionId": to_global_id(
                        "TransactionItem", Transaction.objects.get(order_id=order.pk).pk
                    ),
                    "reason": "Changed their mind",
                    "lines": [{"id": line_id, "quantity": quantity}],
                },
            },
            headers=staff,
        )["data"]["orderGrantRefundCreate"]

    refused = grant(2)
    assert refused["grantedRefund"] is None
    (error,) = refused["errors"]
    assert error["field"] == "lines"
    assert [(e["code"], e["lineId"]) for e in error["lines"]] == [
        ("QUANTITY_GREATER_THAN_AVAILABLE", line_id)
    ]
    assert GiftCard.objects.filter(bought_in_order_id=order.pk, is_active=True).count() == 2

    granted = grant(1)
    assert granted["errors"] == [] and granted["grantedRefund"]["amount"]["amount"] == 25.0
    assert [card.is_active for card in _cards(order)] == [True, False]
