"""``StripeGateway.config`` and ``initialize`` against the Stripe-shaped server, through ``stripe``."""

import pytest

from payments.contract import FlowStrategy, TransactionEventType
from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from payments.stripe.client import STRIPE_API_VERSION
from payments.stripe.gateway import STRIPE_GATEWAY_ID, StripeGateway
from tests.payments.stripe.conftest import init_request, money

CREATE = ("POST", "/v1/payment_intents")


def test_gateway_describes_itself_as_saleors_stripe_app(gateway):
    assert gateway.id == STRIPE_GATEWAY_ID == "saleor.app.payment.stripe"
    assert gateway.name == "Stripe"
    assert gateway.config("USD") == {"stripePublishableKey": "pk_test_asal_TYooMQauvdEDq54NiTphI7jx"}


def test_initialize_creates_a_payment_intent_for_the_browser_to_confirm(gateway, stripe_server):
    result = gateway.initialize(init_request("10.00", key="checkout-1-attempt-1"))

    (pi,) = stripe_server.payment_intents()
    assert result.psp_reference == pi["id"]
    assert result.data == {"paymentIntent": {"stripeClientSecret": pi["client_secret"]}}
    (event,) = result.events
    assert event.type is TransactionEventType.CHARGE_ACTION_REQUIRED
    assert event.amount == money("10.00")
    assert event.psp_reference == pi["id"]
    assert "confirm" in event.message.lower()
    (request,) = stripe_server.requests
    assert request.params == {
        "amount": "1000",
        "currency": "usd",
        "automatic_payment_methods": {"enabled": "true"},
        "capture_method": "automatic",
        "metadata": {"reference": "checkout-1"},
        "receipt_email": "buyer@example.com",
    }
    assert request.idempotency_key == "asal-pi-checkout-1-attempt-1"
    assert request.stripe_version == STRIPE_API_VERSION


def test_authorization_flow_captures_manually(gateway, stripe_server):
    result = gateway.initialize(init_request(action=FlowStrategy.AUTHORIZATION))

    assert result.events[0].type is TransactionEventType.AUTHORIZATION_ACTION_REQUIRED
    assert stripe_server.payment_intent(result.psp_reference)["capture_method"] == "manual"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("1500", "JPY", 1500), ("250000.00", "IDR", 25000000), ("45.90", "EUR", 4590), ("19.99", "GBP", 1999)],
)
def test_amounts_reach_stripe_in_its_minor_units(gateway, stripe_server, amount, currency, minor):
    result = gateway.initialize(init_request(amount, currency))

    pi = stripe_server.payment_intent(result.psp_reference)
    assert (pi["amount"], pi["currency"]) == (minor, currency.lower())
    assert result.events[0].amount == money(amount, currency)


def test_no_receipt_email_when_the_buyer_gave_none(gateway, stripe_server):
    gateway.initialize(init_request(email=None))

    assert "receipt_email" not in stripe_server.requests[0].params


def test_a_retried_initialise_with_the_same_key_is_replayed_not_created_again(gateway, stripe_server):
    first = gateway.initialize(init_request(key="same"))
    again = gateway.initialize(init_request(key="same"))

    assert again == first
    assert len(stripe_server.payment_intents()) == 1
    assert [r.replayed for r in stripe_server.requests] == [False, True]


def test_a_retried_initialise_reuses_the_payment_intent_it_started(gateway, stripe_server):
    first = gateway.initialize(init_request(key="k"))
    again = gateway.initialize(init_request(key="k", psp_reference=first.psp_reference))

    assert again.psp_reference == first.psp_reference
    assert again.data == first.data
    assert again.events[0].event_key() == first.events[0].event_key()
    assert stripe_server.count(*CREATE) == 1
    assert len(stripe_server.payment_intents()) == 1


