"""The contract every payment gateway implements: plain data in, plain data out.

A gateway never touches the database: it is handed frozen requests and answers with a
``GatewayResult`` carrying the ``TransactionEvent``s it observed. Recording those events on
transactions, checkouts and orders is the caller's job (issue 9: the Transaction API comes next).
Amounts are always ``Money`` (``Decimal`` + ISO currency), never floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from storefront.core.money import Money

__all__ = [
    "ActionRequest",
    "FlowStrategy",
    "GatewayResult",
    "InitializeRequest",
    "PaymentError",
    "PaymentGateway",
    "ProcessRequest",
    "Settlement",
    "SettlementKind",
    "TransactionEvent",
    "TransactionEventType",
    "TransactionInitializeErrorCode",
    "WebhookMessage",
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


class FlowStrategy(StrEnum):
    """Saleor's ``TransactionFlowStrategyEnum``: authorise now and capture later, or charge at once."""

    AUTHORIZATION = "AUTHORIZATION"
    CHARGE = "CHARGE"


class SettlementKind(StrEnum):
    CHARGE = "CHARGE"
    REFUND = "REFUND"
    DISPUTE = "DISPUTE"
    DISPUTE_REVERSAL = "DISPUTE_REVERSAL"
    ADJUSTMENT = "ADJUSTMENT"


@dataclass(frozen=True, slots=True)
class Settlement:
    """What the seller actually receives (or gives back) for one balance movement of a payment.

    Stripe's balance transaction: ``amount``, ``fee`` and ``net`` are in the settlement currency
    (the account's, e.g. IDR), negative for refunds and disputes; ``exchange_rate`` converts the
    buyer's currency into it (``None`` when they are the same). ``psp_reference`` is the movement's
    own id (``txn_...``) and recognises it when reported twice; ``source_reference`` the charge,
    refund or dispute it belongs to.
    """

    psp_reference: str
    source_reference: str
    kind: SettlementKind
    amount: Money
    fee: Money
    net: Money
    exchange_rate: Decimal | None = None
    available_on: datetime | None = None


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
    external_url: str = ""

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
    action: FlowStrategy = FlowStrategy.CHARGE
    # A payment this same request already started at the PSP (a retried initialise): reuse it
    # if the PSP still can take it (same amount and currency, not yet paid or canceled).
    psp_reference: str | None = None


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
    """What a gateway call produced: its events (possibly none), data for the storefront, and the
    settlements it learnt of. ``psp_reference`` names the payment (Stripe: the PaymentIntent)."""

    events: tuple[TransactionEvent, ...] = ()
    psp_reference: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    settlements: tuple[Settlement, ...] = ()


@dataclass(frozen=True, slots=True)
class WebhookMessage:
    """A webhook request whose signature checked out, before anything acts on it.

    ``event_id`` is the PSP's id of the delivery's event (stored first, unique: a redelivery is
    recognised); ``psp_reference`` the payment it concerns (Stripe: the PaymentIntent id), found
    without calling the PSP; ``payload`` the decoded body.
    """

    event_id: str
    event_type: str
    psp_reference: str | None
    payload: Mapping[str, Any]


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

    def webhook_verify(self, headers: Mapping[str, str], body: bytes) -> WebhookMessage:
        """Check an incoming webhook request's signature and decode it, without calling the PSP;
        a forged, stale or malformed request is a ``PaymentError``."""
        ...

    def webhook_process(self, message: WebhookMessage) -> GatewayResult:
        """The events (and settlements) a verified webhook reports. The gateway re-reads the
        payment from the PSP before reporting it, so a late or out-of-order delivery reports the
        payment as it is now. A PSP that cannot be reached raises ``PaymentError`` (retried)."""
        ...
