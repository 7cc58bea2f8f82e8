"""The e-mail with the codes of the gift cards an order bought, in the order's language
(``storefront.orders.gift_cards`` queues it after the commit that issued them)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from storefront.discounts.bought import gift_cards_sent_record
from storefront.discounts.models import GiftCard
from storefront.orders.email_text import email_language, money_text
from storefront.orders.models import Order

GIFT_CARD_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Your gift card from order #{number}",
        "subject_many": "Your gift cards from order #{number}",
        "greeting": "Thank you for your order.",
        "intro": "Here is what you bought in order #{number}. Use a code at checkout:",
        "line": "{amount} gift card: {code}",
        "closing": "Terima kasih, from the makers of Lombok.",
    },
    "id": {
        "subject": "Kartu hadiah Anda dari pesanan #{number}",
        "subject_many": "Kartu-kartu hadiah Anda dari pesanan #{number}",
        "greeting": "Terima kasih atas pesanan Anda.",
        "intro": "Inilah yang Anda beli dalam pesanan #{number}. Gunakan kodenya saat checkout:",
        "line": "Kartu hadiah {amount}: {code}",
        "closing": "Terima kasih, dari para perajin Lombok.",
    },
}


def gift_cards_bought_send(*, order_id: uuid.UUID, gift_card_ids: Sequence[int]) -> bool:
    """Mail the codes of the cards an order bought to its buyer, in the order's language, and
    record ``SENT_TO_CUSTOMER`` on each card; False without an address or cards."""
    order = Order.objects.filter(pk=order_id).first()
    cards = list(
        GiftCard.objects.filter(pk__in=list(gift_card_ids), bought_in_order_id=order_id).order_by("pk")
    )
    if order is None or not order.user_email or not cards:
        return False
    language = email_language(order.language_code)
    words = GIFT_CARD_TEXT[language]
    context: dict[str, Any] = {"number": order.number}
    body_lines = [
        words["line"].format(
            amount=money_text(card.initial_balance_amount, card.currency, language), code=card.code
        )
        for card in cards
    ]
    body = "\n\n".join(
        [words["greeting"], words["intro"].format(**context), "\n".join(body_lines), words["closing"]]
    )
    subject = (words["subject_many"] if len(cards) > 1 else words["subject"]).format(**context)
    message = EmailMultiAlternatives(
        subject=subject, body=body + "\n", from_email=settings.DEFAULT_FROM_EMAIL, to=[order.user_email]
    )
    message.send()
    gift_cards_sent_record(cards=cards, email=order.user_email)
    return True
