"""Spending vouchers and gift cards at ``checkoutComplete``, under row locks.

Called inside the completion's transaction, after the stock locks (every completion takes its
locks in the same order: checkout, stock, voucher, code, gift cards by primary key), so parallel
completions queue instead of deadlocking. A voucher's usage limit, a single-use code and a
customer's single use are checked on the locked rows, then counted; a gift card's balance is
checked on its locked row, then lowered. Two completions can never both take the last use, and a
gift card can never be overspent (its balance also has a non-negative check constraint, and a
customer's use a unique constraint, as final guards).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import F

from storefront.core.money import Money
from storefront.discounts.error_codes import NotApplicable
from storefront.discounts.models import (
    GiftCard,
    GiftCardEvent,
    GiftCardEventType,
    Voucher,
    VoucherCode,
    VoucherCustomer,
)
from storefront.discounts.rules import VOUCHER_NOT_APPLICABLE

GIFT_CARD_NOT_APPLICABLE = "GIFT_CARD_NOT_APPLICABLE"


def voucher_used_by(*, code: VoucherCode, email: str) -> bool:
    """Whether ``email`` already used a code of this voucher (which applies once per customer)."""
    return VoucherCustomer.objects.filter(
        voucher_code__voucher_id=code.voucher_id, customer_email__iexact=email.strip()
    ).exists()


def voucher_usage_claim(*, code_id: int, email: str) -> VoucherCode:
    """Count one use of a code and its voucher, or raise ``NotApplicable`` (nothing counted).

    Locks the voucher's row, then the code's: the limits are read from the locked rows.
    """
    voucher_id = VoucherCode.objects.filter(pk=code_id).values_list("voucher_id", flat=True).first()
    voucher = Voucher.objects.select_for_update().filter(pk=voucher_id or 0).first()
    code = VoucherCode.objects.select_for_update().filter(pk=code_id).first()
    if voucher is None or code is None or not code.is_active:
        raise NotApplicable(
            VOUCHER_NOT_APPLICABLE, "This voucher code is no longer valid.", field="promo_code"
        )
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        raise NotApplicable(
            VOUCHER_NOT_APPLICABLE, "This voucher has reached its usage limit.", field="promo_code"
        )
    if voucher.single_use and code.used > 0:
        raise NotApplicable(
            VOUCHER_NOT_APPLICABLE, "This voucher code has already been used.", field="promo_code"
        )
    if voucher.apply_once_per_customer:
        if not email or voucher_used_by(code=code, email=email):
            raise NotApplicable(
                VOUCHER_NOT_APPLICABLE, "This voucher has already been used by you.", field="promo_code"
            )
        VoucherCustomer.objects.create(voucher_code=code, customer_email=email.strip().lower())
    Voucher.objects.filter(pk=voucher.pk).update(used=F("used") + 1)
    VoucherCode.objects.filter(pk=code.pk).update(used=F("used") + 1)
    code.used += 1
    code.voucher = voucher
    voucher.used += 1
    return code


@dataclass(frozen=True, slots=True)
class GiftCardCharge:
    """What a gift card pays of an order."""

    gift_card: GiftCard
    amount: Money


def gift_cards_charge(
    *, charges: Sequence[tuple[int, Money]], email: str, order_id: uuid.UUID, now: datetime
) -> list[GiftCardCharge]:
    """Lower each gift card's balance by its amount (gift card id, amount), locked in primary-key
    order; ``NotApplicable`` and nothing lowered when a card is no longer usable or its balance no
    longer covers what the checkout was priced with."""
    wanted = {pk: amount for pk, amount in charges if amount.amount > 0}
    if not wanted:
        return []
    cards = {
        card.pk: card for card in GiftCard.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    }
    result = []
    for pk, amount in wanted.items():
        card = cards.get(pk)
        if (
            card is None
            or not card.is_active
            or card.currency != amount.currency
            or (card.expiry_date is not None and card.expiry_date < now.date())
            or card.current_balance_amount < amount.amount
        ):
            raise NotApplicable(
                GIFT_CARD_NOT_APPLICABLE,
                "A gift card's balance changed; review the checkout's total.",
                field="promo_code",
            )
        before = card.current_balance_amount
        card.current_balance_amount = before - amount.amount
        card.used_by_email = card.used_by_email or email
        card.last_used_on = now
        card.save(update_fields=["current_balance_amount", "used_by_email", "last_used_on"])
        GiftCardEvent.objects.create(
            gift_card=card,
            type=GiftCardEventType.USED_IN_ORDER,
            order_id=order_id,
            parameters={
                "balance": {
                    "currency": card.currency,
                    "old_current_balance": str(before),
                    "current_balance": str(card.current_balance_amount),
                },
                "amount": str(amount.amount),
            },
        )
        result.append(GiftCardCharge(gift_card=card, amount=amount))
    return result


def gift_card_usable(card: GiftCard, *, currency: str, now: datetime) -> bool:
    """Active, in this currency, not expired, with something left."""
    return (
        card.is_active
        and card.currency == currency
        and (card.expiry_date is None or card.expiry_date >= now.date())
        and card.current_balance_amount > Decimal(0)
    )
