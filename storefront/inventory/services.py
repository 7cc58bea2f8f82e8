"""Inventory writes: warehouses and their stock counters.

Every stock write locks its rows through ``storefront/inventory/locks.py`` (primary-key
order, the stock rows only) inside its transaction. Like the catalogue services, updates
save only what changed, so loading the same data twice leaves rows and timestamps untouched.

Who owns which count (see ARCHITECTURE.md): ``Stock.quantity`` is what the warehouse holds
and is changed only here; ``Stock.quantity_allocated`` belongs to checkout and orders.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.inventory.error_codes import StockError, StockErrorCode
from storefront.inventory.locks import stock_lock, stock_lock_or_create
from storefront.inventory.models import Stock, Warehouse


@transaction.atomic
def warehouse_upsert(*, slug: str, name: str, channels: Sequence[Channel] = (), **fields: Any) -> Warehouse:
    """Create or update a warehouse by slug (``fields``: address, e-mail, is_private) and its channels."""
    warehouse = Warehouse.objects.filter(slug=slug).first()
    if warehouse is None:
        warehouse = Warehouse.objects.create(slug=slug, name=name, **fields)
    else:
        changed = [key for key, value in {"name": name, **fields}.items() if getattr(warehouse, key) != value]
        if changed:
            for key in changed:
                setattr(warehouse, key, {"name": name, **fields}[key])
            warehouse.save(update_fields=changed)
    wanted = {channel.pk for channel in channels}
    if set(warehouse.channels.values_list("pk", flat=True)) != wanted:
        warehouse.channels.set(list(wanted))
    return warehouse


@transaction.atomic
def stock_set(*, warehouse: Warehouse, variant: ProductVariant, quantity: int) -> Stock:
    """Set how many of ``variant`` the warehouse holds; never below what orders already hold.

    The row is locked so a concurrent allocation cannot slip between the check and the write.
    """
    if quantity < 0:
        raise StockError(StockErrorCode.INVALID, "Stock quantity cannot be negative.", field="quantity")
    stock, _created = stock_lock_or_create(warehouse=warehouse, variant=variant)
    if quantity < stock.quantity_allocated:
        raise StockError(
            StockErrorCode.INSUFFICIENT_STOCK,
            f"{stock.quantity_allocated} are allocated to orders; quantity cannot go below that.",
            field="quantity",
        )
    if stock.quantity != quantity:
        stock.quantity = quantity
        stock.save(update_fields=["quantity"])
    return stock


@transaction.atomic
def stock_increase(*, warehouse: Warehouse, variant: ProductVariant, quantity: int) -> Stock:
    """Add ``quantity`` received goods (a production lot) to the warehouse's counter, under its row lock."""
    if quantity <= 0:
        raise StockError(StockErrorCode.INVALID, "Received quantity must be positive.", field="quantity")
    stock, _created = stock_lock_or_create(warehouse=warehouse, variant=variant)
    stock.quantity += quantity
    stock.save(update_fields=["quantity"])
    return stock


@transaction.atomic
def stock_decrease(*, warehouse: Warehouse, variant: ProductVariant, quantity: int) -> Stock:
    """Take ``quantity`` pieces out of the counter (damaged, lost), never below what orders hold."""
    if quantity <= 0:
        raise StockError(StockErrorCode.INVALID, "Quantity to remove must be positive.", field="quantity")
    stock = stock_lock(warehouse=warehouse, variant=variant)
    if stock is None or stock.quantity - stock.quantity_allocated < quantity:
        raise StockError(
            StockErrorCode.INSUFFICIENT_STOCK,
            "Not enough unallocated stock in this warehouse to remove.",
            field="quantity",
            variants=[variant],
        )
    stock.quantity -= quantity
    stock.save(update_fields=["quantity"])
    return stock
