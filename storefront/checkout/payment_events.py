"""What a checkout or an order does about a payment: the ``PAYMENT_EVENT_HANDLER``.

``payments`` records a gateway's events and calls :func:`transaction_changed` inside the same
database transaction, holding the transaction row's lock.

- An order's transaction: the order's row is locked, its payment columns recomputed and each
  new event recorded in its history (``storefront.orders.payment_state``), here and now.
- An order's transaction that brings a settlement: the makers' earnings of goods already
  shipped get their rupiah amounts (``storefront.orders.earnings.earnings_settlement_rate_fill``).
- An order's transaction that brings a refund's outcome: the granted refund it was requested
  for is settled (``storefront.orders.granted_refunds.granted_refunds_settle``).
- A checkout's transaction whose authorised + charged amount grew: the checkout may now be
  paid for, so :func:`storefront.checkout.paid_completion.checkout_paid_complete` is queued
  (a Celery task) on the commit; never under this lock, since completion locks the checkout
  row first, then its transactions, and may call a gateway to refund.
"""

from __future__ import annotations

from django.db import transaction

from payments.contract import FlowStrategy
from payments.services import PaymentOwner, TransactionChange
from storefront.channels.models import Channel
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.checkout.tasks import checkout_paid_complete_task
from storefront.core.money import Money
from storefront.orders.earnings import earnings_settlement_rate_fill
from storefront.orders.granted_refunds import granted_refunds_settle
from storefront.orders.models import Order
from storefront.orders.payment_state import order_payment_refresh, order_transaction_events_record

__all__ = ["checkout_payment_owner", "order_payment_owner", "order_payment_refresh", "transaction_changed"]


def transaction_changed(change: TransactionChange) -> None:
    """The payment event handler named in settings."""
    row = change.transaction
    if row.order_id is not None:
        order = Order.objects.select_for_update().filter(pk=row.order_id).first()
        if order is not None:
            order_transaction_events_record(order, change.events)
            order_payment_refresh(order)
            # A refund's outcome settles the granted refund it was requested for (earnings included).
            granted_refunds_settle(row, change.events)
            # A settlement recorded after the goods were shipped gives the makers' earnings their rupiah.
            earnings_settlement_rate_fill(order=order)
        return
    if row.checkout_token is not None and change.after.authorized + change.after.charged > (
        change.before.authorized + change.before.charged
    ):
        token = str(row.checkout_token)
        # robust: the payment is recorded whatever happens to the queueing; the sweep catches up.
        transaction.on_commit(lambda: checkout_paid_complete_task.delay(checkout_token=token), robust=True)


def _gateway_ids(channel: Channel) -> tuple[str, ...] | None:
    return tuple(channel.payment_gateways) if channel.payment_gateways else None


def checkout_payment_owner(checkout: Checkout) -> PaymentOwner:
    """A checkout as payments sees it: its gross total, its e-mail, its channel's gateways."""
    total = checkout_price(checkout_info_fetch(checkout)).total.gross
    return PaymentOwner(
        checkout_token=checkout.pk,
        order_id=None,
        total=total,
        email=checkout.email or None,
        gateway_ids=_gateway_ids(checkout.channel),
        action=FlowStrategy(checkout.channel.default_transaction_flow_strategy),
    )


def order_payment_owner(order: Order) -> PaymentOwner:
    """An order as payments sees it (its own transactions and the checkout's it inherited)."""
    return PaymentOwner(
        checkout_token=None,
        order_id=order.pk,
        total=Money(order.total_gross_amount, order.currency),
        email=order.user_email or None,
        gateway_ids=_gateway_ids(order.channel),
        action=FlowStrategy(order.channel.default_transaction_flow_strategy),
    )
