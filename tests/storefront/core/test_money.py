"""Money refuses floats and mixed currencies and rounds to each currency's minor unit."""

from decimal import Decimal

import pytest

from storefront.core.money import Money, MoneyError, TaxedMoney, currency_precision, taxed_from_price


@pytest.mark.parametrize(("currency", "places"), [("USD", 2), ("EUR", 2), ("AUD", 2), ("JPY", 0), ("IDR", 2)])
def test_precision_follows_iso_4217(currency, places):
    assert currency_precision(currency) == places


def test_amount_is_quantized_half_up_to_minor_unit():
    assert Money(Decimal("10.005"), "USD").amount == Decimal("10.01")
    assert Money(Decimal("1234.5"), "JPY").amount == Decimal("1235")


def test_float_amount_is_refused():
    with pytest.raises(MoneyError):
        Money(10.5, "USD")  # type: ignore[arg-type]


def test_mixed_currencies_are_refused():
    with pytest.raises(MoneyError):
        Money(Decimal(1), "USD") + Money(Decimal(1), "EUR")


def test_multiplying_by_float_is_refused():
    with pytest.raises(MoneyError):
        Money(Decimal(1), "USD") * 1.5  # type: ignore[operator]


def test_unknown_currency_code_is_refused():
    with pytest.raises(MoneyError):
        Money(Decimal(1), "US")


def test_arithmetic_keeps_currency_and_precision():
    total = Money(Decimal("19.99"), "usd") * 3 + Money(Decimal("0.03"), "USD")
    assert total == Money(Decimal("60.00"), "USD")
    assert total.currency == "USD"


def test_gross_price_splits_into_net_and_tax():
    taxed = taxed_from_price(
        Money(Decimal("111000"), "IDR"), rate=Decimal("0.11"), prices_entered_with_tax=True
    )
    assert taxed.gross.amount == Decimal("111000.00")
    assert taxed.net.amount == Decimal("100000.00")
    assert taxed.tax.amount == Decimal("11000.00")


def test_net_price_gains_tax_on_top():
    taxed = taxed_from_price(
        Money(Decimal("1000"), "JPY"), rate=Decimal("0.10"), prices_entered_with_tax=False
    )
    assert (taxed.net.amount, taxed.gross.amount, taxed.tax.amount) == (
        Decimal(1000),
        Decimal(1100),
        Decimal(100),
    )


def test_zero_rate_means_net_equals_gross():
    price = Money(Decimal("25.00"), "USD")
    assert taxed_from_price(price, rate=Decimal(0), prices_entered_with_tax=True) == TaxedMoney(price, price)
