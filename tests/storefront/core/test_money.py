"""Money refuses floats, NaN, infinities, unknown currencies and mixed currencies, and rounds to each
currency's ISO 4217 minor unit."""

from decimal import Decimal

import pytest

from storefront.core.currencies import ISO_4217_MINOR_UNITS
from storefront.core.money import (
    Money,
    MoneyError,
    TaxedMoney,
    currency_precision,
    quantize_amount,
    taxed_from_price,
)


@pytest.mark.parametrize(
    ("currency", "places"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("AUD", 2),
        ("GBP", 2),
        ("SGD", 2),
        ("JPY", 0),
        ("IDR", 2),
        ("HUF", 2),
        ("KWD", 3),
        ("BHD", 3),
        ("CLF", 4),
    ],
)
def test_precision_is_the_iso_4217_minor_unit(currency, places):
    assert currency_precision(currency) == places


def test_the_table_holds_only_three_letter_codes_with_a_minor_unit_of_0_to_4():
    assert len(ISO_4217_MINOR_UNITS) > 150
    for code, places in ISO_4217_MINOR_UNITS.items():
        assert len(code) == 3 and code.isalpha() and code.isupper(), code
        assert places in (0, 2, 3, 4), code


@pytest.mark.parametrize("currency", sorted(ISO_4217_MINOR_UNITS))
def test_every_iso_currency_round_trips_at_its_minor_unit(currency):
    places = ISO_4217_MINOR_UNITS[currency]
    smallest = Decimal(1).scaleb(-places)
    amount = Decimal("1234") + smallest

    money = Money(amount, currency.lower())

    assert money.currency == currency
    assert money.amount == amount
    assert money.amount.as_tuple().exponent == -places
    assert Money(Decimal(str(money.amount)), money.currency) == money


@pytest.mark.parametrize("currency", ["XYZ", "US", "USDT", "", "XAU", "XTS", "XXX"])
def test_a_code_outside_iso_4217_or_without_a_minor_unit_is_refused(currency):
    with pytest.raises(MoneyError):
        Money(Decimal(1), currency)


@pytest.mark.parametrize("amount", ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "inf"])
def test_nan_and_infinities_are_refused(amount):
    with pytest.raises(MoneyError):
        Money(Decimal(amount), "USD")
    with pytest.raises(MoneyError):
        quantize_amount(amount, "USD")


def test_text_that_is_no_number_is_refused():
    with pytest.raises(MoneyError):
        quantize_amount("twelve", "USD")


def test_an_amount_too_large_for_its_minor_unit_is_refused():
    with pytest.raises(MoneyError):
        quantize_amount(Decimal("1e40"), "USD")


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
