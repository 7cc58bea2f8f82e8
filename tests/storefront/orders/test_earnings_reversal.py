"""Refunds and returns reduce what makers earned, in proportion, and never below zero."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.orders.choices import MakerEarningKind
from storefront.orders.earnings import (
    earnings_record_fulfilled,
    earnings_reverse,
    earnings_settlement_rate_fill,
)
from storefront.orders.error_codes import OrderError
from storefront.orders.models import MakerEarning
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share, settle

pytestmark = pytest.mark.django_db


def _net(maker, field):
    return sum(getattr(row, field) for row in MakerEarning.objects.filter(maker=maker))


def test_a_return_reverses_the_returned_units_share_for_every_maker():
    order = order_with_share("USD", price="10.00", quantity=3, share_amount="10.00")
    settle(order, rate="16000")
    first, second, third = makers(3)
    fulfillment = fulfil(order, lot_of(order, first, second, third, units=3))
    earnings_record_fulfilled(fulfillment=fulfillment)
    line = order.lines.get()

    rows = earnings_reverse(
        order_line=line, quantity=1, kind=MakerEarningKind.RETURNED, fulfillment_line=fulfillment.lines.get()
    )

    assert len(rows) == 3 and all(row.kind == MakerEarningKind.RETURNED for row in rows)
    by_maker = {row.maker_id: row for row in rows}
    # Each maker earned 10.00 (30.00 for three units, split three ways); one unit of three
    # reverses a third of it, and of its 160,000 rupiah.
    assert [by_maker[m.pk].share_amount for m in (first, second, third)] == [Decimal("-3.33")] * 3
    assert [by_maker[m.pk].quantity for m in (first, second, third)] == [-1] * 3
    assert [by_maker[m.pk].share_settlement_amount for m in (first, second, third)] == [
        Decimal("-53333.33")
    ] * 3
    assert all(row.exchange_rate == Decimal("16000") for row in rows)
    assert _net(first, "share_amount") == Decimal("6.67")


def test_refunding_unit_by_unit_nets_to_exactly_zero():
    order = order_with_share("JPY", price="1000", quantity=3, share_amount="100")
    first, second, third = makers(3)
    earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, first, second, third, units=3)))
    line = order.lines.get()

    for _ in range(3):
        earnings_reverse(order_line=line, quantity=1, kind=MakerEarningKind.REFUNDED)
    extra = earnings_reverse(order_line=line, quantity=1, kind=MakerEarningKind.REFUNDED)

    assert extra == []
    for maker in (first, second, third):
        assert _net(maker, "share_amount") == 0
        assert _net(maker, "gross_amount") == 0
        assert _net(maker, "quantity") == 0
    assert MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).count() == 9


def test_a_refund_of_more_than_was_fulfilled_reverses_only_what_was_earned():
    order = order_with_share("USD", price="20.00", quantity=2, share_percent="25")
    (weaver,) = makers(1)
    earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, weaver, units=2)))

    (row,) = earnings_reverse(order_line=order.lines.get(), quantity=5, kind=MakerEarningKind.REFUNDED)

    assert (row.quantity, row.share_amount, row.gross_amount) == (-2, Decimal("-10.00"), Decimal("-40.00"))
    assert _net(weaver, "share_amount") == 0


def test_nothing_earned_means_nothing_to_reverse():
    order = order_with_share("USD", price="20.00")

    assert earnings_reverse(order_line=order.lines.get(), quantity=1, kind=MakerEarningKind.RETURNED) == []


@pytest.mark.parametrize(("quantity", "kind"), [(0, MakerEarningKind.RETURNED), (1, MakerEarningKind.EARNED)])
def test_a_reversal_needs_units_and_a_reversing_kind(quantity, kind):
    order = order_with_share("USD", price="20.00", share_amount="1.00")

    with pytest.raises(OrderError):
        earnings_reverse(order_line=order.lines.get(), quantity=quantity, kind=kind)


def test_a_settlement_recorded_after_fulfilment_fills_the_rupiah_amounts_netting_to_zero():
    order = order_with_share("USD", price="10.00", quantity=3, share_amount="3.33")
    first, second = makers(2)
    earnings_record_fulfilled(fulfillment=fulfil(order, lot_of(order, first, second, units=3)))
    line = order.lines.get()
    for _ in range(3):
        earnings_reverse(order_line=line, quantity=1, kind=MakerEarningKind.REFUNDED)
    assert earnings_settlement_rate_fill(order=order) == 0  # no settlement yet
    settle(order, rate="15999.99")

    filled = earnings_settlement_rate_fill(order=order)

    assert filled == MakerEarning.objects.count() == 8
    earned = MakerEarning.objects.get(maker=first, kind=MakerEarningKind.EARNED)
    # The first maker earned 5.00 of 9.99 (remainder first): 79,999.95 rupiah.
    assert (earned.share_amount, earned.share_settlement_amount) == (Decimal("5.00"), Decimal("79999.95"))
    assert all(row.exchange_rate == Decimal("15999.99") for row in MakerEarning.objects.all())
    for maker in (first, second):
        assert _net(maker, "share_settlement_amount") == 0
    assert earnings_settlement_rate_fill(order=order) == 0
