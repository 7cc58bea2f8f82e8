"""Stripe's objects as the contract's events and settlements: pure functions, no API calls.

They read PaymentIntents, charges, refunds, disputes and balance transactions as Stripe returns
them (``StripeObject``s from the client or the plain dicts of a webhook body: both are mappings),
with ``latest_charge.balance_transaction`` and refunds' ``balance_transaction`` expanded by the
caller. A state is reported with the PSP reference that names it (the PaymentIntent for its
status, the refund or dispute for those), so reading the same state twice gives events with the
same ``event_key()``, which the recorder keeps once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from payments.contract import Settlement, SettlementKind, TransactionEvent, TransactionEventType
from payments.stripe.amounts import from_stripe_amount

Event = TransactionEventType

# PaymentIntent statuses in which the buyer's browser still has to act (and may, with the secret).
PAYABLE_STATUSES = frozenset({"requires_payment_method", "requires_confirmation", "requires_action"})

CONFIRM_IN_BROWSER = "Confirm the payment in the browser with Stripe.js and the client secret."
AUTHENTICATE_IN_BROWSER = "The card's bank asks the buyer to authenticate (3-D Secure) in the browser."
PAYMENT_FAILED = "The payment failed; the buyer may try again with another payment method."


def is_manual_capture(payment_intent: Mapping[str, Any]) -> bool:
    return payment_intent.get("capture_method") == "manual"


def dashboard_url(payment_intent: Mapping[str, Any]) -> str:
    mode = "" if payment_intent.get("livemode") else "test/"
    return f"https://dashboard.stripe.com/{mode}payments/{payment_intent['id']}"


def client_secret_data(payment_intent: Mapping[str, Any]) -> dict[str, Any]:
    """What the storefront needs to confirm (or authenticate) the payment with Stripe.js."""
    return {"paymentIntent": {"stripeClientSecret": payment_intent.get("client_secret")}}


def _id(value: Any) -> str | None:
    """The id of an expandable field: the id itself, or the expanded object's."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def _failure_message(error: Mapping[str, Any]) -> str:
    # Stripe's card-error messages are written for buyers; its other messages are not.
    if error.get("type") == "card_error" and error.get("message"):
        return str(error["message"])
    return PAYMENT_FAILED


def payment_intent_events(payment_intent: Mapping[str, Any]) -> tuple[TransactionEvent, ...]:
    """The one event that says where ``payment_intent`` stands now (none for an unknown status)."""
    pi_id = payment_intent["id"]
    currency = payment_intent["currency"]
    manual = is_manual_capture(payment_intent)
    url = dashboard_url(payment_intent)

    def event(
        event_type: Event, minor: int, message: str = "", psp_reference: str = pi_id
    ) -> TransactionEvent:
        amount = from_stripe_amount(minor, currency)
        return TransactionEvent(event_type, amount, psp_reference, message, url)

    status = payment_intent.get("status")
    amount = payment_intent["amount"]
    if status == "succeeded":
        return (event(Event.CHARGE_SUCCESS, payment_intent["amount_received"]),)
    if status == "requires_capture":
        return (event(Event.AUTHORIZATION_SUCCESS, payment_intent["amount_capturable"]),)
    if status == "processing":
        return (event(Event.AUTHORIZATION_REQUEST if manual else Event.CHARGE_REQUEST, amount),)
    if status == "canceled":
        return (event(Event.CANCEL_SUCCESS, amount),)
    error = payment_intent.get("last_payment_error")
    if status == "requires_payment_method" and error:
        failure = Event.AUTHORIZATION_FAILURE if manual else Event.CHARGE_FAILURE
        # A failed attempt with a charge is named by it, so a second declined card is a second event.
        return (event(failure, amount, _failure_message(error), _id(error.get("charge")) or pi_id),)
    if status in PAYABLE_STATUSES:
        action = Event.AUTHORIZATION_ACTION_REQUIRED if manual else Event.CHARGE_ACTION_REQUIRED
        message = AUTHENTICATE_IN_BROWSER if status == "requires_action" else CONFIRM_IN_BROWSER
        return (event(action, amount, message),)
    return ()


