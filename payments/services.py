"""Payment services: start, process and act on transactions; record what gateways report.

The rules that keep money safe, in one place:

- **No call to a gateway inside a database transaction.** A transaction row is created (or found)
  and committed first, the gateway is called outside any ``atomic()`` block, and what it reported
  is recorded in a new short transaction under the row's lock. A gateway that fails before it
  started anything leaves nothing behind (the row created for the call is deleted).
- **One payment per request, whatever the concurrency.** Each transaction has an idempotency key,
  unique per owner: the storefront's ``idempotencyKey``, or, when it sends none, a key derived from
  the gateway, amount and currency, so a retried or concurrent ``transactionInitialize`` for the
  same checkout and amount resolves to the same row (the unique constraint decides, not a
  check-then-insert) and the gateway is called with the same idempotency key (Stripe replays the
  same PaymentIntent).
- **Every event once.** Events are recorded under ``SELECT ... FOR UPDATE`` of their transaction;
  one already recorded (same PSP reference and type) is recognised and skipped, and a unique
  constraint backs that up. The amounts are then recomputed from all events
  (``payments.amounts``).
- **One handler.** After recording, the function named by ``PAYMENT_EVENT_HANDLER`` is called with
  a ``TransactionChange``, inside the same database transaction; it decides what a checkout or an
  order does about it. ``payments`` knows checkouts and orders only as ``PaymentOwner``s.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from payments.amounts import Amounts, PaidSums, amounts_from_events, paid_sums
from payments.contract import (
    ActionRequest,
    FlowStrategy,
    GatewayResult,
    InitializeRequest,
    PaymentGateway,
    ProcessRequest,
    WebhookMessage,
)
from payments.contract import TransactionEvent as ReportedEvent
from payments.contract import TransactionEventType as T
from payments.error_codes import (
    PaymentError,
    PaymentGatewayInitializeErrorCode,
    TransactionInitializeErrorCode,
    TransactionProcessErrorCode,
    TransactionRequestActionErrorCode,
)
from payments.models import (
    Settlement,
    Transaction,
    TransactionEvent,
    WebhookDelivery,
    WebhookDeliveryStatus,
)
from payments.registry import gateways_from_settings
from storefront.core.money import Money

logger = logging.getLogger(__name__)

__all__ = [
    "ActionType",
    "PaymentOwner",
    "SettledTotals",
    "TransactionChange",
    "TransactionOutcome",
    "WebhookPaymentUnknown",
    "events_record",
    "gateway_get",
    "gateways",
    "gateways_for",
    "owner_paid_sums",
    "settled_totals",
    "transaction_action_request",
    "transaction_initialize",
    "transaction_process",
    "transactions_attach_to_order",
    "transactions_of",
    "webhook_deliveries_pending",
    "webhook_delivery_process",
    "webhook_receive",
]


class ActionType(StrEnum):
    """Saleor's ``TransactionActionEnum``."""

    CHARGE = "CHARGE"
    REFUND = "REFUND"
    CANCEL = "CANCEL"


@dataclass(frozen=True, slots=True)
class PaymentOwner:
    """A checkout or an order, as payments sees it.

    ``total`` is what the buyer must pay in all (the checkout's or order's gross total);
    ``gateway_ids`` the gateways its channel enables (``None``: every configured gateway);
    ``action`` the channel's default flow (charge at once, or authorise and capture later).
    """

    checkout_token: uuid.UUID | None
    order_id: uuid.UUID | None
    total: Money
    email: str | None = None
    gateway_ids: tuple[str, ...] | None = None
    action: FlowStrategy = FlowStrategy.CHARGE

    @property
    def reference(self) -> str:
        return str(self.checkout_token or self.order_id)

    def owns(self, transaction_row: Transaction) -> bool:
        if self.checkout_token is not None and transaction_row.checkout_token == self.checkout_token:
            return True
        return self.order_id is not None and transaction_row.order_id == self.order_id


@dataclass(frozen=True, slots=True)
class TransactionChange:
    """What the handler is told after events were recorded (``events`` are the new ones only)."""

    transaction: Transaction
    events: tuple[TransactionEvent, ...]
    before: Amounts
    after: Amounts


