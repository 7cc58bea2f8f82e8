"""Where a completing checkout's goods come from: stock rows and serials, decided under their locks.

``allocation_plans`` locks the stock rows of the checkout's variants in the channel's warehouses
through the one locks module (``storefront.inventory.locks``: primary-key order, after the
checkout row, as every checkout writer does) and takes each line's quantity from its own
reserved rows first, then from any row with free stock (``quantity - allocated - others'
active reservations``); ``units_pick`` gives each certified one-of-a-kind piece the serial of a
unit in stock in the allocated warehouse that no one holds. A line that cannot be covered is
``INSUFFICIENT_STOCK``, naming it; nothing is written here.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from provenance.certificates.models import Unit
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import CheckoutInfo, CheckoutLineInfo
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Reservation, Stock
from storefront.orders.models import Allocation


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    """Where one line's quantity comes from: (locked stock row, quantity) pairs, and its serial."""

    allocations: list[tuple[Stock, int]]
    unit: Unit | None = None


def line_name(info: CheckoutLineInfo) -> str:
    return info.variant.sku or str(info.variant.pk)


def _reservations(
    stocks: Sequence[Stock], line_ids: Sequence[uuid.UUID], now: datetime
) -> tuple[dict[uuid.UUID, dict[int, int]], dict[int, int]]:
    """This checkout's reservations per line and stock row (expired ones too: they are the line's
    own), and other lines' active reservations per stock row (one statement)."""
    own: dict[uuid.UUID, dict[int, int]] = defaultdict(dict)
    others: dict[int, int] = defaultdict(int)
    mine = set(line_ids)
    rows = Reservation.objects.filter(stock_id__in=[stock.pk for stock in stocks]).values_list(
        "stock_id", "checkout_line_id", "quantity_reserved", "reserved_until"
    )
    for stock_id, line_id, quantity, until in rows:
        if line_id in mine:
            own[line_id][stock_id] = quantity
        elif until > now:
            others[stock_id] += quantity
    return own, others


def allocation_plans(info: CheckoutInfo, now: datetime) -> dict[uuid.UUID, AllocationPlan]:
    """Lock the stock rows and decide where each line's quantity comes from; INSUFFICIENT_STOCK if not."""
    tracked = [line for line in info.lines if line.variant.track_inventory]
    if not tracked:
        return {}
    stocks = list(
        stocks_select_for_update(
            Stock.objects.filter(
                product_variant_id__in={line.variant.pk for line in tracked},
                warehouse__channels=info.channel,
            )
        )
    )
    own, others = _reservations(stocks, [line.line.pk for line in tracked], now)
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in stocks:
        by_variant[stock.product_variant_id].append(stock)
    plans: dict[uuid.UUID, AllocationPlan] = {}
    problems: list[CheckoutError] = []
    taken_before: dict[int, int] = defaultdict(int)  # a variant's buyer line and gift line share rows
    for line in tracked:
        reserved = own.get(line.line.pk, {})
        # The line's own reserved rows first (largest first), then the others in primary-key order.
        rows = sorted(by_variant[line.variant.pk], key=lambda stock: (-reserved.get(stock.pk, 0), stock.pk))
        wanted = line.line.quantity
        taken: list[tuple[Stock, int]] = []
        available = 0
        for stock in rows:
            free = max(
                stock.quantity - stock.quantity_allocated - others.get(stock.pk, 0) - taken_before[stock.pk],
                0,
            )
            available += free
            take = min(free, wanted)
            if take > 0:
                taken.append((stock, take))
                wanted -= take
        if wanted > 0:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.INSUFFICIENT_STOCK,
                    f"Could not add items {line_name(line)}. Only {available} remaining in stock.",
                    field="quantity",
                    variants=[line.variant],
                    lines=[line.line],
                )
            )
            continue
        for stock, quantity in taken:
            taken_before[stock.pk] += quantity
        plans[line.line.pk] = AllocationPlan(allocations=taken)
    if problems:
        raise CheckoutError.group(problems)
    return plans


def units_pick(info: CheckoutInfo, plans: dict[uuid.UUID, AllocationPlan]) -> dict[uuid.UUID, AllocationPlan]:
    """Give each certified one-of-a-kind line the serial of a free unit in its allocated warehouse.

    A piece whose variant has units but none free in that warehouse is ``INSUFFICIENT_STOCK`` (the
    counter and the units disagree: never sell a serial twice). Uncertified stock sells without.
    """
    pieces = [line for line in info.lines if line.variant.is_one_of_a_kind and line.line.pk in plans]
    if not pieces:
        return plans
    units = list(
        Unit.objects.filter(lot__variant_id__in=[line.variant.pk for line in pieces])
        .select_related("lot__origin", "maker", "certificate")
        .prefetch_related("lot__lot_makers__maker")
        .order_by("pk")
    )
    free: dict[tuple[int, int], list[Unit]] = defaultdict(list)
    certified_variants: set[int] = set()
    allocated = set(_allocated_unit_ids(units))
    for unit in units:
        certified_variants.add(unit.lot.variant_id)
        if unit.status == Unit.Status.IN_STOCK and unit.pk not in allocated:
            free[(unit.lot.variant_id, unit.lot.warehouse_id)].append(unit)
    problems = []
    for line in pieces:
        if line.variant.pk not in certified_variants:
            continue
        plan = plans[line.line.pk]
        stock = plan.allocations[0][0]
        candidates = free[(line.variant.pk, stock.warehouse_id)]
        if not candidates:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.INSUFFICIENT_STOCK,
                    f"Could not add items {line_name(line)}. Only 0 remaining in stock.",
                    field="quantity",
                    variants=[line.variant],
                    lines=[line.line],
                )
            )
            continue
        plans[line.line.pk] = AllocationPlan(allocations=plan.allocations, unit=candidates.pop(0))
    if problems:
        raise CheckoutError.group(problems)
    return plans


def _allocated_unit_ids(units: Sequence[Unit]) -> list[int]:
    return list(
        Allocation.objects.filter(unit_id__in=[unit.pk for unit in units]).values_list("unit_id", flat=True)
    )
