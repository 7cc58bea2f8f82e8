"""The one place stock rows are locked.

Every write to a ``Stock`` counter (receiving a lot, a write-off, setting a count, and
checkout's reservations and allocations when they come) locks the rows it changes here,
inside the caller's ``transaction.atomic()`` block. Rows are always locked in primary-key
order, so two transactions that need the same rows queue up instead of deadlocking.

Only the ``Stock`` rows themselves are locked (``of=("self",)``): a lock that reached the
variant or warehouse rows through a join would wait for anything that merely references
them, such as a production lot being inserted.

A caller that also holds other locks takes these last and commits soon after, so a checkout
of the same variant never waits for slow work (lot receipt signs its certificates first).
"""

from __future__ import annotations

from django.db.models import QuerySet

from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Stock, Warehouse


def stocks_select_for_update(queryset: QuerySet[Stock] | None = None) -> QuerySet[Stock]:
    """``queryset`` (default: every stock row) locked for update in primary-key order, when evaluated."""
    queryset = Stock.objects.all() if queryset is None else queryset
    return queryset.select_for_update(of=("self",)).order_by("pk")


def stock_lock(*, warehouse: Warehouse, variant: ProductVariant) -> Stock | None:
    """The locked stock row of ``variant`` in ``warehouse``, or ``None`` when it has none."""
    return stocks_select_for_update(
        Stock.objects.filter(warehouse=warehouse, product_variant=variant)
    ).first()


def stock_lock_or_create(*, warehouse: Warehouse, variant: ProductVariant) -> tuple[Stock, bool]:
    """The locked stock row of ``variant`` in ``warehouse``, created at 0 when missing; and whether it was.

    A row created here is already this transaction's alone; a concurrent creator loses on the
    unique constraint and reads the row instead (``get_or_create``), then waits for the lock.
    """
    stock, created = Stock.objects.get_or_create(warehouse=warehouse, product_variant=variant)
    if created:
        return stock, True
    return stocks_select_for_update(Stock.objects.filter(pk=stock.pk)).get(), False
