"""Makers' earnings: what each fulfilled unit earns its makers, reversed by refunds and returns.

A variant's channel listing says the makers' share of each unit sold there: a fixed amount in
the channel's currency (``maker_share_amount``) or a percentage of the unit's gross price as
sold (``maker_share_percent``). When a fulfilment is recorded, :func:`earnings_record_fulfilled`
writes one ``EARNED`` ledger line per maker and fulfilment line; :func:`earnings_reverse` writes
negative ``REFUNDED``/``RETURNED`` lines when money or goods come back. The ledger is
append-only: a sum over a period is what a maker is owed (:mod:`storefront.orders.statements`).

Who made a unit, most precise first: the unit's own maker, else its lot's makers, else the
makers copied onto the order line when it was sold. A share made by several makers is split
exactly to the currency's minor unit, the remainder (a few cents, or yen) going to the first
maker named, so the makers' lines always add up to the share; the gross is split the same way,
so no column counts a sale twice when summed over makers. Each line also carries the share in
rupiah at the exchange rate the payment's settlement recorded (the order's charge; ``null``
while none is known).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from payments.contract import SettlementKind
from payments.models import Settlement
from provenance.certificates.models import LotMaker
from provenance.origins.models import Maker
from storefront.catalog.models import ProductVariantChannelListing
from storefront.core.money import currency_precision, quantize_amount
from storefront.orders.choices import MakerEarningKind
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.models import Fulfillment, FulfillmentLine, MakerEarning, Order, OrderLine

SETTLEMENT_CURRENCY = "IDR"
HUNDRED = Decimal(100)
REVERSAL_KINDS = (MakerEarningKind.REFUNDED, MakerEarningKind.RETURNED, MakerEarningKind.CANCELED)


def split_exactly(amount: Decimal, parts: int, currency: str) -> list[Decimal]:
    """``amount`` in ``parts`` shares of whole minor units; the first share takes the remainder.

    ``split_exactly(Decimal("10.00"), 3, "USD")`` is ``[3.34, 3.33, 3.33]``: the shares always
    add up to ``amount`` (itself quantized to the currency first). Negative amounts split the same.
    """
    if parts < 1:
        raise ValueError("Split into at least one part.")
    total = quantize_amount(amount, currency)
    step = Decimal(1).scaleb(-currency_precision(currency))
    sign = -1 if total < 0 else 1
    base = (abs(total) / parts).quantize(step, rounding=ROUND_DOWN)
    shares = [base * sign] * parts
    shares[0] = total - base * sign * (parts - 1)
    return shares


def order_settlement_rate(*, order: Order) -> Decimal | None:
    """Rupiah per unit of the order's currency, as the payment's settlement recorded it.

    The first rupiah settlement of a charge of one of the order's transactions; 1 for an order
    in rupiah (or a settlement in the order's own currency, which the gateway reports without a
    rate); ``None`` while no charge has been settled.
    """
    if order.currency == SETTLEMENT_CURRENCY:
        return Decimal(1)
    settlement = (
        Settlement.objects.filter(
            transaction__order_id=order.pk, kind=str(SettlementKind.CHARGE), currency=SETTLEMENT_CURRENCY
        )
        .order_by("created_at", "id")
        .first()
    )
    if settlement is None:
        return None
    if settlement.exchange_rate is None:
        return Decimal(1) if settlement.transaction.currency == SETTLEMENT_CURRENCY else None
    return settlement.exchange_rate


def _in_rupiah(amount: Decimal, rate: Decimal | None) -> Decimal | None:
    return None if rate is None else quantize_amount(amount * rate, SETTLEMENT_CURRENCY)


def _listing_share(order_line: OrderLine, order: Order) -> ProductVariantChannelListing | None:
    """The listing of the line's variant in the order's channel, when it names a makers' share."""
    if order_line.variant_id is None:
        return None
    return (
        ProductVariantChannelListing.objects.filter(
            variant_id=order_line.variant_id, channel_id=order.channel_id
        )
        .filter(Q(maker_share_amount__isnull=False) | Q(maker_share_percent__isnull=False))
        .first()
    )