def settlement(
    balance_transaction: Mapping[str, Any], kind: SettlementKind, source_reference: str
) -> Settlement:
    """A balance transaction: its amounts are in the settlement currency (IDR for the cooperative)."""
    currency = balance_transaction["currency"]
    rate = balance_transaction.get("exchange_rate")
    available_on = balance_transaction.get("available_on")
    return Settlement(
        psp_reference=balance_transaction["id"],
        source_reference=source_reference,
        kind=kind,
        amount=from_stripe_amount(balance_transaction["amount"], currency),
        fee=from_stripe_amount(balance_transaction["fee"], currency),
        net=from_stripe_amount(balance_transaction["net"], currency),
        # JSON numbers arrive as floats; their shortest repr is the decimal Stripe sent.
        exchange_rate=None if rate is None else Decimal(repr(rate)),
        available_on=None if available_on is None else datetime.fromtimestamp(available_on, tz=UTC),
    )


def _expanded(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def charge_settlements(payment_intent: Mapping[str, Any]) -> tuple[Settlement, ...]:
    """The settlement of the PaymentIntent's latest charge, once Stripe has booked it."""
    charge = _expanded(payment_intent.get("latest_charge"))
    if charge is None:
        return ()
    txn = _expanded(charge.get("balance_transaction"))
    return () if txn is None else (settlement(txn, SettlementKind.CHARGE, charge["id"]),)


def refund_events(refunds: Iterable[Mapping[str, Any]]) -> tuple[TransactionEvent, ...]:
    """Each refund's state, named by the refund's id."""
    events = []
    for refund in refunds:
        status = refund.get("status")
        if status == "succeeded":
            event_type, message = Event.REFUND_SUCCESS, ""
        elif status in ("pending", "requires_action"):
            event_type, message = Event.REFUND_REQUEST, ""
        elif status in ("failed", "canceled"):
            event_type = Event.REFUND_FAILURE
            message = f"The refund {status}: {refund.get('failure_reason') or 'no reason given'}."
        else:
            continue
        amount = from_stripe_amount(refund["amount"], refund["currency"])
        events.append(TransactionEvent(event_type, amount, refund["id"], message))
    return tuple(events)


def refund_settlements(refunds: Iterable[Mapping[str, Any]]) -> tuple[Settlement, ...]:
    """What each refund took back (negative), and what a failed refund returned (positive)."""
    settlements = []
    for refund in refunds:
        txn = _expanded(refund.get("balance_transaction"))
        if txn is not None:
            settlements.append(settlement(txn, SettlementKind.REFUND, refund["id"]))
        reversal = _expanded(refund.get("failure_balance_transaction"))
        if reversal is not None:
            settlements.append(settlement(reversal, SettlementKind.ADJUSTMENT, refund["id"]))
    return tuple(settlements)


def dispute_events(disputes: Iterable[Mapping[str, Any]]) -> tuple[TransactionEvent, ...]:
    """A chargeback for each dispute of the payment, named by the dispute's id."""
    return tuple(
        TransactionEvent(
            Event.CHARGE_BACK,
            from_stripe_amount(dispute["amount"], dispute["currency"]),
            dispute["id"],
            f"The buyer's bank disputes the payment ({dispute.get('reason') or 'no reason given'}).",
        )
        for dispute in disputes
    )


def dispute_settlements(disputes: Iterable[Mapping[str, Any]]) -> tuple[Settlement, ...]:
    """The dispute's withdrawal and fee (negative) and, if the seller won, the reinstatement."""
    return tuple(
        settlement(
            txn,
            SettlementKind.DISPUTE if txn["amount"] < 0 else SettlementKind.DISPUTE_REVERSAL,
            dispute["id"],
        )
        for dispute in disputes
        for txn in dispute.get("balance_transactions") or ()
    )


def webhook_payment_intent_id(event: Mapping[str, Any]) -> str | None:
    """The PaymentIntent an event concerns, read from the event alone (no API call)."""
    data = event.get("data")
    obj = data.get("object") if isinstance(data, Mapping) else None
    if not isinstance(obj, Mapping):
        return None
    if obj.get("object") == "payment_intent":
        return _id(obj.get("id"))
    if obj.get("object") in ("charge", "dispute", "refund"):
        return _id(obj.get("payment_intent"))
    return None
