"""The discount arithmetic alone: rounding per currency and the spread over lines."""

from __future__ import annotations

from decimal import Decimal

from storefront.core.money import Money
from storefront.discounts.rules import LineFacts, voucher_amount, voucher_line_discounts


def _line(key: str, unit: str, quantity: int, currency: str = "USD") -> LineFacts:
    return LineFacts(
        key=key,
        unit=Money(Decimal(unit), currency),
        quantity=quantity,
        variant_id=1,
        product_id=1,
        category_id=None,
    )


def test_percentage_rounds_half_up_to_the_minor_unit() -> None:
    assert voucher_amount(
        value_type="PERCENTAGE", value=Decimal("12.5"), base=Money(Decimal("0.20"), "USD")
    ) == (Money(Decimal("0.03"), "USD"))
    assert voucher_amount(
        value_type="PERCENTAGE", value=Decimal("10"), base=Money(Decimal("1005"), "JPY")
    ) == (Money(Decimal("101"), "JPY"))


def test_fixed_never_exceeds_the_base() -> None:
    assert voucher_amount(
        value_type="FIXED", value=Decimal("50"), base=Money(Decimal("12.00"), "USD")
    ) == Money(Decimal("12.00"), "USD")


def test_shares_add_up_exactly_and_the_largest_line_takes_the_remainder() -> None:
    lines = [_line("a", "1.00", 1), _line("b", "1.00", 1), _line("c", "1.00", 1)]
    shares = voucher_line_discounts(
        value_type="FIXED", value=Decimal("1.00"), lines=lines, once_per_order=False, currency="USD"
    )
    assert shares == {
        "a": Money(Decimal("0.34"), "USD"),
        "b": Money(Decimal("0.33"), "USD"),
        "c": Money(Decimal("0.33"), "USD"),
    }
    assert sum(shares.values(), Money.zero("USD")) == Money(Decimal("1.00"), "USD")


def test_jpy_shares_are_whole_yen() -> None:
    lines = [_line("a", "333", 1, "JPY"), _line("b", "667", 1, "JPY")]
    shares = voucher_line_discounts(
        value_type="PERCENTAGE", value=Decimal("10"), lines=lines, once_per_order=False, currency="JPY"
    )
    assert shares == {"a": Money(Decimal("33"), "JPY"), "b": Money(Decimal("67"), "JPY")}


def test_a_full_discount_never_takes_a_line_below_zero() -> None:
    lines = [_line("a", "0.01", 1), _line("b", "9.99", 3)]
    shares = voucher_line_discounts(
        value_type="PERCENTAGE", value=Decimal("100"), lines=lines, once_per_order=False, currency="USD"
    )
    assert shares == {"a": Money(Decimal("0.01"), "USD"), "b": Money(Decimal("29.97"), "USD")}
