"""Money to Stripe's minor units and back, for every currency Asal enables and Stripe's special cases."""

from decimal import Decimal

import pytest

from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from payments.stripe.amounts import from_stripe_amount, stripe_exponent, to_stripe_amount
from storefront.core.money import Money, MoneyError

# (amount, currency, Stripe's integer): the channels' currencies first.
ENABLED = [
    ("10.00", "USD", 1000),
    ("0.01", "USD", 1),
    ("12.34", "EUR", 1234),
    ("99.95", "AUD", 9995),
    ("0.30", "GBP", 30),
    ("1500", "JPY", 1500),
    ("1", "JPY", 1),
    ("150000.00", "IDR", 15000000),
    ("150000.50", "IDR", 15000050),
]


@pytest.mark.parametrize(("amount", "currency", "minor"), ENABLED)
def test_enabled_currencies_convert_both_ways(amount, currency, minor):
    money = Money(Decimal(amount), currency)
    assert to_stripe_amount(money) == minor
    assert from_stripe_amount(minor, currency.lower()) == money


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("5", "ISK", 500),  # zero-decimal, sent with two decimals "00"
        ("12000", "UGX", 1200000),
        ("5000", "KRW", 5000),
        ("5.120", "KWD", 5120),  # three decimals, last digit 0
        ("10.45", "HUF", 1045),  # two decimals for charges (the whole-unit rule is for payouts)
        ("800.45", "TWD", 80045),
        ("150", "MGA", 150),  # two decimals in ISO 4217, none at Stripe
    ],
)
def test_special_cases_convert_both_ways(amount, currency, minor):
    money = Money(Decimal(amount), currency)
    assert to_stripe_amount(money) == minor
    assert from_stripe_amount(minor, currency) == money


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("0", "USD"),
        ("-1.00", "USD"),
        ("0", "JPY"),
        ("1.50", "MGA"),  # MGA has no fraction at Stripe
        ("5.124", "KWD"),  # last digit must be 0
        ("1000000.00", "USD"),  # 9 digits: above Stripe's 8
        ("10000000000.00", "IDR"),  # 13 digits: above IDR's 12
        ("10000000000", "JPY"),
    ],
)
def test_amounts_stripe_cannot_take_exactly_are_refused(amount, currency):
    with pytest.raises(PaymentError) as caught:
        to_stripe_amount(Money(Decimal(amount), currency))
    assert caught.value.code == TransactionInitializeErrorCode.INVALID
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("999999.99", "USD", 99_999_999),
        ("9999999999.99", "IDR", 999_999_999_999),
        ("9999999999", "JPY", 9_999_999_999),
        ("9999999.99", "INR", 999_999_999),
    ],
)
def test_the_largest_amounts_stripe_takes(amount, currency, minor):
    assert to_stripe_amount(Money(Decimal(amount), currency)) == minor


def test_negative_amounts_come_back_from_stripe_for_refunds_and_disputes():
    assert from_stripe_amount(-6340200, "idr") == Money(Decimal("-63402.00"), "IDR")
    assert from_stripe_amount(-1500, "jpy") == Money(Decimal("-1500"), "JPY")


@pytest.mark.parametrize("value", [550, 501])
def test_a_fraction_of_a_zero_decimal_currency_from_stripe_is_an_error_not_rounded(value):
    with pytest.raises(MoneyError):
        from_stripe_amount(value, "isk")


@pytest.mark.parametrize("value", [10.0, "1000", True, None])
def test_only_integers_come_from_stripe(value):
    with pytest.raises(MoneyError):
        from_stripe_amount(value, "usd")


def test_exponents():
    assert [stripe_exponent(c) for c in ("usd", "JPY", "idr", "kwd", "isk")] == [2, 0, 2, 3, 2]
