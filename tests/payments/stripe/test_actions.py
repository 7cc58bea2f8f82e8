"""Staff actions: capture (``charge``), ``refund`` and ``cancel``, each with its own idempotency key."""

import pytest

from payments.contract import FlowStrategy, SettlementKind, TransactionEventType
from payments.error_codes import PaymentError
from tests.payments.stripe.conftest import action_request, init_request, money

E = TransactionEventType
CAPTURE = ("POST", "/v1/payment_intents/{id}/capture")
CANCEL = ("POST", "/v1/payment_intents/{id}/cancel")
REFUND = ("POST", "/v1/refunds")


@pytest.fixture
def authorised(gateway, stripe_server):
    """A PaymentIntent id, USD 10.00 authorised and not captured."""
    started = gateway.initialize(init_request("10.00", action=FlowStrategy.AUTHORIZATION))
    stripe_server.confirm(started.psp_reference, "pm_card_visa")
    return started.psp_reference


@pytest.fixture
def charged(gateway, stripe_server):
    """A PaymentIntent id, USD 10.00 charged."""
    started = gateway.initialize(init_request("10.00"))
    stripe_server.confirm(started.psp_reference, "pm_card_visa")
    return started.psp_reference


def test_capture_charges_the_authorisation(gateway, stripe_server, authorised):
    result = gateway.charge(action_request(authorised, "10.00", key="capture-1"))

    assert [(e.type, e.amount, e.psp_reference) for e in result.events] == [
        (E.CHARGE_SUCCESS, money("10.00"), authorised)
    ]
    assert [s.kind for s in result.settlements] == [SettlementKind.CHARGE]
    capture = next(r for r in stripe_server.requests if (r.method, r.route) == CAPTURE)
    assert capture.params["amount_to_capture"] == "1000"
    assert capture.idempotency_key == "asal-capture-capture-1"
    assert stripe_server.payment_intent(authorised)["status"] == "succeeded"


def test_a_partial_capture_charges_only_that_amount(gateway, stripe_server, authorised):
    result = gateway.charge(action_request(authorised, "6.50", key="capture-1"))

    assert result.events[0].amount == money("6.50")
    assert result.settlements[0].amount == money("6.50")


def test_a_retried_capture_captures_once(gateway, stripe_server, authorised):
    first = gateway.charge(action_request(authorised, "10.00", key="capture-1"))
    same_key = gateway.charge(action_request(authorised, "10.00", key="capture-1"))
    other_key = gateway.charge(action_request(authorised, "10.00", key="capture-2"))

    assert first == same_key == other_key
    assert stripe_server.count(*CAPTURE) == 1


def test_capturing_more_than_authorised_is_refused_before_stripe(gateway, stripe_server, authorised):
    with pytest.raises(PaymentError, match=r"At most 10\.00 USD") as caught:
        gateway.charge(action_request(authorised, "10.01", key="capture-1"))

    assert caught.value.field == "amount"
    assert stripe_server.count(*CAPTURE) == 0


def test_a_payment_not_authorised_cannot_be_captured(gateway, stripe_server):
    started = gateway.initialize(init_request("10.00", action=FlowStrategy.AUTHORIZATION))

    with pytest.raises(PaymentError, match="requires_payment_method"):
        gateway.charge(action_request(started.psp_reference, "10.00", key="capture-1"))
    assert stripe_server.count(*CAPTURE) == 0


def test_partial_refunds_then_the_rest(gateway, stripe_server, charged):
    first = gateway.refund(action_request(charged, "3.00", key="refund-1"))
    second = gateway.refund(action_request(charged, "2.50", key="refund-2"))
    rest = gateway.refund(action_request(charged, "4.50", key="refund-3"))

    events = [r.events[0] for r in (first, second, rest)]
    assert [(e.type, e.amount) for e in events] == [
        (E.REFUND_SUCCESS, money("3.00")),
        (E.REFUND_SUCCESS, money("2.50")),
        (E.REFUND_SUCCESS, money("4.50")),
    ]
    assert len({e.event_key() for e in events}) == 3
    assert all(e.psp_reference.startswith("re_") for e in events)
    assert {r.psp_reference for r in (first, second, rest)} == {charged}
    assert [r.settlements[0].amount for r in (first, second, rest)] == [
        money("-3.00"),
        money("-2.50"),
        money("-4.50"),
    ]
    assert all(r.settlements[0].kind is SettlementKind.REFUND for r in (first, second, rest))
    charge = stripe_server.get(stripe_server.payment_intent(charged)["latest_charge"])
    assert (charge["amount_refunded"], charge["refunded"]) == (1000, True)


