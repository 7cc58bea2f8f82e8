"""GraphQL mirrors of domain error codes that no mutation reports yet.

Every value of every domain error code has a member in the schema (a test walks them all:
``tests/graphql/core/test_error_codes.py``), so that an error crossing into another domain's
payload can be shown as itself wherever its domain's enum is used. The catalogue and the
inventory have no mutations yet; their enums are Saleor's and are listed in the schema now
(``graphql_schema/schema.py``). When their mutations arrive, the mirrors move beside them.
"""

from __future__ import annotations

from typing import Any

from graphql_schema.core.errors import graphql_enum
from storefront.catalog.error_codes import ProductErrorCode
from storefront.inventory.error_codes import StockErrorCode
from storefront.shipping.error_codes import ShippingErrorCode

ProductErrorCodeEnum = graphql_enum(
    ProductErrorCode,
    name="ProductErrorCode",
    # Saleor's value, kept so the enum stays Saleor's; Asal has no preorders.
    deprecated={"PREORDER_VARIANT_CANNOT_BE_DEACTIVATED": "Asal has no preorders."},
)
StockErrorCodeEnum = graphql_enum(StockErrorCode, name="StockErrorCode")
ShippingErrorCodeEnum = graphql_enum(ShippingErrorCode, name="ShippingErrorCode")

UNREPORTED_ERROR_CODE_ENUMS: tuple[Any, ...] = (
    ProductErrorCodeEnum,
    StockErrorCodeEnum,
    ShippingErrorCodeEnum,
)
