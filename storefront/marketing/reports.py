"""What a campaign brought in over a period (whole days in the shop's time zone, both included).

- visits: counted visits of its links (crawlers and previews are not counted, see ``links.py``);
- checkouts started: its orders (every attributed order was a checkout) plus the checkouts still
  open whose metadata carries one of its link codes or its ``utm_campaign``; the caller passes
  the open checkouts (``Checkout.objects``): the checkout domain stands above this one;
- orders: orders attributed to it (last touch) placed in the period, not cancelled or expired;
- conversion rate: orders per visit (``None`` without visits);
- revenue per currency: the orders' gross totals (goods, shipping and tax), with the average order
  value and the discounts given (undiscounted total less total: zero until vouchers exist); and in
  rupiah at the rate each payment was settled at (``storefront.orders.earnings``' rule, read for all
  orders at once), orders not settled yet counted apart;
- top products (units sold, by name as sold) and top countries (shipping, else billing address);
- orders and visits per day, for the chart;
- the discounts its vouchers gave (``Campaign.vouchers``) per currency: every order placed in the
  period with one of them, attributed to the campaign or not (a code handed out at a fair is used
  by buyers who never opened its link), with how many orders used them;
- the discounts its promotions gave (``Campaign.promotions``) per currency, the same way: order
  promotions' ``OrderDiscount`` rows and what catalogue promotions took off order lines
  (``OrderLine.promotion_discount_amount``), with how many orders had one.

A constant number of queries whatever the number of orders, lines and visits.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from payments.contract import SettlementKind
from payments.models import Settlement
from storefront.core.money import quantize_amount
from storefront.marketing.models import Campaign, CampaignVisit
from storefront.orders.choices import OrderStatus
from storefront.orders.earnings import SETTLEMENT_CURRENCY
from storefront.orders.models import Order, OrderDiscount, OrderLine

MAX_DAYS = 366
TOP = 10
NOT_COUNTED = (OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CurrencyTotals:
    currency: str
    orders: int
    revenue: Decimal
    average_order_value: Decimal
    discounts: Decimal


@dataclass(frozen=True)
class VoucherDiscountTotals:
    currency: str
    orders: int
    amount: Decimal


@dataclass(frozen=True)
class DayCount:
    date: datetime.date
    visits: int
    orders: int


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    start: datetime.date
    end: datetime.date
    visits: int
    checkouts_started: int
    orders: int
    conversion_rate: Decimal | None
    currencies: list[CurrencyTotals]
    revenue_settlement: Decimal
    orders_without_rate: int
    top_products: list[tuple[str, int]]
    top_countries: list[tuple[str, int]]
    visit_countries: list[tuple[str, int]]
    days: list[DayCount]
    settlement_currency: str = SETTLEMENT_CURRENCY
    voucher_discounts: list[VoucherDiscountTotals] = field(default_factory=list)
    promotion_discounts: list[VoucherDiscountTotals] = field(default_factory=list)


def period_problem(start: datetime.date, end: datetime.date) -> str | None:
    """Why ``start``..``end`` is no report period (``None``: it is one)."""
    if end < start:
        return "The period ends before it starts."
    if (end - start).days >= MAX_DAYS:
        return f"A report covers at most {MAX_DAYS} days."
    if end >= datetime.date.max:
        return "The period ends too late."
    return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _settlement_rates(orders: list[dict[str, Any]]) -> dict[Any, Decimal]:
    """Rupiah per unit of each order's currency, as ``order_settlement_rate`` finds it, in one query."""
    rates: dict[Any, Decimal] = {
        row["pk"]: Decimal(1) for row in orders if row["currency"] == SETTLEMENT_CURRENCY
    }
    others = [row["pk"] for row in orders if row["pk"] not in rates]
    if not others:
        return rates
    settlements = (
        Settlement.objects.filter(
            transaction__order_id__in=others, kind=str(SettlementKind.CHARGE), currency=SETTLEMENT_CURRENCY
        )
        .order_by("created_at", "id")
        .values_list("transaction__order_id", "exchange_rate", "transaction__currency")
    )
    seen: set[Any] = set()
    for order_id, rate, currency in settlements:
        if order_id in seen:
            continue
        seen.add(order_id)
        if rate is not None:
            rates[order_id] = rate
        elif currency == SETTLEMENT_CURRENCY:
            rates[order_id] = Decimal(1)
    return rates


