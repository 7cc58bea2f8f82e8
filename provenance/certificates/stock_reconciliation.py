"""Where the stock counters and the certified units disagree.

Two records count the same pieces (see ARCHITECTURE.md, "Who owns which count"):
``Stock.quantity`` is what a warehouse holds, the counter checkout reserves against; each
certified piece is also a ``Unit`` whose status says whether it is still on the shelf. Every
service that moves a piece changes both in one transaction (a lot receipt adds its units and
its quantity; a write-off takes one of each), so they agree unless something went around them:
a count set by hand, a direct database edit, a bug.

The rule, per (variant, warehouse) pair:

- a pair that has units (received through a lot) is certified stock: its counter must equal
  its units ``IN_STOCK`` (allocated pieces are still on the shelf, so they count in both);
- a pair without any unit is uncertified stock (set with ``stock_set``): the counter is its
  only record, there is nothing to compare, and it is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from provenance.certificates.models import Unit
from storefront.inventory.models import Stock


@dataclass(frozen=True)
class StockMismatch:
    """A certified pair whose counter says ``stock_quantity`` but whose units say ``units_in_stock``."""

    variant_id: int
    warehouse_id: int
    stock_quantity: int
    units_in_stock: int


def stock_mismatch_list(*, variant_ids: list[int] | None = None) -> list[StockMismatch]:
    """Every certified (variant, warehouse) pair whose counter disagrees with its units, in id order.

    Two queries whatever the number of pairs; ``variant_ids`` limits the check to those variants.
    """
    units = Unit.objects.all()
    if variant_ids is not None:
        units = units.filter(lot__variant_id__in=variant_ids)
    pairs = (
        units.values("lot__variant_id", "lot__warehouse_id")
        .annotate(in_stock=Count("pk", filter=Q(status=Unit.Status.IN_STOCK)))
        .order_by("lot__variant_id", "lot__warehouse_id")
    )
    counted = {(row["lot__variant_id"], row["lot__warehouse_id"]): row["in_stock"] for row in pairs}
    if not counted:
        return []
    stocks = Stock.objects.filter(product_variant_id__in={variant for variant, _ in counted}).values_list(
        "product_variant_id", "warehouse_id", "quantity"
    )
    quantities = {(variant, warehouse): quantity for variant, warehouse, quantity in stocks}
    return [
        StockMismatch(
            variant_id=variant,
            warehouse_id=warehouse,
            stock_quantity=quantities.get((variant, warehouse), 0),
            units_in_stock=in_stock,
        )
        for (variant, warehouse), in_stock in counted.items()
        if quantities.get((variant, warehouse), 0) != in_stock
    ]
