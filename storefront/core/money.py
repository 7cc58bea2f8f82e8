"""Money: a finite ``Decimal`` amount in an ISO 4217 currency, quantized to the currency's minor unit.

The currency must be an active ISO 4217 code (``storefront.core.currencies``); an unknown code,
even a well-formed one like ``XYZ``, is a ``MoneyError``, never a guess of two decimals. The
precision is ISO 4217's minor unit (JPY 0, USD/EUR/AUD/GBP/SGD/IDR/HUF 2, KWD/BHD 3, CLF 4), the
one banks and payment gateways record amounts with. It is deliberately not CLDR's (Babel's)
precision, which gives IDR and HUF no decimals: that is how prices are usually written and paid
in cash, a question for display and tills, and nothing in the shop rounds to cash. Floats, NaN
and infinities are refused, currencies never mix, and every amount is rounded half-up, so money
never drifts between the database, the API and a payment gateway.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from storefront.core.currencies import ISO_4217_MINOR_UNITS


class MoneyError(ValueError):
    """Raised for invalid money (floats, NaN or infinite amounts, unknown currencies, mixed currencies)."""


def currency_precision(currency: str) -> int:
    """Number of decimal places of ``currency``'s ISO 4217 minor unit; ``MoneyError`` if it is no ISO code."""
    try:
        return ISO_4217_MINOR_UNITS[currency.upper()]
    except KeyError:
        raise MoneyError(f"Unknown currency code {currency!r}: not an ISO 4217 currency.") from None


def quantize_amount(amount: Decimal | int | str, currency: str) -> Decimal:
    """Round ``amount`` half-up to the minor unit of ``currency``; refuse floats, NaN and infinities."""
    if isinstance(amount, float):
        raise MoneyError("Money amounts must not be floats.")
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise MoneyError(f"Not a money amount: {amount!r}.") from None
    if not value.is_finite():  # NaN, sNaN, Infinity, -Infinity
        raise MoneyError(f"Money amounts must be finite numbers, not {amount!r}.")
    exponent = Decimal(1).scaleb(-currency_precision(currency))
    try:
        return value.quantize(exponent, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds
        raise MoneyError(f"Amount {amount!r} is too large.") from None


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
