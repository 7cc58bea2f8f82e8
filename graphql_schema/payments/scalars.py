"""Saleor's ``PositiveDecimal``: the amounts of the Transaction API.

Saleor's scalar is nonnegative (0 is a value it accepts; the mutations refuse a zero amount
themselves, with their own error code). Like ``Decimal`` it refuses what no amount can be
(``NaN``, infinities, ``1e400``), so nothing unrepresentable reaches a service or the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NewType

import strawberry

from graphql_schema.core.scalars import SCALAR_MAP

PositiveDecimal = NewType("PositiveDecimal", Decimal)


def _parse_positive_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"PositiveDecimal cannot represent {value!r}.")
    number = SCALAR_MAP[Decimal].parse_value(value)
    if number < 0:
        raise ValueError(f"Expected a nonnegative decimal, got {value!r}.")
    return Decimal(number)


PAYMENT_SCALARS: dict[object, Any] = {
    PositiveDecimal: strawberry.scalar(
        name="PositiveDecimal",
        description="A decimal number that is 0 or greater (an amount of money in the Transaction API).",
        serialize=str,
        parse_value=_parse_positive_decimal,
    )
}
