"""Saleor's ``Money``, ``TaxedMoney``, ``TaxedMoneyRange`` and ``MoneyRange`` types.

Amounts are ``Decimal`` quantized to the currency's minor unit in the domain
(``storefront.core.money``); only here, on the wire, do they become Saleor's ``Float``.
"""

from __future__ import annotations

import strawberry

from storefront.core import money as domain


@strawberry.type(description="Represents amount of money in specific currency.")
class Money:
    currency: str = strawberry.field(description="Currency code.")
    amount: float = strawberry.field(description="Amount of money.")
    fractional_amount: int = strawberry.field(description="Amount of money as an integer in minor units.")
    fraction_digits: int = strawberry.field(description="Number of digits after the decimal point.")

    @classmethod
    def from_domain(cls, value: domain.Money) -> Money:
        digits = domain.currency_precision(value.currency)
        return cls(
            currency=value.currency,
            amount=float(value.amount),
            fractional_amount=int(value.amount.scaleb(digits)),
            fraction_digits=digits,
        )


@strawberry.type(description="Represents a monetary value with taxes. ")
class TaxedMoney:
    """Builds each ``Money`` only when asked: a listing asks for ``gross`` of four prices a product,
    so ``net`` and ``tax`` would be built, and thrown away, for every product on the page."""

    _value: strawberry.Private[domain.TaxedMoney]
    currency: str = strawberry.field(description="Currency code.")

    @strawberry.field(description="Amount of money including taxes.")
    def gross(self) -> Money:
        return Money.from_domain(self._value.gross)

    @strawberry.field(description="Amount of money without taxes.")
    def net(self) -> Money:
        return Money.from_domain(self._value.net)

    @strawberry.field(description="Amount of taxes.")
    def tax(self) -> Money:
        return Money.from_domain(self._value.tax)

    @classmethod
    def from_domain(cls, value: domain.TaxedMoney) -> TaxedMoney:
        return cls(_value=value, currency=value.currency)


@strawberry.type(description="Represents a range of monetary values.")
class TaxedMoneyRange:
    start: TaxedMoney | None = strawberry.field(description="Lower bound of a price range.")
    stop: TaxedMoney | None = strawberry.field(description="Upper bound of a price range.")


@strawberry.type(description="Represents a range of amounts of money.")
class MoneyRange:
    start: Money | None = strawberry.field(description="Lower bound of a price range.")
    stop: Money | None = strawberry.field(description="Upper bound of a price range.")


def money_or_none(amount: object, currency: str) -> Money | None:
    """Wire ``Money`` for a stored ``Decimal`` amount, ``None`` when there is no amount."""
    if amount is None:
        return None
    return Money.from_domain(domain.Money(amount, currency))  # type: ignore[arg-type]
