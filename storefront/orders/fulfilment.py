"""Fulfilling orders (Saleor's ``orderFulfill``, ``orderFulfillmentUpdateTracking``,
``orderFulfillmentCancel``; returns are ``storefront.orders.returns``).

``order_fulfill`` packs parts of an order's lines from named warehouses: one ``Fulfillment`` per
warehouse (Saleor groups them so), partial fulfilments allowed. It locks the order row, then the
stock rows it touches through ``storefront.inventory.locks`` (primary-key order, after the order
row, as ``order_cancel`` and a completing checkout do), so two staff members fulfilling the same
line queue and the second sees what the first packed. Each packed piece leaves
``Stock.quantity``; the line's allocations (first in the warehouse packed from, then elsewhere)
leave ``Stock.quantity_allocated``; ``OrderLine.quantity_fulfilled`` grows.

Certified pieces are packed by serial. A one-of-a-kind line already names its serial. For other
certified stock (a (variant, warehouse) pair that has units) the caller may name the serials;
otherwise the service picks them (``serials_suggest``: first expiry for food lots, else first
received). Every packed unit leaves ``IN_STOCK`` for ``SHIPPED`` in the same transaction that
takes it off the counter (so ``Stock.quantity`` keeps equal to the pair's units in stock), and its
custody chain gets ``SOLD`` then ``SHIPPED`` (order number and tracking as private data).

Follow-ups that must run for every new fulfilment inside the same transaction (export
documents, makers' earnings) are listed once in ``FULFILMENT_FOLLOW_UPS``.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Max, Q, QuerySet, Sum

from provenance.certificates.custody import custody_event_append
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock, Warehouse
from storefront.orders.cancel import order_lock
from storefront.orders.choices import FulfillmentStatus, OrderEmailType, OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.models import Allocation, Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from storefront.orders.tasks import fulfillment_email

if TYPE_CHECKING:
    from storefront.orders.returns import ReturnLine, ReturnOutcome

TRACKING_NUMBER_LIMIT = 255
SERIALS_PER_LINE_LIMIT = 1000

#: Statuses an order may be fulfilled in (Saleor refuses drafts, unconfirmed, cancelled and expired).
FULFILLABLE = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)
#: Fulfilments whose pieces came back (their lines count as returned in the order's status).
RETURNED_STATUSES = (FulfillmentStatus.RETURNED, FulfillmentStatus.REFUNDED_AND_RETURNED)


@dataclass(frozen=True)
class FulfilStock:
    """Pack ``quantity`` pieces of a line from the warehouse ``warehouse_id``."""

    warehouse_id: int
    quantity: int


@dataclass(frozen=True)
class FulfilLine:
    """Pack (part of) one order line from one or more warehouses, optionally naming the serials."""

    order_line_id: uuid.UUID
    stocks: tuple[FulfilStock, ...]
    serials: tuple[str, ...] = ()


# --- follow-ups ------------------------------------------------------------------------------------
# THE place where work that belongs to every new fulfilment is wired (export documents, makers'
# earnings): each callable gets the new ``Fulfillment`` (lines, units and stock written) and the
# actor, inside ``order_fulfill``'s transaction, after the order's status, events and audit entry.
# Raising rolls the whole fulfilment back.
FulfilmentFollowUp = Callable[[Fulfillment, Actor], None]
FULFILMENT_FOLLOW_UPS: tuple[FulfilmentFollowUp, ...] = ()


def _follow_ups_run(fulfillments: Sequence[Fulfillment], actor: Actor) -> None:
    for fulfillment in fulfillments:
        for follow_up in FULFILMENT_FOLLOW_UPS:
            follow_up(fulfillment, actor)


# --- shared by fulfilling, cancelling and returning ------------------------------------------------


def order_status_refresh(order: Order) -> OrderStatus:
    """Saleor's ``update_order_status``: the order's status from what was fulfilled and returned.

    Call under the order's row lock; saves the status when it changed and returns it.
    """
    lines = list(OrderLine.objects.filter(order=order).values_list("quantity", "quantity_fulfilled"))
    total = sum(quantity for quantity, _fulfilled in lines)
    fulfilled = sum(done for _quantity, done in lines)
    returned = (
        FulfillmentLine.objects.filter(
            fulfillment__order=order, fulfillment__status__in=RETURNED_STATUSES
        ).aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    status = OrderStatus(order.status)
    if total == 0:
        pass
    elif fulfilled <= 0 and not returned:
        status = OrderStatus.UNFULFILLED
    elif 0 < returned < total:
        status = OrderStatus.PARTIALLY_RETURNED
    elif returned >= total:
        status = OrderStatus.RETURNED
    elif fulfilled < total:
        status = OrderStatus.PARTIALLY_FULFILLED
    else:
        status = OrderStatus.FULFILLED
    if status != order.status:
        order.status = status
        order.save(update_fields=["status", "updated_at"])
    return status


def tracking_number_clean(value: str | None) -> str:
    """The tracking number, stripped; ``INVALID`` if too long or holding control characters."""
    cleaned = (value or "").strip()
    if len(cleaned) > TRACKING_NUMBER_LIMIT:
        raise OrderError(
            OrderErrorCode.INVALID,
            f"A tracking number holds at most {TRACKING_NUMBER_LIMIT} characters.",
            field="tracking_number",
        )
    if any(ord(char) < 32 or ord(char) == 127 for char in cleaned):
        raise OrderError(
            OrderErrorCode.INVALID,
            "A tracking number can't hold control characters.",
            field="tracking_number",
        )
    return cleaned


def _email_on_commit(fulfillment_ids: Sequence[uuid.UUID], email_type: OrderEmailType) -> None:
    """Queue one e-mail per fulfilment once the transaction commits (a rollback mails no one)."""

    def queue() -> None:
        for pk in fulfillment_ids:
            fulfillment_email.delay(fulfillment_id=str(pk), email_type=email_type.value)

    transaction.on_commit(queue)


def _custody_private(order: Order, tracking_number: str) -> dict[str, Any]:
    private: dict[str, Any] = {"order": order.number}
    if tracking_number:
        private["tracking_number"] = tracking_number
    return private


# --- serials ---------------------------------------------------------------------------------------


def _units_free_for(order_line: OrderLine, warehouse_id: int) -> QuerySet[Unit]:
    """Units of the line's variant in the warehouse's lots, in stock, and allocated to no other line."""
    return Unit.objects.filter(
        lot__variant_id=order_line.variant_id, lot__warehouse_id=warehouse_id, status=Unit.Status.IN_STOCK
    ).filter(Q(allocation__isnull=True) | Q(allocation__order_line_id=order_line.pk))


def _units_in_packing_order(queryset: QuerySet[Unit]) -> QuerySet[Unit]:
    # First expiry (food lots carry ``best_before``), then first received; lots without a date last.
    return queryset.order_by(F("lot__best_before").asc(nulls_last=True), "lot__received_at", "lot_id", "pk")


def serials_suggest(*, order_line: OrderLine, warehouse_id: int, quantity: int) -> list[str]:
    """The serials to pack for ``quantity`` pieces of ``order_line`` from ``warehouse_id``.

    A one-of-a-kind line's own serial when its piece is in that warehouse and in stock; otherwise the
    certified units free for this line, first expiry for food, else first received (FIFO). Fewer
    than ``quantity`` (none for uncertified stock) when the warehouse has fewer.
    """
    if quantity <= 0:
        return []
    if order_line.unit_id is not None:
        found = Unit.objects.filter(
            pk=order_line.unit_id, lot__warehouse_id=warehouse_id, status=Unit.Status.IN_STOCK
        ).values_list("serial", flat=True)
        return list(found)[:quantity]
    if order_line.variant_id is None:
        return []
    return list(
        _units_in_packing_order(_units_free_for(order_line, warehouse_id)).values_list("serial", flat=True)[
            :quantity
        ]
    )


def certified_pairs(variant_ids: Sequence[int], warehouse_ids: Sequence[int]) -> set[tuple[int, int]]:
    """The (variant, warehouse) pairs among these that have certified units (any status)."""
    if not variant_ids or not warehouse_ids:
        return set()
    return set(
        Unit.objects.filter(lot__variant_id__in=variant_ids, lot__warehouse_id__in=warehouse_ids)
        .values_list("lot__variant_id", "lot__warehouse_id")
        .distinct()
    )


# --- order_fulfill: checking the input ------------------------------------------------------------


def _input_problems(lines: Sequence[FulfilLine]) -> list[OrderError]:
    """What is wrong with the input alone, before anything is read."""
    problems: list[OrderError] = []
    if not lines:
        problems.append(
            OrderError(OrderErrorCode.REQUIRED, "Name at least one line to fulfil.", field="lines")
        )
    seen_lines: set[uuid.UUID] = set()
    seen_serials: set[str] = set()
    for line in lines:
        if line.order_line_id in seen_lines:
            problems.append(
                OrderError(
                    OrderErrorCode.DUPLICATED_INPUT_ITEM,
                    "Each order line can be named once.",
                    field="order_line_id",
                )
            )
        seen_lines.add(line.order_line_id)
        if not line.stocks:
            problems.append(
                OrderError(OrderErrorCode.REQUIRED, "Name the warehouse to fulfil from.", field="stocks")
            )
        warehouses = [stock.warehouse_id for stock in line.stocks]
        if len(set(warehouses)) != len(warehouses):
            problems.append(
                OrderError(
                    OrderErrorCode.DUPLICATED_INPUT_ITEM,
                    "Each warehouse can be named once per line.",
                    field="warehouse",
                )
            )
        for stock in line.stocks:
            if stock.quantity <= 0:
                problems.append(
                    OrderError(
                        OrderErrorCode.ZERO_QUANTITY
                        if stock.quantity == 0
                        else OrderErrorCode.INVALID_QUANTITY,
                        "Only positive quantities are accepted.",
                        field="quantity",
                    )
                )
        if len(line.serials) > SERIALS_PER_LINE_LIMIT:
            problems.append(
                OrderError(OrderErrorCode.INVALID, "Too many serials for one line.", field="serials")
            )
        for serial in line.serials:
            if not serial or len(serial) > 32 or not serial.isprintable():
                problems.append(OrderError(OrderErrorCode.INVALID, "Not a serial.", field="serials"))
            elif serial in seen_serials:
                problems.append(
                    OrderError(
                        OrderErrorCode.DUPLICATED_INPUT_ITEM,
                        f"Serial {serial} is named twice.",
                        field="serials",
                    )
                )
            seen_serials.add(serial)
    return problems


def _order_problems(order: Order) -> list[OrderError]:
    if order.status not in FULFILLABLE:
        return [
            OrderError(
                OrderErrorCode.INVALID,
                f"Cannot fulfill an order that is {order.status.lower().replace('_', ' ')}.",
                field="order",
            )
        ]
    if not (order.is_paid or order.total_gross_amount <= 0 or order.channel.allow_unpaid_orders):
        return [
            OrderError(
                OrderErrorCode.CANNOT_FULFILL_UNPAID_ORDER, "Cannot fulfill unpaid order.", field="order"
            )
        ]
    return []


@dataclass
class _Pack:
    """What one (line, warehouse) entry will pack: the quantity and the certified units."""

    line: OrderLine
    stock: Stock
    quantity: int
    units: list[Unit] = field(default_factory=list)


def _serials_named(line: OrderLine, request: FulfilLine, problems: list[OrderError]) -> dict[int, list[Unit]]:
    """The named serials of a line, checked and grouped by their lot's warehouse."""
    found = {
        unit.serial: unit
        for unit in Unit.objects.filter(serial__in=request.serials).select_related("lot", "allocation")
    }
    by_warehouse: dict[int, list[Unit]] = defaultdict(list)
    for serial in request.serials:
        unit = found.get(serial)
        if unit is None or unit.lot.variant_id != line.variant_id:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"Serial {serial} is not a piece of this line's variant.",
                    field="serials",
                    order_lines=[line],
                )
            )
            continue
        if line.unit_id is not None and unit.pk != line.unit_id:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"This line sold the piece {line.serial}, not {serial}.",
                    field="serials",
                    order_lines=[line],
                )
            )
            continue
        if unit.status != Unit.Status.IN_STOCK:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"Serial {serial} is not in stock ({unit.status.lower()}).",
                    field="serials",
                    order_lines=[line],
                )
            )
            continue
        allocation = getattr(unit, "allocation", None)
        if allocation is not None and allocation.order_line_id != line.pk:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"Serial {serial} is held for another order.",
                    field="serials",
                    order_lines=[line],
                )
            )
            continue
        by_warehouse[unit.lot.warehouse_id].append(unit)
    named_warehouses = {stock.warehouse_id: stock.quantity for stock in request.stocks}
    for warehouse_id, units in by_warehouse.items():
        if warehouse_id not in named_warehouses:
            problems.append(
                OrderError(
                    OrderErrorCode.INVALID,
                    f"Serial {units[0].serial} is not in a warehouse this line is fulfilled from.",
                    field="serials",
                    order_lines=[line],
                )
            )
    return by_warehouse


