"""Returns (Saleor's ``orderFulfillmentReturnProducts``): shipped pieces come back, money may go back.

Under the order's row lock, the quantities named are moved from their fulfilment lines into one
new ``RETURNED`` fulfilment, as Saleor moves them (a line left with nothing is deleted; the
fulfilment it belonged to stays, with its papers). Returned certified units become ``RETURNED``
with a ``RETURNED`` custody event; which units come back is named by serial, or else the packed
ones are taken in serial order. As in Saleor, a return does not restock: the warehouse counters
are unchanged (``Stock.quantity`` counts only what is on the shelf, and a returned piece is
checked before it is sold again). The order becomes ``PARTIALLY_RETURNED`` or ``RETURNED``,
with ``FULFILLMENT_RETURNED`` (its ``message`` the return's reason, each line its own), and an
audit entry (the reason too).

As in Saleor, a return may also name order lines not yet shipped (``orderLines``): those units
count as dealt with (``quantity_fulfilled`` grows, so nothing is left to pack for them), move into
the same ``RETURNED`` fulfilment without a stock, and their stock allocations are released (stock
rows locked in primary-key order, as checkout takes them). They earned makers nothing, so nothing
is reversed. A fulfilment the return leaves without lines is deleted, as Saleor deletes it, unless
its export papers were issued: an invoice number is a legal record, so that fulfilment is kept,
marked ``RETURNED`` (a parcel that came back whole), with its papers. ``replace`` (a replacement
draft order) is not supported: the API refuses it. A gift card line is neither returned nor
refunded here (``GIFT_CARD_LINE``, as in Saleor): its refund is granted
(``storefront.orders.granted_refunds``), which takes the cards back.

With ``refund``, the money goes back through the payment gateway after the return is committed,
through ``payments.services.transaction_action_request`` as ``transactionRequestAction`` does (no
gateway is called inside a database transaction): the amount given, else the returned lines'
gross prices (plus the shipping paid with ``include_shipping_costs``, Saleor's option), taken
from the order's charged transactions in turn. A refund that succeeds marks the return
``REFUNDED_AND_RETURNED`` with ``FULFILLMENT_REFUNDED``; one that fails leaves the return recorded
and is reported (``PAYMENT_ERROR``) for staff to retry through ``transactionRequestAction``.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import F, Max

from payments.error_codes import PaymentError
from payments.models import Transaction
from payments.services import ActionType, transaction_action_request
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import ProductType
from storefront.core.money import Money, currency_precision, quantize_amount
from storefront.core.versioned_cache import stock_changed
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock
from storefront.orders.cancel import order_lock
from storefront.orders.choices import FulfillmentStatus, MakerEarningKind, OrderEventType, OrderStatus
from storefront.orders.earnings import earnings_reverse
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.fulfilment_state import order_status_refresh, units_came_back
from storefront.orders.models import Allocation, Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from storefront.orders.payment_state import order_transaction_action_requested

MAX_REFUND = Decimal(10) ** 15


class ReturnLine(NamedTuple):
    """Return ``quantity`` pieces of a fulfilment line (optionally naming the serials coming back)."""

    fulfillment_line_id: int
    quantity: int
    serials: Sequence[str] = ()
    reason: str = ""


class ReturnOrderLine(NamedTuple):
    """Take ``quantity`` not yet shipped units of an order line off the order (Saleor's ``orderLines``);
    ``order_line_id`` ``None`` when the caller's ID could not be read."""

    order_line_id: uuid.UUID | None
    quantity: int


REASON_LIMIT = 2000
#: Orders whose unshipped lines may be returned (placed, not canceled, drafts or expired).
ORDER_LINES_RETURNABLE = (
    OrderStatus.UNFULFILLED,
    OrderStatus.PARTIALLY_FULFILLED,
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_RETURNED,
    OrderStatus.RETURNED,
)


@dataclass(frozen=True)
class ReturnOutcome:
    """The return fulfilment, the order, the amount refunded, and the refund's failure (if any)."""

    fulfillment: Fulfillment
    order: Order
    refunded: Money | None = None
    refund_error: OrderError | None = None


def _gift_card_line_ids(order: Order) -> set[uuid.UUID]:
    return set(
        OrderLine.objects.filter(
            order_id=order.pk, variant__product__product_type__kind=ProductType.Kind.GIFT_CARD
        ).values_list("pk", flat=True)
    )


def _gift_card_line_error(line: OrderLine, field: str) -> OrderError:
    # Saleor's refusal: a gift card is not sent back; its refund is granted (which takes it back).
    return OrderError(
        OrderErrorCode.GIFT_CARD_LINE,
        "Cannot refund or return gift card line. Grant a refund of it instead.",
        field=field,
        order_lines=[line],
    )


def _problems(
    order: Order, lines: Sequence[ReturnLine], found: dict[int, FulfillmentLine], *, any_order_lines: bool
) -> list[OrderError]:
    problems: list[OrderError] = []
    gift_card_line_ids = _gift_card_line_ids(order)
    if not lines and not any_order_lines:
        problems.append(
            OrderError(
                OrderErrorCode.REQUIRED, "Name at least one line to return.", field="fulfillment_lines"
            )
        )
    seen: set[int] = set()
    for line in lines:
        target = found.get(line.fulfillment_line_id)
        if line.fulfillment_line_id in seen:
            problems.append(
                OrderError(
                    OrderErrorCode.DUPLICATED_INPUT_ITEM,
                    "Each fulfillment line can be named once.",
                    field="fulfillment_line_id",
                )
            )
        seen.add(line.fulfillment_line_id)
        if target is None or target.fulfillment.order_id != order.pk:
            problems.append(
                OrderError(
                    OrderErrorCode.NOT_FOUND,
                    "Couldn't resolve to a fulfillment line of this order.",
                    field="fulfillment_line_id",
                )
            )
            continue
        if target.order_line_id in gift_card_line_ids:
            problems.append(_gift_card_line_error(target.order_line, "fulfillment_line_id"))
            continue
        if target.fulfillment.status != FulfillmentStatus.FULFILLED:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    "Only lines of a fulfilled (shipped) fulfillment can be returned.",
                    field="fulfillment_line_id",
                    order_lines=[target.order_line],
                )
            )
            continue
        if line.quantity <= 0:
            problems.append(
                OrderError(
                    OrderErrorCode.ZERO_QUANTITY if line.quantity == 0 else OrderErrorCode.INVALID_QUANTITY,
                    "Only positive quantities are accepted.",
                    field="quantity",
                )
            )
        elif line.quantity > target.quantity:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID_QUANTITY,
                    f"Only {target.quantity} of {target.order_line.product_name} were shipped in this "
                    "fulfillment.",
                    field="quantity",
                    order_lines=[target.order_line],
                )
            )
        if len(line.reason) > REASON_LIMIT:
            problems.append(OrderError(OrderErrorCode.INVALID, "The reason is too long.", field="reason"))
        packed = {unit.serial for unit in target.units.all()}
        if line.serials:
            if len(line.serials) != line.quantity or len(set(line.serials)) != len(line.serials):
                problems.append(
                    OrderError(
                        OrderErrorCode.INVALID,
                        "Name one serial per piece returned.",
                        field="serials",
                        order_lines=[target.order_line],
                    )
                )
            for serial in line.serials:
                if serial not in packed:
                    problems.append(
                        OrderError(
                            OrderErrorCode.INVALID,
                            f"Serial {serial} was not shipped in this fulfillment line.",
                            field="serials",
                            order_lines=[target.order_line],
                        )
                    )
    return problems


