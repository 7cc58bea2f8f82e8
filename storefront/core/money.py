"""Money: a ``Decimal`` amount with an ISO 4217 currency, quantized to the currency's minor unit.

Floats are refused, currencies never mix, and every amount is rounded half-up to
the currency's precision (JPY 0 decimals, USD/EUR/AUD/IDR 2), so money never
drifts between the database, the API and a payment gateway.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision

# ISO 4217 says IDR has 2 decimals; Babel (CLDR) says 0 for cash. The wire keeps ISO.
_PRECISION_OVERRIDES = {"IDR": 2}


class MoneyError(ValueError):
    """Raised for invalid money arithmetic (floats, mixed currencies, unknown codes)."""


@lru_cache(maxsize=64)
def currency_precision(currency: str) -> int:
    """Number of decimal places of ``currency``'s minor unit."""
    code = currency.upper()
    if code in _PRECISION_OVERRIDES:
        return _PRECISION_OVERRIDES[code]
    if len(code) != 3 or not code.isalpha():
        raise MoneyError(f"Unknown currency code {currency!r}.")
    return int(get_currency_precision(code))


def quantize_amount(amount: Decimal | int | str, currency: str) -> Decimal:
    """Round ``amount`` half-up to the minor unit of ``currency``."""
    if isinstance(amount, float):
        raise MoneyError("Money amounts must not be floats.")
    value = Decimal(amount)
    exponent = Decimal(1).scaleb(-currency_precision(currency))
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Money:
    """An immutable amount of one currency, always quantized to its minor unit."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        currency = self.currency.upper()
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "amount", quantize_amount(self.amount, currency))

    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(f"Cannot combine Money with {type(other).__name__}.")
        if other.currency != self.currency:
            raise MoneyError(f"Cannot combine {self.currency} with {other.currency}.")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._check(other).amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._check(other).amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, float):
            raise MoneyError("Multiply money by int or Decimal, never float.")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._check(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._check(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._check(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._check(other).amount

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)


@dataclass(frozen=True, slots=True)
class TaxedMoney:
    """Net and gross of one price; tax is their difference."""

    net: Money
    gross: Money

    def __post_init__(self) -> None:
        if self.net.currency != self.gross.currency:
            raise MoneyError("Net and gross must share a currency.")

    @property
    def currency(self) -> str:
        return self.net.currency

    @property
    def tax(self) -> Money:
        return self.gross - self.net


def taxed_from_price(price: Money, *, rate: Decimal, prices_entered_with_tax: bool) -> TaxedMoney:
    """Split a channel price into net and gross with one flat ``rate`` (``Decimal('0.11')`` = 11%)."""
    if rate == 0:
        return TaxedMoney(net=price, gross=price)
    if prices_entered_with_tax:
        net = Money(price.amount / (1 + rate), price.currency)
        return TaxedMoney(net=net, gross=price)
    gross = Money(price.amount * (1 + rate), price.currency)
    return TaxedMoney(net=price, gross=gross)
