"""Saleor's dummy payment app, embedded: the demo shop pays with it out of the box.

The storefront says which outcome it wants: ``transactionInitialize`` (and ``transactionProcess``)
take ``data = {"event": {"type": "CHARGE_SUCCESS", "includePspReference": true}}``. The PSP
reference is a uuid5 of the idempotency key, so a retried call reports the same event (same
``event_key()``). Charges, refunds and cancels always succeed, each with the PSP reference of its
own idempotency key, so two partial refunds are two events and a retried one is recognised.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from payments.contract import (
    ActionRequest,
    GatewayResult,
    InitializeRequest,
    ProcessRequest,
    TransactionEvent,
    TransactionEventType,
    WebhookMessage,
)
from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from storefront.core.money import Money

DUMMY_GATEWAY_ID = "saleor.io.dummy-payment-app"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, DUMMY_GATEWAY_ID)

# The outcomes a tester may ask ``transactionInitialize``/``transactionProcess`` for (Saleor's dummy app's).
INITIALIZE_EVENT_TYPES = frozenset(
    {
        TransactionEventType.AUTHORIZATION_SUCCESS,
        TransactionEventType.AUTHORIZATION_FAILURE,
        TransactionEventType.AUTHORIZATION_REQUEST,
        TransactionEventType.AUTHORIZATION_ACTION_REQUIRED,
        TransactionEventType.CHARGE_SUCCESS,
        TransactionEventType.CHARGE_FAILURE,
        TransactionEventType.CHARGE_REQUEST,
        TransactionEventType.CHARGE_ACTION_REQUIRED,
    }
)


def psp_reference_for(idempotency_key: str) -> str:
    """The dummy's PSP reference: stable for one idempotency key, different for another."""
    return str(uuid.uuid5(_NAMESPACE, idempotency_key))


def _check_amount(amount: Money, currency: str) -> None:
    if amount.currency != currency.upper():
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID,
            f"The amount is in {amount.currency}, the payment in {currency.upper()}.",
            field="amount",
        )
    if amount.amount <= 0:
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID, "The amount must be positive.", field="amount"
        )


def _requested_event(data: Mapping[str, Any]) -> tuple[TransactionEventType, bool]:
    event = data.get("event") if isinstance(data, Mapping) else None
    if not isinstance(event, Mapping):
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID,
            'The dummy gateway needs data {"event": {"type": ..., "includePspReference": ...}}.',
            field="data",
        )
    raw_type = event.get("type")
    event_type = next((known for known in INITIALIZE_EVENT_TYPES if known.value == raw_type), None)
    if event_type is None:
        allowed = ", ".join(sorted(INITIALIZE_EVENT_TYPES))
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID,
            f"Unknown dummy event type {raw_type!r}; expected one of {allowed}.",
            field="data",
        )
    return event_type, event.get("includePspReference") is True


class DummyGateway:
    """Reports whatever outcome the storefront asks for; accepts any currency."""

    id = DUMMY_GATEWAY_ID
    name = "Dummy payment app"
    currencies: frozenset[str] | None = None

    def config(self, channel_currency: str) -> dict[str, Any]:
        return {}

    def _requested(
        self, amount: Money, currency: str, idempotency_key: str, data: Mapping[str, Any]
    ) -> GatewayResult:
        _check_amount(amount, currency)
        event_type, include_psp = _requested_event(data)
        psp_reference = psp_reference_for(idempotency_key) if include_psp else None
        event = TransactionEvent(type=event_type, amount=amount, psp_reference=psp_reference)
        return GatewayResult(events=(event,), psp_reference=psp_reference)

    def initialize(self, request: InitializeRequest) -> GatewayResult:
        return self._requested(request.amount, request.currency, request.idempotency_key, request.data)

    def process(self, request: ProcessRequest) -> GatewayResult:
        return self._requested(request.amount, request.currency, request.idempotency_key, request.data)

    def _action(self, request: ActionRequest, event_type: TransactionEventType) -> GatewayResult:
        _check_amount(request.amount, request.currency)
        psp_reference = psp_reference_for(request.idempotency_key)
        event = TransactionEvent(type=event_type, amount=request.amount, psp_reference=psp_reference)
        return GatewayResult(events=(event,), psp_reference=request.psp_reference)

    def charge(self, request: ActionRequest) -> GatewayResult:
        return self._action(request, TransactionEventType.CHARGE_SUCCESS)

    def refund(self, request: ActionRequest) -> GatewayResult:
        return self._action(request, TransactionEventType.REFUND_SUCCESS)

    def cancel(self, request: ActionRequest) -> GatewayResult:
        return self._action(request, TransactionEventType.CANCEL_SUCCESS)

    def webhook_verify(self, headers: Mapping[str, str], body: bytes) -> WebhookMessage:
        """The dummy sends no webhooks: any request claiming to be one is refused."""
        raise PaymentError(TransactionInitializeErrorCode.INVALID, "The dummy gateway sends no webhooks.")

    def webhook_process(self, message: WebhookMessage) -> GatewayResult:
        return GatewayResult()