def _plan(
    order: Order, requests: Sequence[FulfilLine]
) -> tuple[list[_Pack], dict[int, Stock], list[Allocation], list[OrderError]]:
    """Check the request against the locked order and stock; what to pack, or every problem."""
    problems: list[OrderError] = []
    ids = [request.order_line_id for request in requests]
    lines = {line.pk: line for line in OrderLine.objects.filter(order=order, pk__in=ids)}
    warehouse_ids = sorted({stock.warehouse_id for request in requests for stock in request.stocks})
    warehouses = Warehouse.objects.in_bulk(warehouse_ids)
    for request in requests:
        line = lines.get(request.order_line_id)
        if line is None:
            problems.append(
                OrderError(
                    OrderErrorCode.NOT_FOUND,
                    f"Couldn't resolve to an order line of this order: {request.order_line_id}.",
                    field="order_line_id",
                )
            )
            continue
        wanted = sum(stock.quantity for stock in request.stocks)
        if wanted > line.quantity - line.quantity_fulfilled:
            problems.append(
                OrderError(
                    OrderErrorCode.FULFILL_ORDER_LINE,
                    f"Only {line.quantity - line.quantity_fulfilled} items remaining to fulfill: "
                    f"{line.product_name}.",
                    field="order_line_id",
                    order_lines=[line],
                )
            )
        if line.variant_id is None:
            problems.append(
                OrderError(
                    OrderErrorCode.NOT_FOUND,
                    f"The variant of this line no longer exists: {line.product_name}.",
                    field="order_line_id",
                    order_lines=[line],
                )
            )
    for warehouse_id in warehouse_ids:
        if warehouse_id not in warehouses:
            problems.append(
                OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to a warehouse.", field="warehouse")
            )
    if problems:
        return [], {}, [], problems

    allocations = list(Allocation.objects.filter(order_line__in=list(lines.values())).order_by("pk"))
    variant_ids = sorted({line.variant_id for line in lines.values() if line.variant_id is not None})
    pairs = Q(pk__in=[allocation.stock_id for allocation in allocations]) | Q(
        product_variant_id__in=variant_ids, warehouse_id__in=warehouse_ids
    )
    # The order row is locked already: stock rows come second, in primary-key order.
    stocks = {stock.pk: stock for stock in stocks_select_for_update(Stock.objects.filter(pairs))}
    stock_of = {(stock.product_variant_id, stock.warehouse_id): stock for stock in stocks.values()}
    certified = certified_pairs(variant_ids, warehouse_ids)
    held = {(allocation.order_line_id, allocation.stock_id): allocation for allocation in allocations}
    packs: list[_Pack] = []
    taken_units: set[int] = set()
    for request in requests:
        line = lines[request.order_line_id]
        assert line.variant_id is not None
        named = _serials_named(line, request, problems) if request.serials else None
        for entry in request.stocks:
            warehouse = warehouses[entry.warehouse_id]
            stock = stock_of.get((line.variant_id, entry.warehouse_id))
            own = held.get((line.pk, stock.pk)) if stock is not None else None
            free = (
                stock.quantity - stock.quantity_allocated + (own.quantity_allocated if own else 0)
                if stock is not None
                else 0
            )
            if stock is None or free < entry.quantity:
                problems.append(
                    OrderError(
                        OrderErrorCode.INSUFFICIENT_STOCK,
                        f"Insufficient product stock: {line.product_name} in {warehouse.name}.",
                        field="stocks",
                        order_lines=[line],
                        warehouse=warehouse,
                    )
                )
                continue
            pack = _Pack(line=line, stock=stock, quantity=entry.quantity)
            packs.append(pack)
            if (line.variant_id, entry.warehouse_id) not in certified:
                if named and named.get(entry.warehouse_id):
                    problems.append(
                        OrderError(
                            OrderErrorCode.INVALID,
                            f"{line.product_name} in {warehouse.name} has no certified pieces to name.",
                            field="serials",
                            order_lines=[line],
                        )
                    )
                continue
            if named is not None:
                pack.units = named.get(entry.warehouse_id, [])
            else:
                pack.units = list(
                    _units_in_packing_order(
                        _units_free_for(line, entry.warehouse_id).exclude(pk__in=taken_units)
                    ).select_related("lot")[: entry.quantity]
                )
            taken_units.update(unit.pk for unit in pack.units)
            if len(pack.units) != entry.quantity:
                problems.append(
                    OrderError(
                        OrderErrorCode.INVALID,
                        f"{entry.quantity} pieces of {line.product_name} are packed from {warehouse.name}, "
                        f"but {len(pack.units)} serials "
                        f"{'were named' if named is not None else 'are in stock'} there.",
                        field="serials",
                        order_lines=[line],
                        warehouse=warehouse,
                    )
                )
    # Several lines of one variant and warehouse draw on the same free stock.
    drawn: Counter[int] = Counter()
    for pack in packs:
        drawn[pack.stock.pk] += pack.quantity
    for stock_id, quantity in drawn.items():
        stock = stocks[stock_id]
        own_here = sum(a.quantity_allocated for a in allocations if a.stock_id == stock_id)
        if quantity > stock.quantity - stock.quantity_allocated + own_here:
            problems.append(
                OrderError(
                    OrderErrorCode.INSUFFICIENT_STOCK,
                    "Insufficient product stock.",
                    field="stocks",
                    warehouse=stock.warehouse,
                )
            )
    return packs, stocks, allocations, problems


