"""The storefront's payment documents, run as the storefront pays with Saleor's dummy gateway.

``payment.graphql`` (ours; the same selections as the storefront's ``paymentGatewaysInitialize``,
``transactionInitialize`` and ``transactionProcess``) runs after the checkout documents of
``test_storefront_checkout_documents.py``: the storefront reads ``availablePaymentGateways`` from
its ``CheckoutFragment`` (our ``CheckoutState``), finds the dummy gateway by its id, initialises the
gateways, starts a transaction for the checkout's gross total with ``data.event`` asking for
``CHARGE_SUCCESS`` and no idempotency key, and completes the checkout. The checkout is fully charged
before it is completed, and the order after.
"""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction
from storefront.accounts.permissions import PermissionCode
from tests.graphql.compat.test_storefront_checkout_documents import MARKETS, _market, run
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db

DUMMY = "saleor.io.dummy-payment-app"  # the storefront's DUMMY_GATEWAY_IDS[0]
ORDER_TRANSACTIONS = """
query ($id: ID!) {
  order(id: $id) {
    transactions { name pspReference chargedAmount { amount currency } events { type } }
  }
}
"""


def _dummy(event_type: str) -> dict:
    """``paymentGateway`` as the storefront's ``executeDummyPayment`` sends it."""
    return {"id": DUMMY, "data": {"event": {"includePspReference": True, "type": event_type}}}


def _ready_to_pay(gql, market: dict, auth: dict) -> tuple[str, dict]:
    """A checkout filled and addressed through the storefront's documents; its CheckoutState."""
    ids = {name: to_global_id("ProductVariant", v.pk) for name, v in market["variants"].items()}
    opened = run(gql, "CartOpen", {"channel": market["channel"]["slug"], "languageCode": "EN"}, headers=auth)
    checkout_id = opened["checkoutCreate"]["checkout"]["id"]
    for name in ("basket", "tray", "basket"):
        run(gql, "CartAddOne", {"id": checkout_id, "productVariantId": ids[name]}, headers=auth)
    if not auth:
        run(
            gql,
            "CheckoutSetEmail",
            {"checkoutId": checkout_id, "email": "guest@example.com", "languageCode": "EN"},
        )
    address = {"saveAddress": False, "languageCode": "EN", "checkoutId": checkout_id}
    run(gql, "CheckoutShipTo", {**address, "shippingAddress": market["address"]}, headers=auth)
    options = run(gql, "CheckoutDeliveryOptions", {"id": checkout_id}, headers=auth)[
        "deliveryOptionsCalculate"
    ]
    courier = next(d for d in options["deliveries"] if d["shippingMethod"]["name"] == "Courier")
    run(
        gql,
        "CheckoutChooseDelivery",
        {
            "checkoutId": checkout_id,
            "deliveryMethodId": courier["shippingMethod"]["id"],
            "languageCode": "EN",
        },
        headers=auth,
    )
    billed = run(gql, "CheckoutBillTo", {**address, "billingAddress": market["address"]}, headers=auth)
    return checkout_id, billed["checkoutBillingAddressUpdate"]["checkout"]


@pytest.mark.parametrize("buyer_kind", ["guest", "registered"])
@pytest.mark.parametrize("market_name", sorted(MARKETS))
def test_the_storefront_pays_with_the_dummy_gateway_then_completes(gql, market_name, buyer_kind):
    market = _market(market_name)
    currency = market["channel"]["currency"]
    buyer = UserFactory() if buyer_kind == "registered" else None
    auth = bearer(buyer) if buyer else {}
    if buyer is not None:
        run(gql, "CartOpen", {"channel": market["channel"]["slug"], "languageCode": "EN"}, headers=auth)
    checkout_id, state = _ready_to_pay(gql, market, auth)

    # The storefront finds its integrated gateway among the checkout's.
    assert (state["authorizeStatus"], state["chargeStatus"]) == ("NONE", "NONE")
    gateway = next(g for g in state["availablePaymentGateways"] if g["id"] == DUMMY)
    assert currency in gateway["currencies"]
    amount = state["totalPrice"]["gross"]["amount"]
    assert amount == market["total"]["gross"]

    configs = run(
        gql,
        "PaymentGatewaysStart",
        {"checkoutId": checkout_id, "paymentGateways": [{"id": DUMMY}]},
        headers=auth,
    )["paymentGatewayInitialize"]
    assert configs["errors"] == []
    assert configs["gatewayConfigs"] == [{"id": DUMMY, "data": {}, "errors": []}]

    started = run(
        gql,
        "PaymentStart",
        {"checkoutId": checkout_id, "amount": amount, "paymentGateway": _dummy("CHARGE_SUCCESS")},
        headers=auth,
    )["transactionInitialize"]
    assert started["errors"] == []
    assert started["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert started["transaction"]["actions"] == ["REFUND"]

    paid = run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"}, headers=auth)["checkout"]
    assert (paid["authorizeStatus"], paid["chargeStatus"]) == ("FULL", "FULL")

    placed = run(gql, "CheckoutPlaceOrder", {"checkoutId": checkout_id}, headers=auth)["checkoutComplete"]
    assert placed["errors"] == []
    order_id = placed["order"]["id"]
    order = run(gql, "PlacedOrder", {"id": order_id, "languageCode": "EN"}, headers=auth)["order"]
    assert (order["chargeStatus"], order["authorizeStatus"], order["isPaid"]) == ("FULL", "FULL", True)
    assert order["totalCaptured"] == {"amount": amount, "currency": currency}
    assert order["totalBalance"] == {"amount": 0.0, "currency": currency}

    staff = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    body = gql(ORDER_TRANSACTIONS, {"id": order_id}, headers=staff)
    assert "errors" not in body, body["errors"]
    [transaction] = body["data"]["order"]["transactions"]
    assert transaction["chargedAmount"] == {"amount": amount, "currency": currency}
    assert transaction["events"] == [{"type": "CHARGE_SUCCESS"}]
    assert transaction["pspReference"] == Transaction.objects.get().psp_reference != ""


def test_a_payment_needing_the_buyers_action_is_processed_then_completed(gql):
    """The storefront's Stripe path in outline: the gateway asks for the buyer's action, the browser
    acts, ``transactionProcess`` records the outcome, then the checkout completes."""
    market = _market("USD to Germany")
    checkout_id, state = _ready_to_pay(gql, market, {})
    amount = state["totalPrice"]["gross"]["amount"]

    started = run(
        gql,
        "PaymentStart",
        {"checkoutId": checkout_id, "amount": amount, "paymentGateway": _dummy("CHARGE_ACTION_REQUIRED")},
    )["transactionInitialize"]
    assert started["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    waiting = run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"})["checkout"]
    assert waiting["chargeStatus"] == "NONE"

    processed = run(
        gql, "PaymentConfirm", {"id": started["transaction"]["id"], "data": _dummy("CHARGE_SUCCESS")["data"]}
    )["transactionProcess"]
    assert processed["errors"] == []
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["transaction"]["id"] == started["transaction"]["id"]
    assert (
        run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"})["checkout"]["chargeStatus"]
        == "FULL"
    )

    placed = run(gql, "CheckoutPlaceOrder", {"checkoutId": checkout_id})["checkoutComplete"]
    assert placed["errors"] == []
    order = run(gql, "PlacedOrder", {"id": placed["order"]["id"], "languageCode": "EN"})["order"]
    assert order["chargeStatus"] == "FULL" and order["isPaid"] is True