def _share_of(listing: ProductVariantChannelListing, order_line: OrderLine, quantity: int) -> Decimal:
    """The makers' share of ``quantity`` units of the line, in the order's currency."""
    currency = order_line.currency
    if listing.maker_share_amount is not None:
        return quantize_amount(listing.maker_share_amount * quantity, currency)
    percent = listing.maker_share_percent or Decimal(0)
    return quantize_amount(order_line.unit_price_gross_amount * quantity * percent / HUNDRED, currency)


def _line_makers(order_line: OrderLine) -> list[Maker]:
    """The makers copied onto the order line when it was sold, in the order they were copied."""
    public_ids = [entry.get("id") for entry in order_line.makers or [] if entry.get("id")]
    found = {str(maker.public_id): maker for maker in Maker.objects.filter(public_id__in=public_ids)}
    return [found[str(public_id)] for public_id in dict.fromkeys(public_ids) if str(public_id) in found]


def _lot_makers(lot_ids: set[int]) -> dict[int, list[Maker]]:
    makers: dict[int, list[Maker]] = {}
    for role in LotMaker.objects.filter(lot_id__in=lot_ids).select_related("maker").order_by("pk"):
        listed = makers.setdefault(role.lot_id, [])
        if role.maker not in listed:
            listed.append(role.maker)
    return makers


def _units_by_makers(line: FulfillmentLine) -> list[tuple[list[Maker], int]]:
    """The line's quantity grouped by who made it: (makers, units), in a stable order."""
    units = list(line.units.select_related("maker").order_by("pk"))
    by_lot = _lot_makers({unit.lot_id for unit in units if unit.maker_id is None})
    fallback: list[Maker] | None = None
    groups: dict[tuple[int, ...], tuple[list[Maker], int]] = {}

    def add(makers: list[Maker], count: int) -> None:
        key = tuple(maker.pk for maker in makers)
        known = groups.get(key)
        groups[key] = (makers, (known[1] if known else 0) + count)

    for unit in units[: line.quantity]:
        if unit.maker is not None:
            add([unit.maker], 1)
        elif by_lot.get(unit.lot_id):
            add(by_lot[unit.lot_id], 1)
        else:
            fallback = fallback if fallback is not None else _line_makers(line.order_line)
            add(fallback, 1)
    rest = line.quantity - min(len(units), line.quantity)
    if rest:
        fallback = fallback if fallback is not None else _line_makers(line.order_line)
        add(fallback, rest)
    return [(makers, count) for makers, count in groups.values() if makers]


def _earned_lines(
    line: FulfillmentLine, order: Order, listing: ProductVariantChannelListing, rate: Decimal | None
) -> list[MakerEarning]:
    order_line = line.order_line
    currency = order_line.currency
    rows = []
    for makers, count in _units_by_makers(line):
        gross = quantize_amount(order_line.unit_price_gross_amount * count, currency)
        share = _share_of(listing, order_line, count)
        shares_idr = split_exactly(_in_rupiah(share, rate) or Decimal(0), len(makers), SETTLEMENT_CURRENCY)
        for maker, gross_part, share_part, idr_part in zip(
            makers,
            split_exactly(gross, len(makers), currency),
            split_exactly(share, len(makers), currency),
            shares_idr,
            strict=True,
        ):
            rows.append(
                MakerEarning(
                    maker=maker,
                    order_line=order_line,
                    fulfillment_line=line,
                    kind=MakerEarningKind.EARNED,
                    quantity=count,
                    currency=currency,
                    gross_amount=gross_part,
                    share_amount=share_part,
                    settlement_currency=SETTLEMENT_CURRENCY,
                    exchange_rate=rate,
                    share_settlement_amount=idr_part if rate is not None else None,
                )
            )
    return rows


