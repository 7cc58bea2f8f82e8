"""Webhooks: verified with the ``stripe`` library, then answered by re-reading the payment."""

import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest

from payments.contract import SettlementKind, TransactionEventType
from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from payments.stripe.gateway import StripeGateway
from tests.payments.stripe.conftest import action_request, init_request, money

E = TransactionEventType
GET_PI = ("GET", "/v1/payment_intents/{id}")


@pytest.fixture
def paid(gateway, stripe_server):
    """A PaymentIntent id, USD 10.00 charged."""
    started = gateway.initialize(init_request("10.00"))
    stripe_server.confirm(started.psp_reference, "pm_card_visa")
    return started.psp_reference


def deliver(gateway, stripe_server, event, **signing):
    body, headers = stripe_server.signed(event, **signing)
    return gateway.webhook_process(gateway.webhook_verify(headers, body))


def test_verify_decodes_a_signed_event_and_finds_its_payment(gateway, stripe_server, paid):
    event = stripe_server.events_of("payment_intent.succeeded")[-1]
    body, headers = stripe_server.signed(event)

    message = gateway.webhook_verify(headers, body)

    assert (message.event_id, message.event_type, message.psp_reference) == (event["id"], event["type"], paid)
    assert message.payload == json.loads(body)


def test_verify_reads_the_header_whatever_its_case(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1])

    assert (
        gateway.webhook_verify({"stripe-signature": headers["Stripe-Signature"]}, body).psp_reference == paid
    )


@pytest.mark.parametrize(
    ("event_type", "make"),
    [
        ("charge.refunded", lambda s, pi: s.refund(pi, 100)["charge"]),
        ("charge.dispute.created", lambda s, pi: s.open_dispute(pi)["id"]),
        ("charge.refund.updated", lambda s, pi: s.refund(pi, 100)["id"]),
    ],
)
def test_verify_finds_the_payment_of_charges_refunds_and_disputes(
    gateway, stripe_server, paid, event_type, make
):
    event = stripe_server.event(event_type, make(stripe_server, paid))
    body, headers = stripe_server.signed(event)

    assert gateway.webhook_verify(headers, body).psp_reference == paid


def refused(gateway, headers, body):
    with pytest.raises(PaymentError) as caught:
        gateway.webhook_verify(headers, body)
    assert caught.value.code == TransactionInitializeErrorCode.INVALID
    return caught.value


def test_a_tampered_body_is_refused(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1])
    tampered = body.replace(b'"amount": 1000', b'"amount": 1')
    assert tampered != body

    refused(gateway, headers, tampered)


def test_a_body_signed_with_another_secret_is_refused(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1], secret="whsec_someone_else")

    refused(gateway, headers, body)


def test_a_stale_signature_is_refused(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1], timestamp=int(time.time()) - 301)

    refused(gateway, headers, body)


def test_a_signature_a_minute_old_is_accepted(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1], timestamp=int(time.time()) - 60)

    assert gateway.webhook_verify(headers, body).psp_reference == paid


