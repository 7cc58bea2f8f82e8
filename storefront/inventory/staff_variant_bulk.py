"""Saleor's ``productVariantBulkCreate``: many variants of one product, each with its stocks and
prices, under Saleor's error policies.

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
    staff_variant_channel_listings_update,
)
from storefront.core.errors import DomainError
from storefront.inventory.error_codes import StockError
from storefront.inventory.staff_stocks import StockQuantity, staff_variant_create_with_stocks

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
class RowResult:
    variant: ProductVariant | None
    errors: list[DomainError]


@transaction.atomic
def staff_variants_bulk_create(
    *, actor: Actor, product: Product, rows: Sequence[VariantRow], error_policy: str = REJECT_EVERYTHING
) -> list[RowResult]:
    """One result per row, in order; with ``REJECT_EVERYTHING`` and any failure, no variant is kept."""
    if len(rows) > MAX_ROWS:
        raise CatalogError(
            ProductErrorCode.INVALID, f"At most {MAX_ROWS} variants at once.", field="variants"
        )
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
    if error_policy == REJECT_EVERYTHING and any(result.errors for result in results):
        transaction.set_rollback(True)
        return [RowResult(None, result.errors) for result in results]
    return results
