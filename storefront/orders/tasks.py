"""Celery tasks of the orders: thin wrappers over their services."""

from __future__ import annotations

import uuid
from decimal import Decimal

from celery import shared_task

from storefront.orders.choices import OrderEmailType
from storefront.orders.emails import fulfillment_email_send, order_confirmation_send, payment_returned_send


@shared_task(ignore_result=True)
def order_confirmation_email(*, order_id: str) -> None:
    """Send an order's confirmation (queued on the commit of the transaction that placed it)."""
    order_confirmation_send(order_id=uuid.UUID(order_id))


@shared_task(ignore_result=True)
def payment_returned_email(
    *, email: str, language_code: str, amount: str, currency: str, items: list[str]
) -> None:
    """Tell the buyer their payment was returned (the amount travels as a string: JSON has no
    decimals, and a float would round it)."""
    payment_returned_send(
        email=email, language_code=language_code, amount=Decimal(amount), currency=currency, items=items
    )


@shared_task(ignore_result=True)
def fulfillment_email(*, fulfillment_id: str, email_type: str) -> None:
    """Send a fulfilment's shipping (or tracking-updated) e-mail (queued on the fulfilment's commit)."""
    fulfillment_email_send(fulfillment_id=uuid.UUID(fulfillment_id), email_type=OrderEmailType(email_type))
