"""The voucher rules and the discount arithmetic, as pure functions (no query).

Which vouchers apply (:func:`voucher_problem`): the code is active; the voucher is listed in the
checkout's channel; now is within its dates; its usage limit is not reached and a single-use
code is unused; the checkout's goods (as the channel enters prices, before any discount) reach
the channel's minimum spend; the checkout holds at least ``min_checkout_items_quantity`` items;
the shipping address, once given, is in ``countries`` (when any); a staff-only voucher needs a
signed-in staff member; a ``SPECIFIC_PRODUCT`` voucher needs an eligible line (its variant or
product named, or its product's own category, or a collection holding its product), and a
``SHIPPING`` voucher a checkout that ships. Once per customer needs the buyer's e-mail and is
checked against the voucher's customers by the caller (it reads the database).

How much (:func:`voucher_line_discounts`, :func:`voucher_amount`): a percentage of the eligible
amount is rounded half-up to the currency's minor unit (JPY 0 decimals, USD 2) once, for the
whole voucher; a fixed amount never exceeds the eligible amount. ``apply_once_per_order``
discounts one unit of the cheapest eligible line only (the first such line on ties). The
discount is spread over the eligible lines in proportion to their totals, each share rounded to
the minor unit, and the largest line (the first on ties) takes what rounding left, so the shares
add up to the discount exactly and no line goes below zero.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from storefront.core.money import Money
from storefront.discounts.models import DiscountValueType, VoucherType
from storefront.discounts.selectors import VoucherInfo

VOUCHER_NOT_APPLICABLE = "VOUCHER_NOT_APPLICABLE"
INVALID = "INVALID"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a voucher does not apply: a ``CheckoutErrorCode`` value and a message for the buyer."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class LineFacts:
    """A checkout line as the rules see it: its price as entered and what it is."""

    key: Hashable
    unit: Money
    quantity: int
    variant_id: int
    product_id: int
    category_id: int | None

    @property
    def total(self) -> Money:
        return self.unit * self.quantity


@dataclass(frozen=True, slots=True)
class CheckoutFacts:
    """What the rules read of a checkout besides its lines."""

    currency: str
    goods: Money
    quantity: int
    country: str | None
    is_staff: bool
    ships: bool


def eligible_lines(info: VoucherInfo, lines: Sequence[LineFacts]) -> list[LineFacts]:
    """The lines a voucher discounts: all for ``ENTIRE_ORDER``, the named ones for
    ``SPECIFIC_PRODUCT``, none for ``SHIPPING``."""
    kind = info.voucher.type
    if kind == VoucherType.SHIPPING:
        return []
    if kind == VoucherType.ENTIRE_ORDER:
        return [line for line in lines if line.quantity > 0]
    return [
        line
        for line in lines
        if line.quantity > 0
        and info.applies_to(
            variant_id=line.variant_id, product_id=line.product_id, category_id=line.category_id
        )
    ]


def voucher_problem(
    info: VoucherInfo, facts: CheckoutFacts, lines: Sequence[LineFacts], *, now: datetime
) -> Problem | None:
    """The first reason ``info``'s code does not apply to the checkout, or ``None`` (see the module
    docstring; once per customer is the caller's)."""
    voucher, code = info.voucher, info.code
    if not code.is_active:
        return Problem(INVALID, "Promo code is invalid.")
    listing = info.listing
    if listing is None or listing.currency != facts.currency:
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher is not available in this channel.")
    if voucher.start_date > now or (voucher.end_date is not None and voucher.end_date <= now):
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher has expired or is not active yet.")
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher has reached its usage limit.")
    if voucher.single_use and code.used > 0:
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher code has already been used.")
    if voucher.only_for_staff and not facts.is_staff:
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher is only for staff.")
    if listing.min_spent_amount is not None and facts.goods < Money(listing.min_spent_amount, facts.currency):
        minimum = Money(listing.min_spent_amount, facts.currency)
        return Problem(
            VOUCHER_NOT_APPLICABLE,
            f"This voucher needs a purchase of at least {minimum.amount} {minimum.currency}.",
        )
    minimum_quantity = voucher.min_checkout_items_quantity
    if minimum_quantity and facts.quantity < minimum_quantity:
        return Problem(
            VOUCHER_NOT_APPLICABLE, f"This voucher needs at least {minimum_quantity} items in the checkout."
        )
    if voucher.countries and facts.country is not None and facts.country not in voucher.countries:
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher is not valid in your country.")
    if voucher.type == VoucherType.SHIPPING and not facts.ships:
        return Problem(VOUCHER_NOT_APPLICABLE, "Nothing in this checkout is shipped.")
    if voucher.type == VoucherType.SPECIFIC_PRODUCT and not eligible_lines(info, lines):
        return Problem(VOUCHER_NOT_APPLICABLE, "This voucher applies to none of these products.")
    return None


def voucher_amount(*, value_type: str, value: Decimal, base: Money) -> Money:
    """The discount on ``base``: a percentage rounded half-up to the minor unit, or a fixed amount
    capped at ``base``; never negative."""
    if base.amount <= 0:
        return Money.zero(base.currency)
    if value_type == DiscountValueType.PERCENTAGE:
        percent = min(max(value, Decimal(0)), Decimal(100))
        return Money(base.amount * percent / Decimal(100), base.currency)
    return min(Money(max(value, Decimal(0)), base.currency), base, key=lambda money: money.amount)


def voucher_line_discounts(
    *, value_type: str, value: Decimal, lines: Sequence[LineFacts], once_per_order: bool, currency: str
) -> dict[Hashable, Money]:
    """The discount of each eligible line, by ``LineFacts.key`` (see the module docstring)."""
    if not lines:
        return {}
    if once_per_order:
        cheapest = min(lines, key=lambda line: line.unit.amount)  # min keeps the first on ties
        bases = [(cheapest.key, cheapest.unit)]
    else:
        bases = [(line.key, line.total) for line in lines]
    whole = sum((base for _, base in bases), Money.zero(currency))
    discount = voucher_amount(value_type=value_type, value=value, base=whole)
    if discount.amount <= 0:
        return {}
    largest = max(range(len(bases)), key=lambda index: (bases[index][1].amount, -index))
    shares: dict[Hashable, Money] = {}
    given = Money.zero(currency)
    for index, (key, base) in enumerate(bases):
        if index == largest:
            continue
        share = Money(discount.amount * base.amount / whole.amount, currency)
        shares[key] = share
        given = given + share
    key, base = bases[largest]
    shares[key] = min(discount - given, base, key=lambda money: money.amount)
    return shares
