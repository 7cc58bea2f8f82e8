"""Gift cards bought as a product: issued when the order is paid, the lines fulfilled at once.

A line whose product type is of kind ``GIFT_CARD`` sells gift cards (Saleor's gift card product).
When its order becomes paid (``storefront.orders.payment_state.order_payment_refresh``, under the
order's row lock) :func:`order_gift_cards_issue` issues one card per unit
(``storefront.discounts.bought``: balance the line's unit price paid, in the order's currency),
fulfils those lines at once (a ``Fulfillment`` without stock: nothing is packed, so no makers'
earnings, certificates or export papers, and no shipping e-mail; Saleor's
``automaticallyFulfillGiftCards``), and mails the codes to the buyer in the order's language after
the commit. Retried webhooks and refreshes find the cards already issued and the lines already
fulfilled and do nothing; an unpaid order gets none.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Max

from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductType
from storefront.discounts.bought import BoughtLine, gift_cards_bought_issue
from storefront.discounts.models import GiftCard
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType
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
    docstring); the new cards. Call under the order's row lock; does nothing for an unpaid order."""
    if not order.is_paid:
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