@pytest.mark.parametrize("header", [None, "", "garbage", "t=abc,v1=00", "t=1700000000"])
def test_a_missing_or_malformed_signature_header_is_refused(gateway, stripe_server, paid, header):
    body, _ = stripe_server.signed(stripe_server.events[-1])

    refused(gateway, {} if header is None else {"Stripe-Signature": header}, body)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"id": "evt_1", "type": "x"}',
        b'{"id": 1, "type": "x", "data": {"object": {}}}',
        b"\xff\xfe",
    ],
)
def test_a_correctly_signed_body_that_is_no_stripe_event_is_refused(gateway, stripe_server, body):
    stamp = int(time.time())
    signature = hmac.new(stripe_server.webhook_secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    refused(gateway, {"Stripe-Signature": f"t={stamp},v1={signature.hexdigest()}"}, body)


def test_without_a_webhook_secret_every_webhook_is_refused(stripe_server, paid):
    gateway = StripeGateway(
        secret_key=stripe_server.secret_key, webhook_secret="", api_base=stripe_server.url
    )
    body, headers = stripe_server.signed(stripe_server.events[-1])

    assert "not configured" in refused(gateway, headers, body).message


def test_a_webhook_reports_the_payment_as_it_is_now(gateway, stripe_server, paid):
    result = deliver(gateway, stripe_server, stripe_server.events_of("payment_intent.succeeded")[-1])

    assert [(e.type, e.amount) for e in result.events] == [(E.CHARGE_SUCCESS, money("10.00"))]
    assert result.psp_reference == paid
    assert [s.kind for s in result.settlements] == [SettlementKind.CHARGE]


def test_out_of_order_processing_after_succeeded_reports_the_success_twice(gateway, stripe_server):
    started = gateway.initialize(init_request("10.00"))
    stripe_server.confirm(started.psp_reference, "pm_usBankAccount")
    stripe_server.complete_processing(started.psp_reference)
    processing = stripe_server.events_of("payment_intent.processing")[-1]
    succeeded = stripe_server.events_of("payment_intent.succeeded")[-1]
    assert processing["data"]["object"]["status"] == "processing"  # the stale snapshot

    late_first = deliver(gateway, stripe_server, succeeded)
    late_second = deliver(gateway, stripe_server, processing)

    assert late_first == late_second
    assert [e.type for e in late_second.events] == [E.CHARGE_SUCCESS]


def test_a_webhook_delivered_three_times_reports_the_same_events(gateway, stripe_server, paid):
    event = stripe_server.events_of("payment_intent.succeeded")[-1]

    results = [deliver(gateway, stripe_server, event) for _ in range(3)]

    assert results[0] == results[1] == results[2]
    assert stripe_server.count(*GET_PI) == 3  # re-read each time, never trusted from the body


def test_a_failed_payment_webhook_carries_the_decline(gateway, stripe_server):
    started = gateway.initialize(init_request("10.00"))
    stripe_server.confirm(started.psp_reference, "pm_card_chargeDeclined")

    result = deliver(gateway, stripe_server, stripe_server.events_of("payment_intent.payment_failed")[-1])

    assert [(e.type, e.message) for e in result.events] == [(E.CHARGE_FAILURE, "Your card was declined.")]


def test_charge_refunded_reports_every_refund_and_its_settlement(gateway, stripe_server, paid):
    gateway.refund(action_request(paid, "3.00", key="refund-1"))
    gateway.refund(action_request(paid, "2.00", key="refund-2"))

    result = deliver(gateway, stripe_server, stripe_server.events_of("charge.refunded")[-1])

    refunds = stripe_server.ledger.of_kind("refund")
    assert [(e.type, e.amount, e.psp_reference) for e in result.events] == [
        (E.CHARGE_SUCCESS, money("10.00"), paid),
        (E.REFUND_SUCCESS, money("2.00"), refunds[0]["id"]),
        (E.REFUND_SUCCESS, money("3.00"), refunds[1]["id"]),
    ]
    assert [(s.kind, s.amount, s.source_reference) for s in result.settlements[1:]] == [
        (SettlementKind.REFUND, money("-2.00"), refunds[0]["id"]),
        (SettlementKind.REFUND, money("-3.00"), refunds[1]["id"]),
    ]


def test_a_pending_refund_that_fails_is_a_refund_failure_and_its_money_returns(gateway, stripe_server, paid):
    stripe_server.ledger.refund_status = "pending"
    requested = gateway.refund(action_request(paid, "4.00", key="refund-1"))
    refund_id = requested.events[0].psp_reference
    stripe_server.settle_refund(refund_id, "failed")

    result = deliver(gateway, stripe_server, stripe_server.events_of("charge.refund.updated")[-1])

    (failure,) = [e for e in result.events if e.psp_reference == refund_id]
    assert failure.type is E.REFUND_FAILURE
    assert "expired_or_canceled_card" in failure.message
    assert [(s.kind, s.amount) for s in result.settlements if s.source_reference == refund_id] == [
        (SettlementKind.REFUND, money("-4.00")),
        (SettlementKind.ADJUSTMENT, money("4.00")),
    ]


def test_a_dispute_is_a_chargeback_with_its_withdrawal_and_fee(gateway, stripe_server, paid):
    dispute = stripe_server.open_dispute(paid, reason="fraudulent")

    result = deliver(gateway, stripe_server, stripe_server.events_of("charge.dispute.created")[-1])

    chargeback = result.events[-1]
    assert (chargeback.type, chargeback.amount, chargeback.psp_reference) == (
        E.CHARGE_BACK,
        money("10.00"),
        dispute["id"],
    )
    assert "fraudulent" in chargeback.message
    (withdrawal,) = [s for s in result.settlements if s.kind is SettlementKind.DISPUTE]
    assert (withdrawal.amount, withdrawal.fee, withdrawal.net) == (
        money("-10.00"),
        money("15.00"),
        money("-25.00"),
    )
    assert withdrawal.source_reference == dispute["id"]


def test_a_won_dispute_reinstates_the_funds(gateway, stripe_server, paid):
    dispute = stripe_server.open_dispute(paid)
    stripe_server.close_dispute(dispute["id"], won=True)

    result = deliver(gateway, stripe_server, stripe_server.events_of("charge.dispute.closed")[-1])

    assert [(s.kind, s.amount) for s in result.settlements if s.source_reference == dispute["id"]] == [
        (SettlementKind.DISPUTE, money("-10.00")),
        (SettlementKind.DISPUTE_REVERSAL, money("10.00")),
    ]


def test_a_dispute_without_its_payment_intent_is_traced_through_its_charge(gateway, stripe_server, paid):
    dispute = stripe_server.open_dispute(paid)
    event = stripe_server.event("charge.dispute.created", dispute["id"])
    del event["data"]["object"]["payment_intent"]
    body, headers = stripe_server.signed(event)

    message = gateway.webhook_verify(headers, body)
    result = gateway.webhook_process(message)

    assert message.psp_reference is None
    assert result.psp_reference == paid
    assert result.events[-1].type is E.CHARGE_BACK


def test_settlements_of_a_payment_settled_in_rupiah(gateway, stripe_server):
    stripe_server.settlement.currency = "idr"
    stripe_server.settlement.rates = {"usd": Decimal("15850.5")}
    stripe_server.settlement.fee_fixed = 0
    stripe_server.settlement.dispute_fee = 23775000  # Rp 237,750.00
    started = gateway.initialize(init_request("10.00"))
    stripe_server.confirm(started.psp_reference)
    gateway.refund(action_request(started.psp_reference, "4.00", key="refund-1"))
    stripe_server.open_dispute(started.psp_reference)

    refunded = deliver(gateway, stripe_server, stripe_server.events_of("charge.refunded")[-1])
    disputed = deliver(gateway, stripe_server, stripe_server.events_of("charge.dispute.created")[-1])

    charge, refund = refunded.settlements
    assert (charge.amount, charge.fee, charge.net) == (
        money("158505.00", "IDR"),
        money("4596.65", "IDR"),
        money("153908.35", "IDR"),
    )
    assert (refund.amount, refund.fee, refund.net) == (
        money("-63402.00", "IDR"),
        money("0", "IDR"),
        money("-63402.00", "IDR"),
    )
    dispute = disputed.settlements[-1]
    assert (dispute.amount, dispute.fee, dispute.net) == (
        money("-95103.00", "IDR"),
        money("237750.00", "IDR"),
        money("-332853.00", "IDR"),
    )
    assert {s.exchange_rate for s in (charge, refund, dispute)} == {Decimal("15850.5")}
    # The buyer's side stays in dollars.
    assert disputed.events[-1].amount == money("6.00")


def test_an_event_about_something_else_is_answered_without_calling_stripe(gateway, stripe_server):
    event = {
        "id": "evt_1",
        "object": "event",
        "type": "customer.created",
        "data": {"object": {"object": "customer", "id": "cus_1"}},
    }

    result = deliver(gateway, stripe_server, event)

    assert result.events == () and result.psp_reference is None
    assert stripe_server.requests == []


def test_a_webhook_when_stripe_is_unreachable_fails_to_be_retried(gateway, stripe_server, paid):
    body, headers = stripe_server.signed(stripe_server.events[-1])
    message = gateway.webhook_verify(headers, body)

    with stripe_server.down(), pytest.raises(PaymentError, match="could not reach"):
        gateway.webhook_process(message)
    assert gateway.webhook_process(message).events[0].type is E.CHARGE_SUCCESS


def test_every_event_of_a_payment_reports_its_final_state(gateway, stripe_server, paid):
    gateway.refund(action_request(paid, "10.00", key="refund-1"))
    events = stripe_server.events_about(paid)

    results = [deliver(gateway, stripe_server, event) for event in events]

    assert [e["type"] for e in events] == [
        "payment_intent.created",
        "charge.succeeded",
        "payment_intent.succeeded",
        "refund.created",
        "charge.refunded",
    ]
    assert {r.events[0].type for r in results} == {E.CHARGE_SUCCESS}
    assert [e.type for e in results[-1].events] == [E.CHARGE_SUCCESS, E.REFUND_SUCCESS]
    assert results[-2] == results[-1]  # refund.created and charge.refunded report the same