# --- order_fulfill: writing ------------------------------------------------------------------------


def _deallocate(
    packs: Sequence[_Pack], allocations: list[Allocation]
) -> tuple[dict[int, int], dict[int, int]]:
    """Take each pack's quantity from its line's allocations: the packed warehouse's first, then the
    others (Saleor's order). Returns (allocation id -> new quantity, stock id -> allocated released)."""
    remaining = {allocation.pk: allocation.quantity_allocated for allocation in allocations}
    released: Counter[int] = Counter()
    for pack in packs:
        mine = [a for a in allocations if a.order_line_id == pack.line.pk]
        mine.sort(key=lambda a: (a.stock_id != pack.stock.pk, a.pk))
        need = pack.quantity
        for allocation in mine:
            if need <= 0:
                break
            take = min(need, remaining[allocation.pk])
            if take:
                remaining[allocation.pk] -= take
                released[allocation.stock_id] += take
                need -= take
    return remaining, dict(released)


def order_fulfill(
    *,
    order: Order,
    lines: Sequence[FulfilLine],
    actor: Actor,
    tracking_number: str = "",
    notify_customer: bool = True,
) -> list[Fulfillment]:
    """Fulfil (part of) ``order``: one fulfilment per warehouse named (see the module docstring).

    Every problem of the input is reported at once (``OrderError.group``) and nothing changes.
    """
    tracking = tracking_number_clean(tracking_number)
    problems = _input_problems(lines)
    if problems:
        raise OrderError.group(problems)
    with transaction.atomic():
        locked = order_lock(order.pk)
        problems = _order_problems(locked)
        if problems:
            raise OrderError.group(problems)
        packs, stocks, allocations, problems = _plan(locked, lines)
        if problems:
            raise OrderError.group(problems)
        fulfillments = _fulfil_write(locked, packs, stocks, allocations, actor=actor, tracking=tracking)
        _follow_ups_run(fulfillments, actor)
        if notify_customer and locked.user_email:
            _email_on_commit([f.pk for f in fulfillments], OrderEmailType.SHIPPING_CONFIRMATION)
    return fulfillments


