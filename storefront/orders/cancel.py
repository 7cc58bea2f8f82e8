"""Cancelling an order (Saleor's ``orderCancel``): its goods go back on sale, its money stays put.

Under the order row's lock, an order nothing of which has been fulfilled (``UNCONFIRMED`` or
``UNFULFILLED``) gives back what it holds: each allocation's quantity leaves its
``Stock.quantity_allocated`` (the stock rows locked through ``storefront.inventory.locks``, in
primary-key order, like a completing checkout takes them), and the allocations go, so their
certified units are free for the next buyer. The order becomes ``CANCELED`` with a ``CANCELED``
event and an audit entry.

Gift cards bought in the order are taken back (Saleor's ``deactivate_order_gift_cards``):
deactivated, each with a ``DEACTIVATED`` event. Their lines were fulfilled at payment
(``storefront.orders.gift_cards``), so an order whose only fulfilled lines are gift cards may
still be cancelled; one of whose cards was already spent is refused (``CANNOT_CANCEL_ORDER``,
naming the cards: grant a refund of the unused ones instead).

Payments are not refunded here, as in Saleor: staff refund through ``transactionRequestAction``.
An order with other goods fulfilled, a returned or an already cancelled order is
``CANNOT_CANCEL_ORDER``.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.db import transaction
from django.db.models import F

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.versioned_cache import stock_changed
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock
from storefront.orders.choices import FulfillmentStatus, OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.models import Allocation, Order

CANCELLABLE = (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED)
# An order whose only fulfilled lines are gift cards (fulfilled at payment) is still cancellable.
GIFT_CARDS_FULFILLED = (*CANCELLABLE, OrderStatus.PARTIALLY_FULFILLED, OrderStatus.FULFILLED)


def order_lock(order_id: uuid.UUID) -> Order:
    """The order, its row locked until the transaction ends; ``NOT_FOUND`` when there is none."""
    order = Order.objects.select_for_update(of=("self",)).filter(pk=order_id).first()
    if order is None:
        raise OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to an order.", field="id")
    return order


def order_can_cancel(order: Order) -> bool:
    """Whether ``order`` may be cancelled: nothing of it fulfilled yet, or only its gift cards
    (fulfilled at payment; the cancel takes them back unless one was spent)."""
    from storefront.orders.gift_cards import gift_card_lines_only_fulfilled

    if order.status in CANCELLABLE and not order.lines.filter(quantity_fulfilled__gt=0).exists():
        return True
    return (
        order.status in GIFT_CARDS_FULFILLED
        and not order.fulfillments.exclude(status=FulfillmentStatus.FULFILLED).exists()
        and gift_card_lines_only_fulfilled(order)
    )


def order_cancel(*, order: Order, actor: Actor) -> Order:
    """Cancel ``order`` and give back its stock and certified units (see the module docstring)."""
    # Imported here: the gift cards' fulfilment reaches this module's ``order_lock``.
    from storefront.orders.gift_cards import order_gift_cards_cancel

    with transaction.atomic():
        locked = order_lock(order.pk)
        if not order_can_cancel(locked):
            raise OrderError(
                OrderErrorCode.CANNOT_CANCEL_ORDER,
                f"This order can't be canceled: it is {locked.status.lower().replace('_', ' ')}.",
                field="id",
            )
        allocations = list(Allocation.objects.filter(order_line__order=locked).order_by("pk"))
        released: Counter[int] = Counter()
        for allocation in allocations:
            released[allocation.stock_id] += allocation.quantity_allocated
        # The same locks, in the same order, as a completing checkout: no deadlock between them.
        list(stocks_select_for_update(Stock.objects.filter(pk__in=list(released))))
        # Then the bought cards, as a completing checkout locks cards after stock; nothing is
        # written yet, so a refusal here leaves the order as it was.
        taken_back = order_gift_cards_cancel(locked, actor=actor)
        stock_changed()  # no signals from update/bulk_create
        for stock_id, quantity in released.items():
            if quantity:
                Stock.objects.filter(pk=stock_id).update(
                    quantity_allocated=F("quantity_allocated") - quantity
                )
        units = [allocation.unit_id for allocation in allocations if allocation.unit_id is not None]
        Allocation.objects.filter(pk__in=[allocation.pk for allocation in allocations]).delete()
        previous = locked.status
        locked.status = OrderStatus.CANCELED
        locked.save(update_fields=["status", "updated_at"])
        order_event_build(order=locked, type=OrderEventType.CANCELED, actor=actor).save()
        audit_log_record(
            actor=actor,
            action="order.canceled",
            target=locked,
            payload={
                "number": locked.number,
                "status": {"before": previous, "after": locked.status},
                "released": {str(stock_id): quantity for stock_id, quantity in sorted(released.items())},
                "units_freed": sorted(units),
                "gift_cards_deactivated": sorted(card.pk for card in taken_back),
            },
        )
    return locked