def _open_checkouts(
    campaign: Campaign, checkouts: QuerySet[Any], start: datetime.datetime, end: datetime.datetime
) -> int:
    codes = list(campaign.links.values_list("code", flat=True))
    carries = Q(metadata__campaign_link__in=codes) if codes else Q(pk__in=[])
    if campaign.utm_campaign:
        carries |= Q(metadata__utm_campaign__iexact=campaign.utm_campaign)
    return checkouts.filter(carries, created_at__gte=start, created_at__lt=end).count()


def _voucher_discounts(
    campaign: Campaign, since: datetime.datetime, until: datetime.datetime
) -> list[VoucherDiscountTotals]:
    """What the campaign's vouchers took off the orders placed in the period, per currency (one query)."""
    rows = (
        OrderDiscount.objects.filter(
            voucher__campaigns=campaign, order__created_at__gte=since, order__created_at__lt=until
        )
        .exclude(order__status__in=NOT_COUNTED)
        .values("currency")
        .annotate(orders=Count("order", distinct=True), amount=Sum("amount_value"))
        .order_by("currency")
    )
    return [
        VoucherDiscountTotals(
            currency=row["currency"],
            orders=row["orders"],
            amount=quantize_amount(row["amount"] or Decimal(0), row["currency"]),
        )
        for row in rows
    ]


def _promotion_discounts(
    campaign: Campaign, since: datetime.datetime, until: datetime.datetime
) -> list[VoucherDiscountTotals]:
    """What the campaign's promotions took off the orders placed in the period, per currency (two
    queries: order promotions' discounts, catalogue promotions' line discounts)."""
    period = Q(order__created_at__gte=since, order__created_at__lt=until)
    per_order: dict[tuple[str, Any], Decimal] = defaultdict(Decimal)
    order_rows = (
        OrderDiscount.objects.filter(period, promotion_rule__promotion__campaigns=campaign)
        .exclude(order__status__in=NOT_COUNTED)
        .values("currency", "order_id")
        .annotate(amount=Sum("amount_value"))
        .values_list("currency", "order_id", "amount")
    )
    line_rows = (
        OrderLine.objects.filter(
            period, promotion_rule__promotion__campaigns=campaign, promotion_discount_amount__gt=0
        )
        .exclude(order__status__in=NOT_COUNTED)
        .values("currency", "order_id")
        .annotate(amount=Sum("promotion_discount_amount"))
        .values_list("currency", "order_id", "amount")
    )
    for currency, order_id, amount in [*order_rows, *line_rows]:
        per_order[(currency, order_id)] += amount or Decimal(0)
    totals: dict[str, list[Decimal]] = defaultdict(list)
    for (currency, _order_id), amount in per_order.items():
        totals[currency].append(amount)
    return [
        VoucherDiscountTotals(
            currency=currency, orders=len(amounts), amount=quantize_amount(sum(amounts, Decimal(0)), currency)
        )
        for currency, amounts in sorted(totals.items())
    ]