@dataclass(frozen=True, slots=True)
class TransactionOutcome:
    """A mutation's answer: the transaction, the event this call produced (or found), the data
    the storefront needs next (Stripe's client secret), and the amount still to cover."""

    transaction: Transaction
    event: TransactionEvent | None
    data: Mapping[str, Any] = field(default_factory=dict)


# --- Gateways -------------------------------------------------------------------------------


@functools.cache
def _gateways_for(paths: tuple[str, ...]) -> dict[str, PaymentGateway]:
    return gateways_from_settings(list(paths))


def gateways() -> dict[str, PaymentGateway]:
    """The gateways of ``PAYMENT_GATEWAYS``, by id (built once per distinct setting)."""
    return _gateways_for(tuple(getattr(settings, "PAYMENT_GATEWAYS", ())))


def gateways_for(owner: PaymentOwner) -> list[PaymentGateway]:
    """The gateways a buyer may pay this owner with: enabled for its channel, taking its currency."""
    currency = owner.total.currency
    return [
        gateway
        for gateway_id, gateway in gateways().items()
        if (owner.gateway_ids is None or gateway_id in owner.gateway_ids)
        and (gateway.currencies is None or currency in gateway.currencies)
    ]


def gateway_get(owner: PaymentOwner, gateway_id: str, *, code: StrEnum | None = None) -> PaymentGateway:
    """The gateway ``gateway_id`` if this owner may pay with it; ``NOT_FOUND`` otherwise."""
    for gateway in gateways_for(owner):
        if gateway.id == gateway_id:
            return gateway
    raise PaymentError(
        code or PaymentGatewayInitializeErrorCode.NOT_FOUND,
        f"Payment gateway {gateway_id!r} is not available for this checkout.",
        field="paymentGateway",
    )


def _gateway_of(transaction_row: Transaction, code: StrEnum) -> PaymentGateway:
    gateway = gateways().get(transaction_row.gateway)
    if gateway is None:
        raise PaymentError(code, "The transaction's payment gateway is no longer configured.", field="id")
    return gateway


# --- Reading --------------------------------------------------------------------------------


def transactions_of(owner: PaymentOwner) -> list[Transaction]:
    """The owner's transactions, oldest first."""
    query = Q()
    if owner.checkout_token is not None:
        query |= Q(checkout_token=owner.checkout_token)
    if owner.order_id is not None:
        query |= Q(order_id=owner.order_id)
    if not query:
        return []
    return list(Transaction.objects.filter(query).order_by("created_at", "id"))


def owner_paid_sums(owner: PaymentOwner) -> PaidSums:
    return paid_sums(transactions_of(owner))


def transactions_attach_to_order(*, checkout_token: uuid.UUID, order_id: uuid.UUID) -> list[Transaction]:
    """Give the checkout's transactions to the order it became; returns them locked.

    Call inside the completion's ``atomic()`` after locking the checkout row: event recording locks
    a transaction row too, so a webhook for one of them waits and then finds its order.
    """
    rows = list(
        Transaction.objects.select_for_update()
        .filter(checkout_token=checkout_token)
        .order_by("created_at", "id")
    )
    Transaction.objects.filter(pk__in=[row.pk for row in rows]).update(order_id=order_id)
    for row in rows:
        row.order_id = order_id
    return rows


@dataclass(frozen=True, slots=True)
class SettledTotals:
    """What reached (or left) the seller's account for an owner's payments, in one settlement
    currency: gross, the PSP's fees, and net (gross − fees); refunds and disputes count negative."""

    amount: Money
    fee: Money
    net: Money


def settled_totals(owner: PaymentOwner) -> list[SettledTotals]:
    """The owner's settlements summed per settlement currency (usually one: the cooperative's IDR)."""
    totals: dict[str, list[Decimal]] = {}
    ids = [row.pk for row in transactions_of(owner)]
    for settlement in Settlement.objects.filter(transaction_id__in=ids).order_by("created_at", "id"):
        sums = totals.setdefault(settlement.currency, [Decimal(0), Decimal(0), Decimal(0)])
        sums[0] += settlement.amount
        sums[1] += settlement.fee
        sums[2] += settlement.net
    return [
        SettledTotals(amount=Money(gross, currency), fee=Money(fee, currency), net=Money(net, currency))
        for currency, (gross, fee, net) in sorted(totals.items())
    ]


