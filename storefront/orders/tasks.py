"""Celery tasks of the orders: thin wrappers over their services."""

from __future__ import annotations

import uuid
from decimal import Decimal

from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.core.tasks import shared_task
from storefront.orders.choices import FulfillmentStatus, OrderEmailType
from storefront.orders.documents.services import fulfillment_documents_issue
from storefront.orders.emails import fulfillment_email_send, order_confirmation_send, payment_returned_send
from storefront.orders.gift_card_emails import gift_cards_bought_send
from storefront.orders.models import Fulfillment


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


@shared_task(ignore_result=True)
def fulfillment_documents_issue_task(*, fulfillment_id: str, user_id: int | None = None) -> None:
    """Render and store a new fulfilment's export papers (queued on the fulfilment's commit), as
    the staff member who packed it. A fulfilment canceled in the meantime gets none."""
    fulfillment = Fulfillment.objects.filter(pk=uuid.UUID(fulfillment_id)).first()
    if fulfillment is None or fulfillment.status == FulfillmentStatus.CANCELED:
        return
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    fulfillment_documents_issue(fulfillment=fulfillment, actor=Actor.of(user=user))


@shared_task(ignore_result=True)
def gift_cards_bought_email(*, order_id: str, gift_card_ids: list[int]) -> None:
    """Mail the codes of the gift cards an order bought (queued on the commit that issued them)."""
    gift_cards_bought_send(order_id=uuid.UUID(order_id), gift_card_ids=gift_card_ids)