def campaign_report(
    *,
    campaign: Campaign,
    start: datetime.date,
    end: datetime.date,
    open_checkouts: QuerySet[Any] | None = None,
) -> CampaignReport:
    """The campaign's report for ``start``..``end`` (see the module docstring)."""
    since, until = _day_start(start), _day_start(end + datetime.timedelta(days=1))
    visits = CampaignVisit.objects.filter(link__campaign=campaign, at__gte=since, at__lt=until)
    visits_per_day = dict(
        visits.annotate(day=TruncDate("at")).values("day").annotate(n=Count("pk")).values_list("day", "n")
    )
    visit_countries = list(
        visits.exclude(country="")
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")
        .values_list("country", "n")[:TOP]
    )
    orders: list[dict[str, Any]] = [
        dict(row)
        for row in Order.objects.filter(
            attribution__campaign=campaign, created_at__gte=since, created_at__lt=until
        )
        .exclude(status__in=NOT_COUNTED)
        .values(
            "pk",
            "currency",
            "total_gross_amount",
            "undiscounted_total_gross_amount",
            "created_at",
            "shipping_address__country",
            "billing_address__country",
        )
    ]
    rates = _settlement_rates(orders)
    per_currency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    orders_per_day: Counter[datetime.date] = Counter()
    countries: Counter[str] = Counter()
    revenue_settlement = Decimal(0)
    for row in orders:
        per_currency[row["currency"]].append(row)
        orders_per_day[timezone.localdate(row["created_at"])] += 1
        country = row["shipping_address__country"] or row["billing_address__country"]
        if country:
            countries[country] += 1
        if row["pk"] in rates:
            revenue_settlement += quantize_amount(
                row["total_gross_amount"] * rates[row["pk"]], SETTLEMENT_CURRENCY
            )
    currencies = []
    for currency, rows in sorted(per_currency.items()):
        revenue = quantize_amount(sum((r["total_gross_amount"] for r in rows), Decimal(0)), currency)
        discounts = sum(
            (max(r["undiscounted_total_gross_amount"] - r["total_gross_amount"], Decimal(0)) for r in rows),
            Decimal(0),
        )
        currencies.append(
            CurrencyTotals(
                currency=currency,
                orders=len(rows),
                revenue=revenue,
                average_order_value=quantize_amount(revenue / len(rows), currency),
                discounts=quantize_amount(discounts, currency),
            )
        )
    top_products = (
        list(
            OrderLine.objects.filter(order_id__in=[row["pk"] for row in orders])
            .values("product_name")
            .annotate(units=Sum("quantity"))
            .order_by("-units", "product_name")
            .values_list("product_name", "units")[:TOP]
        )
        if orders
        else []
    )
    total_visits = sum(visits_per_day.values())
    started = len(orders) + (
        _open_checkouts(campaign, open_checkouts, since, until) if open_checkouts is not None else 0
    )
    days = [
        DayCount(date=day, visits=visits_per_day.get(day, 0), orders=orders_per_day.get(day, 0))
        for day in (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    ]
    return CampaignReport(
        campaign=campaign,
        start=start,
        end=end,
        visits=total_visits,
        checkouts_started=started,
        orders=len(orders),
        conversion_rate=(Decimal(len(orders)) / total_visits).quantize(Decimal("0.0001"))
        if total_visits
        else None,
        currencies=currencies,
        revenue_settlement=quantize_amount(revenue_settlement, SETTLEMENT_CURRENCY),
        orders_without_rate=sum(1 for row in orders if row["pk"] not in rates),
        top_products=top_products,
        top_countries=sorted(countries.items(), key=lambda item: (-item[1], item[0]))[:TOP],
        visit_countries=visit_countries,
        days=days,
        voucher_discounts=_voucher_discounts(campaign, since, until),
        promotion_discounts=_promotion_discounts(campaign, since, until),
    )


def _text(value: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def campaign_report_csv(report: CampaignReport) -> str:
    """The report as CSV: one ``metric`` line per figure, then ``currency``, ``product``,
    ``country``, ``visit_country``, ``orders_on`` and ``visits_on`` lines (the first cell says which)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["kind", "key", "value", "currency", "orders", "average_order_value", "discounts"])
    rate = "" if report.conversion_rate is None else str(report.conversion_rate)
    for key, value in (
        ("campaign", _text(report.campaign.name)),
        ("start", report.start.isoformat()),
        ("end", report.end.isoformat()),
        ("visits", report.visits),
        ("checkouts_started", report.checkouts_started),
        ("orders", report.orders),
        ("conversion_rate", rate),
        ("orders_without_settlement_rate", report.orders_without_rate),
    ):
        writer.writerow(["metric", key, value])
    writer.writerow(
        ["revenue_settled", report.settlement_currency, report.revenue_settlement, report.settlement_currency]
    )
    for totals in report.currencies:
        writer.writerow(
            [
                "revenue",
                totals.currency,
                totals.revenue,
                totals.currency,
                totals.orders,
                totals.average_order_value,
                totals.discounts,
            ]
        )
    for name, units in report.top_products:
        writer.writerow(["product", _text(name), units])
    for country, count in report.top_countries:
        writer.writerow(["country", country, count])
    for country, count in report.visit_countries:
        writer.writerow(["visit_country", country, count])
    for day in report.days:
        writer.writerow(["orders_on", day.date.isoformat(), day.orders])
        writer.writerow(["visits_on", day.date.isoformat(), day.visits])
    return out.getvalue()
