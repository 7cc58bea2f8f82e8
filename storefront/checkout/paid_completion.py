"""Checkouts their payments cover, completed without the buyer's browser.

The buyer's browser calls ``checkoutComplete`` right after paying; when it does not (the tab was
closed, the card needed 3-D Secure and the webhook came first, the network dropped), the payment
event handler (``payment_events.transaction_changed``) queues :func:`checkout_paid_complete`
after the commit that recorded the payment, and a periodic task retries every checkout paid for
some minutes and still not an order (``checkouts_paid_pending``, the safety net).

- A checkout that is not covered, or not ready (no e-mail, address or shipping method), stays
  for the buyer's browser: nothing is guessed on their behalf.
- Completion is ``complete_checkout(automatic=True)``: the checkout row's lock and the unique
  ``Order.checkout_token`` make it safe against the browser completing at the same moment (the
  later one gets the first one's order).
- When the order cannot be placed because what was paid for can no longer be sold (stock ran
  out, a line stopped being sold), every transaction of the checkout is refunded (what is
  charged) or canceled (what is authorised) through its gateway, outside any database
  transaction, and the buyer is e-mailed in their language. The checkout stays, so the buyer
  can change it and pay again.
- A payment that reached a checkout already completed (it was started while the order was being
  written) is given to that order: no money is left without an owner (the order then shows it
  as overcharged, for staff to refund).
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from payments.error_codes import PaymentError
from payments.models import Transaction
from payments.services import ActionType, transaction_action_request, transactions_attach_to_order
from storefront.accounts.actor import Actor
from storefront.checkout.complete import checkout_paid_sums, complete_checkout
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import CheckoutInfo, checkout_info_fetch
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import checkout_price
from storefront.core.money import Money
from storefront.orders.models import Order
from storefront.orders.payment_state import order_payments_attached
from storefront.orders.selectors import order_for_checkout
from storefront.orders.tasks import payment_returned_email

logger = logging.getLogger(__name__)

# Who asks the gateways for the refunds (``TransactionEvent.created_by``).
CREATED_BY = "system/payment"

# Refusals that mean the goods paid for cannot be sold: the payment goes back to the buyer.
UNSELLABLE = frozenset(
    {
        CheckoutErrorCode.INSUFFICIENT_STOCK,
        CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
        CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
        CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
    }
)


class PaidCompletion(StrEnum):
    """What :func:`checkout_paid_complete` did."""

    COMPLETED = "COMPLETED"
    ALREADY_COMPLETED = "ALREADY_COMPLETED"
    NOT_PAID = "NOT_PAID"
    NOT_READY = "NOT_READY"
    REFUSED = "REFUSED"
    REFUNDED = "REFUNDED"
    GONE = "GONE"


def _ready(info: CheckoutInfo) -> bool:
    """Whether the buyer gave everything an order needs (else their browser will finish it)."""
    checkout = info.checkout
    if not info.lines or not checkout.email or checkout.billing_address_id is None:
        return False
    if info.is_shipping_required:
        return checkout.shipping_address_id is not None and checkout.shipping_method_id is not None
    return True


def _orphans_attach(token: uuid.UUID, order: Order) -> None:
    """Give the order the checkout's payments that reached it after it was placed."""
    if not Transaction.objects.filter(checkout_token=token, order_id__isnull=True).exists():
        return
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        late = list(
            Transaction.objects.select_for_update().filter(checkout_token=token, order_id__isnull=True)
        )
        every = transactions_attach_to_order(checkout_token=token, order_id=locked.pk)
        order_payments_attached(locked, late, actor=Actor.system(), all_transactions=every)
    logger.warning("A payment for checkout %s arrived after it became order %s.", token, order.pk)


