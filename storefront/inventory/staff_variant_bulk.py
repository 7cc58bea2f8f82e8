"""Saleor's ``productVariantBulkCreate`` and ``productVariantBulkUpdate``: many variants of one
product, each with its stocks and prices, under Saleor's error policies.

Each row is written in its own savepoint through the single-variant services (so each gets its
checks, read-model refreshes and audit entries); a row that fails leaves nothing of itself.
``REJECT_EVERYTHING`` (the default) then rolls every row back when any failed;
``REJECT_FAILED_ROWS`` and ``IGNORE_FAILED`` keep the rows that succeeded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from storefront.accounts.actor import Actor
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import Product, ProductVariant
from storefront.catalog.services.staff_variants import (
    VariantFields,
    VariantPrice,
    staff_variant_channel_listings_remove,
    staff_variant_channel_listings_update,
    staff_variant_update,
)
from storefront.channels.models import Channel
from storefront.core.errors import DomainError
from storefront.inventory.error_codes import StockError
from storefront.inventory.models import Warehouse
from storefront.inventory.staff_stocks import (
    StockQuantity,
    staff_stocks_delete,
    staff_stocks_set,
    staff_variant_create_with_stocks,
)

REJECT_EVERYTHING = "REJECT_EVERYTHING"
MAX_ROWS = 100


@dataclass
class VariantRow:
    """One decoded ``ProductVariantBulkCreateInput``, or the errors its decoding met."""

    fields: VariantFields | None = None
    stocks: Sequence[StockQuantity] = ()
    prices: Sequence[VariantPrice] = ()
    errors: list[DomainError] = field(default_factory=list)


@dataclass
class VariantUpdateRow:
    """One decoded ``ProductVariantBulkUpdateInput``, or the errors its decoding met."""

    variant: ProductVariant | None = None
    fields: VariantFields | None = None
    stocks_create: Sequence[StockQuantity] = ()
    stocks_update: Sequence[StockQuantity] = ()
    stocks_remove: Sequence[Warehouse] = ()
    prices: Sequence[VariantPrice] = ()
    prices_remove: Sequence[Channel] = ()
    errors: list[DomainError] = field(default_factory=list)


@dataclass
class RowResult:
    variant: ProductVariant | None
    errors: list[DomainError]


def _rows_limit(rows: Sequence[object]) -> None:
    if len(rows) > MAX_ROWS:
        raise CatalogError(
            ProductErrorCode.INVALID, f"At most {MAX_ROWS} variants at once.", field="variants"
        )


def _policy_applied(results: list[RowResult], error_policy: str) -> list[RowResult]:
    """``REJECT_EVERYTHING`` with any failure rolls the whole call back and returns no variant."""
    if error_policy == REJECT_EVERYTHING and any(result.errors for result in results):
        transaction.set_rollback(True)
        return [RowResult(None, result.errors) for result in results]
    return results


@transaction.atomic
def staff_variants_bulk_create(
    *, actor: Actor, product: Product, rows: Sequence[VariantRow], error_policy: str = REJECT_EVERYTHING
) -> list[RowResult]:
    """One result per row, in order; with ``REJECT_EVERYTHING`` and any failure, no variant is kept."""
    _rows_limit(rows)
    results: list[RowResult] = []
    for row in rows:
        if row.errors or row.fields is None:
            results.append(RowResult(None, list(row.errors)))
            continue
        try:
            with transaction.atomic():
                variant = staff_variant_create_with_stocks(
                    actor=actor, product=product, fields=row.fields, stocks=row.stocks
                )
                if row.prices:
                    staff_variant_channel_listings_update(actor=actor, variant=variant, prices=row.prices)
        except (CatalogError, StockError) as exc:
            results.append(RowResult(None, list(exc.errors)))
        else:
            results.append(RowResult(variant, []))
    return _policy_applied(results, error_policy)


def _variant_rewrite(actor: Actor, row: VariantUpdateRow, variant: ProductVariant) -> ProductVariant:
    """One row of a bulk update: fields, then stocks, then prices, through the single-variant
    services (each with its own checks and audit entry)."""
    if row.fields is not None:
        variant = staff_variant_update(actor=actor, variant=variant, fields=row.fields)
    if row.stocks_create:
        staff_stocks_set(actor=actor, variant=variant, stocks=row.stocks_create, creating=True)
    if row.stocks_update:
        staff_stocks_set(actor=actor, variant=variant, stocks=row.stocks_update, creating=False)
    if row.stocks_remove:
        staff_stocks_delete(actor=actor, variant=variant, warehouses=row.stocks_remove)
    if row.prices:
        staff_variant_channel_listings_update(actor=actor, variant=variant, prices=row.prices)
    if row.prices_remove:
        staff_variant_channel_listings_remove(actor=actor, variant=variant, channels=row.prices_remove)
    return variant


@transaction.atomic
def staff_variants_bulk_update(
    *,
    actor: Actor,
    product: Product,
    rows: Sequence[VariantUpdateRow],
    error_policy: str = REJECT_EVERYTHING,
) -> list[RowResult]:
    """Saleor's ``productVariantBulkUpdate``: each row changes one variant of ``product`` in its
    own savepoint; results and policies as for the bulk create."""
    _rows_limit(rows)
    results: list[RowResult] = []
    seen: set[int] = set()
    for row in rows:
        variant = row.variant
        if row.errors or variant is None:
            results.append(RowResult(None, list(row.errors)))
            continue
        if variant.product_id != product.pk:
            error = CatalogError(
                ProductErrorCode.NOT_PRODUCTS_VARIANT,
                "The variant is not a variant of this product.",
                field="id",
            )
            results.append(RowResult(None, [error]))
            continue
        if variant.pk in seen:
            error = CatalogError(
                ProductErrorCode.DUPLICATED_INPUT_ITEM, "The same variant is given twice.", field="id"
            )
            results.append(RowResult(None, [error]))
            continue
        seen.add(variant.pk)
        try:
            with transaction.atomic():
                variant = _variant_rewrite(actor, row, variant)
        except (CatalogError, StockError) as exc:
            results.append(RowResult(None, list(exc.errors)))
        else:
            results.append(RowResult(variant, []))
    return _policy_applied(results, error_policy)
