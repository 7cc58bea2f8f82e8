"""The only module that imports ``stripe``: the client, the webhook signature check, and the
translation of Stripe's exceptions into ``PaymentError``s a buyer may read.

The client is pinned to one API version, so the shapes the gateway reads cannot change under it
when Stripe publishes a new one; it is also the version the installed library was generated for.
Moving to a new library major means moving this pin on purpose, with the tests.

A buyer sees only Stripe's own user-facing text (a card decline's ``message``) or a sentence of
ours; everything else Stripe says (invalid parameters, masked keys, request ids) goes to the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import stripe
from stripe import StripeClient, StripeObject

from payments.error_codes import PaymentError, TransactionInitializeErrorCode

__all__ = [
    "STRIPE_API_VERSION",
    "StripeClient",
    "StripeObject",
    "build_client",
    "stripe_errors_as_payment_errors",
    "verify_webhook",
]

logger = logging.getLogger(__name__)

STRIPE_API_VERSION = "2026-10-28.endive"
# Connection errors and 5xx answers are retried (with the same idempotency key, so at most once
# in effect); a buyer should not wait through many of them.
MAX_NETWORK_RETRIES = 2
# (connect, read) seconds: a Stripe that does not answer fails the request, it does not hang it.
TIMEOUT = (5.0, 30.0)

UNREACHABLE = {
    "initialize": "We could not reach the card processor. Nothing was charged; please try again.",
    "process": "We could not reach the card processor to check the payment; please try again.",
    "charge": "We could not reach the card processor. The capture may not have happened; try again.",
    "refund": "We could not reach the card processor. The refund may not have happened; try again.",
    "cancel": "We could not reach the card processor. The payment may not be canceled; try again.",
    "webhook": "We could not reach the card processor to check the payment.",
}
UNAVAILABLE = "The card processor could not handle the payment right now; please try again later."
# Codes whose meaning a buyer or a staff member can act on, in our words (Stripe's text for these
# names parameters and internal amounts).
INVALID_REQUEST_MESSAGES = {
    "amount_too_small": "The amount is below the minimum the card processor accepts.",
    "amount_too_large": "The amount is larger than the card processor accepts for this payment.",
    "charge_already_refunded": "This payment has already been refunded in full.",
    "charge_disputed": "This payment is disputed by the buyer's bank and cannot be refunded now.",
    "payment_intent_unexpected_state": "The payment is not in a state that allows this action.",
    "resource_missing": "The card processor does not know this payment.",
}


def build_client(
    secret_key: str, *, api_base: str = "", max_network_retries: int = MAX_NETWORK_RETRIES
) -> StripeClient:
    """A ``StripeClient`` on the pinned API version; ``api_base`` points it at another server
    (the tests' Stripe-shaped one)."""
    return StripeClient(
        secret_key,
        stripe_version=STRIPE_API_VERSION,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=max_network_retries,
        http_client=stripe.RequestsClient(timeout=TIMEOUT),
    )


def _payment_error(message: str) -> PaymentError:
    return PaymentError(TransactionInitializeErrorCode.INVALID, message)


@contextmanager
def stripe_errors_as_payment_errors(operation: str) -> Iterator[None]:
    """Turn Stripe's exceptions raised inside the block into ``PaymentError``s for ``operation``
    (``initialize``, ``process``, ``charge``, ``refund``, ``cancel``, ``webhook``)."""
    try:
        yield
    except stripe.CardError as exc:
        # The one message Stripe writes for the buyer ("Your card was declined.").
        logger.info("Stripe card error during %s: %s (%s)", operation, exc.code, exc.request_id)
        raise _payment_error(exc.user_message or "The card was declined.") from None
    except stripe.APIConnectionError as exc:
        logger.warning("Stripe unreachable during %s: %s", operation, exc.user_message)
        raise _payment_error(UNREACHABLE[operation]) from None
    except stripe.InvalidRequestError as exc:
        logger.error(
            "Stripe refused a request during %s: %s %s (%s)", operation, exc.code, exc.param, exc.request_id
        )
        raise _payment_error(INVALID_REQUEST_MESSAGES.get(exc.code or "", UNAVAILABLE)) from None
    except stripe.StripeError as exc:
        # Authentication, permission, idempotency, rate limit, Stripe's own 5xx: the shop's or
        # Stripe's problem, never the buyer's; the details are for the log only.
        logger.error(
            "Stripe error during %s: %s %s (%s)",
            operation,
            type(exc).__name__,
            exc.http_status,
            exc.request_id,
        )
        raise _payment_error(UNAVAILABLE) from None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def verify_webhook(headers: Mapping[str, str], body: bytes, secret: str) -> dict[str, Any]:
    """The decoded event of a webhook request whose ``Stripe-Signature`` is valid for ``secret``
    and recent (Stripe's default tolerance, five minutes); ``PaymentError`` otherwise."""
    if not secret:
        raise _payment_error("Stripe webhooks are not configured on this shop.")
    try:
        stripe.WebhookSignature.verify_header(
            body, _header(headers, "Stripe-Signature"), secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = json.loads(body)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
        logger.warning("Refused a Stripe webhook: %s", exc)
        raise _payment_error("The webhook's signature is invalid.") from None
    if not isinstance(event, dict):
        raise _payment_error("The webhook's body is not a Stripe event.")
    return event