def test_a_refund_request_carries_its_key_and_reference(gateway, stripe_server, charged):
    gateway.refund(action_request(charged, "10.00", key="refund-1"))

    request = stripe_server.requests[-1]
    assert (request.method, request.route, request.idempotency_key) == (*REFUND, "asal-refund-refund-1")
    assert request.params["payment_intent"] == charged
    assert request.params["amount"] == "1000"
    assert request.params["metadata"] == {"reference": "order-1"}


def test_a_retried_refund_refunds_once(gateway, stripe_server, charged):
    first = gateway.refund(action_request(charged, "4.00", key="refund-1"))
    again = gateway.refund(action_request(charged, "4.00", key="refund-1"))

    assert again == first
    assert len(stripe_server.ledger.of_kind("refund")) == 1


def test_refunding_more_than_remains_is_refused_in_plain_words(gateway, stripe_server, charged):
    gateway.refund(action_request(charged, "8.00", key="refund-1"))

    with pytest.raises(PaymentError) as caught:
        gateway.refund(action_request(charged, "2.01", key="refund-2"))

    assert caught.value.message == "The amount is larger than the card processor accepts for this payment."
    assert "unrefunded" not in caught.value.message


def test_a_pending_refund_is_a_refund_request(gateway, stripe_server, charged):
    stripe_server.ledger.refund_status = "pending"

    result = gateway.refund(action_request(charged, "10.00", key="refund-1"))

    assert [e.type for e in result.events] == [E.REFUND_REQUEST]


def test_a_refund_in_another_currency_is_refused(gateway, stripe_server, charged):
    with pytest.raises(PaymentError) as caught:
        gateway.refund(action_request(charged, "10.00", "EUR", key="refund-1"))

    assert caught.value.field == "amount"
    assert stripe_server.count(*REFUND) == 0


def test_an_uncharged_payment_cannot_be_refunded(gateway, authorised):
    with pytest.raises(PaymentError):
        gateway.refund(action_request(authorised, "10.00", key="refund-1"))


def test_cancel_releases_an_authorisation(gateway, stripe_server, authorised):
    result = gateway.cancel(action_request(authorised, "10.00", key="cancel-1"))

    assert [(e.type, e.amount, e.psp_reference) for e in result.events] == [
        (E.CANCEL_SUCCESS, money("10.00"), authorised)
    ]
    assert stripe_server.payment_intent(authorised)["status"] == "canceled"
    assert stripe_server.requests[-1].idempotency_key == "asal-cancel-cancel-1"


def test_a_retried_cancel_cancels_once(gateway, stripe_server, authorised):
    first = gateway.cancel(action_request(authorised, "10.00", key="cancel-1"))
    again = gateway.cancel(action_request(authorised, "10.00", key="cancel-2"))

    assert first == again
    assert stripe_server.count(*CANCEL) == 1


def test_a_charged_payment_is_refunded_not_canceled(gateway, stripe_server, charged):
    with pytest.raises(PaymentError, match="refund it instead"):
        gateway.cancel(action_request(charged, "10.00", key="cancel-1"))
    assert stripe_server.count(*CANCEL) == 0


@pytest.mark.parametrize("method", ["charge", "refund", "cancel"])
def test_actions_need_a_payment(gateway, stripe_server, method):
    with pytest.raises(PaymentError) as caught:
        getattr(gateway, method)(action_request(None, "10.00", key="k"))

    assert caught.value.field == "id"
    assert stripe_server.requests == []