def test_a_declined_payment_intent_is_reused_for_another_card(gateway, stripe_server):
    first = gateway.initialize(init_request())
    stripe_server.confirm(first.psp_reference, "pm_card_chargeDeclined")

    again = gateway.initialize(init_request(psp_reference=first.psp_reference))

    assert again.psp_reference == first.psp_reference
    assert again.events[0].type is TransactionEventType.CHARGE_ACTION_REQUIRED
    assert stripe_server.count(*CREATE) == 1


def test_a_paid_payment_intent_is_reported_and_no_second_one_is_started(gateway, stripe_server):
    first = gateway.initialize(init_request())
    stripe_server.confirm(first.psp_reference, "pm_card_visa")

    again = gateway.initialize(init_request(psp_reference=first.psp_reference))

    assert [e.type for e in again.events] == [TransactionEventType.CHARGE_SUCCESS]
    assert again.psp_reference == first.psp_reference
    assert again.data == {}
    assert stripe_server.count(*CREATE) == 1


@pytest.mark.parametrize("change", ["amount", "canceled", "flow"])
def test_a_payment_intent_stripe_cannot_reuse_is_replaced_once(gateway, stripe_server, change):
    first = gateway.initialize(init_request("10.00", key="k"))
    retry = init_request(
        "12.00" if change == "amount" else "10.00", key="k", psp_reference=first.psp_reference
    )
    if change == "canceled":
        stripe_server.cancel(first.psp_reference)
    if change == "flow":
        retry = init_request(key="k", psp_reference=first.psp_reference, action=FlowStrategy.AUTHORIZATION)

    second = gateway.initialize(retry)
    third = gateway.initialize(retry)

    assert second.psp_reference != first.psp_reference
    assert third.psp_reference == second.psp_reference
    assert len(stripe_server.payment_intents()) == 2
    assert stripe_server.requests[-1].idempotency_key == f"asal-pi-k-after-{first.psp_reference}"


def test_the_same_key_for_another_amount_is_refused_without_stripes_words(gateway, stripe_server):
    gateway.initialize(init_request("10.00", key="k"))

    with pytest.raises(PaymentError) as caught:
        gateway.initialize(init_request("11.00", key="k"))

    assert caught.value.code == TransactionInitializeErrorCode.INVALID
    assert "idempotent" not in caught.value.message.lower()
    assert stripe_server.requests[-1].status == 400
    assert len(stripe_server.payment_intents()) == 1


@pytest.mark.parametrize(
    "data",
    [{"paymentIntent": "card"}, {"paymentIntent": {"paymentMethod": 3}}, ["card"]],
)
def test_malformed_storefront_data_is_refused_before_calling_stripe(gateway, stripe_server, data):
    with pytest.raises(PaymentError) as caught:
        gateway.initialize(init_request(data=data))

    assert caught.value.field == "data"
    assert stripe_server.requests == []


@pytest.mark.parametrize("data", [{}, {"paymentIntent": {}}, {"paymentIntent": {"paymentMethod": "card"}}])
def test_storefront_data_may_name_the_method_or_not(gateway, data):
    assert gateway.initialize(init_request(data=data)).psp_reference


def test_an_amount_in_another_currency_is_refused(gateway, stripe_server):
    request = init_request("10.00", "USD")
    request = type(request)(**{**{f: getattr(request, f) for f in request.__slots__}, "currency": "EUR"})

    with pytest.raises(PaymentError) as caught:
        gateway.initialize(request)

    assert caught.value.field == "amount"
    assert stripe_server.requests == []


def test_an_empty_idempotency_key_is_refused(gateway, stripe_server):
    with pytest.raises(PaymentError) as caught:
        gateway.initialize(init_request(key=" "))

    assert caught.value.field == "idempotencyKey"
    assert stripe_server.requests == []


def test_an_unconfigured_gateway_says_so():
    gateway = StripeGateway(secret_key="", publishable_key="")

    for call in (lambda: gateway.config("USD"), lambda: gateway.initialize(init_request())):
        with pytest.raises(PaymentError, match="not configured"):
            call()
