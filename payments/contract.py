"""The contract every payment gateway implements: plain data in, plain data out.

A gateway never touches the database: it is handed frozen requests and answers with a
``GatewayResult`` carrying the ``TransactionEvent``s it observed. Recording those events on
transactions, checkouts and orders is the caller's job (issue 9: the Transaction API comes next).
Amounts are always ``Money`` (``Decimal`` + ISO currency), never floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from storefront.core.money import Money

__all__ = [
    "ActionRequest",
    "GatewayResult",
    "InitializeRequest",
    "PaymentError",
    "PaymentGateway",
    "ProcessRequest",
    "TransactionEvent",
    "TransactionEventType",
    "TransactionInitializeErrorCode",
]


class TransactionEventType(StrEnum):
    """Saleor's ``TransactionEventTypeEnum``, every value."""

    AUTHORIZATION_SUCCESS = "AUTHORIZATION_SUCCESS"
    AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE"
    AUTHORIZATION_ADJUSTMENT = "AUTHORIZATION_ADJUSTMENT"
    AUTHORIZATION_REQUEST = "AUTHORIZATION_REQUEST"
    AUTHORIZATION_ACTION_REQUIRED = "AUTHORIZATION_ACTION_REQUIRED"
    CHARGE_ACTION_REQUIRED = "CHARGE_ACTION_REQUIRED"
    CHARGE_SUCCESS = "CHARGE_SUCCESS"
    CHARGE_FAILURE = "CHARGE_FAILURE"
    CHARGE_BACK = "CHARGE_BACK"
    CHARGE_REQUEST = "CHARGE_REQUEST"
    REFUND_SUCCESS = "REFUND_SUCCESS"
    REFUND_FAILURE = "REFUND_FAILURE"
    REFUND_REVERSE = "REFUND_REVERSE"
    REFUND_REQUEST = "REFUND_REQUEST"
    CANCEL_SUCCESS = "CANCEL_SUCCESS"
    CANCEL_FAILURE = "CANCEL_FAILURE"
    CANCEL_REQUEST = "CANCEL_REQUEST"
    INFO = "INFO"


@dataclass(frozen=True, slots=True)
class TransactionEvent:
    """One thing a gateway reports about a payment.

    ``event_key()`` (PSP reference + type) recognises an event reported twice (a retried call,
    a webhook delivered again), so it is recorded once.
    """

    type: TransactionEventType
    amount: Money
    psp_reference: str | None = None
    message: str = ""

    def event_key(self) -> tuple[str, str]:
        return (self.psp_reference or "", str(self.type))


@dataclass(frozen=True, slots=True)
class InitializeRequest:
    """Start a payment of ``amount`` for ``reference`` (the checkout's or order's id, as a string).

    ``currency`` is the checkout's; ``amount`` must be in it. ``data`` is the storefront's
    gateway-specific input (``paymentGateway.data``).
    """

    amount: Money
    currency: str
    reference: str
    idempotency_key: str
    email: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProcessRequest:
    """Record what the browser did for a payment already initialised (``transactionProcess``)."""

    amount: Money
    currency: str
    reference: str
    psp_reference: str | None
    idempotency_key: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ActionRequest:
    """Charge (capture), refund or cancel ``amount`` of the payment known as ``psp_reference``."""

    amount: Money
    currency: str
    reference: str
    psp_reference: str | None
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class GatewayResult:
    """What a gateway call produced: its events (possibly none) and data for the storefront."""

    events: tuple[TransactionEvent, ...] = ()
    psp_reference: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


class PaymentGateway(Protocol):
    """A payment gateway. ``currencies`` is the set it accepts; ``None`` means any currency."""

    id: str
    name: str
    currencies: frozenset[str] | None

    def config(self, channel_currency: str) -> dict[str, Any]:
        """What the browser needs to start paying (``paymentGatewayInitialize``'s ``data``)."""
        ...

    def initialize(self, request: InitializeRequest) -> GatewayResult: ...

    def process(self, request: ProcessRequest) -> GatewayResult: ...

    def charge(self, request: ActionRequest) -> GatewayResult: ...

    def refund(self, request: ActionRequest) -> GatewayResult: ...

    def cancel(self, request: ActionRequest) -> GatewayResult: ...

    def webhook_events(self, headers: Mapping[str, str], body: bytes) -> list[TransactionEvent]:
        """The events an incoming webhook request reports; a forged request is a ``PaymentError``."""
        ...
