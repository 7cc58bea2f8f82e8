"""What fulfilling, cancelling and returning share: the order's status from its fulfilments,
tracking numbers, the fulfilment's lock, and the shipping e-mail queued on commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Sum

from provenance.certificates.custody import custody_event_append
from provenance.certificates.models import CustodyEvent, Unit
from storefront.core.versioned_cache import catalogue_changed
from storefront.orders.cancel import order_lock
from storefront.orders.choices import FulfillmentStatus, OrderEmailType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.models import Fulfillment, FulfillmentLine, Order, OrderLine
from storefront.orders.tasks import fulfillment_email

TRACKING_NUMBER_LIMIT = 255
#: Statuses an order may be fulfilled in (Saleor refuses drafts, unconfirmed, cancelled and expired).
FULFILLABLE = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)
#: Fulfilments whose pieces came back (their lines count as returned in the order's status).
RETURNED_STATUSES = (FulfillmentStatus.RETURNED, FulfillmentStatus.REFUNDED_AND_RETURNED)


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


def fulfillment_email_on_commit(fulfillment_ids: Sequence[uuid.UUID], email_type: OrderEmailType) -> None:
    """Queue one e-mail per fulfilment once the transaction commits (a rollback mails no one)."""

    def queue() -> None:
        for pk in fulfillment_ids:
            fulfillment_email.delay(fulfillment_id=str(pk), email_type=email_type.value)

    transaction.on_commit(queue)


def custody_private(order: Order, tracking_number: str) -> dict[str, Any]:
    private: dict[str, Any] = {"order": order.number}
    if tracking_number:
        private["tracking_number"] = tracking_number
    return private


def fulfillment_lock(fulfillment: Fulfillment) -> tuple[Order, Fulfillment]:
    """The fulfilment's order locked, then the fulfilment re-read (its status may have changed)."""
    order = order_lock(fulfillment.order_id)
    locked = Fulfillment.objects.select_for_update(of=("self",)).filter(pk=fulfillment.pk).first()
    if locked is None:
        raise OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to a fulfillment.", field="id")
    return order, locked


def units_came_back(units: Sequence[Unit], *, status: str, custody: str, order: Order) -> None:
    """Certified pieces back from a parcel (restocked or returned): their status, and the custody
    link saying so, in their lot's warehouse country, the order number private."""
    if not units:
        return
    catalogue_changed()  # a piece's status (``ProductVariant.certificate``); no signals from update
    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(status=status)
    for unit in units:
        custody_event_append(
            unit=unit,
            type=CustodyEvent.Type(custody),
            country=unit.lot.warehouse.country,
            private_data={"order": order.number},
        )
