"""Makers' earnings: recorded when units are fulfilled, split exactly, converted at the settlement rate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.orders.choices import MakerEarningKind
from storefront.orders.earnings import earnings_record_fulfilled, split_exactly
from storefront.orders.models import MakerEarning
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share, settle

pytestmark = pytest.mark.django_db


def _by_maker(rows):
    return {row.maker_id: row for row in rows}


def test_a_fixed_share_is_earned_per_unit_by_the_lots_maker():
    order = order_with_share("USD", price="40.00", quantity=2, share_amount="12.50")
    (weaver,) = makers(1)
    units = lot_of(order, weaver, units=2)

    rows = earnings_record_fulfilled(fulfillment=fulfil(order, units))

    assert len(rows) == 1
    row = MakerEarning.objects.get()
    assert row.maker == weaver and row.kind == MakerEarningKind.EARNED
    assert row.quantity == 2 and row.currency == "USD"
    assert row.gross_amount == Decimal("80.00") and row.share_amount == Decimal("25.00")
    assert row.order_line == order.lines.get()
    # No payment settled yet: no rupiah amount, no rate.
    assert row.exchange_rate is None and row.share_settlement_amount is None


def test_a_percentage_share_is_taken_of_the_units_gross_price():
    order = order_with_share("USD", price="33.33", quantity=3, share_percent="12.50")
    (weaver,) = makers(1)

    earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, weaver, units=3)))

    row = MakerEarning.objects.get()
    # 3 × 33.33 = 99.99; 12.5% of it is 12.49875, rounded half-up to the cent.
    assert (row.gross_amount, row.share_amount) == (Decimal("99.99"), Decimal("12.50"))


@pytest.mark.parametrize(
    ("currency", "price", "share", "expected_shares", "expected_gross"),
    [
        ("USD", "10.00", "10.00", ["3.34", "3.33", "3.33"], ["3.34", "3.33", "3.33"]),
        ("JPY", "1000", "100", ["34", "33", "33"], ["334", "333", "333"]),
        ("IDR", "150000.00", "50000.01", ["16666.67", "16666.67", "16666.67"], ["50000.00"] * 3),
    ],
)
def test_a_share_split_among_three_makers_adds_up_exactly(
    currency, price, share, expected_shares, expected_gross
):
    order = order_with_share(currency, price=price, share_amount=share)
    first, second, third = makers(3)

    rows = earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, first, second, third)))

    by_maker = _by_maker(rows)
    assert [by_maker[m.pk].share_amount for m in (first, second, third)] == [
        Decimal(v) for v in expected_shares
    ]
    assert [by_maker[m.pk].gross_amount for m in (first, second, third)] == [
        Decimal(v) for v in expected_gross
    ]
    assert sum(row.share_amount for row in rows) == Decimal(share)
    assert all(row.quantity == 1 for row in rows)


def test_split_exactly_gives_the_remainder_to_the_first_maker_and_handles_negatives():
    assert split_exactly(Decimal("0.02"), 3, "USD") == [Decimal("0.02"), Decimal("0.00"), Decimal("0.00")]
    assert split_exactly(Decimal("-10"), 3, "JPY") == [Decimal("-4"), Decimal("-3"), Decimal("-3")]
    assert split_exactly(Decimal("1.005"), 2, "KWD") == [Decimal("0.503"), Decimal("0.502")]


def test_the_share_in_rupiah_uses_the_rate_the_charge_was_settled_at():
    order = order_with_share("USD", price="10.00", share_amount="10.00")
    settle(order, rate="16250.5")
    first, second, third = makers(3)

    rows = earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, first, second, third)))

    by_maker = _by_maker(rows)
    # 10.00 USD × 16,250.5 = 162,505.00 IDR, split to the sen with the remainder first.
    assert [by_maker[m.pk].share_settlement_amount for m in (first, second, third)] == [
        Decimal("54168.34"),
        Decimal("54168.33"),
        Decimal("54168.33"),
    ]
    assert all(row.exchange_rate == Decimal("16250.5") and row.settlement_currency == "IDR" for row in rows)


def test_an_order_in_rupiah_needs_no_rate():
    order = order_with_share("IDR", price="250000.00", share_percent="40")
    (weaver,) = makers(1)

    (row,) = earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, weaver)))

    assert row.share_amount == Decimal("100000.00")
    assert row.exchange_rate == Decimal(1) and row.share_settlement_amount == Decimal("100000.00")


def test_a_settlement_in_another_currency_is_no_rupiah_rate():
    order = order_with_share("USD", price="10.00", share_amount="1.00")
    settle(order, rate="0.92", currency="EUR")
    (weaver,) = makers(1)

    (row,) = earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, weaver)))

    assert row.exchange_rate is None and row.share_settlement_amount is None


def test_each_unit_earns_for_its_own_maker_before_the_lots():
    order = order_with_share("USD", price="20.00", quantity=3, share_amount="5.00")
    lot_weaver, own_maker = makers(2)
    units = lot_of(order, lot_weaver, units=3, unit_makers=[own_maker, None, own_maker])

    rows = earnings_record_fulfilled(fulfillment=fulfil(order, units))

    by_maker = _by_maker(rows)
    assert (by_maker[own_maker.pk].quantity, by_maker[own_maker.pk].share_amount) == (2, Decimal("10.00"))
    assert (by_maker[lot_weaver.pk].quantity, by_maker[lot_weaver.pk].share_amount) == (1, Decimal("5.00"))


def test_units_without_makers_fall_back_to_the_makers_copied_onto_the_order_line():
    order = order_with_share("USD", price="20.00", quantity=2, share_amount="3.00")
    line = order.lines.get()
    copied = [m["id"] for m in line.makers]
    assert len(copied) == 2  # stocked_variant's product has two makers (one without consent)

    rows = earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, units=1), quantity=2))

    assert sorted(str(row.maker.public_id) for row in rows) == sorted(copied)
    first = next(row for row in rows if str(row.maker.public_id) == copied[0])
    assert first.share_amount == Decimal("3.00") and first.quantity == 2
    assert sum(row.share_amount for row in rows) == Decimal("6.00")


def test_recording_a_fulfilment_twice_adds_nothing():
    order = order_with_share("USD", price="20.00", share_amount="5.00")
    (weaver,) = makers(1)
    fulfillment = fulfil(order, lot_of(order, weaver))

    first = earnings_record_fulfilled(fulfillment=fulfillment)
    second = earnings_record_fulfilled(fulfillment=fulfillment)

    assert len(first) == 1 and second == []
    assert MakerEarning.objects.count() == 1


def test_a_variant_without_a_share_earns_nothing():
    order = order_with_share("USD", price="20.00")
    (weaver,) = makers(1)

    assert earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, weaver))) == []
    assert not MakerEarning.objects.exists()
