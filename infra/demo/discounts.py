"""The demo's voucher and gift card: ``EXPO2026`` (10 % off the whole order in every channel, for
the expo stand) and one gift card in US dollars with a printed code.

Created once, through the staff services (so the audit log shows the system did it); a second
load, or a voucher or card staff have changed since, is left alone.
"""

from __future__ import annotations

from decimal import Decimal

from storefront.accounts.actor import Actor
from storefront.channels.models import Channel
from storefront.discounts.models import DiscountValueType, GiftCard, VoucherCode, VoucherType
from storefront.discounts.services import (
    ListingInput,
    VoucherFields,
    staff_gift_card_create,
    staff_voucher_channel_listing_update,
    staff_voucher_create,
)

VOUCHER_CODE = "EXPO2026"
GIFT_CARD_CODE = "ASAL-GIFT-DEMO-2026"


def demo_discounts_load() -> None:
    """The demo voucher (listed in every channel) and gift card, unless they exist."""
    actor = Actor.system()
    if not VoucherCode.objects.filter(code__iexact=VOUCHER_CODE).exists():
        voucher = staff_voucher_create(
            actor=actor,
            fields=VoucherFields(
                name="Expo 2026: 10% off",
                type=VoucherType.ENTIRE_ORDER,
                discount_value_type=DiscountValueType.PERCENTAGE,
                add_codes=[VOUCHER_CODE],
            ),
        )
        staff_voucher_channel_listing_update(
            actor=actor,
            voucher=voucher,
            add=[
                ListingInput(channel=channel, discount_value=Decimal(10), min_amount_spent=None)
                for channel in Channel.objects.order_by("pk")
            ],
        )
    if not GiftCard.objects.filter(code__iexact=GIFT_CARD_CODE).exists():
        staff_gift_card_create(
            actor=actor,
            amount=Decimal("25.00"),
            currency="USD",
            is_active=True,
            code=GIFT_CARD_CODE,
            note="Demo gift card",
        )
