"""Checkout reservations: stock held for a buyer's cart for ``CHECKOUT_RESERVATION_MINUTES``.

What a buyer can still add in a channel is, per stock row of the channel's warehouses
(``Warehouse.channels``), ``quantity - quantity_allocated - active reservations of other
checkout lines``, never below zero, summed over the rows. ``quantity_allocated`` is the
orders' (``checkoutComplete`` increments it); a reservation is active while ``reserved_until``
is in the future. Expired reservations count for nothing anywhere, and are deleted lazily
(by the next reservation touching their stock row) and by a beat task
(``storefront.inventory.tasks.reservations_expired_delete``).

Reservations are written only by :func:`reservations_replace`, under the stock rows' locks
(``storefront/inventory/locks.py``, primary-key order), so two buyers reaching for the last
piece queue on the row and the second sees the first's reservation. The inventory knows
nothing of checkouts beyond a line's id (the foreign key is by string): the checkout app
passes :class:`LineDemand` values.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.core.versioned_cache import stock_changed
from storefront.inventory.error_codes import StockError, StockErrorCode
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Reservation, Stock


@dataclass(frozen=True, slots=True)
class LineDemand:
    """A checkout line that should hold ``quantity`` of ``variant`` from now on."""

    line_id: uuid.UUID
    variant: ProductVariant
    quantity: int


def reservation_deadline(now: datetime | None = None) -> datetime:
    """When a reservation made ``now`` expires."""
    return (now or timezone.now()) + timedelta(minutes=settings.CHECKOUT_RESERVATION_MINUTES)


def _reserved_by_others(
    stock_ids: Collection[int], *, exclude_line_ids: Collection[uuid.UUID], now: datetime
) -> dict[int, int]:
    rows = (
        Reservation.objects.filter(stock_id__in=stock_ids, reserved_until__gt=now)
        .exclude(checkout_line_id__in=list(exclude_line_ids))
        .order_by()
        .values("stock_id")
        .annotate(total=Sum("quantity_reserved"))
        .values_list("stock_id", "total")
    )
    return {stock_id: total or 0 for stock_id, total in rows}


def insufficient_stock_error(variant: ProductVariant, available: int) -> StockError:
    """Saleor's refusal of a quantity beyond what is left (``variants`` names the variant)."""
    return StockError(
        StockErrorCode.INSUFFICIENT_STOCK,
        f"Could not add items {variant.sku or variant.pk}. Only {max(available, 0)} remaining in stock.",
        field="quantity",
        variants=[variant],
    )


def reservations_replace(
    *, channel: Channel, demands: Sequence[LineDemand], now: datetime | None = None
) -> None:
    """Make each demanded line hold exactly its quantity, or raise ``StockError`` and change nothing.

    Call inside the caller's ``transaction.atomic()``: the channel's stock rows of the demanded
    variants are locked here (primary-key order) until it commits. A line's previous reservations
    are replaced; a variant that does not track inventory reserves nothing and is never short.
    Every shortage is reported at once (``INSUFFICIENT_STOCK``, ``variants``). Costs four
    statements whatever the number of lines: lock, count, delete (own and expired), insert.
    """
    now = now or timezone.now()
    if not demands:
        return
    tracked = [demand for demand in demands if demand.variant.track_inventory]
    stocks = (
        list(
            stocks_select_for_update(
                Stock.objects.filter(
                    product_variant_id__in={demand.variant.pk for demand in tracked},
                    warehouse__channels=channel,
                )
            )
        )
        if tracked
        else []
    )
    # Read after the locks are held: a reservation committed while we waited is visible now.
    reserved = _reserved_by_others(
        [stock.pk for stock in stocks], exclude_line_ids=[d.line_id for d in demands], now=now
    )
    free_by_variant: dict[int, list[tuple[Stock, int]]] = defaultdict(list)
    for stock in stocks:
        free = max(stock.quantity - stock.quantity_allocated - reserved.get(stock.pk, 0), 0)
        free_by_variant[stock.product_variant_id].append((stock, free))

    problems: list[StockError] = []
    new: list[Reservation] = []
    until = reservation_deadline(now)
    for demand in tracked:
        rows = free_by_variant.get(demand.variant.pk, [])
        available = sum(free for _stock, free in rows)
        if demand.quantity > available:
            problems.append(insufficient_stock_error(demand.variant, available))
            continue
        wanted = demand.quantity
        for stock, free in rows:
            if wanted <= 0:
                break
            take = min(free, wanted)
            if take > 0:
                new.append(
                    Reservation(
                        stock=stock,
                        checkout_line_id=demand.line_id,
                        quantity_reserved=take,
                        reserved_until=until,
                    )
                )
                wanted -= take
    if problems:
        raise StockError.group(problems)

    Reservation.objects.filter(
        Q(checkout_line_id__in=[d.line_id for d in demands])
        | Q(stock_id__in=[stock.pk for stock in stocks], reserved_until__lte=now)
    ).delete()
    if new:
        Reservation.objects.bulk_create(new)
        stock_changed()  # no signals from update/bulk_create; stock only: the catalogue stays cached


def reservations_release(*, line_ids: Iterable[uuid.UUID]) -> None:
    """Drop every reservation of these lines (a line deleted or emptied)."""
    Reservation.objects.filter(checkout_line_id__in=list(line_ids)).delete()


def reservations_expired_delete(*, now: datetime | None = None) -> int:
    """Delete reservations past their time; how many. They already count for nothing."""
    deleted, _ = Reservation.objects.filter(reserved_until__lte=now or timezone.now()).delete()
    return deleted


def stock_annotate_free(qs: QuerySet[Stock], *, now: datetime | None = None) -> QuerySet[Stock]:
    """Add ``free``: the row's quantity minus allocations minus active reservations, at least 0."""
    reserved = (
        Reservation.objects.filter(stock=OuterRef("pk"), reserved_until__gt=now or timezone.now())
        .order_by()
        .values("stock")
        .annotate(total=Sum("quantity_reserved"))
        .values("total")
    )
    return qs.annotate(
        free=Greatest(
            F("quantity")
            - F("quantity_allocated")
            - Coalesce(Subquery(reserved[:1]), 0, output_field=IntegerField()),
            Value(0),
            output_field=IntegerField(),
        )
    )


def variant_quantities_free(
    *,
    channel: Channel,
    variant_ids: Iterable[int],
    exclude_line_ids: Collection[uuid.UUID] = (),
    now: datetime | None = None,
) -> dict[int, int]:
    """Free units per variant in the channel's warehouses (one statement, no locks).

    ``exclude_line_ids``: lines whose own reservations do not count against them (a checkout
    asking what it can still hold). Variants without stock rows in the channel are 0.
    """
    now = now or timezone.now()
    ids = list(variant_ids)
    reserved = (
        Reservation.objects.filter(stock=OuterRef("pk"), reserved_until__gt=now)
        .exclude(checkout_line_id__in=list(exclude_line_ids))
        .order_by()
        .values("stock")
        .annotate(total=Sum("quantity_reserved"))
        .values("total")
    )
    rows = (
        Stock.objects.filter(product_variant_id__in=ids, warehouse__channels=channel)
        .annotate(reserved=Coalesce(Subquery(reserved[:1]), 0, output_field=IntegerField()))
        .values_list("product_variant_id", "quantity", "quantity_allocated", "reserved")
    )
    result = dict.fromkeys(ids, 0)
    for variant_id, quantity, allocated, held in rows:
        result[variant_id] += max(quantity - allocated - held, 0)
    return result
