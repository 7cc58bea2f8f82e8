"""A maker's statement for a period: every line of their earnings ledger, and the totals.

The cooperative pays makers from it and shows them the numbers: each row is one ledger line
(earned on fulfilment, negative for a refund or a return) with the order, the product, the
serials of the pieces concerned, units, gross and share in the order's currency, and the share
in rupiah. Totals are per currency (orders are paid in several), plus the rupiah total of the
rows whose settlement rate is known; ``rows_without_rate`` says how many are still waiting.
Periods are whole days, both ends included, in the shop's time zone (``TIME_ZONE``).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from provenance.origins.models import Maker
from storefront.core.money import quantize_amount
from storefront.orders.earnings import SETTLEMENT_CURRENCY
from storefront.orders.models import MakerEarning

CSV_COLUMNS = (
    "date",
    "kind",
    "order",
    "product",
    "serials",
    "units",
    "currency",
    "gross",
    "share",
    "exchange_rate",
    "share_idr",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class StatementRow:
    date: datetime.date
    kind: str
    order_number: int
    product: str
    serials: tuple[str, ...]
    units: int
    currency: str
    gross: Decimal
    share: Decimal
    exchange_rate: Decimal | None
    share_idr: Decimal | None


@dataclass(frozen=True)
class StatementTotal:
    """The period's sums in one currency of the orders."""

    currency: str
    units: int
    gross: Decimal
    share: Decimal


@dataclass(frozen=True)
class Statement:
    maker: Maker
    start: datetime.date
    end: datetime.date
    rows: tuple[StatementRow, ...]
    totals: tuple[StatementTotal, ...]
    share_idr: Decimal
    rows_without_rate: int
    settlement_currency: str = field(default=SETTLEMENT_CURRENCY)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _serials(entry: MakerEarning, maker: Maker) -> tuple[str, ...]:
    """Serials of the pieces of the ledger line's fulfilment line that this maker made (or all)."""
    if entry.fulfillment_line is None:
        return (entry.order_line.serial,) if entry.order_line.serial else ()
    units = list(entry.fulfillment_line.units.all())
    theirs = [unit.serial for unit in units if unit.maker_id in (None, maker.pk)]
    return tuple(sorted(theirs))


def _product(entry: MakerEarning) -> str:
    line = entry.order_line
    return f"{line.product_name} ({line.variant_name})" if line.variant_name else line.product_name


def maker_statement(*, maker: Maker, start: datetime.date, end: datetime.date) -> Statement:
    """The maker's ledger lines written from ``start`` to ``end`` (whole days, both included)."""
    if end < start:
        start, end = end, start
    entries = (
        MakerEarning.objects.filter(
            maker=maker,
            created_at__gte=_day_start(start),
            created_at__lt=_day_start(end + datetime.timedelta(days=1)),
        )
        .select_related("order_line__order", "fulfillment_line")
        .prefetch_related("fulfillment_line__units")
        .order_by("created_at", "pk")
    )
    rows = []
    sums: dict[str, list] = {}
    share_idr = Decimal(0)
    without_rate = 0
    for entry in entries:
        rows.append(
            StatementRow(
                date=timezone.localtime(entry.created_at).date(),
                kind=entry.kind,
                order_number=entry.order_line.order.number,
                product=_product(entry),
                serials=_serials(entry, maker),
                units=entry.quantity,
                currency=entry.currency,
                gross=quantize_amount(entry.gross_amount, entry.currency),
                share=quantize_amount(entry.share_amount, entry.currency),
                exchange_rate=entry.exchange_rate,
                share_idr=(
                    quantize_amount(entry.share_settlement_amount, SETTLEMENT_CURRENCY)
                    if entry.share_settlement_amount is not None
                    else None
                ),
            )
        )
        total = sums.setdefault(entry.currency, [0, Decimal(0), Decimal(0)])
        total[0] += entry.quantity
        total[1] += entry.gross_amount
        total[2] += entry.share_amount
        if entry.share_settlement_amount is None:
            without_rate += 1
        else:
            share_idr += entry.share_settlement_amount
    totals = tuple(
        StatementTotal(
            currency=currency,
            units=units,
            gross=quantize_amount(gross, currency),
            share=quantize_amount(share, currency),
        )
        for currency, (units, gross, share) in sorted(sums.items())
    )
    return Statement(
        maker=maker,
        start=start,
        end=end,
        rows=tuple(rows),
        totals=totals,
        share_idr=quantize_amount(share_idr, SETTLEMENT_CURRENCY),
        rows_without_rate=without_rate,
    )


def _text(value: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _cells(values: Sequence[object]) -> list[str]:
    return ["" if value is None else str(value) for value in values]


def maker_statement_csv(statement: Statement) -> str:
    """The statement as CSV: a header, one line per row, then one ``TOTAL`` line per currency and
    a ``TOTAL`` line of the rupiah share (currency ``IDR``, the share in ``share_idr``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in statement.rows:
        writer.writerow(
            _cells(
                (
                    row.date.isoformat(),
                    row.kind,
                    row.order_number,
                    _text(row.product),
                    " ".join(row.serials),
                    row.units,
                    row.currency,
                    row.gross,
                    row.share,
                    row.exchange_rate,
                    row.share_idr,
                )
            )
        )
    for total in statement.totals:
        writer.writerow(
            _cells(
                ("", "TOTAL", "", "", "", total.units, total.currency, total.gross, total.share, None, None)
            )
        )
    writer.writerow(
        _cells(
            ("", "TOTAL", "", "", "", "", statement.settlement_currency, "", "", None, statement.share_idr)
        )
    )
    return out.getvalue()
