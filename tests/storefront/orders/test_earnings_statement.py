"""A maker's statement for a period: rows, totals per currency and in rupiah, and its CSV."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from storefront.orders.choices import MakerEarningKind
from storefront.orders.earnings import earnings_record_fulfilled, earnings_reverse
from storefront.orders.models import MakerEarning
from storefront.orders.statements import CSV_COLUMNS, maker_statement, maker_statement_csv
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share, settle

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)


def _at(rows, day: datetime.date) -> None:
    moment = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
    MakerEarning.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=moment)


@pytest.fixture
def ledger():
    """One maker's November: a USD sale settled in rupiah, a part return, a JPY sale not yet
    settled, and a sale in October that the statement leaves out."""
    weaver, partner = makers(2)
    usd = order_with_share("USD", price="40.00", quantity=2, share_amount="10.00")
    settle(usd, rate="16000")
    usd_units = lot_of(usd, weaver, units=2)
    _at(earnings_record_fulfilled(fulfillment=fulfil(usd, usd_units)), NOV.replace(day=3))
    returned = earnings_reverse(order_line=usd.lines.get(), quantity=1, kind=MakerEarningKind.RETURNED)
    _at(returned, NOV.replace(day=20))
    jpy = order_with_share("JPY", price="5000", share_percent="10")
    jpy.lines.update(product_name="=HYPERLINK(1)")  # a name a spreadsheet would run
    _at(earnings_record_fulfilled(fulfillment=fulfil(jpy, lot_of(jpy, weaver, partner))), NOV.replace(day=30))
    old = order_with_share("USD", price="40.00", share_amount="10.00")
    _at(earnings_record_fulfilled(fulfillment=fulfil(old, lot_of(old, weaver))), datetime.date(2026, 10, 31))
    return {"maker": weaver, "usd": usd, "jpy": jpy, "usd_units": usd_units}


def test_the_statement_lists_the_periods_rows_and_sums_them_per_currency(ledger):
    statement = maker_statement(maker=ledger["maker"], start=NOV, end=datetime.date(2026, 11, 30))

    assert [(row.date.day, row.kind, row.units, row.currency) for row in statement.rows] == [
        (3, "EARNED", 2, "USD"),
        (20, "RETURNED", -1, "USD"),
        (30, "EARNED", 1, "JPY"),
    ]
    earned = statement.rows[0]
    assert earned.order_number == ledger["usd"].number
    assert earned.serials == tuple(sorted(unit.serial for unit in ledger["usd_units"]))
    assert (earned.gross, earned.share, earned.share_idr) == (
        Decimal("80.00"),
        Decimal("20.00"),
        Decimal("320000.00"),
    )
    # The JPY share (10% of 5,000 = 500) is split with the partner: 250 each; no rate yet.
    assert (statement.rows[2].share, statement.rows[2].share_idr) == (Decimal("250"), None)
    assert [(t.currency, t.units, t.gross, t.share) for t in statement.totals] == [
        ("JPY", 1, Decimal("2500"), Decimal("250")),
        ("USD", 1, Decimal("40.00"), Decimal("10.00")),
    ]
    assert statement.share_idr == Decimal("160000.00")
    assert statement.rows_without_rate == 1


def test_the_csv_parses_back_to_the_statement_and_never_starts_a_formula(ledger):
    statement = maker_statement(maker=ledger["maker"], start=NOV, end=datetime.date(2026, 11, 30))

    parsed = list(csv.DictReader(io.StringIO(maker_statement_csv(statement))))

    assert tuple(parsed[0]) == CSV_COLUMNS
    body, totals = parsed[:3], parsed[3:]
    assert [(r["kind"], r["order"], r["units"], r["share"], r["share_idr"]) for r in body] == [
        ("EARNED", str(ledger["usd"].number), "2", "20.00", "320000.00"),
        ("RETURNED", str(ledger["usd"].number), "-1", "-10.00", "-160000.00"),
        ("EARNED", str(ledger["jpy"].number), "1", "250", ""),
    ]
    assert body[0]["serials"].split() == list(statement.rows[0].serials)
    assert body[2]["product"].startswith("'=HYPERLINK(1)")
    assert [
        (r["kind"], r["currency"], r["units"], r["gross"], r["share"], r["share_idr"]) for r in totals
    ] == [
        ("TOTAL", "JPY", "1", "2500", "250", ""),
        ("TOTAL", "USD", "1", "40.00", "10.00", ""),
        ("TOTAL", "IDR", "", "", "", "160000.00"),
    ]
    assert sum(Decimal(r["share"]) for r in body if r["currency"] == "USD") == Decimal(totals[1]["share"])


def test_a_period_without_earnings_is_an_empty_statement(ledger):
    statement = maker_statement(
        maker=ledger["maker"], start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 31)
    )

    assert statement.rows == () and statement.totals == () and statement.share_idr == Decimal("0.00")