def _fulfil_write(
    order: Order,
    packs: Sequence[_Pack],
    stocks: dict[int, Stock],
    allocations: list[Allocation],
    *,
    actor: Actor,
    tracking: str,
) -> list[Fulfillment]:
    previous_status = order.status
    remaining, released = _deallocate(packs, allocations)
    taken: Counter[int] = Counter()
    for pack in packs:
        taken[pack.stock.pk] += pack.quantity
    for stock_id in sorted(set(taken) | set(released)):
        Stock.objects.filter(pk=stock_id).update(
            quantity=F("quantity") - taken.get(stock_id, 0),
            quantity_allocated=F("quantity_allocated") - released.get(stock_id, 0),
        )
    for allocation in allocations:
        if remaining[allocation.pk] == allocation.quantity_allocated:
            continue
        if remaining[allocation.pk] == 0:
            allocation.delete()  # frees a one-of-a-kind unit's link for a later restock
        else:
            Allocation.objects.filter(pk=allocation.pk).update(quantity_allocated=remaining[allocation.pk])
    per_line: Counter[uuid.UUID] = Counter()
    for pack in packs:
        per_line[pack.line.pk] += pack.quantity
    for line_id, quantity in per_line.items():
        OrderLine.objects.filter(pk=line_id).update(quantity_fulfilled=F("quantity_fulfilled") + quantity)

    by_warehouse: dict[int, list[_Pack]] = defaultdict(list)
    for pack in packs:
        by_warehouse[pack.stock.warehouse_id].append(pack)
    number = (order.fulfillments.aggregate(last=Max("fulfillment_order"))["last"] or 0) + 1
    fulfillments: list[Fulfillment] = []
    events: list[OrderEvent] = []
    audit: list[dict[str, Any]] = []
    units_shipped: list[Unit] = []
    for warehouse_id in sorted(by_warehouse):
        fulfillment = Fulfillment.objects.create(
            order=order, fulfillment_order=number, tracking_number=tracking, created_by=actor.user
        )
        number += 1
        fulfillments.append(fulfillment)
        written = []
        for pack in by_warehouse[warehouse_id]:
            line = FulfillmentLine.objects.create(
                fulfillment=fulfillment, order_line=pack.line, stock=pack.stock, quantity=pack.quantity
            )
            if pack.units:
                line.units.set(pack.units)
                units_shipped.extend(pack.units)
            written.append(
                {
                    "order_line": str(pack.line.pk),
                    "quantity": pack.quantity,
                    "serials": [unit.serial for unit in pack.units],
                }
            )
        events.append(
            order_event_build(
                order=order,
                type=OrderEventType.FULFILLMENT_FULFILLED_ITEMS,
                actor=actor,
                fulfilled_items=[line.pk for line in fulfillment.lines.all()],
                fulfillment=str(fulfillment.pk),
                quantity=sum(pack.quantity for pack in by_warehouse[warehouse_id]),
                warehouse=warehouse_id,
            )
        )
        audit.append(
            {
                "fulfillment": str(fulfillment.pk),
                "number": fulfillment.fulfillment_order,
                "warehouse": warehouse_id,
                "lines": written,
            }
        )
    if units_shipped:
        Unit.objects.filter(pk__in=[unit.pk for unit in units_shipped]).update(status=Unit.Status.SHIPPED)
        address = order.shipping_address
        destination = str(address.country) if address is not None else ""
        private = _custody_private(order, tracking)
        for unit in units_shipped:
            origin_country = stocks[_stock_of_unit(packs, unit)].warehouse.country
            custody_event_append(
                unit=unit,
                type=CustodyEvent.Type.SOLD,
                country=origin_country,
                private_data={"order": order.number},
            )
            custody_event_append(
                unit=unit,
                type=CustodyEvent.Type.SHIPPED,
                country=origin_country,
                public_data={"destination": destination} if destination else {},
                private_data=private,
            )
    OrderEvent.objects.bulk_create(events)
    status = order_status_refresh(order)
    audit_log_record(
        actor=actor,
        action="order.fulfilled",
        target=order,
        payload={
            "number": order.number,
            "status": {"before": previous_status, "after": status},
            "tracking_number": tracking,
            "fulfillments": audit,
        },
    )
    return fulfillments