# --- Recording events -----------------------------------------------------------------------


def _handler() -> Callable[[TransactionChange], None] | None:
    path = getattr(settings, "PAYMENT_EVENT_HANDLER", "")
    if not path:
        return None
    module_path, _, name = path.rpartition(".")
    handler: Callable[[TransactionChange], None] = getattr(importlib.import_module(module_path), name)
    return handler


def _amounts_of(row: Transaction) -> Amounts:
    return Amounts(
        authorized=row.authorized_amount,
        charged=row.charged_amount,
        refunded=row.refunded_amount,
        canceled=row.canceled_amount,
        authorize_pending=row.authorize_pending_amount,
        charge_pending=row.charge_pending_amount,
        refund_pending=row.refund_pending_amount,
        cancel_pending=row.cancel_pending_amount,
    )


def _store_amounts(row: Transaction, computed: Amounts) -> None:
    row.authorized_amount = computed.authorized
    row.charged_amount = computed.charged
    row.refunded_amount = computed.refunded
    row.canceled_amount = computed.canceled
    row.authorize_pending_amount = computed.authorize_pending
    row.charge_pending_amount = computed.charge_pending
    row.refund_pending_amount = computed.refund_pending
    row.cancel_pending_amount = computed.cancel_pending


@dataclass(frozen=True, slots=True)
class Recorded:
    """The row after recording, the events of the result as stored (new or found), the new ones."""

    transaction: Transaction
    events: tuple[TransactionEvent, ...]
    new: tuple[TransactionEvent, ...]


def events_record(transaction_id: uuid.UUID, result: GatewayResult, *, created_by: str) -> Recorded:
    """Record ``result``'s events and settlements on the transaction, each once, and tell the handler.

    Runs in its own ``atomic()`` (or the caller's), holding the transaction row's lock.
    """
    with transaction.atomic():
        row = Transaction.objects.select_for_update().get(pk=transaction_id)
        if result.psp_reference and not row.psp_reference:
            row.psp_reference = result.psp_reference
        existing = list(row.events.order_by("created_at", "id"))
        by_key = {(event.psp_reference, event.type): event for event in existing if event.psp_reference}
        stored: list[TransactionEvent] = []
        new: list[TransactionEvent] = []
        now = timezone.now()
        for reported in result.events:
            if reported.amount.currency != row.currency:
                raise PaymentError(
                    TransactionProcessErrorCode.INVALID,
                    f"The gateway reported {reported.amount.currency}, the transaction is in {row.currency}.",
                )
            key = (reported.psp_reference or "", str(reported.type))
            if key[0] and key in by_key:
                stored.append(by_key[key])
                continue
            event = TransactionEvent.objects.create(
                transaction=row,
                type=str(reported.type),
                amount_value=reported.amount.amount,
                currency=row.currency,
                psp_reference=reported.psp_reference or "",
                message=reported.message[:512],
                external_url=reported.external_url,
                created_by=created_by,
                created_at=now,
            )
            if key[0]:
                by_key[key] = event
            stored.append(event)
            new.append(event)
        for settlement in result.settlements:
            Settlement.objects.get_or_create(
                psp_reference=settlement.psp_reference,
                defaults={
                    "transaction": row,
                    "source_reference": settlement.source_reference,
                    "kind": str(settlement.kind),
                    "currency": settlement.amount.currency,
                    "amount": settlement.amount.amount,
                    "fee": settlement.fee.amount,
                    "net": settlement.net.amount,
                    "exchange_rate": settlement.exchange_rate,
                    "available_on": settlement.available_on,
                },
            )
        before = _amounts_of(row)
        after = amounts_from_events([*existing, *new])
        _store_amounts(row, after)
        row.save()
        handler = _handler()
        if new and handler is not None:
            handler(TransactionChange(transaction=row, events=tuple(new), before=before, after=after))
    return Recorded(transaction=row, events=tuple(stored), new=tuple(new))


def _outcome(transaction_id: uuid.UUID, result: GatewayResult, *, created_by: str) -> TransactionOutcome:
    """Record a gateway's answer and say what the call produced: its last event (new or found)."""
    recorded = events_record(transaction_id, result, created_by=created_by)
    return TransactionOutcome(
        transaction=recorded.transaction,
        event=recorded.events[-1] if recorded.events else None,
        data=result.data,
    )


