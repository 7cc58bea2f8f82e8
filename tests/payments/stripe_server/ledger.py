"""How the Stripe-shaped server's objects move: PaymentIntents confirmed with Stripe's test cards,
3-D Secure, processing debits, captures and cancels; refunds and disputes afterwards. Each move
records the events Stripe would send about it.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from tests.payments.stripe_server.errors import StripeApiError, not_found, unexpected_state
from tests.payments.stripe_server.store import Store, new_id, public

# Stripe's test PaymentMethods (docs.stripe.com/testing) and what confirming with each does.
SUCCEEDS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex"}
DECLINES = {
    "pm_card_chargeDeclined": ("card_declined", "generic_decline", "Your card was declined."),
    "pm_card_chargeDeclinedInsufficientFunds": (
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "pm_card_chargeDeclinedExpiredCard": ("expired_card", "expired_card", "Your card has expired."),
}
AUTHENTICATES = {"pm_card_threeDSecure2Required", "pm_card_authenticationRequired"}
PROCESSES = {"pm_usBankAccount"}  # debits settle later: the PaymentIntent stays ``processing``
AUTHENTICATION_FAILED = (
    "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new "
    "PaymentMethod to attempt to fulfill this PaymentIntent again."
)
CANCELABLE = (
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
)
CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


class Ledger(Store):
    """The transitions Stripe's API and its test cards cause."""

    # -- PaymentIntents ---------------------------------------------------------------------

    def create_payment_intent(self, params: dict[str, Any], amount: int) -> dict[str, Any]:
        currency = params.get("currency")
        if not isinstance(currency, str) or len(currency) != 3 or currency != currency.lower():
            raise StripeApiError(
                400, f"Invalid currency: {currency}.", code="parameter_invalid_string", param="currency"
            )
        if amount < 1:
            raise StripeApiError(400, "Amount must be at least 1.", code="amount_too_small", param="amount")
        capture_method = params.get("capture_method", "automatic_async")
        if capture_method not in ("automatic", "automatic_async", "manual"):
            raise StripeApiError(400, f"Invalid capture_method: {capture_method}", param="capture_method")
        pi_id = new_id("pi")
        automatic = params.get("automatic_payment_methods") or {}
        payment_intent = {
            "id": pi_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_capturable": 0,
            "amount_received": 0,
            "automatic_payment_methods": {
                "enabled": automatic.get("enabled") == "true",
                "allow_redirects": automatic.get("allow_redirects", "always"),
            }
            if automatic
            else None,
            "canceled_at": None,
            "cancellation_reason": None,
            "capture_method": capture_method,
            "client_secret": f"{pi_id}_secret_{secrets.token_hex(12)}",
            "confirmation_method": "automatic",
            "created": int(time.time()),
            "currency": currency,
            "description": params.get("description"),
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": dict(params.get("metadata") or {}),
            "next_action": None,
            "payment_method": params.get("payment_method"),
            "payment_method_types": ["card"],
            "receipt_email": params.get("receipt_email"),
            "status": "requires_confirmation" if params.get("payment_method") else "requires_payment_method",
        }
        self._store(payment_intent)
        self.record_event("payment_intent.created", payment_intent)
        return payment_intent

    def confirm(self, pi_id: str, payment_method: str | None) -> dict[str, Any]:
        """What the buyer's browser does with Stripe.js; a decline raises the 402 Stripe answers."""
        pi = self.get(pi_id, "payment_intent")
        if pi["status"] not in CONFIRMABLE:
            raise unexpected_state(
                f"This PaymentIntent's payment_method could not be updated because it has a status of "
                f"{pi['status']}. You may only update the payment_method of a PaymentIntent with one of the "
                f"following statuses: {', '.join(CONFIRMABLE)}."
            )
        payment_method = payment_method or pi["payment_method"]
        if payment_method is None:
            raise unexpected_state(
                "You cannot confirm this PaymentIntent because it's missing a payment method."
            )
        pi["payment_method"] = payment_method
        pi["next_action"] = None
        if payment_method in SUCCEEDS:
            return self._pay(pi)
        if payment_method in AUTHENTICATES:
            pi["status"] = "requires_action"
            pi["last_payment_error"] = None
            pi["next_action"] = {
                "type": "use_stripe_sdk",
                "use_stripe_sdk": {
                    "type": "three_d_secure_redirect",
                    "stripe_js": "https://hooks.stripe.com/3ds",
                },
            }
            self.record_event("payment_intent.requires_action", pi)
            return pi
        if payment_method in PROCESSES:
            pi["status"] = "processing"
            pi["last_payment_error"] = None
            self.record_event("payment_intent.processing", pi)
            return pi
        if payment_method in DECLINES:
            code, decline_code, message = DECLINES[payment_method]
            charge = self._charge(pi, status="failed", captured=False)
            charge.update(failure_code=code, failure_message=message)
            error = {
                "type": "card_error",
                "code": code,
                "decline_code": decline_code,
                "message": message,
                "charge": charge["id"],
                "payment_method": {"id": payment_method, "object": "payment_method", "type": "card"},
            }
            pi.update(status="requires_payment_method", last_payment_error=error, payment_method=None)
            self.record_event("charge.failed", charge)
            self.record_event("payment_intent.payment_failed", pi)
            raise StripeApiError(
                402,
                message,
                **{k: v for k, v in error.items() if k not in ("type", "message")},
                type="card_error",
                payment_intent=public(pi),
            )
        raise not_found("PaymentMethod", payment_method, "payment_method")

    def complete_authentication(self, pi_id: str, *, succeed: bool = True) -> dict[str, Any]:
        """The buyer passes (or fails) 3-D Secure in the bank's window."""
        pi = self.get(pi_id, "payment_intent")
        if pi["status"] != "requires_action":
            raise unexpected_state(f"PaymentIntent {pi_id} is {pi['status']}, not requires_action.")
        pi["next_action"] = None
        if succeed:
            return self._pay(pi)
        error = {
            "type": "invalid_request_error",
            "code": "payment_intent_authentication_failure",
            "message": AUTHENTICATION_FAILED,
        }
        pi.update(status="requires_payment_method", last_payment_error=error, payment_method=None)
        self.record_event("payment_intent.payment_failed", pi)
        return pi

    def complete_processing(self, pi_id: str, *, succeed: bool = True) -> dict[str, Any]:
        """A debit that was ``processing`` clears (or bounces)."""
        pi = self.get(pi_id, "payment_intent")
        if pi["status"] != "processing":
            raise unexpected_state(f"PaymentIntent {pi_id} is {pi['status']}, not processing.")
        if succeed:
            return self._pay(pi)
        error = {
            "type": "card_error",
            "code": "payment_method_provider_decline",
            "message": "The payment failed.",
        }
        pi.update(status="requires_payment_method", last_payment_error=error, payment_method=None)
        self.record_event("payment_intent.payment_failed", pi)
        return pi

    def _charge(self, pi: dict[str, Any], *, status: str, captured: bool) -> dict[str, Any]:
        charge = {
            "id": new_id("ch"),
            "object": "charge",
            "amount": pi["amount"],
            "amount_captured": pi["amount"] if captured else 0,
            "amount_refunded": 0,
            "balance_transaction": None,
            "captured": captured,
            "created": int(time.time()),
            "currency": pi["currency"],
            "disputed": False,
            "failure_code": None,
            "failure_message": None,
            "livemode": False,
            "metadata": dict(pi["metadata"]),
            "paid": status == "succeeded",
            "payment_intent": pi["id"],
            "payment_method": pi["payment_method"],
            "refunded": False,
            "status": status,
        }
        self._store(charge)
        pi["latest_charge"] = charge["id"]
        return charge

    def _pay(self, pi: dict[str, Any]) -> dict[str, Any]:
        manual = pi["capture_method"] == "manual"
        charge = self._charge(pi, status="succeeded", captured=not manual)
        pi["last_payment_error"] = None
        if manual:
            pi.update(status="requires_capture", amount_capturable=pi["amount"])
            self.record_event("charge.succeeded", charge)
            self.record_event("payment_intent.amount_capturable_updated", pi)
        else:
            charge["balance_transaction"] = self.book(
                charge["id"], "charge", "charge", pi["amount"], pi["currency"], "charge"
            )
            pi.update(status="succeeded", amount_received=pi["amount"])
            self.record_event("charge.succeeded", charge)
            self.record_event("payment_intent.succeeded", pi)
        return pi

    def capture(self, pi_id: str, amount: int | None) -> dict[str, Any]:
        pi = self.get(pi_id, "payment_intent")
        if pi["status"] != "requires_capture":
            raise unexpected_state(
                f"This PaymentIntent could not be captured because it has a status of {pi['status']}. Only a "
                "PaymentIntent with one of the following statuses may be captured: requires_capture."
            )
        amount = pi["amount_capturable"] if amount is None else amount
        if amount < 1 or amount > pi["amount_capturable"]:
            raise StripeApiError(
                400,
                "The amount to capture must be at most the amount capturable.",
                code="amount_too_large",
                param="amount_to_capture",
            )
        charge = self.get(pi["latest_charge"], "charge")
        charge.update(captured=True, amount_captured=amount)
        charge["balance_transaction"] = self.book(
            charge["id"], "charge", "charge", amount, pi["currency"], "charge"
        )
        pi.update(status="succeeded", amount_received=amount, amount_capturable=0)
        self.record_event("charge.captured", charge)
        self.record_event("payment_intent.succeeded", pi)
        return pi

    def cancel(self, pi_id: str, reason: str | None) -> dict[str, Any]:
        pi = self.get(pi_id, "payment_intent")
        if pi["status"] not in CANCELABLE:
            raise unexpected_state(
                f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}. Only a "
                f"PaymentIntent with one of the following statuses may be canceled: {', '.join(CANCELABLE)}."
            )
        if pi["status"] == "requires_capture":  # the authorisation is released
            charge = self.get(pi["latest_charge"], "charge")
            charge.update(refunded=True, amount_refunded=charge["amount"])
        pi.update(
            status="canceled",
            canceled_at=int(time.time()),
            cancellation_reason=reason,
            amount_capturable=0,
            next_action=None,
        )
        self.record_event("payment_intent.canceled", pi)
        return pi

    # -- refunds and disputes ---------------------------------------------------------------

    def create_refund(self, pi_id: str, amount: int | None, metadata: dict[str, Any]) -> dict[str, Any]:
        pi = self.get(pi_id, "payment_intent", "payment_intent")
        if pi["status"] != "succeeded" or pi["latest_charge"] is None:
            raise StripeApiError(
                400,
                f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.",
                code="charge_not_refundable",
                param="payment_intent",
            )
        charge = self.get(pi["latest_charge"], "charge")
        remaining = charge["amount_captured"] - charge["amount_refunded"]
        if remaining <= 0:
            raise StripeApiError(
                400, f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
            )
        amount = remaining if amount is None else amount
        if amount < 1:
            raise StripeApiError(
                400, "Refund amount must be positive.", code="amount_too_small", param="amount"
            )
        if amount > remaining:
            raise StripeApiError(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})",
                code="amount_too_large",
                param="amount",
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "balance_transaction": None,
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "failure_balance_transaction": None,
            "failure_reason": None,
            "metadata": dict(metadata),
            "payment_intent": pi_id,
            "reason": None,
            "status": self.refund_status,
        }
        self._store(refund)
        refund["balance_transaction"] = self.book(
            refund["id"], "refund", "refund", -amount, charge["currency"], "none"
        )
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        self.record_event("refund.created", refund)
        self.record_event("charge.refunded", charge)
        return refund

    def settle_refund(self, refund_id: str, status: str) -> dict[str, Any]:
        """A pending refund succeeds or fails (then its money comes back to the balance)."""
        refund = self.get(refund_id, "refund")
        if refund["status"] != "pending" or status not in ("succeeded", "failed"):
            raise unexpected_state(f"Refund {refund_id} is {refund['status']}; cannot become {status}.")
        refund["status"] = status
        if status == "failed":
            charge = self.get(refund["charge"], "charge")
            charge["amount_refunded"] -= refund["amount"]
            charge["refunded"] = False
            refund["failure_reason"] = "expired_or_canceled_card"
            refund["failure_balance_transaction"] = self.book(
                refund["id"], "refund_failure", "refund_failure", refund["amount"], refund["currency"], "none"
            )
        self.record_event("refund.updated", refund)
        self.record_event("charge.refund.updated", refund)
        return refund

    def open_dispute(
        self, pi_id: str, amount: int | None = None, reason: str = "fraudulent"
    ) -> dict[str, Any]:
        pi = self.get(pi_id, "payment_intent")
        charge = self.get(pi["latest_charge"] or "", "charge")
        amount = charge["amount_captured"] - charge["amount_refunded"] if amount is None else amount
        dispute = {
            "id": new_id("dp"),
            "object": "dispute",
            "amount": amount,
            "balance_transactions": [],
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "is_charge_refundable": False,
            "livemode": False,
            "metadata": {},
            "payment_intent": pi_id,
            "reason": reason,
            "status": "needs_response",
        }
        self._store(dispute)
        dispute["balance_transactions"].append(
            self.book(dispute["id"], "adjustment", "dispute", -amount, charge["currency"], "dispute")
        )
        charge["disputed"] = True
        self.record_event("charge.dispute.created", dispute)
        return dispute

    def close_dispute(self, dispute_id: str, *, won: bool) -> dict[str, Any]:
        dispute = self.get(dispute_id, "dispute")
        dispute["status"] = "won" if won else "lost"
        if won:
            dispute["balance_transactions"].append(
                self.book(
                    dispute["id"],
                    "adjustment",
                    "dispute_reversal",
                    dispute["amount"],
                    dispute["currency"],
                    "none",
                )
            )
            self.record_event("charge.dispute.funds_reinstated", dispute)
        self.record_event("charge.dispute.closed", dispute)
        return dispute