def _stock_of_unit(packs: Sequence[_Pack], unit: Unit) -> int:
    return next(pack.stock.pk for pack in packs if unit in pack.units)


# --- tracking --------------------------------------------------------------------------------------


def _fulfillment_lock(fulfillment: Fulfillment) -> tuple[Order, Fulfillment]:
    """The fulfilment's order locked, then the fulfilment re-read (its status may have changed)."""
    order = order_lock(fulfillment.order_id)
    locked = Fulfillment.objects.select_for_update(of=("self",)).filter(pk=fulfillment.pk).first()
    if locked is None:
        raise OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to a fulfillment.", field="id")
    return order, locked


def fulfillment_tracking_update(
    *, fulfillment: Fulfillment, tracking_number: str, notify_customer: bool, actor: Actor
) -> Fulfillment:
    """Set a fulfilment's tracking number (``TRACKING_UPDATED``); e-mail the buyer when asked."""
    tracking = tracking_number_clean(tracking_number)
    with transaction.atomic():
        order, locked = _fulfillment_lock(fulfillment)
        before = locked.tracking_number
        locked.tracking_number = tracking
        locked.save(update_fields=["tracking_number", "updated_at"])
        order_event_build(
            order=order,
            type=OrderEventType.TRACKING_UPDATED,
            actor=actor,
            tracking_number=tracking,
            fulfillment=str(locked.pk),
        ).save()
        audit_log_record(
            actor=actor,
            action="fulfillment.tracking_updated",
            target=locked,
            payload={"order": order.number, "tracking_number": {"before": before, "after": tracking}},
        )
        if notify_customer and order.user_email:
            _email_on_commit([locked.pk], OrderEmailType.TRACKING_UPDATED)
    return locked


