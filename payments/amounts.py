"""A transaction's amounts, computed from its events (pure functions, no database).

Saleor's rules, stated once:

- ``charged`` = charges succeeded − charge-backs − refunds succeeded + refunds reversed;
- ``refunded`` = refunds succeeded − refunds reversed;
- ``authorized`` = authorisations succeeded (an ``AUTHORIZATION_ADJUSTMENT`` replaces the sum so
  far) − what was charged or canceled out of them, never below zero;
- ``canceled`` = cancels succeeded;
- a ``*_REQUEST`` is pending until a success or failure of the same kind with the same PSP
  reference is recorded (or, without a reference, any later success or failure of that kind).

Checkout and order statuses compare the sum over their transactions with the total to pay, as
Saleor's ``authorizeStatus``/``chargeStatus`` do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from payments.contract import TransactionEventType as T

_KIND = {
    T.AUTHORIZATION_REQUEST: "AUTHORIZATION",
    T.AUTHORIZATION_SUCCESS: "AUTHORIZATION",
    T.AUTHORIZATION_FAILURE: "AUTHORIZATION",
    T.CHARGE_REQUEST: "CHARGE",
    T.CHARGE_SUCCESS: "CHARGE",
    T.CHARGE_FAILURE: "CHARGE",
    T.REFUND_REQUEST: "REFUND",
    T.REFUND_SUCCESS: "REFUND",
    T.REFUND_FAILURE: "REFUND",
    T.CANCEL_REQUEST: "CANCEL",
    T.CANCEL_SUCCESS: "CANCEL",
    T.CANCEL_FAILURE: "CANCEL",
}
_REQUESTS = {T.AUTHORIZATION_REQUEST, T.CHARGE_REQUEST, T.REFUND_REQUEST, T.CANCEL_REQUEST}


class EventLike(Protocol):
    @property
    def type(self) -> str: ...

    @property
    def amount_value(self) -> Decimal: ...

    @property
    def psp_reference(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Amounts:
    authorized: Decimal = Decimal(0)
    charged: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    canceled: Decimal = Decimal(0)
    authorize_pending: Decimal = Decimal(0)
    charge_pending: Decimal = Decimal(0)
    refund_pending: Decimal = Decimal(0)
    cancel_pending: Decimal = Decimal(0)


def amounts_from_events(events: Sequence[EventLike]) -> Amounts:
    """The amounts of a transaction whose events are ``events``, oldest first."""
    authorized_total = Decimal(0)
    charged = refunded = canceled = charge_backs = Decimal(0)
    pending: dict[str, Decimal] = {"AUTHORIZATION": Decimal(0), "CHARGE": Decimal(0)}
    pending |= {"REFUND": Decimal(0), "CANCEL": Decimal(0)}
    for index, event in enumerate(events):
        event_type = T(event.type)
        amount = event.amount_value
        if event_type == T.AUTHORIZATION_SUCCESS:
            authorized_total += amount
        elif event_type == T.AUTHORIZATION_ADJUSTMENT:
            authorized_total = amount
        elif event_type == T.CHARGE_SUCCESS:
            charged += amount
        elif event_type == T.CHARGE_BACK:
            charge_backs += amount
        elif event_type == T.REFUND_SUCCESS:
            refunded += amount
        elif event_type == T.REFUND_REVERSE:
            refunded -= amount
        elif event_type == T.CANCEL_SUCCESS:
            canceled += amount
        if event_type in _REQUESTS and not _settled(event, events[index + 1 :], all_events=events):
            pending[_KIND[event_type]] += amount
    return Amounts(
        authorized=max(Decimal(0), authorized_total - charged - canceled),
        charged=charged - charge_backs - refunded,
        refunded=refunded,
        canceled=canceled,
        authorize_pending=pending["AUTHORIZATION"],
        charge_pending=pending["CHARGE"],
        refund_pending=pending["REFUND"],
        cancel_pending=pending["CANCEL"],
    )


def _settled(request: EventLike, later: Sequence[EventLike], *, all_events: Sequence[EventLike]) -> bool:
    """Whether a request has its outcome: an outcome of its kind with its PSP reference anywhere
    (webhooks arrive out of order), or, without a reference, any later outcome of its kind."""
    kind = _KIND[T(request.type)]
    if request.psp_reference:
        return any(
            _KIND.get(T(other.type)) == kind
            and T(other.type) not in _REQUESTS
            and other.psp_reference == request.psp_reference
            for other in all_events
        )
    return any(_KIND.get(T(other.type)) == kind and T(other.type) not in _REQUESTS for other in later)


class AuthorizeStatus(StrEnum):
    """Saleor's ``CheckoutAuthorizeStatusEnum`` / ``OrderAuthorizeStatusEnum``."""

    NONE = "NONE"
    PARTIAL = "PARTIAL"
    FULL = "FULL"


class ChargeStatus(StrEnum):
    """Saleor's ``CheckoutChargeStatusEnum`` / ``OrderChargeStatusEnum``."""

    NONE = "NONE"
    PARTIAL = "PARTIAL"
    FULL = "FULL"
    OVERCHARGED = "OVERCHARGED"


@dataclass(frozen=True, slots=True)
class PaidSums:
    authorized: Decimal
    charged: Decimal

    @property
    def covered(self) -> Decimal:
        """What the buyer has committed: authorised (not yet captured) plus charged."""
        return self.authorized + self.charged


class HasAmounts(Protocol):
    @property
    def authorized_amount(self) -> Decimal: ...

    @property
    def charged_amount(self) -> Decimal: ...


def paid_sums(transactions: Iterable[HasAmounts]) -> PaidSums:
    authorized = charged = Decimal(0)
    for transaction in transactions:
        authorized += transaction.authorized_amount
        charged += transaction.charged_amount
    return PaidSums(authorized=authorized, charged=charged)


def authorize_status(sums: PaidSums, total: Decimal) -> AuthorizeStatus:
    if sums.covered >= total:
        return AuthorizeStatus.FULL
    if sums.covered > 0:
        return AuthorizeStatus.PARTIAL
    return AuthorizeStatus.NONE


def charge_status(sums: PaidSums, total: Decimal) -> ChargeStatus:
    if sums.charged > total:
        return ChargeStatus.OVERCHARGED
    if sums.charged >= total:
        return ChargeStatus.FULL
    if sums.charged > 0:
        return ChargeStatus.PARTIAL
    return ChargeStatus.NONE
