"""``Order.voucher``, ``voucherCode``, ``discounts`` and the lines' unit discounts: what the order
recorded at ``checkoutComplete``, for the buyer on their own order and for staff on any."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.promo_codes import checkout_promo_code_add
from storefront.orders.models import OrderDiscount
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import voucher_create
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db

ORDER = """
query ($id: ID!) {
  order(id: $id) {
    voucherCode
    voucher { id name code type discountValueType }
    discount { amount currency }
    discountName
    discounts { id type name valueType value amount { amount } total { amount currency } }
    lines { unitDiscount { amount } unitDiscountValue unitDiscountType unitDiscountReason }
  }
}"""
REASON = """query ($id: ID!) { order(id: $id) { discounts { reason } } }"""
CODES = """query ($id: ID!) { order(id: $id) { voucher { codes(first: 5) { edges { node { code } } } } } }"""
MY_ORDERS = (
    """{ me { orders(first: 5) { edges { node { voucherCode discounts { total { amount } } } } } } }"""
)


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _order_with_voucher(user=None):
    channel = channel_create()
    product = product_create(channel, price="20.00")
    checkout = checkout_ready(channel, [(product, 2)], user=user)  # 40 + 5 shipping
    voucher = voucher_create(channel, code="EXPO-10", value="10", name="Expo ten")
    checkout_promo_code_add(checkout=checkout, promo_code="expo-10", ip_address="203.0.113.7")
    checkout_pay(checkout)
    return complete_checkout(checkout, actor=Actor.system()), voucher


def test_the_order_shows_the_voucher_and_discount_it_recorded(gql) -> None:
    buyer = UserFactory()
    order, voucher = _order_with_voucher(user=buyer)
    discount = OrderDiscount.objects.get(order=order)

    data = gql(ORDER, {"id": to_global_id("Order", order.pk)}, headers=bearer(buyer))
    assert "errors" not in data, data
    got = data["data"]["order"]
    assert got["voucherCode"] == "EXPO-10"
    assert got["voucher"] == {
        "id": to_global_id("Voucher", voucher.pk),
        "name": "Expo ten",
        "code": None,  # the buyer sees the code they used, not the voucher's others
        "type": "ENTIRE_ORDER",
        "discountValueType": "PERCENTAGE",
    }
    assert got["discount"] == {"amount": 4.0, "currency": "USD"}
    assert got["discountName"] == "Expo ten"
    assert got["discounts"] == [
        {
            "id": to_global_id("OrderDiscount", discount.pk),
            "type": "VOUCHER",
            "name": "Expo ten",
            "valueType": "PERCENTAGE",
            "value": "10.000",
            "amount": {"amount": 4.0},
            "total": {"amount": 4.0, "currency": "USD"},
        }
    ]
    # The voucher is spread over the line: 2 × 20 less 4 is 18 a unit, recorded as a fixed 2 off.
    (line,) = got["lines"]
    line_row = order.lines.get()
    off = line_row.undiscounted_unit_price_gross_amount - line_row.unit_price_gross_amount
    assert off == Decimal("2.000")
    assert line["unitDiscount"] == {"amount": 2.0}
    assert Decimal(line["unitDiscountValue"]) == off
    assert line["unitDiscountType"] == "FIXED"
    assert line["unitDiscountReason"] is None

    mine = gql(MY_ORDERS, headers=bearer(buyer))["data"]["me"]["orders"]["edges"]
    assert [edge["node"] for edge in mine] == [
        {"voucherCode": "EXPO-10", "discounts": [{"total": {"amount": 4.0}}]}
    ]


def test_staff_see_the_reason_and_the_codes_a_buyer_does_not(gql) -> None:
    buyer = UserFactory()
    order, _voucher = _order_with_voucher(user=buyer)
    order_id = to_global_id("Order", order.pk)

    refused = gql(REASON, {"id": order_id}, headers=bearer(buyer))
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    assert gql(REASON, {"id": order_id}, headers=staff)["data"]["order"]["discounts"] == [
        {"reason": "Voucher code: EXPO-10"}
    ]

    assert (
        gql(CODES, {"id": order_id}, headers=bearer(buyer))["errors"][0]["extensions"]["exception"]["code"]
        == "PermissionDenied"
    )
    both = bearer(staff_user(PermissionCode.MANAGE_ORDERS, PermissionCode.MANAGE_DISCOUNTS))
    codes = gql(CODES, {"id": order_id}, headers=both)["data"]["order"]["voucher"]["codes"]["edges"]
    assert [edge["node"]["code"] for edge in codes] == ["EXPO-10"]
    code = gql(ORDER, {"id": order_id}, headers=both)["data"]["order"]["voucher"]["code"]
    assert code == "EXPO-10"


def test_an_order_without_a_voucher_has_no_discounts(gql) -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="20.00"), 1)])
    checkout_pay(checkout)
    order = complete_checkout(checkout, actor=Actor.system())
    got = gql(ORDER, {"id": to_global_id("Order", order.pk)})["data"]["order"]
    assert got["voucher"] is None and got["voucherCode"] is None
    assert got["discounts"] == [] and got["discount"] is None and got["discountName"] is None
    assert got["lines"] == [
        {
            "unitDiscount": {"amount": 0.0},
            "unitDiscountValue": "0.000",
            "unitDiscountType": None,
            "unitDiscountReason": None,
        }
    ]