def checkout_paid_complete(token: uuid.UUID) -> PaidCompletion:
    """Complete the checkout ``token`` if its payments cover it (see the module docstring).

    Must not run inside a database transaction: a refund calls the gateway.
    """
    checkout = Checkout.objects.select_related("channel").filter(pk=token).first()
    if checkout is None:
        order = order_for_checkout(checkout_token=token)
        if order is None:
            if Transaction.objects.filter(checkout_token=token, order_id__isnull=True).exists():
                logger.error("Checkout %s is gone, with payments and no order: for staff to review.", token)
            return PaidCompletion.GONE
        _orphans_attach(token, order)
        return PaidCompletion.ALREADY_COMPLETED
    info = checkout_info_fetch(checkout)
    total = checkout_price(info).total.gross.amount
    paid = checkout_paid_sums(list(Transaction.objects.filter(checkout_token=token, order_id__isnull=True)))
    if total <= 0 or paid.covered < total:
        return PaidCompletion.NOT_PAID
    if not _ready(info):
        return PaidCompletion.NOT_READY
    try:
        complete_checkout(checkout, actor=Actor.system(), automatic=True)
    except CheckoutError as exc:
        codes = {error.code for error in exc.errors}
        if codes and codes <= UNSELLABLE:
            return _payments_return(info, reason=", ".join(sorted(codes)))
        logger.warning("Paid checkout %s was not completed: %s.", token, ", ".join(sorted(codes)))
        return PaidCompletion.REFUSED
    return PaidCompletion.COMPLETED


def _payments_return(info: CheckoutInfo, *, reason: str) -> PaidCompletion:
    """Refund what is charged and cancel what is authorised on every transaction of the checkout,
    then e-mail the buyer what was returned. A gateway that fails is logged; the next sweep tries
    again (the checkout is still paid, still unsellable)."""
    checkout = info.checkout
    returned = Decimal(0)
    currency = checkout.currency
    rows = list(Transaction.objects.filter(checkout_token=checkout.pk, order_id__isnull=True))
    for row in rows:
        refundable = row.charged_amount - row.refund_pending_amount
        cancelable = row.authorized_amount if row.cancel_pending_amount <= 0 else Decimal(0)
        for action, amount in ((ActionType.REFUND, refundable), (ActionType.CANCEL, cancelable)):
            if amount <= 0:
                continue
            try:
                transaction_action_request(
                    transaction_row=row,
                    action=action,
                    amount=Money(amount, row.currency),
                    created_by=CREATED_BY,
                )
            except PaymentError:
                logger.exception("Returning payment %s of checkout %s failed.", row.pk, checkout.pk)
                continue
            returned += amount
            currency = row.currency
            row.refresh_from_db()
    logger.warning(
        "Paid checkout %s could not become an order (%s): %s returned.", checkout.pk, reason, returned
    )
    if returned > 0 and checkout.email:
        payment_returned_email.delay(
            email=checkout.email,
            language_code=checkout.language_code,
            amount=str(Money(returned, currency).amount),
            currency=currency,
            items=[
                _item_name(line.product.name, line.variant.name, line.line.quantity) for line in info.lines
            ],
        )
    return PaidCompletion.REFUNDED


def _item_name(product: str, variant: str, quantity: int) -> str:
    name = f"{product} ({variant})" if variant and variant != product else product
    return f"{quantity} × {name}"


def checkouts_paid_pending(*, older_than: timedelta, younger_than: timedelta) -> list[uuid.UUID]:
    """Checkouts with money on their transactions that have not moved for ``older_than`` and are
    still no order's: the periodic task's work list (at most 500 a run, oldest first)."""
    now = timezone.now()
    rows = (
        Transaction.objects.filter(checkout_token__isnull=False, order_id__isnull=True)
        .filter(Q(charged_amount__gt=0) | Q(authorized_amount__gt=0))
        .filter(modified_at__lt=now - older_than, modified_at__gt=now - younger_than)
        .order_by("modified_at")
        .values_list("checkout_token", flat=True)[:2000]
    )
    tokens: list[uuid.UUID] = []
    for token in rows:
        if token is not None and token not in tokens:
            tokens.append(token)
    return tokens[:500]
