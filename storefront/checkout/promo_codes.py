"""``checkoutAddPromoCode`` and ``checkoutRemovePromoCode``: a voucher code or a gift card code.

A code is looked up as a gift card first, then as a voucher code (both case-insensitively). A
voucher code replaces the checkout's previous one (one voucher per checkout) only when it applies
now (``storefront.discounts.rules``, and once per customer against the checkout's e-mail); a gift
card is added when it is active, unexpired, in the checkout's currency and not empty. Refusals
use Saleor's codes: ``INVALID`` for a code that does not exist or cannot be used,
``VOUCHER_NOT_APPLICABLE`` for a voucher whose rules this checkout does not meet.

Guessing is bounded with the kernel's ``FailureLimit``: a code that does not exist counts as a
failure per checkout (``ATTEMPTS_PER_CHECKOUT``) and per client address
(``ATTEMPTS_PER_ADDRESS``), and a locked-out caller is refused before any code is looked at.
"""

from __future__ import annotations

import math

from django.db import transaction
from django.utils import timezone

from storefront.catalog.models import ProductType
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import checkout_info_fetch
from storefront.checkout.gifts import checkout_gifts_refresh
from storefront.checkout.models import Checkout
from storefront.checkout.pricing import voucher_check
from storefront.core.ratelimit import FailureLimit
from storefront.discounts.codes import MAX_CODE_LENGTH
from storefront.discounts.models import GiftCard, VoucherCode
from storefront.discounts.selectors import gift_card_by_code
from storefront.discounts.usage import gift_card_usable, voucher_used_by

WINDOW_SECONDS = 15 * 60
ATTEMPTS_PER_CHECKOUT = FailureLimit(scope="promo-code:checkout", limit=10, window_seconds=WINDOW_SECONDS)
ATTEMPTS_PER_ADDRESS = FailureLimit(scope="promo-code:address", limit=30, window_seconds=WINDOW_SECONDS)


def _invalid(message: str = "Promo code is invalid.") -> CheckoutError:
    return CheckoutError(CheckoutErrorCode.INVALID, message, field="promo_code")


def _lock(checkout: Checkout) -> Checkout:
    locked = (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("channel", "shipping_address", "billing_address", "user")
        .get(pk=checkout.pk)
    )
    locked.last_change = timezone.now()
    return locked


def _refused_while_locked_out(checkout: Checkout, ip_address: str) -> None:
    wait = max(
        ATTEMPTS_PER_CHECKOUT.retry_after(str(checkout.pk)), ATTEMPTS_PER_ADDRESS.retry_after(ip_address)
    )
    if wait:
        raise _invalid(f"Too many invalid promo codes; try again in {math.ceil(wait / 60)} minutes.")


def _unknown(checkout: Checkout, ip_address: str) -> CheckoutError:
    ATTEMPTS_PER_CHECKOUT.record_failure(str(checkout.pk))
    ATTEMPTS_PER_ADDRESS.record_failure(ip_address)
    return _invalid()


def _gift_card_add(checkout: Checkout, card: GiftCard) -> None:
    if not gift_card_usable(card, currency=checkout.currency, now=timezone.now()):
        raise _invalid("This gift card cannot be used for this checkout.")
    if checkout.lines.filter(variant__product__product_type__kind=ProductType.Kind.GIFT_CARD).exists():
        # A gift card cannot pay for gift cards (Saleor refuses it too).
        raise CheckoutError(
            CheckoutErrorCode.GIFT_CARD_NOT_APPLICABLE,
            "A gift card cannot be used to buy gift cards.",
            field="promo_code",
        )
    checkout.gift_cards.add(card)


def _voucher_add(checkout: Checkout, code: str, ip_address: str) -> None:
    checkout.voucher_code = code
    info = checkout_info_fetch(checkout)
    if info.voucher is None:
        raise _unknown(checkout, ip_address)
    problem = voucher_check(info, now=timezone.now())
    voucher = info.voucher.voucher
    if problem is None and voucher.apply_once_per_customer:
        if not checkout.email:
            problem_message = "Set the checkout's e-mail before using this voucher (once per customer)."
            raise CheckoutError(CheckoutErrorCode.VOUCHER_NOT_APPLICABLE, problem_message, field="promo_code")
        if voucher_used_by(code=info.voucher.code, email=checkout.email):
            raise CheckoutError(
                CheckoutErrorCode.VOUCHER_NOT_APPLICABLE,
                "This voucher has already been used by you.",
                field="promo_code",
            )
    if problem is not None:
        raise CheckoutError(CheckoutErrorCode(problem.code), problem.message, field="promo_code")
    checkout.voucher_code = info.voucher.code.code
    checkout.discount_name = voucher.name or None
    checkout.translated_discount_name = None
    checkout.save(
        update_fields=[
            "voucher_code",
            "discount_name",
            "translated_discount_name",
            "last_change",
            "updated_at",
        ]
    )


def checkout_promo_code_add(*, checkout: Checkout, promo_code: str, ip_address: str) -> Checkout:
    """Add a gift card or set the voucher code (see the module docstring); the checkout, reloaded.
    A refusal changes nothing (the caller's ``checkout`` object included)."""
    code = (promo_code or "").strip()
    _refused_while_locked_out(checkout, ip_address)
    if not code or len(code) > MAX_CODE_LENGTH:
        raise _invalid()
    with transaction.atomic():
        locked = _lock(checkout)
        card = gift_card_by_code(code)
        if card is not None:
            _gift_card_add(locked, card)
            locked.save(update_fields=["last_change", "updated_at"])
        else:
            _voucher_add(locked, code, ip_address)  # an unknown code counts even though this rolls back
            checkout_gifts_refresh(locked, now=timezone.now())  # a voucher that applies takes the gift away
    return locked


@transaction.atomic
def checkout_promo_code_remove(
    *,
    checkout: Checkout,
    promo_code: str | None = None,
    gift_card_id: int | None = None,
    voucher_id: int | None = None,
) -> Checkout:
    """Remove the voucher code or a gift card, named by code or by ID; removing what the checkout
    does not hold changes nothing (Saleor's)."""
    locked = _lock(checkout)
    fields = ["last_change", "updated_at"]
    code = (promo_code or "").strip().upper()
    current = (locked.voucher_code or "").strip().upper()
    removes_voucher = bool(code) and code == current
    if voucher_id is not None and locked.voucher_code:
        removes_voucher = VoucherCode.objects.filter(
            voucher_id=voucher_id, code__iexact=locked.voucher_code
        ).exists()
    if removes_voucher:
        locked.voucher_code = None
        locked.discount_name = None
        locked.translated_discount_name = None
        fields += ["voucher_code", "discount_name", "translated_discount_name"]
    elif code:
        card = gift_card_by_code(code)
        if card is not None:
            locked.gift_cards.remove(card)
    if gift_card_id is not None:
        locked.gift_cards.remove(gift_card_id)
    locked.save(update_fields=fields)
    if removes_voucher:
        checkout_gifts_refresh(locked, now=timezone.now())
    return locked
