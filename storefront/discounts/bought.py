"""Gift cards bought as a product (Saleor's ``gift_cards_create`` for an order's gift card lines).

Once an order with lines of a ``GIFT_CARD`` product type is paid, each unit of such a line becomes
one gift card: its balance the line's unit price (what the buyer paid for it, in the order's
currency), ``created_by_email`` the buyer's, no ``used_by_email``, a ``BOUGHT`` event naming the
order. The orders call :func:`gift_cards_bought_issue` with the order's row locked; a card that
already exists for a (line, unit) is never made again, and the unique constraint
``gift_card_bought_once_per_unit`` is the final guard against two callers racing.

When that order is cancelled, or a refund is granted on a gift card line, the orders take the
cards back through :func:`gift_cards_bought_deactivate` (Saleor's ``deactivate_order_gift_cards``),
having locked them with :func:`gift_cards_bought_lock` and refused when one was spent
(:func:`gift_card_spent`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import prefetch_related_objects

from storefront.discounts.codes import code_generate
from storefront.discounts.models import GiftCard, GiftCardEvent, GiftCardEventType


@dataclass(frozen=True)
class BoughtLine:
    """A paid order line of gift cards: ``quantity`` cards of ``unit_amount`` each."""

    line_id: uuid.UUID
    quantity: int
    unit_amount: Decimal


@transaction.atomic
def gift_cards_bought_issue(
    *,
    order_id: uuid.UUID,
    currency: str,
    lines: Sequence[BoughtLine],
    email: str,
    user: Any = None,
) -> list[GiftCard]:
    """Issue the gift cards of ``lines`` not issued yet; the new cards (none on a retry).

    Call with the order's row locked (the caller serialises retries); a unit already issued is
    skipped, so calling this twice issues nothing the second time."""
    line_ids = [line.line_id for line in lines]
    done = set(
        GiftCard.objects.filter(bought_in_order_line_id__in=line_ids).values_list(
            "bought_in_order_line_id", "bought_unit"
        )
    )
    created: list[GiftCard] = []
    for line in lines:
        for unit in range(1, line.quantity + 1):
            if (line.line_id, unit) in done or line.unit_amount <= 0:
                continue
            card = GiftCard.objects.create(
                code=code_generate(),
                currency=currency,
                initial_balance_amount=line.unit_amount,
                current_balance_amount=line.unit_amount,
                is_active=True,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                created_by_email=email,
                bought_in_order_id=order_id,
                bought_in_order_line_id=line.line_id,
                bought_unit=unit,
            )
            created.append(card)
    GiftCardEvent.objects.bulk_create(
        GiftCardEvent(
            gift_card=card,
            type=GiftCardEventType.BOUGHT,
            order_id=order_id,
            user=card.created_by,
            parameters={"order_id": str(order_id)},
        )
        for card in created
    )
    return created


def gift_cards_sent_record(*, cards: Sequence[GiftCard], email: str) -> None:
    """Record that the cards' codes were mailed (Saleor's ``SENT_TO_CUSTOMER``)."""
    GiftCardEvent.objects.bulk_create(
        GiftCardEvent(
            gift_card=card,
            type=GiftCardEventType.SENT_TO_CUSTOMER,
            order_id=card.bought_in_order_id,
            parameters={"email": email},
        )
        for card in cards
    )


# --- when the order that bought them is cancelled or refunded ---------------------------------


def gift_card_spent(card: GiftCard) -> bool:
    """Whether any of the card's balance has been spent (it paid part of an order, or its balance
    is below what it was issued with)."""
    return card.current_balance_amount < card.initial_balance_amount or any(
        event.type == GiftCardEventType.USED_IN_ORDER for event in card.events.all()
    )


def gift_cards_bought_lock(
    *, order_id: uuid.UUID, line_ids: Sequence[uuid.UUID] | None = None
) -> list[GiftCard]:
    """The cards bought in the order (only those of ``line_ids`` when given), their rows locked in
    primary-key order (as a paying checkout locks them: a card cannot be spent meanwhile), with
    their events; in (line, unit) order."""
    cards = GiftCard.objects.select_for_update(of=("self",)).filter(bought_in_order_id=order_id)
    if line_ids is not None:
        cards = cards.filter(bought_in_order_line_id__in=list(line_ids))
    found = list(cards.order_by("pk"))
    prefetch_related_objects(found, "events")
    return sorted(found, key=lambda card: (str(card.bought_in_order_line_id), card.bought_unit or 0))


def gift_card_refunded(card: GiftCard) -> bool:
    """Whether the card was already taken back by a cancel or refund of the order that bought it."""
    return any(
        event.type == GiftCardEventType.DEACTIVATED and event.parameters.get("bought_order_taken_back")
        for event in card.events.all()
    )


def gift_cards_bought_deactivate(
    *, cards: Sequence[GiftCard], order_id: uuid.UUID, reason: str, user: Any = None, **parameters: Any
) -> None:
    """Deactivate cards bought in ``order_id`` because the order was cancelled or refunded
    (Saleor's ``deactivate_order_gift_cards``): a ``DEACTIVATED`` event each, naming the order and
    why (``bought_order_taken_back``). A card already inactive gets the event too: it is taken back
    all the same."""
    if not cards:
        return
    GiftCard.objects.filter(pk__in=[card.pk for card in cards], is_active=True).update(is_active=False)
    for card in cards:
        card.is_active = False
    GiftCardEvent.objects.bulk_create(
        GiftCardEvent(
            gift_card=card,
            type=GiftCardEventType.DEACTIVATED,
            order_id=order_id,
            user=user if getattr(user, "is_authenticated", False) else None,
            parameters={"bought_order_taken_back": reason, "order_id": str(order_id), **parameters},
        )
        for card in cards
    )