def _order_line_problems(
    order: Order, lines: Sequence[ReturnOrderLine], found: dict[uuid.UUID, OrderLine]
) -> list[OrderError]:
    """Saleor's checks of ``orderLines``: lines of this order, at most their unshipped quantity."""
    problems: list[OrderError] = []
    gift_card_line_ids = _gift_card_line_ids(order) if lines else set()
    if lines and order.status not in ORDER_LINES_RETURNABLE:
        problems.append(
            OrderError(
                OrderErrorCode.INVALID,
                f"Nothing can be returned from a {order.status.lower().replace('_', ' ')} order.",
                field="order_lines",
            )
        )
    seen: set[uuid.UUID] = set()
    for line in lines:
        target = found.get(line.order_line_id) if line.order_line_id is not None else None
        if target is None or target.order_id != order.pk:
            problems.append(
                OrderError(
                    OrderErrorCode.NOT_FOUND,
                    "Couldn't resolve to a line of this order.",
                    field="order_line_id",
                )
            )
            continue
        if target.pk in seen:
            problems.append(
                OrderError(
                    OrderErrorCode.DUPLICATED_INPUT_ITEM,
                    "Each order line can be named once.",
                    field="order_line_id",
                )
            )
            continue
        seen.add(target.pk)
        if target.pk in gift_card_line_ids:
            problems.append(_gift_card_line_error(target, "order_line_id"))
            continue
        unshipped = target.quantity - target.quantity_fulfilled
        if line.quantity <= 0:
            problems.append(
                OrderError(
                    OrderErrorCode.ZERO_QUANTITY if line.quantity == 0 else OrderErrorCode.INVALID_QUANTITY,
                    "Only positive quantities are accepted.",
                    field="quantity",
                )
            )
        elif line.quantity > unshipped:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID_QUANTITY,
                    f"Only {unshipped} of {target.product_name} are not yet shipped.",
                    field="quantity",
                    order_lines=[target],
                )
            )
    return problems


