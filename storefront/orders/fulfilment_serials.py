"""Which certified pieces to pack: the serials suggested for an order line, and which stock is certified.

A (variant, warehouse) pair with production lots is certified stock: its pieces leave by serial.
The suggestion is the line's own piece for a one-of-a-kind line; otherwise the units in stock that
no other line holds, first expiry (food lots carry ``best_before``), then first received.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Q, QuerySet

from provenance.certificates.models import Unit
from storefront.orders.models import OrderLine


def units_free_for(order_line: OrderLine, warehouse_id: int) -> QuerySet[Unit]:
    """Units of the line's variant in the warehouse's lots, in stock, and allocated to no other line."""
    return Unit.objects.filter(
        lot__variant_id=order_line.variant_id, lot__warehouse_id=warehouse_id, status=Unit.Status.IN_STOCK
    ).filter(Q(allocation__isnull=True) | Q(allocation__order_line_id=order_line.pk))


def units_in_packing_order(queryset: QuerySet[Unit]) -> QuerySet[Unit]:
    # First expiry (food lots carry ``best_before``), then first received; lots without a date last.
    return queryset.order_by(F("lot__best_before").asc(nulls_last=True), "lot__received_at", "lot_id", "pk")


def serials_suggest(*, order_line: OrderLine, warehouse_id: int, quantity: int) -> list[str]:
    """The serials to pack for ``quantity`` pieces of ``order_line`` from ``warehouse_id``.

    A one-of-a-kind line's own serial when its piece is in that warehouse and in stock; otherwise the
    certified units free for this line, first expiry for food, else first received (FIFO). Fewer
    than ``quantity`` (none for uncertified stock) when the warehouse has fewer.
    """
    if quantity <= 0:
        return []
    if order_line.unit_id is not None:
        found = Unit.objects.filter(
            pk=order_line.unit_id, lot__warehouse_id=warehouse_id, status=Unit.Status.IN_STOCK
        ).values_list("serial", flat=True)
        return list(found)[:quantity]
    if order_line.variant_id is None:
        return []
    return list(
        units_in_packing_order(units_free_for(order_line, warehouse_id)).values_list("serial", flat=True)[
            :quantity
        ]
    )


def certified_pairs(variant_ids: Sequence[int], warehouse_ids: Sequence[int]) -> set[tuple[int, int]]:
    """The (variant, warehouse) pairs among these that have certified units (any status)."""
    if not variant_ids or not warehouse_ids:
        return set()
    return set(
        Unit.objects.filter(lot__variant_id__in=variant_ids, lot__warehouse_id__in=warehouse_ids)
        .values_list("lot__variant_id", "lot__warehouse_id")
        .distinct()
    )
