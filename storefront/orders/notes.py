"""Staff notes on an order (Saleor's ``orderNoteAdd`` and ``orderNoteUpdate``): events, never edits.

A note is a ``NOTE_ADDED`` event with its ``message``; updating it adds a ``NOTE_UPDATED`` event
with the new message and the id of the note it replaces (``related_event_id``), so the order's
history keeps what was written before. Each write records an audit entry in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.orders.choices import OrderEventType
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.models import Order, OrderEvent

MESSAGE_LIMIT = 10_000
NOTE_TYPES = (OrderEventType.NOTE_ADDED, OrderEventType.NOTE_UPDATED)


def note_message_clean(message: str) -> str:
    """The message without surrounding blanks; ``REQUIRED`` when nothing is left, ``INVALID`` if too long."""
    cleaned = message.strip()
    if not cleaned:
        raise OrderError(OrderErrorCode.REQUIRED, "Message can't be empty.", field="message")
    if len(cleaned) > MESSAGE_LIMIT:
        raise OrderError(
            OrderErrorCode.INVALID, f"A note holds at most {MESSAGE_LIMIT} characters.", field="message"
        )
    return cleaned


def order_note_add(*, order: Order, message: str, actor: Actor) -> OrderEvent:
    """Add a note to ``order``: its ``NOTE_ADDED`` event."""
    cleaned = note_message_clean(message)
    with transaction.atomic():
        event = order_event_build(order=order, type=OrderEventType.NOTE_ADDED, actor=actor, message=cleaned)
        event.save()
        audit_log_record(
            actor=actor,
            action="order.note_added",
            target=order,
            payload={"event": event.pk, "message": cleaned},
        )
    return event


def order_note_update(*, note: OrderEvent, message: str, actor: Actor) -> OrderEvent:
    """Replace the text of ``note`` (a note event): a ``NOTE_UPDATED`` event naming it."""
    if note.type not in NOTE_TYPES:
        raise OrderError(OrderErrorCode.NOT_FOUND, "Couldn't resolve to a note.", field="note")
    cleaned = note_message_clean(message)
    with transaction.atomic():
        event = order_event_build(
            order=note.order,
            type=OrderEventType.NOTE_UPDATED,
            actor=actor,
            message=cleaned,
            related_event_id=note.pk,
        )
        event.save()
        audit_log_record(
            actor=actor,
            action="order.note_updated",
            target=note.order,
            payload={
                "event": event.pk,
                "related_event": note.pk,
                "message": {"before": note.parameters.get("message", ""), "after": cleaned},
            },
        )
    return event