def _order_lines_release(order: Order, moves: Sequence[tuple[OrderLine, int]]) -> dict[str, int]:
    """Saleor's ``_move_order_lines_to_target_fulfillment``: the units count as dealt with
    (``quantity_fulfilled``) and their stock allocations are released (the stock rows locked in
    primary-key order, as checkout and ``orderCancel`` take them). Returns stock id -> released."""
    if not moves:
        return {}
    allocations = list(
        Allocation.objects.filter(order_line_id__in=[line.pk for line, _ in moves]).order_by("pk")
    )
    remaining = {allocation.pk: allocation.quantity_allocated for allocation in allocations}
    released: Counter[int] = Counter()
    for line, quantity in moves:
        need = quantity
        for allocation in (a for a in allocations if a.order_line_id == line.pk):
            take = min(need, remaining[allocation.pk])
            if take:
                remaining[allocation.pk] -= take
                released[allocation.stock_id] += take
                need -= take
        OrderLine.objects.filter(pk=line.pk).update(quantity_fulfilled=F("quantity_fulfilled") + quantity)
    list(stocks_select_for_update(Stock.objects.filter(pk__in=list(released))))
    stock_changed()  # no signals from update()
    for stock_id, quantity in sorted(released.items()):
        Stock.objects.filter(pk=stock_id).update(quantity_allocated=F("quantity_allocated") - quantity)
    for allocation in allocations:
        if remaining[allocation.pk] == 0:
            allocation.delete()  # frees a one-of-a-kind unit's link
        elif remaining[allocation.pk] != allocation.quantity_allocated:
            Allocation.objects.filter(pk=allocation.pk).update(quantity_allocated=remaining[allocation.pk])
    return {str(stock_id): quantity for stock_id, quantity in sorted(released.items())}


def _emptied_settle(fulfillment_ids: set[uuid.UUID]) -> dict[str, str]:
    """Fulfilments a return left without lines: deleted, as Saleor does, unless their export papers
    were issued (an invoice number is a legal record, never deleted): those are marked ``RETURNED``,
    a parcel that came back whole, and keep their papers. Returns fulfilment id -> what happened."""
    outcome: dict[str, str] = {}
    for emptied in Fulfillment.objects.filter(pk__in=fulfillment_ids, lines__isnull=True).order_by("pk"):
        if emptied.invoice_number or emptied.documents.exists():
            Fulfillment.objects.filter(pk=emptied.pk).update(status=FulfillmentStatus.RETURNED)
            outcome[str(emptied.pk)] = "marked returned (papers kept)"
        else:
            outcome[str(emptied.pk)] = "deleted (empty)"
            emptied.delete()
    return outcome


def _units_returning(target: FulfillmentLine, line: ReturnLine) -> list[Unit]:
    units = sorted(target.units.all(), key=lambda unit: unit.serial)
    if not units:
        return []
    if line.serials:
        wanted = set(line.serials)
        return [unit for unit in units if unit.serial in wanted]
    return units[: line.quantity]


def _refund_amount(
    order: Order,
    returned: Sequence[tuple[FulfillmentLine | OrderLine, int]],
    amount: Decimal | None,
    shipping: bool,
) -> Money:
    if amount is not None:
        return Money(amount, order.currency)
    total = (
        Money(order.shipping_price_gross_amount, order.currency) if shipping else Money.zero(order.currency)
    )
    for target, quantity in returned:
        line = target.order_line if isinstance(target, FulfillmentLine) else target
        total += Money(line.unit_price_gross_amount, order.currency) * quantity
    return total


