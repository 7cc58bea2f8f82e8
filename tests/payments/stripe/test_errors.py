"""Stripe's failures as ``PaymentError``s: the buyer reads Stripe's card message or ours, never
Stripe's internal text, and never a key."""

import pytest
import stripe

from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from payments.stripe.client import UNAVAILABLE, stripe_errors_as_payment_errors
from payments.stripe.gateway import StripeGateway
from tests.payments.stripe.conftest import action_request, init_request, process_request

CREATE = ("POST", "/v1/payment_intents")


def secrets_of(server):
    return (server.secret_key, server.secret_key[-8:], server.webhook_secret)


def assert_nothing_leaks(error: PaymentError, server) -> None:
    shown = " ".join([str(error), error.message, repr(error), repr(error.args)])
    for secret in secrets_of(server):
        assert secret not in shown
    assert "sk_" not in shown and "req_" not in shown and "127.0.0.1" not in shown


def test_stripe_unreachable_during_initialise_is_a_clear_error_and_nothing_is_created(gateway, stripe_server):
    with stripe_server.down(), pytest.raises(PaymentError) as caught:
        gateway.initialize(init_request())

    assert caught.value.code == TransactionInitializeErrorCode.INVALID
    assert (
        caught.value.message
        == "We could not reach the card processor. Nothing was charged; please try again."
    )
    assert_nothing_leaks(caught.value, stripe_server)
    assert caught.value.__cause__ is None
    assert stripe_server.payment_intents() == []
    # Back up: the retry goes through and creates one PaymentIntent.
    assert gateway.initialize(init_request()).psp_reference
    assert stripe_server.count(*CREATE) == 1


@pytest.mark.parametrize("operation", ["process", "charge", "refund", "cancel"])
def test_stripe_unreachable_during_other_calls_says_so(gateway, stripe_server, operation):
    pi_id = gateway.initialize(init_request()).psp_reference
    call = {
        "process": lambda: gateway.process(process_request(pi_id)),
        "charge": lambda: gateway.charge(action_request(pi_id, "10.00", key="k")),
        "refund": lambda: gateway.refund(action_request(pi_id, "10.00", key="k")),
        "cancel": lambda: gateway.cancel(action_request(pi_id, "10.00", key="k")),
    }[operation]

    with (
        stripe_server.down(),
        pytest.raises(PaymentError, match="could not reach the card processor") as caught,
    ):
        call()
    assert_nothing_leaks(caught.value, stripe_server)


def test_a_wrong_secret_key_is_the_shops_problem_not_shown_to_the_buyer(stripe_server):
    gateway = StripeGateway(secret_key="sk_test_wrong_key_1234567890", api_base=stripe_server.url)

    with pytest.raises(PaymentError) as caught:
        gateway.initialize(init_request())

    assert caught.value.message == UNAVAILABLE
    assert "7890" not in caught.value.message
    assert stripe_server.requests[0].status == 401


@pytest.mark.parametrize(
    ("exception", "message"),
    [
        (
            stripe.CardError("Your card was declined.", "payment_method", "card_declined", http_status=402),
            "Your card was declined.",
        ),
        (
            stripe.InvalidRequestError("Received unknown parameter: amout", "amout", http_status=400),
            UNAVAILABLE,
        ),
        (
            stripe.InvalidRequestError("Amount must be at least $0.50 usd", "amount", "amount_too_small"),
            "The amount is below the minimum the card processor accepts.",
        ),
        (
            stripe.AuthenticationError("Invalid API Key provided: sk_live_****abcd", http_status=401),
            UNAVAILABLE,
        ),
        (stripe.PermissionError("The provided key 'rk_live_***' does not have access"), UNAVAILABLE),
        (stripe.IdempotencyError("Keys for idempotent requests can only be used..."), UNAVAILABLE),
        (stripe.RateLimitError("Too many requests"), UNAVAILABLE),
        (stripe.APIError("Internal server error at req_123", http_status=500), UNAVAILABLE),
    ],
)
def test_stripe_exceptions_become_messages_for_the_buyer(exception, message):
    with pytest.raises(PaymentError) as caught, stripe_errors_as_payment_errors("initialize"):
        raise exception

    assert caught.value.message == message
    assert caught.value.code == TransactionInitializeErrorCode.INVALID


def test_a_card_error_without_a_message_still_says_declined():
    with pytest.raises(PaymentError, match="declined"), stripe_errors_as_payment_errors("charge"):
        raise stripe.CardError(None, None, "card_declined")


def test_other_exceptions_are_bugs_and_pass_through():
    with pytest.raises(KeyError), stripe_errors_as_payment_errors("process"):
        raise KeyError("status")
