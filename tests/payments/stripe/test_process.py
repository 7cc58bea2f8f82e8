"""``process``: after the browser, the gateway re-reads the PaymentIntent and reports its state."""

from decimal import Decimal

import pytest

from payments.contract import FlowStrategy, SettlementKind, TransactionEventType
from payments.error_codes import PaymentError
from tests.payments.stripe.conftest import init_request, money, process_request

E = TransactionEventType


def rupiah(amount: str):
    return money(amount, "IDR")


@pytest.fixture
def started(gateway):
    """A PaymentIntent for USD 10.00 the browser has not confirmed yet (charge at once)."""
    return gateway.initialize(init_request("10.00"))


@pytest.fixture
def authorising(gateway):
    return gateway.initialize(init_request("10.00", action=FlowStrategy.AUTHORIZATION))


def test_not_yet_confirmed_still_needs_the_browser(gateway, started):
    result = gateway.process(process_request(started.psp_reference))

    assert [e.type for e in result.events] == [E.CHARGE_ACTION_REQUIRED]
    assert result.data == started.data


def test_a_confirmed_charge_is_a_charge_success_with_its_settlement(gateway, stripe_server, started):
    stripe_server.confirm(started.psp_reference, "pm_card_visa")

    result = gateway.process(process_request(started.psp_reference))

    (event,) = result.events
    assert (event.type, event.amount, event.psp_reference) == (
        E.CHARGE_SUCCESS,
        money("10.00"),
        started.psp_reference,
    )
    assert event.external_url.endswith(f"/test/payments/{started.psp_reference}")
    assert result.data == {}
    (settlement,) = result.settlements
    charge = stripe_server.get(stripe_server.payment_intent(started.psp_reference)["latest_charge"])
    assert settlement.kind is SettlementKind.CHARGE
    assert settlement.source_reference == charge["id"]
    assert settlement.psp_reference == charge["balance_transaction"]
    # Settled in USD: 2.9% + 30 cents, no conversion.
    assert (settlement.amount, settlement.fee, settlement.net) == (
        money("10.00"),
        money("0.59"),
        money("9.41"),
    )
    assert settlement.exchange_rate is None
    assert settlement.available_on is not None


def test_an_authorised_payment_is_an_authorization_success(gateway, stripe_server, authorising):
    stripe_server.confirm(authorising.psp_reference, "pm_card_mastercard")

    result = gateway.process(process_request(authorising.psp_reference))

    assert [(e.type, e.amount) for e in result.events] == [(E.AUTHORIZATION_SUCCESS, money("10.00"))]
    assert result.settlements == ()  # nothing is booked before the capture


def test_3d_secure_hands_the_client_secret_back_then_succeeds(gateway, stripe_server, started):
    stripe_server.confirm(started.psp_reference, "pm_card_threeDSecure2Required")

    challenged = gateway.process(process_request(started.psp_reference))
    stripe_server.complete_authentication(started.psp_reference)
    paid = gateway.process(process_request(started.psp_reference))

    assert [e.type for e in challenged.events] == [E.CHARGE_ACTION_REQUIRED]
    assert "3-D Secure" in challenged.events[0].message
    assert challenged.data == started.data
    assert [e.type for e in paid.events] == [E.CHARGE_SUCCESS]


def test_3d_secure_on_an_authorisation(gateway, stripe_server, authorising):
    stripe_server.confirm(authorising.psp_reference, "pm_card_threeDSecure2Required")

    result = gateway.process(process_request(authorising.psp_reference))

    assert [e.type for e in result.events] == [E.AUTHORIZATION_ACTION_REQUIRED]


def test_failed_3d_secure_is_a_failure_the_buyer_can_retry(gateway, stripe_server, started):
    stripe_server.confirm(started.psp_reference, "pm_card_threeDSecure2Required")
    stripe_server.complete_authentication(started.psp_reference, succeed=False)

    result = gateway.process(process_request(started.psp_reference))

    (event,) = result.events
    assert event.type is E.CHARGE_FAILURE
    assert "authentication" not in event.message  # Stripe's text for it is not for buyers
    assert result.data == started.data


