"""A checkout ready to pay (USD 45.00: two pieces at 20.00 and 5.00 of shipping), and the documents."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_ready

DUMMY = "saleor.io.dummy-payment-app"


def dummy(event_type: str = "CHARGE_SUCCESS", psp: bool = True) -> dict:
    """The storefront's ``paymentGateway`` input for the dummy gateway, asking for ``event_type``."""
    return {"id": DUMMY, "data": {"event": {"type": event_type, "includePspReference": psp}}}


INITIALIZE = """
mutation Pay($id: ID!, $gateway: PaymentGatewayToInitialize!, $amount: PositiveDecimal,
             $key: String, $action: TransactionFlowStrategyEnum, $ip: String) {
  transactionInitialize(id: $id, paymentGateway: $gateway, amount: $amount, idempotencyKey: $key,
                        action: $action, customerIpAddress: $ip) {
    transaction {
      id token name pspReference actions
      authorizedAmount { amount currency } chargedAmount { amount currency }
      refundedAmount { amount } canceledAmount { amount }
      authorizePendingAmount { amount } chargePendingAmount { amount }
      refundPendingAmount { amount } cancelPendingAmount { amount }
      events { type pspReference amount { amount currency } }
      checkout { id chargeStatus authorizeStatus }
      order { id }
    }
    transactionEvent { id type message pspReference externalUrl amount { amount currency } }
    data
    errors { field code message }
  }
}
"""

PROCESS = """
mutation Process($id: ID, $token: UUID, $data: JSON, $ip: String) {
  transactionProcess(id: $id, token: $token, data: $data, customerIpAddress: $ip) {
    transaction { id chargedAmount { amount } authorizedAmount { amount } actions checkout { id } }
    transactionEvent { type }
    data
    errors { field code message }
  }
}
"""

ACTION = """
mutation Act($id: ID, $token: UUID, $type: TransactionActionEnum!, $amount: PositiveDecimal) {
  transactionRequestAction(id: $id, token: $token, actionType: $type, amount: $amount) {
    transaction {
      chargedAmount { amount } refundedAmount { amount } authorizedAmount { amount }
      canceledAmount { amount } actions events { type amount { amount } }
    }
    errors { field code message }
  }
}
"""

GATEWAYS = """
mutation Gateways($id: ID!, $gateways: [PaymentGatewayToInitialize!], $amount: PositiveDecimal) {
  paymentGatewayInitialize(id: $id, paymentGateways: $gateways, amount: $amount) {
    gatewayConfigs { id data errors { field code message } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def channel():
    return channel_create()


@pytest.fixture
def checkout(channel):
    return checkout_ready(channel, [(product_create(channel, price="20.00"), 2)])


@pytest.fixture
def checkout_id(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)