# --- cancelling a fulfilment -----------------------------------------------------------------------


def fulfillment_cancel(*, fulfillment: Fulfillment, warehouse_id: int | None, actor: Actor) -> Fulfillment:
    """Saleor's ``orderFulfillmentCancel``: the packed goods go back into stock and back to the order.

    Each line's quantity returns to a warehouse (``warehouse_id``, else the one it was packed from)
    and is allocated to its order line again; ``quantity_fulfilled`` goes down; certified units
    return ``IN_STOCK`` with a ``RESTOCKED`` custody event. A certified piece can only go back to the
    warehouse of its lot (``INVALID`` otherwise). Only a ``FULFILLED`` fulfilment can be cancelled
    (``CANNOT_CANCEL_FULFILLMENT``).
    """
    with transaction.atomic():
        order, locked = _fulfillment_lock(fulfillment)
        if locked.status != FulfillmentStatus.FULFILLED:
            raise OrderError(
                OrderErrorCode.CANNOT_CANCEL_FULFILLMENT,
                f"This fulfillment can't be canceled: it is {locked.status.lower().replace('_', ' ')}.",
                field="fulfillment",
            )
        lines = list(
            locked.lines.select_related("order_line", "stock").prefetch_related("units__lot").order_by("pk")
        )
        warehouse = None
        if warehouse_id is not None:
            warehouse = Warehouse.objects.filter(pk=warehouse_id).first()
            if warehouse is None:
                raise OrderError(
                    OrderErrorCode.NOT_FOUND, "Couldn't resolve to a warehouse.", field="warehouse_id"
                )
        targets: dict[int, tuple[int, int]] = {}  # fulfilment line -> (variant, warehouse)
        problems: list[OrderError] = []
        for line in lines:
            variant_id = line.order_line.variant_id
            target = (
                warehouse.pk if warehouse is not None else (line.stock.warehouse_id if line.stock else None)
            )
            if variant_id is None or target is None:
                problems.append(
                    OrderError(
                        OrderErrorCode.INVALID,
                        f"{line.order_line.product_name} can't be restocked: its variant or stock is gone.",
                        field="warehouse_id",
                        order_lines=[line.order_line],
                    )
                )
                continue
            for unit in line.units.all():
                if unit.lot.warehouse_id != target:
                    problems.append(
                        OrderError(
                            OrderErrorCode.INVALID,
                            f"The certified piece {unit.serial} can only go back to its lot's warehouse.",
                            field="warehouse_id",
                            order_lines=[line.order_line],
                        )
                    )
            targets[line.pk] = (variant_id, target)
        if problems:
            raise OrderError.group(problems)
        for variant_id, target in sorted(set(targets.values())):
            Stock.objects.get_or_create(product_variant_id=variant_id, warehouse_id=target)
        wanted = Q()
        for variant_id, target in set(targets.values()):
            wanted |= Q(product_variant_id=variant_id, warehouse_id=target)
        stocks = {
            (stock.product_variant_id, stock.warehouse_id): stock
            for stock in stocks_select_for_update(Stock.objects.filter(wanted))
        }
        restocked = []
        units_back: list[Unit] = []
        for line in lines:
            stock = stocks[targets[line.pk]]
            Stock.objects.filter(pk=stock.pk).update(
                quantity=F("quantity") + line.quantity,
                quantity_allocated=F("quantity_allocated") + line.quantity,
            )
            order_line = line.order_line
            allocation, _created = Allocation.objects.get_or_create(order_line=order_line, stock=stock)
            allocation.quantity_allocated += line.quantity
            if order_line.unit_id is not None and any(u.pk == order_line.unit_id for u in line.units.all()):
                allocation.unit_id = order_line.unit_id
            allocation.save()
            OrderLine.objects.filter(pk=order_line.pk).update(
                quantity_fulfilled=F("quantity_fulfilled") - line.quantity
            )
            units_back.extend(line.units.all())
            restocked.append(
                {
                    "order_line": str(order_line.pk),
                    "quantity": line.quantity,
                    "warehouse": stock.warehouse_id,
                    "serials": [unit.serial for unit in line.units.all()],
                }
            )
        if units_back:
            Unit.objects.filter(pk__in=[unit.pk for unit in units_back]).update(status=Unit.Status.IN_STOCK)
            for unit in units_back:
                custody_event_append(
                    unit=unit,
                    type=CustodyEvent.Type.RESTOCKED,
                    country=unit.lot.warehouse.country,
                    private_data={"order": order.number},
                )
        previous_status = order.status
        locked.status = FulfillmentStatus.CANCELED
        locked.save(update_fields=["status", "updated_at"])
        status = order_status_refresh(order)
        OrderEvent.objects.bulk_create(
            [
                order_event_build(
                    order=order,
                    type=OrderEventType.FULFILLMENT_CANCELED,
                    actor=actor,
                    composed_id=f"{order.number}-{locked.fulfillment_order}",
                    fulfillment=str(locked.pk),
                ),
                order_event_build(
                    order=order,
                    type=OrderEventType.FULFILLMENT_RESTOCKED_ITEMS,
                    actor=actor,
                    quantity=sum(line.quantity for line in lines),
                    warehouse=warehouse.pk if warehouse is not None else None,
                ),
            ]
        )
        audit_log_record(
            actor=actor,
            action="fulfillment.canceled",
            target=locked,
            payload={
                "order": order.number,
                "status": {"before": previous_status, "after": status},
                "restocked": restocked,
            },
        )
    return locked


# --- returns (storefront/orders/returns.py) ------------------------------------------------------


def fulfillment_return_products(
    *,
    order: Order,
    lines: Sequence[ReturnLine | tuple[int, int, Sequence[str]]],
    refund: bool,
    amount_to_refund: Decimal | None,
    actor: Actor,
    include_shipping_costs: bool = False,
) -> ReturnOutcome:
    """Saleor's ``orderFulfillmentReturnProducts``; see ``storefront.orders.returns``."""
    from storefront.orders.returns import order_products_return  # returns builds on this module

    return order_products_return(
        order=order,
        lines=lines,
        refund=refund,
        amount_to_refund=amount_to_refund,
        actor=actor,
        include_shipping_costs=include_shipping_costs,
    )
