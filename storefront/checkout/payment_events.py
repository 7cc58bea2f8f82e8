"""What a checkout or an order does about a payment: the ``PAYMENT_EVENT_HANDLER``.

``payments`` records a gateway's events and calls :func:`transaction_changed` inside the same
database transaction, holding the transaction row's lock. An order's payment statuses are
updated here and now; a checkout that became fully paid is completed after the commit (never
under this lock: completion locks the checkout row first, then its transactions).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from payments.amounts import PaidSums, authorize_status, charge_status
from payments.contract import FlowStrategy
from payments.models import Transaction
from payments.services import PaymentOwner, TransactionChange
from storefront.channels.models import Channel
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.core.money import Money
from storefront.orders.models import Order


def order_payment_refresh(order: Order) -> Order:
    """Recompute an order's charged and authorised amounts and statuses from its transactions."""
    sums = Transaction.objects.filter(order_id=order.pk).aggregate(
        authorized=Sum("authorized_amount"), charged=Sum("charged_amount")
    )
    paid = PaidSums(authorized=sums["authorized"] or Decimal(0), charged=sums["charged"] or Decimal(0))
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
    return order


def transaction_changed(change: TransactionChange) -> None:
    """The payment event handler named in settings."""
    row = change.transaction
    if row.order_id is not None:
        order = Order.objects.select_for_update().filter(pk=row.order_id).first()
        if order is not None:
            order_payment_refresh(order)
        return
    if row.checkout_token is not None and change.after.charged + change.after.authorized > 0:
        token = row.checkout_token
        transaction.on_commit(lambda: _complete_if_paid(token))


def _complete_if_paid(token: object) -> None:
    """Placeholder for the paid-checkout completion (issue 9, next slice)."""


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
