"""Granted refunds: money paid back without a return (Saleor's ``orderGrantRefundCreate`` and
``transactionRequestRefundForGrantedRefund``).

Two steps, as in Saleor. Staff holding ``MANAGE_ORDERS`` *grant* a refund: an amount, a reason,
and optionally order lines (with quantities) and the shipping paid; the amount, when not given,
is the lines' gross prices plus the shipping. Nothing moves yet. Someone holding
``HANDLE_PAYMENTS`` then *requests* it from the grant's transaction, through
``payments.services.transaction_action_request`` exactly as ``transactionRequestAction`` and the
refund of a return do (committed first, gateway called outside any database transaction).

The refund's outcome may come back at once (the dummy gateway, a Stripe refund that succeeded) or
later by webhook (a Stripe refund left ``pending``). The grant keeps the gateway's reference of the
refund (``psp_reference``); the payment event handler calls :func:`granted_refunds_settle` with
every new refund event of an order's transaction, and the request itself settles with what the
transaction already recorded under that reference, so whichever arrives first settles the grant,
under the grant's row lock, once.

When the refund succeeds, the granted lines' units are taken off the makers' earnings
(``REFUNDED`` reversals, ``storefront.orders.earnings.earnings_reverse``: never more than was
earned, never twice: ``earnings_reversed`` is set in the same transaction). A grant without lines
(an amount, or the shipping, only) reverses nothing: the makers' share is of the goods, and an
amount says nothing about which goods. A failed refund reverses nothing either; the grant can be
requested again.

A grant naming a gift card line takes back that many of the line's cards at once
(``storefront.orders.gift_cards``): deactivated when granted, so none can be spent while the money
goes back (a refund that fails leaves them deactivated; the grant can be requested again). Only
unspent cards can be taken back: more than the line has unspent is
``QUANTITY_GREATER_THAN_AVAILABLE`` on that line.

Limits: what may be granted is what the order's transactions charged (less refunds pending) less
what earlier grants not yet refunded hold; a line may be granted at most its quantity over all
grants; the shipping once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from payments.contract import TransactionEventType
from payments.error_codes import PaymentError
from payments.models import Transaction, TransactionEvent
from payments.services import ActionType, gateways, transaction_action_request
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.money import Money, currency_precision, quantize_amount
from storefront.discounts.bought import gift_cards_bought_deactivate
from storefront.orders.cancel import order_lock
from storefront.orders.choices import GrantedRefundStatus, MakerEarningKind
from storefront.orders.earnings import earnings_reverse
from storefront.orders.error_codes import OrderError
from storefront.orders.error_codes import OrderGrantRefundCreateErrorCode as Code
from storefront.orders.error_codes import OrderGrantRefundCreateLineErrorCode as LineCode
from storefront.orders.error_codes import TransactionRequestRefundForGrantedRefundErrorCode as RequestCode
from storefront.orders.gift_cards import gift_card_lines_refundable
from storefront.orders.models import Order, OrderGrantedRefund, OrderGrantedRefundLine, OrderLine
from storefront.orders.payment_state import order_transaction_action_requested
from storefront.orders.returns import MAX_REFUND, actor_label

REASON_LIMIT = 2000
_OUTCOMES = (str(TransactionEventType.REFUND_SUCCESS), str(TransactionEventType.REFUND_FAILURE))


@dataclass(frozen=True)
class GrantLine:
    """``quantity`` units of an order line to grant; ``reference`` is how the caller named the line
    (the API's global ID, given back in a line's error); ``order_line_id`` ``None`` if unreadable."""

    reference: str
    order_line_id: uuid.UUID | None
    quantity: int
    reason: str = ""


def _line_error(code: LineCode, message: str, line: GrantLine, field: str) -> OrderError:
    return OrderError(code, message, field=field, line_id=line.reference)


def _line_problems(
    order: Order, lines: Sequence[GrantLine]
) -> tuple[list[OrderError], list[tuple[OrderLine, GrantLine]]]:
    own = {line.pk: line for line in OrderLine.objects.filter(order_id=order.pk)}
    granted = dict(
        OrderGrantedRefundLine.objects.filter(order_line__order_id=order.pk)
        .values_list("order_line_id")
        .annotate(total=Sum("quantity"))
    )
    problems: list[OrderError] = []
    found: list[tuple[OrderLine, GrantLine]] = []
    seen: set[uuid.UUID] = set()
    for line in lines:
        target = own.get(line.order_line_id) if line.order_line_id is not None else None
        if target is None:
            problems.append(
                _line_error(LineCode.NOT_FOUND, "Couldn't resolve to a line of this order.", line, "id")
            )
            continue
        if target.pk in seen:
            problems.append(_line_error(LineCode.INVALID, "Each order line can be named once.", line, "id"))
            continue
        seen.add(target.pk)
        available = target.quantity - int(granted.get(target.pk) or 0)
        if line.quantity <= 0:
            problems.append(
                _line_error(LineCode.INVALID, "Only positive quantities are accepted.", line, "quantity")
            )
        elif line.quantity > available:
            problems.append(
                _line_error(
                    LineCode.QUANTITY_GREATER_THAN_AVAILABLE,
                    f"Only {available} of {target.product_name} can still be granted a refund.",
                    line,
                    "quantity",
                )
            )
        elif len(line.reason) > REASON_LIMIT:
            problems.append(_line_error(LineCode.INVALID, "The reason is too long.", line, "reason"))
        else:
            found.append((target, line))
    return problems, found


def _available(order: Order, *, excluding: OrderGrantedRefund | None = None) -> Decimal:
    """What may still be granted: charged less refunds pending, less grants not yet refunded."""
    charged = sum(
        (
            row.charged_amount - row.refund_pending_amount
            for row in Transaction.objects.filter(order_id=order.pk)
        ),
        Decimal(0),
    )
    held = OrderGrantedRefund.objects.filter(order_id=order.pk).exclude(status=GrantedRefundStatus.SUCCESS)
    if excluding is not None:
        held = held.exclude(pk=excluding.pk)
    return charged - (held.aggregate(total=Sum("amount_value"))["total"] or Decimal(0))


def granted_refund_create(
    *,
    order: Order,
    transaction_id: uuid.UUID | None,
    lines: Sequence[GrantLine] = (),
    amount: Decimal | None = None,
    reason: str = "",
    grant_refund_for_shipping: bool = False,
    actor: Actor,
) -> OrderGrantedRefund:
    """Grant a refund on ``order`` (module docstring); every problem is raised at once, nothing written."""
    with transaction.atomic():
        locked = order_lock(order.pk)
        problems: list[OrderError] = []
        row = (
            Transaction.objects.filter(pk=transaction_id, order_id=locked.pk).first()
            if transaction_id is not None
            else None
        )
        if row is None:
            problems.append(
                OrderError(
                    Code.NOT_FOUND, "Couldn't resolve to a transaction of this order.", field="transaction_id"
                )
            )
        if len(reason) > REASON_LIMIT:
            problems.append(OrderError(Code.INVALID, "The reason is too long.", field="reason"))
        line_problems, found = _line_problems(locked, lines)
        # A gift card line: the cards it takes back must be unspent (locked now, deactivated below).
        refundable = gift_card_lines_refundable(locked, [target.pk for target, _line in found])
        for target, line in found:
            cards = refundable.get(target.pk)
            if cards is not None and line.quantity > len(cards):
                line_problems.append(
                    _line_error(
                        LineCode.QUANTITY_GREATER_THAN_AVAILABLE,
                        f"Only {len(cards)} of the gift cards bought on this line can be refunded: "
                        "a gift card already used (or not issued) cannot be taken back.",
                        line,
                        "quantity",
                    )
                )
        if line_problems:
            problems.append(
                OrderError(
                    Code.INVALID,
                    "Provided lines for granted refund are invalid.",
                    field="lines",
                    lines=line_problems,
                )
            )
        if (
            grant_refund_for_shipping
            and OrderGrantedRefund.objects.filter(order_id=locked.pk, shipping_costs_included=True).exists()
        ):
            problems.append(
                OrderError(
                    Code.SHIPPING_COSTS_ALREADY_GRANTED,
                    "The shipping costs were already granted a refund.",
                    field="grant_refund_for_shipping",
                )
            )
        currency = locked.currency
        if amount is not None and (amount >= MAX_REFUND or quantize_amount(amount, currency) != amount):
            problems.append(
                OrderError(
                    Code.INVALID,
                    f"{currency} amounts have at most {currency_precision(currency)} decimal places.",
                    field="amount",
                )
            )
        elif amount is None and not lines and not grant_refund_for_shipping:
            problems.append(
                OrderError(
                    Code.REQUIRED,
                    "Give an amount, lines, or grantRefundForShipping.",
                    field="amount",
                )
            )
        total = Decimal(0)
        if not problems:
            if amount is not None:
                total = amount
            else:
                total = sum(
                    (target.unit_price_gross_amount * line.quantity for target, line in found), Decimal(0)
                )
                if grant_refund_for_shipping:
                    total += locked.shipping_price_gross_amount
            available = _available(locked)
            if total <= 0:
                problems.append(OrderError(Code.INVALID, "The amount must be more than 0.", field="amount"))
            elif total > available:
                problems.append(
                    OrderError(
                        Code.AMOUNT_GREATER_THAN_AVAILABLE,
                        f"At most {Money(available, currency).amount} {currency} can be granted: what was "
                        "charged, less refunds pending and grants not yet refunded.",
                        field="amount",
                    )
                )
        if problems:
            raise OrderError.group(problems)
        grant = OrderGrantedRefund.objects.create(
            order=locked,
            amount_value=total,
            currency=currency,
            reason=reason,
            shipping_costs_included=grant_refund_for_shipping,
            transaction=row,
            user=actor.user if getattr(actor.user, "is_authenticated", False) else None,
            app=actor.app,
        )
        OrderGrantedRefundLine.objects.bulk_create(
            [
                OrderGrantedRefundLine(
                    granted_refund=grant, order_line=target, quantity=line.quantity, reason=line.reason
                )
                for target, line in found
            ]
        )
        taken_back = [
            card for target, line in found for card in refundable.get(target.pk, [])[: line.quantity]
        ]
        gift_cards_bought_deactivate(
            cards=taken_back,
            order_id=locked.pk,
            reason="REFUND_GRANTED",
            user=actor.user,
            granted_refund=grant.pk,
        )
        audit_log_record(
            actor=actor,
            action="order.refund_granted",
            target=locked,
            payload={
                "number": locked.number,
                "granted_refund": grant.pk,
                "amount": str(total),
                "currency": currency,
                "reason": reason,
                "shipping": grant_refund_for_shipping,
                "transaction": str(row.pk) if row is not None else None,
                "lines": [
                    {"order_line": str(target.pk), "quantity": line.quantity, "reason": line.reason}
                    for target, line in found
                ],
                "gift_cards_deactivated": sorted(card.pk for card in taken_back),
            },
        )
    return grant


def _request_error(code: RequestCode, message: str, field: str | None = None) -> OrderError:
    return OrderError(code, message, field=field)


def _refund_start(granted_refund_id: int, transaction_id: uuid.UUID | None) -> OrderGrantedRefund:
    """Check the request and mark the grant ``PENDING`` on its transaction (committed)."""
    with transaction.atomic():
        grant = (
            OrderGrantedRefund.objects.select_for_update(of=("self",))
            .select_related("order", "transaction")
            .filter(pk=granted_refund_id)
            .first()
        )
        if grant is None:
            raise _request_error(
                RequestCode.NOT_FOUND, "Couldn't resolve to a granted refund.", "granted_refund_id"
            )
        if grant.status == GrantedRefundStatus.SUCCESS:
            raise _request_error(
                RequestCode.REFUND_ALREADY_PROCESSED,
                "This granted refund was already refunded.",
                "granted_refund_id",
            )
        if grant.status == GrantedRefundStatus.PENDING:
            raise _request_error(
                RequestCode.REFUND_IS_PENDING,
                "The refund of this grant is waiting for its outcome.",
                "granted_refund_id",
            )
        row = grant.transaction
        if row is None:
            row = (
                Transaction.objects.filter(pk=transaction_id, order_id=grant.order_id).first()
                if transaction_id is not None
                else None
            )
            if row is None:
                raise _request_error(
                    RequestCode.NOT_FOUND, "Couldn't resolve to a transaction of the grant's order.", "id"
                )
        if gateways().get(row.gateway) is None:
            raise _request_error(
                RequestCode.MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK,
                "The transaction's payment gateway is no longer configured.",
                "id",
            )
        available = row.charged_amount - row.refund_pending_amount
        if grant.amount_value > available:
            raise _request_error(
                RequestCode.AMOUNT_GREATER_THAN_AVAILABLE,
                f"The transaction has only {row.money(available).amount} {row.currency} left to refund.",
                "granted_refund_id",
            )
        grant.transaction = row
        grant.status = GrantedRefundStatus.PENDING
        grant.psp_reference = ""
        grant.save(update_fields=["transaction", "status", "psp_reference", "updated_at"])
    return grant


def granted_refund_request(
    *, granted_refund_id: int, transaction_id: uuid.UUID | None, actor: Actor
) -> OrderGrantedRefund:
    """Refund a granted refund through its transaction's gateway; the grant as it is afterwards.

    A gateway refusal marks the grant ``FAILURE`` (written and audited) and is raised as ``INVALID``.
    """
    grant = _refund_start(granted_refund_id, transaction_id)
    row = grant.transaction
    assert row is not None
    try:
        outcome = transaction_action_request(
            transaction_row=row, action=ActionType.REFUND, amount=grant.amount, created_by=actor_label(actor)
        )
    except PaymentError as exc:
        with transaction.atomic():
            order_lock(grant.order_id)
            locked = OrderGrantedRefund.objects.select_for_update().get(pk=grant.pk)
            _settle(locked, {str(TransactionEventType.REFUND_FAILURE)}, actor=actor)
        order_transaction_action_requested(row, action="REFUND", amount=str(grant.amount_value), actor=actor)
        raise _request_error(RequestCode.INVALID, exc.message, exc.field) from exc
    order_transaction_action_requested(row, action="REFUND", amount=str(grant.amount_value), actor=actor)
    event = outcome.event
    psp_reference = event.psp_reference if event is not None and event.type.startswith("REFUND") else ""
    with transaction.atomic():
        order_lock(grant.order_id)
        locked = OrderGrantedRefund.objects.select_for_update().get(pk=grant.pk)
        if locked.status == GrantedRefundStatus.PENDING:
            locked.psp_reference = psp_reference
            locked.save(update_fields=["psp_reference", "updated_at"])
        if psp_reference:
            # Whatever the transaction recorded under this refund's name, a webhook's included.
            types = set(
                TransactionEvent.objects.filter(
                    transaction_id=row.pk, psp_reference=psp_reference, type__in=_OUTCOMES
                ).values_list("type", flat=True)
            )
        else:
            types = {event.type} if event is not None else set()
        _settle(locked, types, actor=actor)
    return locked


def _settle(grant: OrderGrantedRefund, types: set[str], *, actor: Actor) -> None:
    """Apply a refund's outcome to a locked ``PENDING`` grant: success reverses the lines' earnings once."""
    if grant.status != GrantedRefundStatus.PENDING:
        return
    if str(TransactionEventType.REFUND_SUCCESS) in types:
        grant.status = GrantedRefundStatus.SUCCESS
    elif str(TransactionEventType.REFUND_FAILURE) in types:
        grant.status = GrantedRefundStatus.FAILURE
    else:
        return
    reversed_units: list[dict[str, object]] = []
    if grant.status == GrantedRefundStatus.SUCCESS and not grant.earnings_reversed:
        for line in grant.lines.select_related("order_line").order_by("pk"):
            rows = earnings_reverse(
                order_line=line.order_line, quantity=line.quantity, kind=MakerEarningKind.REFUNDED
            )
            reversed_units.append(
                {
                    "order_line": str(line.order_line_id),
                    "quantity": line.quantity,
                    "share": str(sum((row.share_amount for row in rows), Decimal(0))),
                }
            )
        grant.earnings_reversed = True
    grant.save(update_fields=["status", "earnings_reversed", "updated_at"])
    audit_log_record(
        actor=actor,
        action="order.granted_refund_refunded"
        if grant.status == GrantedRefundStatus.SUCCESS
        else "order.granted_refund_failed",
        target=grant.order,
        payload={
            "granted_refund": grant.pk,
            "amount": str(grant.amount_value),
            "currency": grant.currency,
            "transaction": str(grant.transaction_id),
            "psp_reference": grant.psp_reference,
            "earnings_reversed": reversed_units,
        },
    )


def granted_refunds_settle(transaction_row: Transaction, events: Iterable[TransactionEvent]) -> None:
    """The payment event handler's part: refund outcomes newly recorded on an order's transaction
    settle the grants they name (by the refund's PSP reference). Call under the order's lock."""
    by_reference: dict[str, set[str]] = {}
    for event in events:
        if event.type in _OUTCOMES and event.psp_reference:
            by_reference.setdefault(event.psp_reference, set()).add(event.type)
    if not by_reference:
        return
    grants = (
        OrderGrantedRefund.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(
            transaction_id=transaction_row.pk,
            psp_reference__in=list(by_reference),
            status=GrantedRefundStatus.PENDING,
        )
        .order_by("pk")
    )
    for grant in grants:
        _settle(grant, by_reference[grant.psp_reference], actor=Actor.system())
