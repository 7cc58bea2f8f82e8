"""What checkouts and orders show of their payments: gateways, statuses, balance, transactions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from payments.dummy import DummyGateway
from payments.error_codes import PaymentError
from payments.models import Transaction
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel
from tests.graphql.payments.conftest import ACTION, DUMMY, GATEWAYS, INITIALIZE, dummy
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import product_create
from tests.storefront.orders.checkouts import checkout_ready
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db

CHECKOUT = """
query ($id: ID!) {
  checkout(id: $id) {
    authorizeStatus chargeStatus totalBalance { amount currency }
    availablePaymentGateways { id name currencies config { field value } }
  }
}
"""
CHECKOUT_TRANSACTIONS = """
query ($id: ID!) { checkout(id: $id) { transactions { id chargedAmount { amount } events { type } } } }
"""
ORDER = """
query ($id: ID!) {
  order(id: $id) {
    isPaid chargeStatus authorizeStatus
    totalCharged { amount } totalAuthorized { amount } totalBalance { amount }
    totalRefunded { amount } totalCanceled { amount }
  }
}
"""
ORDER_TRANSACTIONS = """
query ($id: ID!) {
  order(id: $id) {
    transactions {
      id pspReference chargedAmount { amount currency } refundedAmount { amount }
      order { id } checkout { id } metadata { key } privateMetadata { key }
      events { id type createdAt pspReference message externalUrl amount { amount currency } }
    }
  }
}
"""


def _pay(gql, target_id: str, event_type: str = "CHARGE_SUCCESS", amount: str | None = None) -> dict:
    payload = gql(INITIALIZE, {"id": target_id, "gateway": dummy(event_type), "amount": amount})["data"][
        "transactionInitialize"
    ]
    assert payload["errors"] == []
    return payload["transaction"]


def test_an_unpaid_checkout_offers_the_dummy_gateway_and_owes_its_total(gql, checkout_id):
    checkout = gql(CHECKOUT, {"id": checkout_id})["data"]["checkout"]

    assert checkout["authorizeStatus"] == "NONE" and checkout["chargeStatus"] == "NONE"
    assert checkout["totalBalance"] == {"amount": -45.0, "currency": "USD"}
    assert checkout["availablePaymentGateways"] == [
        {"id": DUMMY, "name": "Dummy payment app", "currencies": ["USD"], "config": []}
    ]


def test_a_channel_that_enables_no_configured_gateway_offers_none(gql, channel, checkout_id):
    Channel.objects.filter(pk=channel.pk).update(payment_gateways=["saleor.app.payment.stripe"])

    checkout = gql(CHECKOUT, {"id": checkout_id})["data"]["checkout"]

    assert checkout["availablePaymentGateways"] == []


@pytest.mark.parametrize(
    ("payments", "authorize", "charge", "balance"),
    [
        ([("CHARGE_SUCCESS", "20")], "PARTIAL", "PARTIAL", -25.0),
        ([("AUTHORIZATION_SUCCESS", None)], "FULL", "NONE", -45.0),
        ([("CHARGE_SUCCESS", None)], "FULL", "FULL", 0.0),
        ([("CHARGE_SUCCESS", None), ("CHARGE_SUCCESS", "5")], "FULL", "OVERCHARGED", 5.0),
    ],
)
def test_the_statuses_and_balance_follow_the_transactions(
    gql, checkout_id, payments, authorize, charge, balance
):
    for event_type, amount in payments:
        gql(INITIALIZE, {"id": checkout_id, "gateway": dummy(event_type), "amount": amount})

    checkout = gql(CHECKOUT, {"id": checkout_id})["data"]["checkout"]

    assert (checkout["authorizeStatus"], checkout["chargeStatus"]) == (authorize, charge)
    assert checkout["totalBalance"]["amount"] == balance


def test_a_checkouts_transactions_are_for_staff(gql, checkout_id):
    _pay(gql, checkout_id)

    anonymous = gql(CHECKOUT_TRANSACTIONS, {"id": checkout_id})
    staff = gql(
        CHECKOUT_TRANSACTIONS, {"id": checkout_id}, headers=bearer(staff_user(PermissionCode.HANDLE_PAYMENTS))
    )

    assert anonymous["data"]["checkout"]["transactions"] is None
    assert anonymous["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    [transaction] = staff["data"]["checkout"]["transactions"]
    assert transaction["chargedAmount"]["amount"] == 45.0
    assert transaction["events"] == [{"type": "CHARGE_SUCCESS"}]


def test_an_order_shows_its_payments_to_whoever_holds_it_and_its_transactions_to_staff(gql):
    order = order_placed()
    order_id = to_global_id("Order", order.pk)
    paid = _pay(gql, order_id)
    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS, PermissionCode.HANDLE_PAYMENTS))
    gql(ACTION, {"id": paid["id"], "type": "REFUND", "amount": "1"}, headers=staff)

    shown = gql(ORDER, {"id": order_id})["data"]["order"]
    listed = gql(ORDER_TRANSACTIONS, {"id": order_id}, headers=staff)["data"]["order"]["transactions"]
    refused = gql(ORDER_TRANSACTIONS, {"id": order_id})

    total = float(order.total_gross_amount)
    assert shown["chargeStatus"] == "PARTIAL" and shown["isPaid"] is False
    assert shown["totalCharged"]["amount"] == total - 1
    assert shown["totalRefunded"]["amount"] == 1.0 and shown["totalCanceled"]["amount"] == 0.0
    assert shown["totalBalance"]["amount"] == -1.0
    [transaction] = listed
    row = Transaction.objects.get()
    assert transaction["id"] == to_global_id("TransactionItem", row.pk)
    assert transaction["order"] == {"id": order_id} and transaction["checkout"] is None
    assert transaction["metadata"] == [] and transaction["privateMetadata"] == []
    assert [event["type"] for event in transaction["events"]] == [
        "CHARGE_SUCCESS",
        "REFUND_REQUEST",
        "REFUND_SUCCESS",
    ]
    assert transaction["events"][0]["amount"] == {"amount": total, "currency": "USD"}
    assert refused["data"]["order"] is None
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_a_transactions_private_metadata_needs_handle_payments(gql):
    order = order_placed()
    _pay(gql, to_global_id("Order", order.pk))
    order_id = to_global_id("Order", order.pk)
    query = f'{{ order(id: "{order_id}") {{ transactions {{ privateMetadata {{ key }} }} }} }}'

    body = gql(query, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_the_checkouts_of_a_users_page_load_their_payments_together(gql, channel):
    """``me { checkouts }``: one statement for the transactions of every checkout, however many."""
    buyer = UserFactory()
    query = (
        "{ me { checkouts(first: 10) { edges { node { "
        "chargeStatus authorizeStatus totalBalance { amount } } } } } }"
    )

    def statements(count: int) -> int:
        for _ in range(count):
            checkout = checkout_ready(channel, [(product_create(channel), 1)], user=buyer)
            _pay_as(gql, to_global_id("Checkout", checkout.pk), buyer)
        with CaptureQueriesContext(connection) as captured:
            body = gql(query, headers=bearer(buyer))
        assert "errors" not in body, body["errors"]
        return len(captured.captured_queries)

    assert statements(1) == statements(3)


def _pay_as(gql, checkout_id: str, buyer) -> None:
    payload = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy()}, headers=bearer(buyer))["data"][
        "transactionInitialize"
    ]
    assert payload["errors"] == []


class UnconfiguredGateway(DummyGateway):
    """A gateway whose browser config cannot be had (Stripe without its publishable key)."""

    id = "test.unconfigured"
    name = "Unconfigured"

    def config(self, channel_currency: str) -> dict:
        raise PaymentError("INVALID", "Not configured on this shop.")


def test_a_gateway_that_cannot_give_its_config_is_not_offered(gql, checkout_id):
    gateways = ["payments.dummy.DummyGateway", f"{__name__}.UnconfiguredGateway"]
    with override_settings(PAYMENT_GATEWAYS=gateways):
        checkout = gql(CHECKOUT, {"id": checkout_id})["data"]["checkout"]
        initialised = gql(GATEWAYS, {"id": checkout_id})["data"]["paymentGatewayInitialize"]

    assert [gateway["id"] for gateway in checkout["availablePaymentGateways"]] == [DUMMY]
    unconfigured = initialised["gatewayConfigs"][1]
    assert unconfigured["id"] == "test.unconfigured" and unconfigured["data"] is None
    assert [(e["code"], e["message"]) for e in unconfigured["errors"]] == [
        ("INVALID", "Not configured on this shop.")
    ]
