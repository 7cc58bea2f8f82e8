"""Test data for vouchers and gift cards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from storefront.channels.models import Channel
from storefront.discounts.models import (
    DiscountValueType,
    GiftCard,
    Voucher,
    VoucherChannelListing,
    VoucherCode,
    VoucherType,
)


def voucher_create(
    channel: Channel,
    *,
    code: str = "SAVE10",
    value: str = "10",
    value_type: str = DiscountValueType.PERCENTAGE,
    type: str = VoucherType.ENTIRE_ORDER,
    min_spent: str | None = None,
    name: str = "Save",
    **fields: Any,
) -> Voucher:
    """A voucher with one code, listed in ``channel`` at ``value`` (percent or the channel's currency)."""
    voucher = Voucher.objects.create(type=type, name=name, discount_value_type=value_type, **fields)
    VoucherCode.objects.create(voucher=voucher, code=code)
    VoucherChannelListing.objects.create(
        voucher=voucher,
        channel=channel,
        discount_value=Decimal(value),
        currency=channel.currency_code,
        min_spent_amount=Decimal(min_spent) if min_spent is not None else None,
    )
    return voucher


def gift_card_create(
    *,
    code: str = "GIFT-AAAA-BBBB-CCCC",
    balance: str = "20.00",
    currency: str = "USD",
    is_active: bool = True,
    expiry_date: date | None = None,
) -> GiftCard:
    return GiftCard.objects.create(
        code=code,
        currency=currency,
        initial_balance_amount=Decimal(balance),
        current_balance_amount=Decimal(balance),
        is_active=is_active,
        expiry_date=expiry_date,
    )
