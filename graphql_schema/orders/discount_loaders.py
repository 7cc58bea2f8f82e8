"""The discounts, the voucher and the gift cards of every order on the page, one query each
(Saleor's ``Order.discounts``, ``Order.voucher`` and ``Order.giftCards``): what ``checkoutComplete``
recorded on the order (the gift cards that paid part of it: their ``USED_IN_ORDER`` events)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, register
from storefront.discounts.models import GiftCard, GiftCardEvent, GiftCardEventType, Voucher
from storefront.orders.models import Order, OrderDiscount


def _discounts(_info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OrderDiscount]]:
    grouped: dict[uuid.UUID, list[OrderDiscount]] = defaultdict(list)
    for row in OrderDiscount.objects.filter(order_id__in=ids).order_by("order_id", "pk"):
        grouped[row.order_id].append(row)
    return grouped


ORDER_DISCOUNTS: Loader[uuid.UUID, list[OrderDiscount]] = Loader(
    "order-discounts", _discounts, default=list, peers=Order
)


def _vouchers(info: Info, _scope: Scope, ids: list[int]) -> dict[int, Voucher]:
    rows = list(Voucher.objects.filter(pk__in=ids))
    register(info, Voucher, rows)  # their codes and listings then load together
    return {voucher.pk: voucher for voucher in rows}


ORDER_VOUCHERS: Loader[int, Voucher | None] = Loader(
    "order-vouchers", _vouchers, default=lambda: None, peers=foreign_keys((Order, "voucher_id"))
)


def _gift_cards(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[GiftCard]]:
    grouped: dict[uuid.UUID, list[GiftCard]] = defaultdict(list)
    events = (
        GiftCardEvent.objects.filter(order_id__in=ids, type=GiftCardEventType.USED_IN_ORDER)
        .select_related("gift_card")
        .order_by("order_id", "date", "pk")
    )
    for event in events:
        assert event.order_id is not None
        cards = grouped[event.order_id]
        if all(card.pk != event.gift_card_id for card in cards):
            cards.append(event.gift_card)
    register(info, GiftCard, [card for cards in grouped.values() for card in cards])  # their events
    return grouped


ORDER_GIFT_CARDS: Loader[uuid.UUID, list[GiftCard]] = Loader(
    "order-gift-cards", _gift_cards, default=list, peers=Order
)
