"""An order's payment columns and payment history, kept from its transactions (``payments``).

The order's ``total_charged``/``total_authorized`` and ``charge_status``/``authorize_status``
are a cache of its transactions' amounts, recomputed here whenever one of them changes (the
payment event handler) and when a checkout's transactions pass to the order it became. The
history gets Saleor's ``OrderEvent``s: ``TRANSACTION_EVENT`` for each event a gateway reported
on one of the order's transactions, ``ORDER_FULLY_PAID`` when the charges first cover the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from payments.amounts import authorize_status, charge_status, paid_sums
from payments.models import Transaction, TransactionEvent
from storefront.accounts.actor import Actor
from storefront.orders.choices import OrderEventType
from storefront.orders.events import order_event_build
from storefront.orders.gift_cards import order_gift_cards_issue
from storefront.orders.models import Order, OrderEvent


def order_payment_refresh(
    order: Order, *, transactions: Sequence[Transaction] | None = None, actor: Actor | None = None
) -> Order:
    """Recompute the order's paid amounts and statuses from ``transactions`` (default: its own,
    read now); record ``ORDER_FULLY_PAID`` the first time the charges cover the total.

    Call with the order's row locked (or inside the transaction that created it).
    """
    rows = list(Transaction.objects.filter(order_id=order.pk)) if transactions is None else transactions
    was_paid = order.is_paid
    paid = paid_sums(rows)
    order.total_authorized_amount = paid.authorized
    order.total_charged_amount = paid.charged
    order.authorize_status = authorize_status(paid, order.total_gross_amount).value
    order.charge_status = charge_status(paid, order.total_gross_amount).value
    order.save(
        update_fields=[
            "total_authorized_amount",
            "total_charged_amount",
            "authorize_status",
            "charge_status",
            "updated_at",
        ]
    )
    if order.is_paid and not was_paid and order.total_gross_amount > 0:
        gateways = sorted({row.gateway for row in rows if row.charged_amount > 0})
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.ORDER_FULLY_PAID,
            user=actor.user if actor is not None else None,
            app=actor.app if actor is not None else None,
            parameters={"payment_gateway": ", ".join(gateways)} if gateways else {},
        )
    # Gift cards bought in the order: issued once paid (a retried webhook finds them issued).
    order_gift_cards_issue(order, actor=actor)
    return order


def order_transaction_events_record(order: Order, events: Iterable[TransactionEvent]) -> None:
    """One ``TRANSACTION_EVENT`` per gateway event on the order's transactions (Saleor's
    ``message`` and ``reference``, with the event's type and amount)."""
    OrderEvent.objects.bulk_create(
        [
            order_event_build(
                order=order,
                type=OrderEventType.TRANSACTION_EVENT,
                message=event.message or f"{event.type} {event.amount.amount} {event.currency}",
                reference=event.psp_reference,
                event_type=event.type,
                amount=str(event.amount.amount),
                currency=event.currency,
                transaction_id=str(event.transaction_id),
            )
            for event in events
        ]
    )


def order_payments_attached(
    order: Order,
    transactions: Sequence[Transaction],
    *,
    actor: Actor,
    all_transactions: Sequence[Transaction] | None = None,
) -> None:
    """Transactions just became the order's (possibly none: a zero total, or a channel that
    allows unpaid orders): record each one that moved money (``TRANSACTION_EVENT``) and refresh
    the payment columns from ``all_transactions`` (default: these; ``ORDER_FULLY_PAID`` when
    charged)."""
    moved = [row for row in transactions if row.charged_amount > 0 or row.authorized_amount > 0]
    OrderEvent.objects.bulk_create(
        [
            order_event_build(
                order=order,
                type=OrderEventType.TRANSACTION_EVENT,
                actor=actor,
                message=(
                    f"{row.name or row.gateway}: charged {row.charged.amount}, "
                    f"authorized {row.authorized.amount} {row.currency}"
                ),
                reference=row.psp_reference,
                amount=str((row.charged + row.authorized).amount),
                currency=row.currency,
                transaction_id=str(row.pk),
            )
            for row in moved
        ]
    )
    order_payment_refresh(
        order, transactions=transactions if all_transactions is None else all_transactions, actor=actor
    )


_REQUESTED = {
    "CHARGE": OrderEventType.TRANSACTION_CHARGE_REQUESTED,
    "REFUND": OrderEventType.TRANSACTION_REFUND_REQUESTED,
    "CANCEL": OrderEventType.TRANSACTION_CANCEL_REQUESTED,
}


def order_transaction_action_requested(
    transaction_row: Transaction, *, action: str, amount: str, actor: Actor
) -> None:
    """Record in the order's history that someone asked to capture, refund or cancel (Saleor's
    ``TRANSACTION_*_REQUESTED``); the outcome arrives as the gateway's ``TRANSACTION_EVENT``.
    A transaction still on a checkout has no order history to write to."""
    if transaction_row.order_id is None:
        return
    order = Order.objects.filter(pk=transaction_row.order_id).first()
    if order is None:
        return
    order_event_build(
        order=order,
        type=_REQUESTED[action],
        actor=actor,
        amount=amount,
        currency=transaction_row.currency,
        transaction_id=str(transaction_row.pk),
        reference=transaction_row.psp_reference,
    ).save()
