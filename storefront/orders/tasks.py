"""Celery tasks of the orders: thin wrappers over their services."""

from __future__ import annotations

import uuid

from celery import shared_task

from storefront.orders.emails import order_confirmation_send


@shared_task(ignore_result=True)
def order_confirmation_email(*, order_id: str) -> None:
    """Send an order's confirmation (queued on the commit of the transaction that placed it)."""
    order_confirmation_send(order_id=uuid.UUID(order_id))
