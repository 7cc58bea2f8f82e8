"""Gift cards bought as a product: issued when the order is paid, the lines fulfilled at once.

A line whose product type is of kind ``GIFT_CARD`` sells gift cards (Saleor's gift card product).
When its order becomes paid (``storefront.orders.payment_state.order_payment_refresh``, under the
order's row lock) :func:`order_gift_cards_issue` issues one card per unit
(``storefront.discounts.bought``: balance the line's unit price paid, in the order's currency),
fulfils those lines at once (a ``Fulfillment`` without stock: nothing is packed, so no makers'
earnings, certificates or export papers, and no shipping e-mail; Saleor's
``automaticallyFulfillGiftCards``), and mails the codes to the buyer in the order's language after
the commit. Retried webhooks and refreshes find the cards already issued and the lines already
fulfilled and do nothing; an unpaid or cancelled order gets none.

Taking them back (Saleor's ``deactivate_order_gift_cards``). An order whose only fulfilled lines
are gift cards may still be cancelled (``storefront.orders.cancel``): its cards are deactivated,
unless one was spent already, which refuses the cancel (``CANNOT_CANCEL_ORDER``, naming the
cards). A refund granted on a gift card line (``storefront.orders.granted_refunds``) deactivates
that many of the line's unspent cards when it is granted (so none is spent while the money goes
back); asking more than the line has unspent is ``QUANTITY_GREATER_THAN_AVAILABLE``. A return of a
gift card line is ``GIFT_CARD_LINE`` (Saleor's "Cannot refund or return gift card line."): a card
is not sent back, its refund is granted. Each card taken back gets a ``DEACTIVATED`` event naming
the order and why.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Max

from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductType
from storefront.core.versioned_cache import stock_changed
from storefront.discounts.bought import (
    BoughtLine,
    gift_card_refunded,
    gift_card_spent,
    gift_cards_bought_deactivate,
    gift_cards_bought_issue,
    gift_cards_bought_lock,
)
from storefront.discounts.models import GiftCard
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.events import order_event_build
from storefront.orders.fulfilment_state import order_status_refresh
from storefront.orders.models import Allocation, Fulfillment, FulfillmentLine, Order, OrderLine
from storefront.orders.tasks import gift_cards_bought_email


def gift_card_lines(order: Order) -> list[OrderLine]:
    """The order's lines that sell gift cards (their variant's product type is a gift card kind)."""
    return list(
        OrderLine.objects.filter(order=order, variant__product__product_type__kind=ProductType.Kind.GIFT_CARD)
    )


def order_gift_cards_issue(order: Order, *, actor: Actor | None = None) -> list[GiftCard]:
    """Issue the cards of a paid order's gift card lines and fulfil those lines (see the module
    docstring); the new cards. Call under the order's row lock; does nothing for an unpaid or a
    cancelled order (a payment settling after the cancel issues nothing)."""
    if not order.is_paid or order.status == OrderStatus.CANCELED:
        return []
    lines = gift_card_lines(order)
    if not lines:
        return []
    cards = gift_cards_bought_issue(
        order_id=order.pk,
        currency=order.currency,
        lines=[
            BoughtLine(line_id=line.pk, quantity=line.quantity, unit_amount=line.unit_price_gross_amount)
            for line in lines
        ],
        email=order.user_email,
        user=order.user,
    )
    _fulfil(order, lines, actor)
    if cards and order.user_email:
        order_id, card_ids = str(order.pk), [card.pk for card in cards]

        def queue() -> None:
            gift_cards_bought_email.delay(order_id=order_id, gift_card_ids=card_ids)

        transaction.on_commit(queue, robust=True)
    return cards


def _fulfil(order: Order, lines: Sequence[OrderLine], actor: Actor | None) -> None:
    """Fulfil what is left of the gift card lines in one stockless fulfilment; any stock held for
    them is released."""
    todo = [
        (line, line.quantity - line.quantity_fulfilled)
        for line in lines
        if line.quantity_fulfilled < line.quantity
    ]
    if not todo:
        return
    line_ids = [line.pk for line, _left in todo]
    for allocation in Allocation.objects.filter(order_line_id__in=line_ids).order_by("pk"):
        stock_changed()  # no signals from update()
        Stock.objects.filter(pk=allocation.stock_id).update(
            quantity_allocated=F("quantity_allocated") - allocation.quantity_allocated
        )
        allocation.delete()
    number = (order.fulfillments.aggregate(last=Max("fulfillment_order"))["last"] or 0) + 1
    fulfillment = Fulfillment.objects.create(
        order=order, fulfillment_order=number, created_by=actor.user if actor is not None else None
    )
    written = []
    for line, left in todo:
        OrderLine.objects.filter(pk=line.pk).update(quantity_fulfilled=F("quantity_fulfilled") + left)
        written.append(
            FulfillmentLine.objects.create(fulfillment=fulfillment, order_line=line, quantity=left)
        )
    order_event_build(
        order=order,
        type=OrderEventType.FULFILLMENT_FULFILLED_ITEMS,
        actor=actor,
        fulfilled_items=[row.pk for row in written],
        fulfillment=str(fulfillment.pk),
        quantity=sum(left for _line, left in todo),
        gift_cards=True,
    ).save()
    order_status_refresh(order)


# --- taking the cards back: the order cancelled, or a refund granted on a gift card line ----------


def gift_card_lines_only_fulfilled(order: Order) -> bool:
    """Whether something of the order was fulfilled and all of it is gift cards (issued and
    fulfilled at payment): such an order may still be cancelled, its cards taken back."""
    fulfilled = OrderLine.objects.filter(order=order, quantity_fulfilled__gt=0)
    return (
        fulfilled.exists()
        and not fulfilled.exclude(variant__product__product_type__kind=ProductType.Kind.GIFT_CARD).exists()
    )


def order_gift_cards_cancel(order: Order, *, actor: Actor) -> list[GiftCard]:
    """Deactivate the cards bought in ``order``, which is being cancelled (Saleor's
    ``deactivate_order_gift_cards`` in ``cancel_order``); call under the order's row lock. The
    cards are locked first: none can be spent meanwhile. When one was spent already the cancel is
    refused (``CANNOT_CANCEL_ORDER``, nothing changed): its value is gone, so the order cannot be
    undone whole; staff grant a refund of the unused cards and the rest instead."""
    cards = [card for card in gift_cards_bought_lock(order_id=order.pk) if not gift_card_refunded(card)]
    spent = [card for card in cards if gift_card_spent(card)]
    if spent:
        raise OrderError(
            OrderErrorCode.CANNOT_CANCEL_ORDER,
            "This order can't be canceled: gift cards bought in it were already used ("
            + ", ".join(card.display_code for card in spent)
            + "). Grant a refund of what is unused instead.",
            field="id",
        )
    gift_cards_bought_deactivate(cards=cards, order_id=order.pk, reason="ORDER_CANCELED", user=actor.user)
    return cards


def gift_card_lines_refundable(
    order: Order, line_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[GiftCard]]:
    """For each of ``line_ids`` that sells gift cards: its cards that a refund may still take back
    (issued, never spent, not taken back already), locked, in unit order. Lines of other goods are
    left out. Call under the order's row lock."""
    gift_lines = set(
        OrderLine.objects.filter(
            order=order,
            pk__in=list(line_ids),
            variant__product__product_type__kind=ProductType.Kind.GIFT_CARD,
        ).values_list("pk", flat=True)
    )
    found: dict[uuid.UUID, list[GiftCard]] = {line_id: [] for line_id in gift_lines}
    if not gift_lines:
        return found
    for card in gift_cards_bought_lock(order_id=order.pk, line_ids=sorted(gift_lines, key=str)):
        if not gift_card_refunded(card) and not gift_card_spent(card):
            assert card.bought_in_order_line_id is not None
            found[card.bought_in_order_line_id].append(card)
    return found
