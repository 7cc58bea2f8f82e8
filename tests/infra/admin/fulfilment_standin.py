"""TEMPORARY STAND-IN for ``storefront.orders.fulfilment`` (being written on another branch).

LEAD: DELETE THIS FILE and the ``fulfilment_service`` fixture's monkeypatching in
``tests/infra/admin/conftest.py`` once the real service is merged; the admin imports the real
module lazily with exactly this API, so the tests then run against the real service.

It does the least a real fulfilment does that the admin's tests look at: one ``Fulfillment``
with its lines, the lines' ``quantity_fulfilled``, the order's status, an audit entry by the
actor; and it refuses a quantity above what is left (``OrderError``), writing nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine

CALLS: list[dict[str, Any]] = []


@dataclass(frozen=True)
class FulfilStock:
    warehouse_id: int
    quantity: int


@dataclass(frozen=True)
class FulfilLine:
    order_line_id: uuid.UUID
    stocks: tuple[FulfilStock, ...]
    serials: tuple[str, ...] = field(default=())


def serials_suggest(*, order_line: OrderLine, warehouse_id: int, quantity: int) -> list[str]:
    return [f"STANDIN-{order_line.sort_order}-{n}" for n in range(1, quantity + 1)]


def order_fulfill(
    *,
    order: Order,
    lines: list[FulfilLine],
    actor: Actor,
    tracking_number: str = "",
    notify_customer: bool = True,
) -> list[Fulfillment]:
    CALLS.append(
        {
            "order": order.pk,
            "lines": list(lines),
            "actor": actor,
            "tracking": tracking_number,
            "notify": notify_customer,
        }
    )
    with transaction.atomic():
        fulfillment = Fulfillment.objects.create(
            order=order,
            fulfillment_order=order.fulfillments.count() + 1,
            tracking_number=tracking_number,
            created_by=actor.user,
        )
        for wanted in lines:
            line = OrderLine.objects.select_for_update().get(pk=wanted.order_line_id, order=order)
            for stock_input in wanted.stocks:
                if stock_input.quantity > line.quantity - line.quantity_fulfilled:
                    left = line.quantity - line.quantity_fulfilled
                    raise OrderError(
                        OrderErrorCode.FULFILL_ORDER_LINE,
                        f"Only {left} of {line.product_name} left to fulfil.",
                        field="orderLineId",
                    )
                stock = Stock.objects.get(
                    warehouse_id=stock_input.warehouse_id, product_variant_id=line.variant_id
                )
                FulfillmentLine.objects.create(
                    fulfillment=fulfillment, order_line=line, stock=stock, quantity=stock_input.quantity
                )
                OrderLine.objects.filter(pk=line.pk).update(
                    quantity_fulfilled=F("quantity_fulfilled") + stock_input.quantity
                )
                line.refresh_from_db()
        left = order.lines.filter(quantity_fulfilled__lt=F("quantity")).exists()
        order.status = OrderStatus.PARTIALLY_FULFILLED if left else OrderStatus.FULFILLED
        order.save(update_fields=["status", "updated_at"])
        audit_log_record(actor=actor, action="order.fulfilled", target=order, payload={"standin": True})
    return [fulfillment]