@pytest.mark.parametrize(
    ("payment_method", "message"),
    [
        ("pm_card_chargeDeclined", "Your card was declined."),
        ("pm_card_chargeDeclinedInsufficientFunds", "Your card has insufficient funds."),
        ("pm_card_chargeDeclinedExpiredCard", "Your card has expired."),
    ],
)
def test_a_declined_card_is_a_failure_with_stripes_message_for_the_buyer(
    gateway, stripe_server, started, payment_method, message
):
    stripe_server.confirm(started.psp_reference, payment_method)

    result = gateway.process(process_request(started.psp_reference))

    (event,) = result.events
    assert (event.type, event.message, event.amount) == (E.CHARGE_FAILURE, message, money("10.00"))
    assert event.psp_reference == stripe_server.payment_intent(started.psp_reference)["latest_charge"]
    assert result.data == started.data  # another card may be tried on the same PaymentIntent
    assert result.settlements == ()


def test_a_declined_authorisation_is_an_authorization_failure(gateway, stripe_server, authorising):
    stripe_server.confirm(authorising.psp_reference, "pm_card_chargeDeclined")

    assert (
        gateway.process(process_request(authorising.psp_reference)).events[0].type is E.AUTHORIZATION_FAILURE
    )


def test_two_declined_cards_are_two_events_then_a_success(gateway, stripe_server, started):
    keys = []
    for payment_method in (
        "pm_card_chargeDeclined",
        "pm_card_chargeDeclinedInsufficientFunds",
        "pm_card_visa",
    ):
        stripe_server.confirm(started.psp_reference, payment_method)
        keys.append(gateway.process(process_request(started.psp_reference)).events[0].event_key())

    assert len(set(keys)) == 3
    assert keys[2] == (started.psp_reference, "CHARGE_SUCCESS")


@pytest.mark.parametrize(
    ("action", "expected"),
    [(FlowStrategy.CHARGE, E.CHARGE_REQUEST), (FlowStrategy.AUTHORIZATION, E.AUTHORIZATION_REQUEST)],
)
def test_a_processing_debit_is_a_request(gateway, stripe_server, action, expected):
    started = gateway.initialize(init_request("10.00", action=action))
    stripe_server.confirm(started.psp_reference, "pm_usBankAccount")

    result = gateway.process(process_request(started.psp_reference))

    assert [(e.type, e.amount) for e in result.events] == [(expected, money("10.00"))]


def test_a_canceled_payment_is_a_cancel_success(gateway, stripe_server, started):
    stripe_server.cancel(started.psp_reference, "abandoned")

    assert [e.type for e in gateway.process(process_request(started.psp_reference)).events] == [
        E.CANCEL_SUCCESS
    ]


def test_processing_twice_reports_the_same_events(gateway, stripe_server, started):
    stripe_server.confirm(started.psp_reference, "pm_card_visa")

    assert gateway.process(process_request(started.psp_reference)) == gateway.process(
        process_request(started.psp_reference)
    )


def test_settlement_in_rupiah_converts_at_stripes_rate_less_its_fee(gateway, stripe_server):
    stripe_server.settlement.currency = "idr"
    stripe_server.settlement.rates = {"usd": Decimal("15850.5"), "jpy": Decimal("104.25")}
    stripe_server.settlement.fee_fixed = 200000  # Rp 2,000.00
    paid = []
    for amount, currency in (("25.00", "USD"), ("1500", "JPY")):
        started = gateway.initialize(init_request(amount, currency, key=currency))
        stripe_server.confirm(started.psp_reference, "pm_card_visa")
        paid.append(gateway.process(process_request(started.psp_reference, amount, currency)).settlements[0])

    usd, jpy = paid
    # USD 25.00 x 15850.5 = Rp 396,262.50; fee 2.9% of it (11,491.61) + Rp 2,000.00.
    assert usd.amount == rupiah("396262.50")
    assert usd.fee == rupiah("13491.61")
    assert usd.net == rupiah("382770.89")
    assert usd.exchange_rate == Decimal("15850.5")
    # JPY 1,500 x 104.25 = Rp 156,375.00; fee 4,534.88 + 2,000.00.
    assert (jpy.amount, jpy.fee, jpy.net) == (rupiah("156375.00"), rupiah("6534.88"), rupiah("149840.12"))
    assert jpy.exchange_rate == Decimal("104.25")


def test_process_needs_a_payment_to_read(gateway, stripe_server):
    with pytest.raises(PaymentError) as caught:
        gateway.process(process_request(None))

    assert caught.value.field == "id"
    assert stripe_server.requests == []


def test_a_payment_stripe_does_not_know_is_reported_plainly(gateway):
    with pytest.raises(PaymentError, match="does not know this payment"):
        gateway.process(process_request("pi_unknown"))
