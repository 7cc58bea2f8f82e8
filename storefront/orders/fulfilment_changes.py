"""A fulfilment after it left: its tracking number (``orderFulfillmentUpdateTracking``) and cancelling
it (``orderFulfillmentCancel``: the goods go back on the shelf and back to the order)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.versioned_cache import stock_changed
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock, Warehouse
from storefront.orders.choices import FulfillmentStatus, MakerEarningKind, OrderEmailType, OrderEventType
from storefront.orders.earnings import earnings_reverse
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.fulfilment_state import (
    fulfillment_email_on_commit,
    fulfillment_lock,
    order_status_refresh,
    tracking_number_clean,
    units_came_back,
)
from storefront.orders.models import Allocation, Fulfillment, OrderEvent, OrderLine

# --- tracking --------------------------------------------------------------------------------------


def fulfillment_tracking_update(
    *, fulfillment: Fulfillment, tracking_number: str, notify_customer: bool, actor: Actor
) -> Fulfillment:
    """Set a fulfilment's tracking number (``TRACKING_UPDATED``); e-mail the buyer when asked."""
    tracking = tracking_number_clean(tracking_number)
    with transaction.atomic():
        order, locked = fulfillment_lock(fulfillment)
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
            fulfillment_email_on_commit([locked.pk], OrderEmailType.TRACKING_UPDATED)
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
        order, locked = fulfillment_lock(fulfillment)
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
            stock_changed()  # no signals from update/bulk_create
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
            earnings_reverse(
                order_line=order_line,
                quantity=line.quantity,
                kind=MakerEarningKind.CANCELED,
                fulfillment_line=line,
            )
            restocked.append(
                {
                    "order_line": str(order_line.pk),
                    "quantity": line.quantity,
                    "warehouse": stock.warehouse_id,
                    "serials": [unit.serial for unit in line.units.all()],
                }
            )
        units_came_back(
            units_back, status=Unit.Status.IN_STOCK, custody=CustodyEvent.Type.RESTOCKED, order=order
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