def earnings_record_fulfilled(*, fulfillment: Fulfillment) -> list[MakerEarning]:
    """Record what the makers of every unit of ``fulfillment`` earned; returns the new lines.

    Call inside the fulfilment's transaction once its lines and their units are saved. Calling
    it again for the same fulfilment adds nothing: a fulfilment line that already has earnings
    is skipped (its row is locked while it is checked, so two calls cannot both write it).
    Lines of variants without a makers' share in the order's channel earn nothing.
    """
    with transaction.atomic():
        lines = list(
            FulfillmentLine.objects.select_for_update(of=("self",))
            .filter(fulfillment_id=fulfillment.pk)
            .select_related("order_line")
            .order_by("pk")
        )
        if not lines:
            return []
        done = set(
            MakerEarning.objects.filter(fulfillment_line__in=lines, kind=MakerEarningKind.EARNED).values_list(
                "fulfillment_line_id", flat=True
            )
        )
        order = Order.objects.get(pk=fulfillment.order_id)
        rate = order_settlement_rate(order=order)
        rows: list[MakerEarning] = []
        for line in lines:
            if line.pk in done:
                continue
            listing = _listing_share(line.order_line, order)
            if listing is not None:
                rows += _earned_lines(line, order, listing, rate)
        return MakerEarning.objects.bulk_create(rows)


@dataclass
class _Balance:
    """One maker's earnings within a reversal's scope: earned, and already reversed (negative)."""

    maker: Maker
    units: int = 0
    gross: Decimal = Decimal(0)
    share: Decimal = Decimal(0)
    share_idr: Decimal | None = Decimal(0)
    rate: Decimal | None = None
    units_reversed: int = 0
    gross_reversed: Decimal = Decimal(0)
    share_reversed: Decimal = Decimal(0)
    share_idr_reversed: Decimal = Decimal(0)


def _balances(entries: Sequence[MakerEarning]) -> list[_Balance]:
    balances: dict[int, _Balance] = {}
    for entry in entries:
        balance = balances.setdefault(entry.maker_id, _Balance(maker=entry.maker))
        if entry.kind == MakerEarningKind.EARNED:
            balance.units += entry.quantity
            balance.gross += entry.gross_amount
            balance.share += entry.share_amount
            balance.rate = balance.rate if balance.rate is not None else entry.exchange_rate
            if balance.share_idr is not None and entry.share_settlement_amount is not None:
                balance.share_idr += entry.share_settlement_amount
            else:
                balance.share_idr = None
        else:
            balance.units_reversed -= entry.quantity
            balance.gross_reversed -= entry.gross_amount
            balance.share_reversed -= entry.share_amount
            balance.share_idr_reversed -= entry.share_settlement_amount or Decimal(0)
    return list(balances.values())


def _cumulative(total: Decimal, reversed_units: int, fulfilled: int, currency: str) -> Decimal:
    """How much of ``total`` the first ``reversed_units`` of ``fulfilled`` units reverse, in all."""
    if reversed_units >= fulfilled:
        return total
    return quantize_amount(total * reversed_units / fulfilled, currency)


def _units_reversed(balances: Sequence[_Balance], fulfilled: int) -> int:
    """Units of the scope reversed so far, read back from the maker with the largest gross.

    Reversals are cumulative fractions of each maker's earnings (``units reversed / fulfilled``),
    so the gross reversed says how many units were; the units themselves are not stored once
    per scope but per maker.
    """
    largest = max(balances, key=lambda balance: abs(balance.gross), default=None)
    if largest is None:
        return 0
    if largest.gross:
        return int((largest.gross_reversed * fulfilled / largest.gross).to_integral_value())
    return round(largest.units_reversed * fulfilled / largest.units) if largest.units else 0


