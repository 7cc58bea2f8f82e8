"""Money to Stripe's integer ``amount`` and back: the one place that knows Stripe's minor units.

Stripe's rules (docs.stripe.com/currencies, "Minor units in API amounts" and "Special cases"), which
are not ISO 4217's:

- Two decimals unless listed otherwise: USD, EUR, AUD, GBP and IDR (Rp 150.000 is ``15000000``).
  HUF and TWD are two-decimal for charges too; their whole-unit rule applies to payouts only.
- Zero-decimal: BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF VND VUV XAF XOF XPF (¥500 is ``500``).
  MGA has two decimals in ISO 4217 but none at Stripe, so an MGA amount with cents is refused.
- Three-decimal: BHD JOD KWD OMR TND, and the last digit must be 0 (5.124 KWD cannot be charged).
- ISK and UGX became zero-decimal but are still sent with two decimals that must be ``00``
  (5 ISK is ``500``).
- ``amount`` has at most 8 digits (999,999.99 of a two-decimal currency), except IDR (12 digits),
  INR (9), and for card payments JPY and HUF (up to 9,999,999,999 units).

An amount these rules cannot express exactly is refused, never rounded: rounding would charge
the buyer something other than the order's total.
"""

from __future__ import annotations

from decimal import Decimal

from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from storefront.core.money import Money, MoneyError

ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"}
)
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
# Zero-decimal in practice, two-decimal on the wire: the minor amount must be a multiple of 100.
WHOLE_UNITS_TWO_DECIMAL = frozenset({"ISK", "UGX"})

DEFAULT_MAX_MINOR = 99_999_999
MAX_MINOR = {
    "IDR": 999_999_999_999,
    "INR": 999_999_999,
    "JPY": 9_999_999_999,
    "HUF": 999_999_999_999,
}


def stripe_exponent(currency: str) -> int:
    """How many decimals Stripe's ``amount`` carries for ``currency``."""
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def _step(currency: str) -> int:
    """The smallest minor-unit increment Stripe accepts in ``currency``."""
    code = currency.upper()
    if code in THREE_DECIMAL:
        return 10
    if code in WHOLE_UNITS_TWO_DECIMAL:
        return 100
    return 1


def _refuse(money: Money, why: str) -> PaymentError:
    return PaymentError(
        TransactionInitializeErrorCode.INVALID,
        f"{money.amount} {money.currency} cannot be paid with Stripe: {why}.",
        field="amount",
    )


def to_stripe_amount(money: Money) -> int:
    """``money`` as Stripe's positive integer ``amount``; ``PaymentError`` if Stripe cannot take
    it exactly."""
    if money.amount <= 0:
        raise _refuse(money, "the amount must be positive")
    scaled = money.amount.scaleb(stripe_exponent(money.currency))
    if scaled != scaled.to_integral_value():
        raise _refuse(money, "Stripe takes no fraction of its smallest unit in this currency")
    minor = int(scaled)
    if minor % _step(money.currency):
        raise _refuse(money, "Stripe takes only whole multiples of its smallest step in this currency")
    if minor > MAX_MINOR.get(money.currency, DEFAULT_MAX_MINOR):
        raise _refuse(money, "the amount is larger than Stripe accepts")
    return minor


def from_stripe_amount(minor: int, currency: str) -> Money:
    """Stripe's integer ``amount`` (possibly negative: refunds, disputes) in ``currency`` as ``Money``.

    ``currency`` is Stripe's (lower-case) or ISO's code. A value Money cannot hold exactly (a
    currency Stripe gives more decimals than ISO does) is a bug in the data, not rounded away.
    """
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise MoneyError(f"Stripe amounts are integers, not {minor!r}.")
    code = currency.upper()
    amount = Decimal(minor).scaleb(-stripe_exponent(code))
    money = Money(amount, code)
    if money.amount != amount:
        raise MoneyError(f"Stripe amount {minor} {code} has more decimals than {code} allows.")
    return money