# --- transactionInitialize --------------------------------------------------------------------


def _derived_key(gateway_id: str, amount: Money, generation: int) -> str:
    """The key of a storefront call that sent none: same gateway, amount and currency, same key,
    until that payment is over (money moved, or canceled): then the next generation."""
    raw = f"{gateway_id}|{amount.currency}|{amount.amount}|{generation}"
    return "auto-" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _reusable(row: Transaction) -> bool:
    """An open payment that moved no money yet: a retry may take it up again."""
    return not (row.authorized_amount or row.charged_amount or row.refunded_amount or row.canceled_amount)


def _owner_filter(owner: PaymentOwner) -> dict[str, Any]:
    if owner.checkout_token is not None:
        return {"checkout_token": owner.checkout_token}
    return {"checkout_token": None, "order_id": owner.order_id}


def _start(
    owner: PaymentOwner, gateway: PaymentGateway, amount: Money, key: str | None, action: FlowStrategy
) -> tuple[Transaction, bool]:
    """Find or create the transaction row for this call (committed before the gateway is called)."""
    scope = _owner_filter(owner)

    def create(idempotency_key: str) -> tuple[Transaction, bool]:
        try:
            with transaction.atomic():
                return (
                    Transaction.objects.create(
                        gateway=gateway.id,
                        name=gateway.name,
                        checkout_token=owner.checkout_token,
                        order_id=owner.order_id,
                        idempotency_key=idempotency_key,
                        action=str(action),
                        currency=amount.currency,
                        amount_requested=amount.amount,
                        email=owner.email or "",
                    ),
                    True,
                )
        except IntegrityError:
            return Transaction.objects.get(idempotency_key=idempotency_key, **scope), False

    if key is not None:
        existing = Transaction.objects.filter(idempotency_key=key, **scope).first()
        row, created = (existing, False) if existing is not None else create(key)
        if (
            row.gateway != gateway.id
            or row.amount_requested != amount.amount
            or row.currency != amount.currency
        ):
            raise PaymentError(
                TransactionInitializeErrorCode.UNIQUE,
                "This idempotency key was already used for a different payment.",
                field="idempotencyKey",
            )
        return row, created
    generation = 0
    while True:
        derived = _derived_key(gateway.id, amount, generation)
        existing = Transaction.objects.filter(idempotency_key=derived, **scope).first()
        if existing is None:
            return create(derived)
        if _reusable(existing):
            return existing, False
        generation += 1


def transaction_initialize(
    *,
    owner: PaymentOwner,
    gateway_id: str,
    amount: Money | None = None,
    data: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
    action: FlowStrategy | None = None,
) -> TransactionOutcome:
    """Start (or take up again) a payment of ``amount`` (default: what is left to cover) for ``owner``.

    Must not run inside a database transaction: the gateway is called between two commits.
    """
    gateway = gateway_get(owner, gateway_id, code=TransactionInitializeErrorCode.NOT_FOUND)
    currency = owner.total.currency
    if idempotency_key is not None and not (0 < len(idempotency_key) <= 512):
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID,
            "The idempotency key must have 1 to 512 characters.",
            field="idempotencyKey",
        )
    retried = (
        Transaction.objects.filter(idempotency_key=idempotency_key, **_owner_filter(owner)).first()
        if idempotency_key is not None
        else None
    )
    if amount is None and retried is not None:
        # A retry of a call that already started a payment: the same payment, whatever it covered.
        amount = retried.money(retried.amount_requested)
    elif amount is None:
        amount = owner.total - Money(owner_paid_sums(owner).covered, currency)
        if amount.amount <= 0:
            raise PaymentError(
                TransactionInitializeErrorCode.INVALID,
                "Nothing is left to pay: the checkout's total is already covered.",
                field="amount",
            )
    elif amount.currency != currency:
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID,
            f"The amount must be in {currency}.",
            field="amount",
        )
    elif amount.amount <= 0:
        raise PaymentError(
            TransactionInitializeErrorCode.INVALID, "The amount must be positive.", field="amount"
        )
    flow = action or owner.action
    row, created = _start(owner, gateway, amount, idempotency_key, flow)
    request = InitializeRequest(
        amount=amount,
        currency=currency,
        reference=owner.reference,
        idempotency_key=str(row.pk),
        email=owner.email,
        data=dict(data or {}),
        action=FlowStrategy(row.action),
        psp_reference=row.psp_reference or None,
    )
    try:
        result = gateway.initialize(request)
    except PaymentError as exc:
        if created and not row.psp_reference:
            row.delete()
        raise PaymentError(TransactionInitializeErrorCode.INVALID, exc.message, field=exc.field) from exc
    return _outcome(row.pk, result, created_by="gateway")


