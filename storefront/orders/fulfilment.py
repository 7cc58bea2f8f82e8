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

This module is the public API of fulfilment (the GraphQL mutations and the admin import from it):
the request is checked in ``fulfilment_plan``, serials are chosen in ``fulfilment_serials``,
tracking and cancelling live in ``fulfilment_changes``, returns in ``returns``, and what they share
(the order's status, the shipping e-mail) in ``fulfilment_state``.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max

from provenance.certificates.custody import custody_event_append
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.versioned_cache import catalogue_changed, stock_changed
from storefront.inventory.models import Stock
from storefront.orders.cancel import order_lock
from storefront.orders.choices import OrderEmailType, OrderEventType
from storefront.orders.earnings import earnings_record_fulfilled
from storefront.orders.error_codes import OrderError
from storefront.orders.events import order_event_build
from storefront.orders.fulfilment_changes import fulfillment_cancel, fulfillment_tracking_update
from storefront.orders.fulfilment_plan import (
    FulfilLine,
    FulfilStock,
    Pack,
    fulfil_plan,
    input_problems,
    order_problems,
)
from storefront.orders.fulfilment_serials import serials_suggest
from storefront.orders.fulfilment_state import (
    custody_private,
    fulfillment_email_on_commit,
    order_status_refresh,
    tracking_number_clean,
)
from storefront.orders.models import Allocation, Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from storefront.orders.returns import ReturnLine, ReturnOrderLine, ReturnOutcome, order_products_return

__all__ = [
    "FULFILMENT_FOLLOW_UPS",
    "FulfilLine",
    "FulfilStock",
    "ReturnLine",
    "ReturnOrderLine",
    "ReturnOutcome",
    "fulfillment_cancel",
    "fulfillment_return_products",
    "fulfillment_tracking_update",
    "order_fulfill",
    "serials_suggest",
]

# --- follow-ups ------------------------------------------------------------------------------------
# THE place where work that belongs to every new fulfilment is wired (export documents, makers'
# earnings): each callable gets the new ``Fulfillment`` (lines, units and stock written) and the
# actor, inside ``order_fulfill``'s transaction, after the order's status, events and audit entry.
# Raising rolls the whole fulfilment back.
FulfilmentFollowUp = Callable[[Fulfillment, Actor], None]


def _makers_earn(fulfillment: Fulfillment, _actor: Actor) -> None:
    """Each packed unit's makers earn their share, in this transaction (so never twice, never lost)."""
    earnings_record_fulfilled(fulfillment=fulfillment)


def _papers_queue(fulfillment: Fulfillment, actor: Actor) -> None:
    """The export papers are rendered after the commit, by a Celery task: rendering PDFs (about a
    second) must not hold the order's and the stock's locks, and a rolled-back fulfilment must
    leave no file behind. A failed task leaves the fulfilment without papers; staff issue them
    with ``fulfillmentDocumentsIssue`` (or the admin's button)."""
    fulfillment_id, user_id = str(fulfillment.pk), actor.user.pk if actor.user is not None else None

    def queue() -> None:
        from storefront.orders.tasks import fulfillment_documents_issue_task

        fulfillment_documents_issue_task.delay(fulfillment_id=fulfillment_id, user_id=user_id)

    transaction.on_commit(queue, robust=True)


FULFILMENT_FOLLOW_UPS: tuple[FulfilmentFollowUp, ...] = (_makers_earn, _papers_queue)


def _follow_ups_run(fulfillments: Sequence[Fulfillment], actor: Actor) -> None:
    for fulfillment in fulfillments:
        for follow_up in FULFILMENT_FOLLOW_UPS:
            follow_up(fulfillment, actor)


# --- order_fulfill: writing ------------------------------------------------------------------------


def _deallocate(
    packs: Sequence[Pack], allocations: list[Allocation]
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
    problems = input_problems(lines)
    if problems:
        raise OrderError.group(problems)
    with transaction.atomic():
        locked = order_lock(order.pk)
        problems = order_problems(locked)
        if problems:
            raise OrderError.group(problems)
        packs, stocks, allocations, problems = fulfil_plan(locked, lines)
        if problems:
            raise OrderError.group(problems)
        fulfillments = _fulfil_write(locked, packs, stocks, allocations, actor=actor, tracking=tracking)
        _follow_ups_run(fulfillments, actor)
        if notify_customer and locked.user_email:
            fulfillment_email_on_commit([f.pk for f in fulfillments], OrderEmailType.SHIPPING_CONFIRMATION)
    return fulfillments


def _fulfil_write(
    order: Order,
    packs: Sequence[Pack],
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
    stock_changed()  # no signals from update/bulk_create
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

    by_warehouse: dict[int, list[Pack]] = defaultdict(list)
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
        catalogue_changed()  # a piece's status (``ProductVariant.certificate``); no signals from update
        Unit.objects.filter(pk__in=[unit.pk for unit in units_shipped]).update(status=Unit.Status.SHIPPED)
        address = order.shipping_address
        destination = str(address.country) if address is not None else ""
        private = custody_private(order, tracking)
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


def _stock_of_unit(packs: Sequence[Pack], unit: Unit) -> int:
    return next(pack.stock.pk for pack in packs if unit in pack.units)


def fulfillment_return_products(
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
    """Saleor's ``orderFulfillmentReturnProducts``; see ``storefront.orders.returns``."""
    return order_products_return(
        order=order,
        lines=lines,
        refund=refund,
        amount_to_refund=amount_to_refund,
        actor=actor,
        include_shipping_costs=include_shipping_costs,
        order_lines=order_lines,
        reason=reason,
    )