def earnings_reverse(
    *,
    order_line: OrderLine,
    quantity: int,
    kind: MakerEarningKind,
    fulfillment_line: FulfillmentLine | None = None,
) -> list[MakerEarning]:
    """Reverse what ``quantity`` units of ``order_line`` earned (a refund or a return).

    Each maker who earned from the line (from ``fulfillment_line`` only, when given) gets a
    negative line for the same fraction of what they earned: ``quantity`` of the units
    fulfilled, never more than were fulfilled. Fractions are taken of the cumulative total, so
    reversing a line unit by unit nets to exactly zero whatever the rounding. Returns the new
    lines (none when nothing was earned, or all was reversed already). Call inside the
    refund's or return's transaction.
    """
    if kind not in REVERSAL_KINDS:
        raise OrderError(
            OrderErrorCode.INVALID,
            "Earnings are reversed by a refund, a return or a canceled fulfilment.",
            field="kind",
        )
    if quantity <= 0:
        raise OrderError(OrderErrorCode.INVALID_QUANTITY, "Reverse at least one unit.", field="quantity")
    with transaction.atomic():
        # The line's row serialises reversals of the same line: each sees the ones before it.
        OrderLine.objects.select_for_update(of=("self",)).filter(pk=order_line.pk).first()
        scope = MakerEarning.objects.filter(order_line_id=order_line.pk).select_related("maker")
        if fulfillment_line is not None:
            scope = scope.filter(fulfillment_line_id=fulfillment_line.pk)
        entries = list(scope.order_by("pk"))
        balances = _balances(entries)
        fulfilled = _units_fulfilled(entries)
        before = _units_reversed(balances, fulfilled)
        after = min(fulfilled, before + quantity)
        if after <= before:
            return []
        currency = order_line.currency
        rows = []
        for balance in balances:
            units = Decimal(balance.units * after) / fulfilled
            take = int(units.quantize(Decimal(1), rounding=ROUND_HALF_UP)) - balance.units_reversed
            gross = _cumulative(balance.gross, after, fulfilled, currency) - balance.gross_reversed
            share = _cumulative(balance.share, after, fulfilled, currency) - balance.share_reversed
            share_idr = None
            if balance.share_idr is not None and balance.rate is not None:
                share_idr = (
                    _cumulative(balance.share_idr, after, fulfilled, SETTLEMENT_CURRENCY)
                    - balance.share_idr_reversed
                )
            if not (take or gross or share or share_idr):
                continue
            rows.append(
                MakerEarning(
                    maker=balance.maker,
                    order_line=order_line,
                    fulfillment_line=fulfillment_line,
                    kind=kind,
                    quantity=-take,
                    currency=currency,
                    gross_amount=-gross,
                    share_amount=-share,
                    settlement_currency=SETTLEMENT_CURRENCY,
                    exchange_rate=balance.rate if share_idr is not None else None,
                    share_settlement_amount=-share_idr if share_idr is not None else None,
                )
            )
        return MakerEarning.objects.bulk_create(rows)


def _units_fulfilled(entries: Sequence[MakerEarning]) -> int:
    """Units the scope's earnings are for: each fulfilment line's quantity counted once."""
    lines = {entry.fulfillment_line_id for entry in entries if entry.kind == MakerEarningKind.EARNED}
    known = sum(
        FulfillmentLine.objects.filter(pk__in=[pk for pk in lines if pk is not None]).values_list(
            "quantity", flat=True
        )
    )
    if known:
        return known
    return max((entry.quantity for entry in entries if entry.kind == MakerEarningKind.EARNED), default=1)


def earnings_settlement_rate_fill(*, order: Order) -> int:
    """Give the order's earnings lines still without a rupiah amount the settlement's rate.

    For a payment settled after its order was fulfilled: call when a settlement is recorded
    (the payment event handler). Each maker's lines of an order line are converted on their
    running total, so a line refunded in full still nets to zero rupiah. Returns the lines filled.
    """
    rate = order_settlement_rate(order=order)
    if rate is None:
        return 0
    with transaction.atomic():
        entries = list(
            MakerEarning.objects.select_for_update()
            .filter(order_line__order_id=order.pk)
            .order_by("maker_id", "order_line_id", "pk")
        )
        filled = []
        running: dict[tuple[int, object], Decimal] = {}
        for entry in entries:
            key = (entry.maker_id, entry.order_line_id)
            before = running.get(key, Decimal(0))
            running[key] = before + entry.share_amount
            if entry.exchange_rate is not None:
                continue
            entry.exchange_rate = rate
            entry.share_settlement_amount = quantize_amount(
                running[key] * rate, SETTLEMENT_CURRENCY
            ) - quantize_amount(before * rate, SETTLEMENT_CURRENCY)
            filled.append(entry)
        MakerEarning.objects.bulk_update(filled, ["exchange_rate", "share_settlement_amount"])
        return len(filled)
