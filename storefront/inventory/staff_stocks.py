"""Staff writes of a variant's stock per warehouse (Saleor's ``productVariantStocksCreate/Update/Delete``).

Each call checks every entry first (``index`` names the entry, as Saleor's ``BulkStockError`` does),
then takes the stock rows' locks in primary-key order (``locks.py``) and writes, in one transaction
with one audit entry of the variant's quantities before and after. Two rules of Asal's:

- a quantity never goes below what orders already hold (``quantity_allocated``);
- a (variant, warehouse) pair holding certified pieces is counted by its units, so its counter
  changes only through lot receipt and write-off: staff edits of it are refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.models import Product, ProductVariant
from storefront.catalog.services.staff_variants import VariantFields, staff_variant_create
from storefront.inventory.error_codes import StockError, StockErrorCode
from storefront.inventory.locks import stock_lock_or_create, stocks_select_for_update
from storefront.inventory.models import Stock, Warehouse

Code = StockErrorCode
DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"  # Saleor's ProductErrorCode, reported by the bulk payloads
MAX_QUANTITY = 2_147_483_647


@dataclass(frozen=True)
class StockQuantity:
    """One ``StockInput``: a warehouse and the quantity it holds."""

    warehouse: Warehouse
    quantity: int


def _quantities(variant: ProductVariant) -> dict[str, int]:
    return {
        str(warehouse_id): quantity
        for warehouse_id, quantity in Stock.objects.filter(product_variant=variant)
        .order_by("warehouse_id")
        .values_list("warehouse_id", "quantity")
    }


def _certified_warehouses(variant: ProductVariant) -> set[int]:
    # Production lots stand above the inventory (provenance): named by relation only.
    return set(variant.production_lots.values_list("warehouse_id", flat=True))  # type: ignore[attr-defined]


def _problems(
    variant: ProductVariant, stocks: Sequence[StockQuantity], *, creating: bool
) -> list[StockError]:
    problems: list[StockError] = []
    certified = _certified_warehouses(variant)
    existing = set(Stock.objects.filter(product_variant=variant).values_list("warehouse_id", flat=True))
    seen: set[int] = set()
    for index, entry in enumerate(stocks):
        warehouse = entry.warehouse
        if warehouse.pk in seen:
            problems.append(
                StockError(
                    DUPLICATED_INPUT_ITEM, "The warehouse is given twice.", field="warehouse", index=index
                )
            )
            continue
        seen.add(warehouse.pk)
        if not 0 <= entry.quantity <= MAX_QUANTITY:
            problems.append(
                StockError(Code.INVALID, "Stock quantity cannot be negative.", field="quantity", index=index)
            )
        if creating and warehouse.pk in existing:
            problems.append(
                StockError(
                    Code.UNIQUE,
                    "Stock for this warehouse already exists for this product variant.",
                    field="warehouse",
                    index=index,
                )
            )
        if warehouse.pk in certified:
            problems.append(
                StockError(
                    Code.INVALID,
                    "This warehouse holds certified pieces of the variant: their stock changes through "
                    "lot receipt and write-off.",
                    field="warehouse",
                    index=index,
                )
            )
    return problems


def _audit(actor: Actor, variant: ProductVariant, before: dict[str, int]) -> None:
    after = _quantities(variant)
    if after != before:
        audit_log_record(
            actor=actor,
            action="product_variant.stocks_updated",
            target=variant,
            payload={"before": before, "after": after},
        )


@transaction.atomic
def staff_stocks_set(
    *, actor: Actor, variant: ProductVariant, stocks: Sequence[StockQuantity], creating: bool
) -> ProductVariant:
    """``creating``: Saleor's ``productVariantStocksCreate`` (a warehouse already stocked is an
    error); otherwise ``productVariantStocksUpdate`` (set, creating rows as needed)."""
    problems = _problems(variant, stocks, creating=creating)
    if problems:
        raise StockError.group(problems)
    before = _quantities(variant)
    rows: list[tuple[int, Stock, StockQuantity]] = []
    for index, entry in sorted(enumerate(stocks), key=lambda pair: pair[1].warehouse.pk):
        stock, _created = stock_lock_or_create(warehouse=entry.warehouse, variant=variant)
        rows.append((index, stock, entry))
    for index, stock, entry in rows:
        if entry.quantity < stock.quantity_allocated:
            problems.append(
                StockError(
                    Code.INSUFFICIENT_STOCK,
                    f"{stock.quantity_allocated} are allocated to orders; quantity cannot go below that.",
                    field="quantity",
                    index=index,
                )
            )
    if problems:
        raise StockError.group(problems)
    for _index, stock, entry in rows:
        if stock.quantity != entry.quantity:
            stock.quantity = entry.quantity
            stock.save(update_fields=["quantity"])
    _audit(actor, variant, before)
    return variant


@transaction.atomic
def staff_stocks_delete(
    *, actor: Actor, variant: ProductVariant, warehouses: Sequence[Warehouse]
) -> ProductVariant:
    """Saleor's ``productVariantStocksDelete``: no longer stocked there (refused while orders hold
    some of it, or while certified pieces are kept there)."""
    before = _quantities(variant)
    certified = _certified_warehouses(variant)
    stocks = list(
        stocks_select_for_update(
            Stock.objects.filter(product_variant=variant, warehouse__in=list(warehouses))
        )
    )
    problems: list[Any] = []
    if any(stock.quantity_allocated > 0 for stock in stocks):
        problems.append(
            StockError(Code.INVALID, "Orders hold stock in these warehouses.", field="warehouseIds")
        )
    if any(warehouse.pk in certified for warehouse in warehouses):
        problems.append(
            StockError(Code.INVALID, "Certified pieces of the variant are kept there.", field="warehouseIds")
        )
    if problems:
        raise StockError.group(problems)
    Stock.objects.filter(pk__in=[stock.pk for stock in stocks]).delete()
    _audit(actor, variant, before)
    return variant


@transaction.atomic
def staff_variant_create_with_stocks(
    *, actor: Actor, product: Product, fields: VariantFields, stocks: Sequence[StockQuantity]
) -> ProductVariant:
    """Saleor's ``productVariantCreate`` with ``stocks``: the variant and its first stock rows in
    one transaction (the catalogue cannot write stock: the inventory stands on it)."""
    variant = staff_variant_create(actor=actor, product=product, fields=fields)
    if stocks:
        staff_stocks_set(actor=actor, variant=variant, stocks=stocks, creating=True)
    return variant
