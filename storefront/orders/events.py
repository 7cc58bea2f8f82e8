"""Order events: the order's history as Saleor records it (``OrderEvent``), written by services only."""

from __future__ import annotations

from typing import Any

from storefront.accounts.actor import Actor
from storefront.orders.choices import OrderEmailType, OrderEventType
from storefront.orders.models import Order, OrderEvent


def order_event_build(
    *, order: Order, type: OrderEventType, actor: Actor | None = None, **parameters: Any
) -> OrderEvent:
    """An unsaved event (services save several at once with ``bulk_create``)."""
    return OrderEvent(
        order=order,
        type=type,
        user=actor.user if actor is not None else None,
        app=actor.app if actor is not None else None,
        parameters=parameters,
    )


def order_event_email_sent(*, order: Order, email_type: OrderEmailType, email: str) -> OrderEvent:
    """Record that an e-mail about the order went out (Saleor's ``EMAIL_SENT``)."""
    return OrderEvent.objects.create(
        order=order,
        type=OrderEventType.EMAIL_SENT,
        user=order.user,
        parameters={"email": email, "email_type": email_type.value},
    )
