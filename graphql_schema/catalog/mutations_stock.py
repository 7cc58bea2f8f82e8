"""Saleor's ``productVariantStocksCreate``, ``productVariantStocksUpdate`` and
``productVariantStocksDelete`` (``MANAGE_PRODUCTS``): thin, the rules are in
``storefront.inventory.staff_stocks``.
"""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import row, rows, stock_quantities
from graphql_schema.catalog.mutation_inputs import StockInput
from graphql_schema.catalog.mutations_products import catalogue_mutation
from graphql_schema.catalog.nodes import variant_node
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.auth import request_actor
from graphql_schema.core.error_codes import ProductErrorCodeEnum, StockErrorCodeEnum
from graphql_schema.core.errors import returns_errors
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.inventory.error_codes import StockError as StockDomainError
from storefront.inventory.models import Warehouse
from storefront.inventory.staff_stocks import staff_stocks_delete, staff_stocks_set

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.type(description="Represents errors in stock mutations of many rows.")
class BulkStockError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProductErrorCodeEnum = strawberry.field(description="The error code.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )
    index: int | None = strawberry.field(
        default=None, description="Index of an input list item that caused the error."
    )


@strawberry.type(description="Represents errors in stock mutations.")
class StockError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: StockErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type
class _BulkStockPayload:
    product_variant: ProductVariant | None = None
    errors: list[BulkStockError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def bulk_stock_errors(self) -> list[BulkStockError]:
        return self.errors


@strawberry.type(description="Creates stocks for product variant.")
class ProductVariantStocksCreate(_BulkStockPayload):
    pass


@strawberry.type(description="Updates stocks for product variant.")
class ProductVariantStocksUpdate(_BulkStockPayload):
    pass


@strawberry.type(description="Deletes stocks from product variant.")
class ProductVariantStocksDelete:
    product_variant: ProductVariant | None = None
    errors: list[StockError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def stock_errors(self) -> list[StockError]:
        return self.errors


def _variant(variant_id: strawberry.ID | None, sku: str | None) -> models.ProductVariant:
    if (variant_id is None) == (sku is None):
        raise CatalogError(ProductErrorCode.GRAPHQL_ERROR, "Give exactly one of 'variantId' and 'sku'.")
    if variant_id is not None:
        return row(models.ProductVariant, variant_id, type_name="ProductVariant", field="variantId")
    found = models.ProductVariant.objects.filter(sku=sku).first()
    if found is None:
        raise CatalogError(ProductErrorCode.NOT_FOUND, "No product variant has this SKU.", field="sku")
    return found


_Stocks = Annotated[
    list[StockInput], strawberry.argument(description="Input list of stocks to create or update.")
]
_Sku = Annotated[
    str | None, strawberry.argument(description="SKU of product variant for which stocks will be changed.")
]


@strawberry.type
class StockMutations:
    @catalogue_mutation("Creates stocks for product variant.")
    @returns_errors(ProductVariantStocksCreate, BulkStockError, StockDomainError, CatalogError)
    def product_variant_stocks_create(
        self,
        info: Info,
        stocks: _Stocks,
        variant_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="ID of a product variant for which stocks will be created."),
        ],
    ) -> ProductVariantStocksCreate | None:
        variant = staff_stocks_set(
            actor=request_actor(info),
            variant=_variant(variant_id, None),
            stocks=stock_quantities(stocks),
            creating=True,
        )
        return ProductVariantStocksCreate(
            product_variant=cast(ProductVariant, variant_node(info, variant, None))
        )

    @catalogue_mutation("Updates stocks for product variant.")
    @returns_errors(ProductVariantStocksUpdate, BulkStockError, StockDomainError, CatalogError)
    def product_variant_stocks_update(
        self,
        info: Info,
        stocks: _Stocks,
        variant_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="ID of a product variant for which stocks will be updated."),
        ] = None,
        sku: _Sku = None,
    ) -> ProductVariantStocksUpdate | None:
        variant = staff_stocks_set(
            actor=request_actor(info),
            variant=_variant(variant_id, sku),
            stocks=stock_quantities(stocks),
            creating=False,
        )
        return ProductVariantStocksUpdate(
            product_variant=cast(ProductVariant, variant_node(info, variant, None))
        )

    @catalogue_mutation("Deletes stocks from product variant.")
    @returns_errors(ProductVariantStocksDelete, StockError, StockDomainError, CatalogError)
    def product_variant_stocks_delete(
        self,
        info: Info,
        variant_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="ID of product variant for which stocks will be deleted."),
        ] = None,
        sku: _Sku = None,
        warehouse_ids: Annotated[
            list[strawberry.ID] | None, strawberry.argument(description="Input list of warehouse IDs.")
        ] = None,
    ) -> ProductVariantStocksDelete | None:
        variant = _variant(variant_id, sku)
        warehouses = rows(Warehouse, warehouse_ids, type_name="Warehouse", field="warehouseIds")
        variant = staff_stocks_delete(actor=request_actor(info), variant=variant, warehouses=warehouses)
        return ProductVariantStocksDelete(
            product_variant=cast(ProductVariant, variant_node(info, variant, None))
        )
