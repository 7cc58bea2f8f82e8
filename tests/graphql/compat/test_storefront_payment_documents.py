"""The storefront's payment documents, run as the storefront pays with Saleor's dummy gateway.

``payment.graphql`` (ours; the same selections as the storefront's ``paymentGatewaysInitialize``,
``transactionInitialize`` and ``transactionProcess``) runs after the checkout documents of
``test_storefront_checkout_documents.py``: the storefront reads ``availablePaymentGateways`` from
its ``CheckoutFragment`` (our ``CheckoutState``), finds the dummy gateway by its id, initialises the
gateways, starts a transaction for the checkout's gross total with ``data.event`` asking for
``CHARGE_SUCCESS`` and no idempotency key, and completes the checkout. The checkout is fully charged
before it is completed, and the order after. With Stripe (against the Stripe-shaped server of
``tests/payments/stripe_server``) it pays as its Stripe Elements path does: the publishable key
from ``paymentGatewayInitialize``, the client secret from ``transactionInitialize``, the browser's
confirmation (with 3-D Secure when the card asks), ``transactionProcess`` with the transaction id
alone, then ``checkoutComplete``.
"""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction
from storefront.accounts.permissions import PermissionCode
from tests.graphql.compat.test_storefront_checkout_documents import MARKETS, _market, run
from tests.payments.stripe_server import stripe_server, stripe_settings
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db
__all__ = ["stripe_server", "stripe_settings"]  # the Stripe-shaped server's fixtures

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


# --- Stripe, as the storefront's Stripe Elements path drives it --------------------------------------

STRIPE = "saleor.app.payment.stripe"  # the storefront's STRIPE_GATEWAY_ID


@pytest.fixture
def stripe(stripe_settings, stripe_server):
    """Stripe configured against the Stripe-shaped server, offered beside the dummy gateway."""
    stripe_settings.PAYMENT_GATEWAYS = [
        "payments.stripe.gateway.StripeGateway",
        "payments.dummy.DummyGateway",
    ]
    return stripe_server


@pytest.mark.parametrize("card", ["pm_card_visa", "pm_card_threeDSecure2Required"])
def test_the_storefront_pays_with_stripe_confirms_in_the_browser_processes_and_completes(gql, stripe, card):
    market = _market("USD to Germany")
    checkout_id, state = _ready_to_pay(gql, market, {})
    amount = state["totalPrice"]["gross"]["amount"]

    # The storefront finds Stripe among the checkout's gateways and asks for its browser config.
    offered = {gateway["id"]: gateway for gateway in state["availablePaymentGateways"]}
    assert {"field": "stripePublishableKey", "value": stripe.publishable_key} in offered[STRIPE]["config"]
    configs = run(
        gql, "PaymentGatewaysStart", {"checkoutId": checkout_id, "paymentGateways": [{"id": STRIPE}]}
    )["paymentGatewayInitialize"]
    assert configs["gatewayConfigs"] == [
        {"id": STRIPE, "data": {"stripePublishableKey": stripe.publishable_key}, "errors": []}
    ]

    # transactionInitialize hands the browser the PaymentIntent's client secret.
    started = run(
        gql,
        "PaymentStart",
        {
            "checkoutId": checkout_id,
            "amount": amount,
            "paymentGateway": {"id": STRIPE, "data": {"paymentIntent": {"paymentMethod": "card"}}},
        },
    )["transactionInitialize"]
    assert started["errors"] == []
    client_secret = started["data"]["paymentIntent"]["stripeClientSecret"]
    transaction_id = started["transaction"]["id"]
    assert (
        run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"})["checkout"]["chargeStatus"]
        == "NONE"
    )

    # Stripe.js confirms with the publishable key and the client secret (3-D Secure passed if asked).
    status, confirmed = stripe.browser_confirm(client_secret, card)
    assert status == 200, confirmed
    if confirmed["status"] == "requires_action":
        stripe.complete_authentication(confirmed["id"])

    # The storefront then calls transactionProcess with the transaction id alone.
    processed = run(gql, "PaymentConfirm", {"id": transaction_id})["transactionProcess"]
    assert processed["errors"] == []
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["transaction"]["actions"] == ["REFUND"]
    paid = run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"})["checkout"]
    assert (paid["authorizeStatus"], paid["chargeStatus"]) == ("FULL", "FULL")

    placed = run(gql, "CheckoutPlaceOrder", {"checkoutId": checkout_id})["checkoutComplete"]
    assert placed["errors"] == []
    order = run(gql, "PlacedOrder", {"id": placed["order"]["id"], "languageCode": "EN"})["order"]
    assert (order["chargeStatus"], order["isPaid"]) == ("FULL", True)
    assert order["totalCaptured"] == {"amount": amount, "currency": "USD"}
    intent = stripe.payment_intent(Transaction.objects.get().psp_reference)
    assert (intent["status"], intent["amount"], intent["currency"]) == ("succeeded", 7100, "usd")


def test_a_declined_card_leaves_the_checkout_unpaid_with_stripes_message(gql, stripe):
    market = _market("USD to Germany")
    checkout_id, state = _ready_to_pay(gql, market, {})
    started = run(
        gql,
        "PaymentStart",
        {
            "checkoutId": checkout_id,
            "amount": state["totalPrice"]["gross"]["amount"],
            "paymentGateway": {"id": STRIPE, "data": {"paymentIntent": {"paymentMethod": "card"}}},
        },
    )["transactionInitialize"]

    stripe.browser_confirm(started["data"]["paymentIntent"]["stripeClientSecret"], "pm_card_chargeDeclined")
    processed = run(gql, "PaymentConfirm", {"id": started["transaction"]["id"]})["transactionProcess"]

    # A decline is the gateway's event with Stripe's own words for the buyer, not an error; the
    # client secret comes back so the buyer can try another card on the same PaymentIntent.
    assert processed["errors"] == []
    assert processed["transactionEvent"] == {"type": "CHARGE_FAILURE", "message": "Your card was declined."}
    assert processed["data"]["paymentIntent"]["stripeClientSecret"]
    checkout = run(gql, "CheckoutSteps", {"id": checkout_id, "languageCode": "EN"})["checkout"]
    assert checkout["chargeStatus"] == "NONE"
