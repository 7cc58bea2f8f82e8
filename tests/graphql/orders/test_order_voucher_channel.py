"""``Order.voucher`` is seen in the order's channel: its ``discountValue``, ``currency`` and
``minSpent`` are that channel's, even when orders of several channels share the voucher."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.discounts.models import VoucherChannelListing
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

VOUCHER = "voucher { id discountValue currency minSpent { amount currency } }"
ORDER = "query ($id: ID!) { order(id: $id) { " + VOUCHER + " } }"
STAFF_LIST = "{ orders(first: 10) { edges { node { channel { slug } " + VOUCHER + " } } } }"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _order(channel, *, user=None):
    checkout = checkout_ready(channel, [(product_create(channel, price="100.00"), 1)], user=user)
    checkout_promo_code_add(checkout=checkout, promo_code="FAIR", ip_address="203.0.113.7")
    checkout_pay(checkout)
    return complete_checkout(checkout, actor=Actor.system())


def _shared_voucher():
    usd = channel_create("vc-usd", "USD")
    eur = channel_create("vc-eur", "EUR")
    voucher = voucher_create(usd, code="FAIR", value="5", value_type="FIXED", min_spent="50.00")
    VoucherChannelListing.objects.create(
        voucher=voucher,
        channel=eur,
        discount_value=Decimal("4"),
        currency="EUR",
        min_spent_amount=Decimal("40.00"),
    )
    return usd, eur, voucher


def test_the_buyer_sees_the_voucher_s_value_in_the_order_s_channel(gql) -> None:
    _usd, eur, voucher = _shared_voucher()
    buyer = UserFactory()
    order = _order(eur, user=buyer)

    body = gql(ORDER, {"id": to_global_id("Order", order.pk)}, headers=bearer(buyer))
    assert "errors" not in body, body
    assert body["data"]["order"]["voucher"] == {
        "id": to_global_id("Voucher", voucher.pk),
        "discountValue": 4.0,
        "currency": "EUR",
        "minSpent": {"amount": 40.0, "currency": "EUR"},
    }


def test_orders_of_two_channels_sharing_a_voucher_each_see_their_own_channel(gql) -> None:
    usd, eur, _voucher = _shared_voucher()
    _order(usd, user=UserFactory())
    _order(eur, user=UserFactory())
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    body = gql(STAFF_LIST, headers=staff)
    assert "errors" not in body, body
    seen = {
        edge["node"]["channel"]["slug"]: edge["node"]["voucher"] for edge in body["data"]["orders"]["edges"]
    }
    assert seen["vc-usd"]["discountValue"] == 5.0 and seen["vc-usd"]["currency"] == "USD"
    assert seen["vc-usd"]["minSpent"] == {"amount": 50.0, "currency": "USD"}
    assert seen["vc-eur"]["discountValue"] == 4.0 and seen["vc-eur"]["currency"] == "EUR"
    assert seen["vc-eur"]["minSpent"] == {"amount": 40.0, "currency": "EUR"}