def _refundable(order: Order) -> Decimal:
    rows = Transaction.objects.filter(order_id=order.pk)
    return sum((row.charged_amount - row.refund_pending_amount for row in rows), Decimal(0))


def order_products_return(
    *,
    order: Order,
    lines: Sequence[ReturnLine | tuple[int, int, Sequence[str]]],
    refund: bool,
    amount_to_refund: Decimal | None,
    actor: Actor,
    include_shipping_costs: bool = False,
    order_lines: Sequence[ReturnOrderLine] = (),
    reason: str = "",
) -> ReturnOutcome:
    """Return shipped pieces of ``order`` and, with ``refund``, pay their price back (module docstring)."""
    requests = [ReturnLine(*line) for line in lines]
    with transaction.atomic():
        locked = order_lock(order.pk)
        unshipped_found = {
            line.pk: line
            for line in OrderLine.objects.filter(
                pk__in=[line.order_line_id for line in order_lines if line.order_line_id is not None]
            )
        }
        found = {
            line.pk: line
            for line in FulfillmentLine.objects.filter(
                pk__in=[request.fulfillment_line_id for request in requests]
            )
            .select_related("fulfillment", "order_line", "stock")
            .prefetch_related("units__lot__warehouse")
        }
        problems = _problems(locked, requests, found, any_order_lines=bool(order_lines))
        problems += _order_line_problems(locked, order_lines, unshipped_found)
        if len(reason) > REASON_LIMIT:
            problems.append(OrderError(OrderErrorCode.INVALID, "The reason is too long.", field="reason"))
        unshipped = (
            [
                (unshipped_found[line.order_line_id], line.quantity)
                for line in order_lines
                if line.order_line_id
            ]
            if not problems
            else []
        )
        returned: list[tuple[FulfillmentLine | OrderLine, int]] = (
            [(found[r.fulfillment_line_id], r.quantity) for r in requests] if not problems else []
        )
        returned += unshipped
        amount: Money | None = None
        if amount_to_refund is not None and (
            amount_to_refund >= MAX_REFUND
            or quantize_amount(amount_to_refund, locked.currency) != amount_to_refund
        ):
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"{locked.currency} amounts have at most {currency_precision(locked.currency)} "
                    "decimal places.",
                    field="amount_to_refund",
                )
            )
        if refund and not problems:
            amount = _refund_amount(locked, returned, amount_to_refund, include_shipping_costs)
            refundable = _refundable(locked)
            if amount.amount <= 0 or amount.amount > refundable:
                problems.append(
                    OrderError(
                        OrderErrorCode.CANNOT_REFUND,
                        f"The refund must be more than 0 and at most what was charged and not yet refunded "
                        f"({Money(refundable, locked.currency).amount} {locked.currency}).",
                        field="amount_to_refund",
                    )
                )
        if problems:
            raise OrderError.group(problems)
        previous_status = locked.status
        number = (locked.fulfillments.aggregate(last=Max("fulfillment_order"))["last"] or 0) + 1
        fulfillment = Fulfillment.objects.create(
            order=locked, fulfillment_order=number, status=FulfillmentStatus.RETURNED, created_by=actor.user
        )
        written: list[dict[str, object]] = []
        units_back: list[Unit] = []
        by_order_line: dict[tuple[object, int | None], FulfillmentLine] = {}
        units_of: dict[int, list[Unit]] = defaultdict(list)
        released = _order_lines_release(locked, unshipped)
        for order_line, quantity in unshipped:
            by_order_line[(order_line.pk, None)] = FulfillmentLine.objects.create(
                fulfillment=fulfillment, order_line=order_line, stock=None, quantity=quantity
            )
            written.append({"order_line": str(order_line.pk), "from_fulfillment": None, "quantity": quantity})
        sources = {found[request.fulfillment_line_id].fulfillment_id for request in requests}
        for request in requests:
            target = found[request.fulfillment_line_id]
            units = _units_returning(target, request)
            key = (target.order_line_id, target.stock_id)
            moved = by_order_line.get(key)
            if moved is None:
                moved = FulfillmentLine.objects.create(
                    fulfillment=fulfillment,
                    order_line=target.order_line,
                    stock=target.stock,
                    quantity=request.quantity,
                )
                by_order_line[key] = moved
            else:
                moved.quantity += request.quantity
                moved.save(update_fields=["quantity"])
            units_of[moved.pk].extend(units)
            if units:
                target.units.remove(*units)
            # Before the packed line may go: the reversal is of what that very line earned.
            earnings_reverse(
                order_line=target.order_line,
                quantity=request.quantity,
                kind=MakerEarningKind.RETURNED,
                fulfillment_line=target,
            )
            if request.quantity == target.quantity:
                target.delete()
            else:
                target.quantity -= request.quantity
                target.save(update_fields=["quantity"])
            units_back.extend(units)
            written.append(
                {
                    "order_line": str(target.order_line_id),
                    "from_fulfillment": str(target.fulfillment_id),
                    "quantity": request.quantity,
                    "serials": [unit.serial for unit in units],
                    **({"reason": request.reason} if request.reason else {}),
                }
            )
        for moved_pk, units in units_of.items():
            if units:
                by_pk = {line.pk: line for line in by_order_line.values()}
                by_pk[moved_pk].units.add(*units)
        units_came_back(
            units_back, status=Unit.Status.RETURNED, custody=CustodyEvent.Type.RETURNED, order=locked
        )
        emptied = _emptied_settle(sources)
        status = order_status_refresh(locked)
        OrderEvent.objects.bulk_create(
            [
                order_event_build(
                    order=locked,
                    type=OrderEventType.FULFILLMENT_RETURNED,
                    actor=actor,
                    fulfillment=str(fulfillment.pk),
                    quantity=sum(int(str(entry["quantity"])) for entry in written),
                    lines=written,
                    **({"message": reason} if reason else {}),
                )
            ]
        )
        audit_log_record(
            actor=actor,
            action="order.products_returned",
            target=locked,
            payload={
                "number": locked.number,
                "status": {"before": previous_status, "after": status},
                "fulfillment": str(fulfillment.pk),
                "lines": written,
                "reason": reason,
                "released": released,
                "emptied_fulfillments": emptied,
                "refund": str(amount.amount) if amount is not None else None,
            },
        )
    if amount is None:
        return ReturnOutcome(fulfillment=fulfillment, order=locked)
    error = _refund(locked, fulfillment, amount, actor)
    locked.refresh_from_db()
    fulfillment.refresh_from_db()
    return ReturnOutcome(
        fulfillment=fulfillment, order=locked, refunded=None if error else amount, refund_error=error
    )