# --- transactionProcess -----------------------------------------------------------------------


def transaction_process(
    *, transaction_row: Transaction, data: Mapping[str, Any] | None = None
) -> TransactionOutcome:
    """Record what the browser did (the gateway re-reads the payment from the PSP)."""
    gateway = _gateway_of(transaction_row, TransactionProcessErrorCode.MISSING_PAYMENT_APP)
    if (
        transaction_row.charged_amount > 0
        and transaction_row.charged_amount >= transaction_row.amount_requested
    ):
        raise PaymentError(
            TransactionProcessErrorCode.TRANSACTION_ALREADY_PROCESSED,
            "This transaction is already paid.",
            field="id",
        )
    request = ProcessRequest(
        amount=Money(transaction_row.amount_requested, transaction_row.currency),
        currency=transaction_row.currency,
        reference=str(transaction_row.checkout_token or transaction_row.order_id),
        psp_reference=transaction_row.psp_reference or None,
        idempotency_key=str(transaction_row.pk),
        data=dict(data or {}),
    )
    try:
        result = gateway.process(request)
    except PaymentError as exc:
        raise PaymentError(TransactionProcessErrorCode.INVALID, exc.message, field=exc.field) from exc
    return _outcome(transaction_row.pk, result, created_by="gateway")


# --- transactionRequestAction -----------------------------------------------------------------


def transaction_action_request(
    *, transaction_row: Transaction, action: ActionType, amount: Money | None, created_by: str
) -> TransactionOutcome:
    """Capture, refund or cancel (part of) a transaction through its gateway.

    The most that may be captured is what is authorised, refunded what is charged, canceled what
    is authorised; ``amount`` defaults to that most.
    """
    gateway = _gateway_of(
        transaction_row, TransactionRequestActionErrorCode.MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK
    )
    currency = transaction_row.currency
    available = {
        ActionType.CHARGE: transaction_row.authorized_amount,
        ActionType.REFUND: transaction_row.charged_amount - transaction_row.refund_pending_amount,
        ActionType.CANCEL: transaction_row.authorized_amount,
    }[action]
    if amount is None:
        amount = Money(available, currency)
    if amount.currency != currency:
        raise PaymentError(
            TransactionRequestActionErrorCode.INVALID, f"The amount must be in {currency}.", field="amount"
        )
    if amount.amount <= 0 or amount.amount > available:
        raise PaymentError(
            TransactionRequestActionErrorCode.INVALID,
            f"The amount must be more than 0 and at most {Money(available, currency).amount} {currency}.",
            field="amount",
        )
    request_type = {ActionType.CHARGE: T.CHARGE_REQUEST, ActionType.REFUND: T.REFUND_REQUEST}.get(
        action, T.CANCEL_REQUEST
    )
    # The key of this action: the n-th action of its type on this transaction, so a retried request
    # after a network failure reaches the PSP with the same key (recorded before the call).
    with transaction.atomic():
        locked = Transaction.objects.select_for_update().get(pk=transaction_row.pk)
        count = locked.events.filter(type=str(request_type)).count()
        request_event = TransactionEvent.objects.create(
            transaction=locked,
            type=str(request_type),
            amount_value=amount.amount,
            currency=currency,
            psp_reference="",
            message=f"{action.value.title()} requested.",
            created_by=created_by,
        )
        locked_amounts = amounts_from_events(list(locked.events.order_by("created_at", "id")))
        _store_amounts(locked, locked_amounts)
        locked.save()
    request = ActionRequest(
        amount=amount,
        currency=currency,
        reference=str(locked.order_id or locked.checkout_token),
        psp_reference=locked.psp_reference or None,
        idempotency_key=f"{locked.pk}-{action.value.lower()}-{count}",
    )
    call = {
        ActionType.CHARGE: gateway.charge,
        ActionType.REFUND: gateway.refund,
        ActionType.CANCEL: gateway.cancel,
    }
    try:
        result = call[action](request)
    except PaymentError as exc:
        failure = {ActionType.CHARGE: T.CHARGE_FAILURE, ActionType.REFUND: T.REFUND_FAILURE}.get(
            action, T.CANCEL_FAILURE
        )
        events_record(
            locked.pk,
            GatewayResult(events=(ReportedEvent(type=failure, amount=amount, message=exc.message),)),
            created_by=created_by,
        )
        raise PaymentError(TransactionRequestActionErrorCode.INVALID, exc.message, field=exc.field) from exc
    recorded = events_record(locked.pk, result, created_by=created_by)
    return TransactionOutcome(
        transaction=recorded.transaction,
        event=recorded.events[-1] if recorded.events else request_event,
        data=result.data,
    )


