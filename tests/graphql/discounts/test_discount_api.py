"""The staff voucher and gift card API, and the buyer's promo code mutations, through /graphql/."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.discounts.models import Voucher, VoucherCode
from tests.storefront.accounts.factories import bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.discounts.factories import gift_card_create, voucher_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db

VOUCHER_CREATE = """
mutation ($input: VoucherInput!) {
  voucherCreate(input: $input) {
    errors { field code message voucherCodes }
    voucher {
      id name type discountValueType usageLimit singleUse countries { code }
      codes(first: 10) { edges { node { code } } }
    }
  }
}"""
LISTING_UPDATE = """
mutation ($id: ID!, $input: VoucherChannelListingInput!) {
  voucherChannelListingUpdate(id: $id, input: $input) {
    errors { field code message channels }
    voucher { channelListings { channel { slug } discountValue currency minSpent { amount currency } } }
  }
}"""
VOUCHERS = """
query {
  vouchers(first: 10) { totalCount edges { node { name code used channelListings { discountValue } } } }
}"""
ADD_CODE = """
mutation ($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) {
    errors { field code message }
    checkout { voucherCode discount { amount currency } discountName totalPrice { gross { amount } }
      giftCards { id displayCode last4CodeChars currentBalance { amount currency } } }
  }
}"""
REMOVE_CODE = """
mutation ($id: ID!, $code: String, $codeId: ID) {
  checkoutRemovePromoCode(id: $id, promoCode: $code, promoCodeId: $codeId) {
    errors { field code message }
    checkout { voucherCode giftCards { id } }
  }
}"""


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


def _discounts_staff():
    return bearer(staff_user(PermissionCode.MANAGE_DISCOUNTS))


def test_staff_create_a_voucher_list_it_in_channels_and_every_write_is_audited(gql) -> None:
    channel = channel_create()
    jpy = channel_create("jp-jpy", "JPY")
    headers = _discounts_staff()
    created = gql(
        VOUCHER_CREATE,
        {
            "input": {
                "name": "Expo",
                "type": "ENTIRE_ORDER",
                "discountValueType": "FIXED",
                "addCodes": ["EXPO-A", "EXPO-B"],
                "usageLimit": 100,
                "countries": ["de", "jp"],
            }
        },
        headers=headers,
    )["data"]["voucherCreate"]
    assert created["errors"] == []
    voucher = created["voucher"]
    assert [edge["node"]["code"] for edge in voucher["codes"]["edges"]] == ["EXPO-A", "EXPO-B"]
    assert [country["code"] for country in voucher["countries"]] == ["DE", "JP"]
    listed = gql(
        LISTING_UPDATE,
        {
            "id": voucher["id"],
            "input": {
                "addChannels": [
                    {
                        "channelId": to_global_id("Channel", channel.pk),
                        "discountValue": "5.50",
                        "minAmountSpent": "20",
                    },
                    {"channelId": to_global_id("Channel", jpy.pk), "discountValue": "700"},
                ]
            },
        },
        headers=headers,
    )["data"]["voucherChannelListingUpdate"]
    assert listed["errors"] == []
    assert sorted(
        (row["channel"]["slug"], row["discountValue"], row["currency"])
        for row in listed["voucher"]["channelListings"]
    ) == [
        ("intl-usd", 5.5, "USD"),
        ("jp-jpy", 700.0, "JPY"),
    ]
    # Yen have no minor unit: 700.5 is refused, and nothing changes.
    refused = gql(
        LISTING_UPDATE,
        {
            "id": voucher["id"],
            "input": {
                "addChannels": [{"channelId": to_global_id("Channel", jpy.pk), "discountValue": "700.5"}]
            },
        },
        headers=headers,
    )["data"]["voucherChannelListingUpdate"]
    assert [error["code"] for error in refused["errors"]] == ["INVALID"]
    assert {entry.action for entry in AuditLogEntry.objects.all()} >= {
        "voucher.created",
        "voucher.channels_updated",
    }
    page = gql(VOUCHERS, headers=headers)["data"]["vouchers"]
    assert page["totalCount"] == 1
    assert page["edges"][0]["node"]["code"] == "EXPO-A"


def test_duplicate_codes_are_refused_with_the_codes_named(gql) -> None:
    voucher_create(channel_create(), code="TAKEN")
    result = gql(
        VOUCHER_CREATE, {"input": {"name": "Copy", "addCodes": ["taken"]}}, headers=_discounts_staff()
    )
    errors = result["data"]["voucherCreate"]["errors"]
    assert [(error["code"], error["voucherCodes"]) for error in errors] == [("UNIQUE", ["TAKEN"])]
    assert Voucher.objects.count() == 1


def test_a_voucher_without_codes_gets_one_generated_unguessable_code(gql) -> None:
    result = gql(VOUCHER_CREATE, {"input": {"name": "Generated"}}, headers=_discounts_staff())
    code = result["data"]["voucherCreate"]["voucher"]["codes"]["edges"][0]["node"]["code"]
    assert len(code) == 14 and code.count("-") == 2


def test_voucher_code_bulk_delete_and_voucher_delete(gql) -> None:
    voucher = voucher_create(channel_create(), code="GONE")
    headers = _discounts_staff()
    code_id = to_global_id("VoucherCode", voucher.codes.get().pk)
    deleted = gql(
        "mutation ($ids: [ID!]!) { voucherCodeBulkDelete(ids: $ids) { count errors { code voucherCodes } } }",
        {"ids": [code_id, to_global_id("VoucherCode", 999999)]},
        headers=headers,
    )["data"]["voucherCodeBulkDelete"]
    assert deleted["count"] == 0 and deleted["errors"][0]["code"] == "NOT_FOUND"
    deleted = gql(
        "mutation ($ids: [ID!]!) { voucherCodeBulkDelete(ids: $ids) { count errors { code } } }",
        {"ids": [code_id]},
        headers=headers,
    )["data"]["voucherCodeBulkDelete"]
    assert deleted == {"count": 1, "errors": []}
    assert not VoucherCode.objects.exists()
    gone = gql(
        "mutation ($id: ID!) { voucherDelete(id: $id) { errors { code } voucher { name } } }",
        {"id": to_global_id("Voucher", voucher.pk)},
        headers=headers,
    )["data"]["voucherDelete"]
    assert gone == {"errors": [], "voucher": {"name": "Save"}}
    assert AuditLogEntry.objects.filter(action="voucher.deleted").count() == 1


def test_staff_issue_update_and_deactivate_a_gift_card(gql) -> None:
    headers = bearer(staff_user(PermissionCode.MANAGE_GIFT_CARD))
    created = gql(
        """mutation {
          giftCardCreate(
            input: {balance: {currency: "JPY", amount: "5000"}, isActive: true, addTags: ["expo"]}
          ) {
            errors { field code }
            giftCard { id code last4CodeChars initialBalance { amount currency } isActive }
          }
        }""",
        headers=headers,
    )["data"]["giftCardCreate"]
    assert created["errors"] == []
    card = created["giftCard"]
    assert card["initialBalance"] == {"amount": 5000.0, "currency": "JPY"}
    assert card["code"].endswith(card["last4CodeChars"])
    updated = gql(
        """mutation ($id: ID!) {
          giftCardUpdate(id: $id, input: {balanceAmount: "4000.5"}) { errors { field code } }
        }""",
        {"id": card["id"]},
        headers=headers,
    )["data"]["giftCardUpdate"]
    assert [error["code"] for error in updated["errors"]] == ["INVALID"]  # no half yen
    off = gql(
        """mutation ($id: ID!) {
          giftCardDeactivate(id: $id) { errors { code } giftCard { isActive events { type } } }
        }""",
        {"id": card["id"]},
        headers=headers,
    )["data"]["giftCardDeactivate"]
    assert off["giftCard"]["isActive"] is False
    assert [event["type"] for event in off["giftCard"]["events"]] == ["ISSUED", "DEACTIVATED"]
    assert {entry.action for entry in AuditLogEntry.objects.all()} == {
        "gift_card.created",
        "gift_card.deactivated",
    }


def test_a_buyer_sees_the_card_they_added_but_not_its_code(gql) -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 1)])
    card = gift_card_create(code="BUYER-CARD-7777", balance="6.00")
    checkout_id = to_global_id("Checkout", checkout.pk)
    added = gql(ADD_CODE, {"id": checkout_id, "code": "buyer-card-7777"})["data"]["checkoutAddPromoCode"]
    assert added["errors"] == []
    assert added["checkout"]["giftCards"] == [
        {
            "id": to_global_id("GiftCard", card.pk),
            "displayCode": "XXXX-XXXX-XXXX-7777",
            "last4CodeChars": "7777",
            "currentBalance": {"amount": 6.0, "currency": "USD"},
        }
    ]
    assert added["checkout"]["totalPrice"]["gross"]["amount"] == 9.0  # 10 + 5 shipping - 6
    leak = gql("query ($id: ID!) { checkout(id: $id) { giftCards { code } } }", {"id": checkout_id})
    assert [error["extensions"]["exception"]["code"] for error in leak["errors"]] == ["PermissionDenied"]
    assert "BUYER-CARD-7777" not in str(leak)
    removed = gql(REMOVE_CODE, {"id": checkout_id, "codeId": to_global_id("GiftCard", card.pk)})
    assert removed["data"]["checkoutRemovePromoCode"]["checkout"]["giftCards"] == []


def test_voucher_through_the_api_with_saleors_error_codes(gql) -> None:
    channel = channel_create()
    checkout = checkout_ready(channel, [(product_create(channel, price="10.00"), 2)])
    voucher_create(channel, code="TEN", value="10")
    voucher_create(channel, code="BIG", min_spent="100.00")
    checkout_id = to_global_id("Checkout", checkout.pk)
    refused = gql(ADD_CODE, {"id": checkout_id, "code": "BIG"})["data"]["checkoutAddPromoCode"]
    assert [(error["field"], error["code"]) for error in refused["errors"]] == [
        ("promoCode", "VOUCHER_NOT_APPLICABLE")
    ]
    unknown = gql(ADD_CODE, {"id": checkout_id, "code": "NOPE"})["data"]["checkoutAddPromoCode"]
    assert [error["code"] for error in unknown["errors"]] == ["INVALID"]
    added = gql(ADD_CODE, {"id": checkout_id, "code": "ten"})["data"]["checkoutAddPromoCode"]["checkout"]
    assert added["voucherCode"] == "TEN"
    assert added["discount"] == {"amount": 2.0, "currency": "USD"}
    assert added["totalPrice"]["gross"]["amount"] == 23.0
    removed = gql(REMOVE_CODE, {"id": checkout_id, "code": "TEN"})["data"]["checkoutRemovePromoCode"]
    assert removed["checkout"]["voucherCode"] is None


def test_vouchers_list_costs_the_same_for_one_and_many(gql) -> None:
    channel = channel_create()
    headers = _discounts_staff()

    def statements() -> int:
        with CaptureQueriesContext(connection) as captured:
            result = gql(VOUCHERS, headers=headers)
        assert "errors" not in result
        return len(captured)

    voucher_create(channel, code="ONE")
    one = statements()
    for index in range(5):
        voucher_create(channel, code=f"MORE{index}")
    assert statements() == one