def actor_label(actor: Actor) -> str:
    """Who asked, as a transaction event records it (``created_by``)."""
    if actor.app is not None:
        return f"app:{actor.app.name}"[:255]
    if actor.user is not None:
        return f"user:{actor.user.email}"[:255]
    return "system"


def _refund(order: Order, fulfillment: Fulfillment, amount: Money, actor: Actor) -> OrderError | None:
    """Refund ``amount`` from the order's charged transactions, oldest first; the failure, if any."""
    left = amount.amount
    refunded = Decimal(0)
    for row in Transaction.objects.filter(order_id=order.pk).order_by("created_at", "pk"):
        available = row.charged_amount - row.refund_pending_amount
        if left <= 0 or available <= 0:
            continue
        part = min(left, available)
        try:
            transaction_action_request(
                transaction_row=row,
                action=ActionType.REFUND,
                amount=Money(part, amount.currency),
                created_by=actor_label(actor),
            )
        except PaymentError as exc:
            return OrderError(OrderErrorCode.PAYMENT_ERROR, exc.message, field="refund")
        order_transaction_action_requested(row, action="REFUND", amount=str(part), actor=actor)
        left -= part
        refunded += part
    if left > 0:
        return OrderError(OrderErrorCode.CANNOT_REFUND, "Nothing left to refund.", field="amount_to_refund")
    with transaction.atomic():
        locked = order_lock(order.pk)
        Fulfillment.objects.filter(pk=fulfillment.pk).update(status=FulfillmentStatus.REFUNDED_AND_RETURNED)
        order_event_build(
            order=locked,
            type=OrderEventType.FULFILLMENT_REFUNDED,
            actor=actor,
            amount=str(refunded),
            currency=amount.currency,
            fulfillment=str(fulfillment.pk),
        ).save()
        audit_log_record(
            actor=actor,
            action="order.refunded",
            target=locked,
            payload={"number": locked.number, "amount": str(refunded), "currency": amount.currency},
        )
    return None
