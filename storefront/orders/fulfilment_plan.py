"""Checking an ``orderFulfill`` request against the locked order and stock: what each warehouse
will pack (quantities and certified units), or every problem at once."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q

from provenance.certificates.models import Unit
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock, Warehouse
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.fulfilment_serials import certified_pairs, units_free_for, units_in_packing_order
from storefront.orders.fulfilment_state import FULFILLABLE
from storefront.orders.models import Allocation, Order, OrderLine

SERIALS_PER_LINE_LIMIT = 1000


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


def input_problems(lines: Sequence[FulfilLine]) -> list[OrderError]:
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


def order_problems(order: Order) -> list[OrderError]:
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
class Pack:
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


def fulfil_plan(
    order: Order, requests: Sequence[FulfilLine]
) -> tuple[list[Pack], dict[int, Stock], list[Allocation], list[OrderError]]:
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
    packs: list[Pack] = []
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
            pack = Pack(line=line, stock=stock, quantity=entry.quantity)
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
                    units_in_packing_order(
                        units_free_for(line, entry.warehouse_id).exclude(pk__in=taken_units)
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