# --- Webhooks ---------------------------------------------------------------------------------


def webhook_receive(gateway_id: str, headers: Mapping[str, str], body: bytes) -> WebhookDelivery:
    """Verify a webhook request and store it (once per event id); processing is queued on commit.

    A bad signature raises ``PaymentError`` and stores nothing.
    """
    gateway = gateways().get(gateway_id)
    if gateway is None:
        raise PaymentError(TransactionProcessErrorCode.MISSING_PAYMENT_APP, "Unknown payment gateway.")
    message = gateway.webhook_verify(headers, body)
    with transaction.atomic():
        delivery, created = WebhookDelivery.objects.get_or_create(
            gateway=gateway_id,
            event_id=message.event_id,
            defaults={
                "event_type": message.event_type,
                "psp_reference": message.psp_reference or "",
                "payload": dict(message.payload),
            },
        )
        if created or delivery.status != WebhookDeliveryStatus.PROCESSED:
            from payments.tasks import webhook_delivery_process_task

            delivery_id = delivery.pk
            transaction.on_commit(lambda: webhook_delivery_process_task.delay(delivery_id=delivery_id))
    return delivery


class WebhookPaymentUnknown(Exception):
    """A webhook about a payment no transaction has (yet): retried, then left FAILED for review."""


def webhook_delivery_process(delivery_id: int) -> None:
    """Act on a stored webhook delivery: the gateway re-reads the payment, the events are recorded.

    A failure is written on the delivery and re-raised (the Celery task retries with backoff).
    """
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    if delivery.status == WebhookDeliveryStatus.PROCESSED:
        return
    gateway = gateways().get(delivery.gateway)
    try:
        if gateway is None:
            raise PaymentError(
                TransactionProcessErrorCode.MISSING_PAYMENT_APP, "Gateway no longer configured."
            )
        message = WebhookMessage(
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            psp_reference=delivery.psp_reference or None,
            payload=delivery.payload,
        )
        row = (
            Transaction.objects.filter(gateway=delivery.gateway, psp_reference=delivery.psp_reference).first()
            if delivery.psp_reference
            else None
        )
        if row is None:
            # The PSP's id is stored right after the gateway answers initialise; a webhook may
            # overtake that by milliseconds. Fail, so the retry (or the periodic sweep) finds it.
            raise WebhookPaymentUnknown(
                f"No transaction has the PSP reference {delivery.psp_reference!r} yet."
            )
        result = gateway.webhook_process(message)
        events_record(row.pk, result, created_by="webhook")
    except Exception as exc:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDeliveryStatus.FAILED,
            attempts=delivery.attempts + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDeliveryStatus.PROCESSED,
        attempts=delivery.attempts + 1,
        last_error="",
        processed_at=timezone.now(),
    )


def webhook_deliveries_pending(*, older_than: timedelta, younger_than: timedelta) -> Sequence[int]:
    """Deliveries still unprocessed a while after they arrived, but not given up on (the periodic
    sweep's work list; older failures stay FAILED, with their error, for someone to look at)."""
    now = timezone.now()
    return list(
        WebhookDelivery.objects.exclude(status=WebhookDeliveryStatus.PROCESSED)
        .filter(received_at__lt=now - older_than, received_at__gt=now - younger_than)
        .values_list("pk", flat=True)[:500]
    )
