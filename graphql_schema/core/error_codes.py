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
from payments.error_codes import (
    PaymentGatewayInitializeErrorCode,
    TransactionInitializeErrorCode,
    TransactionProcessErrorCode,
    TransactionRequestActionErrorCode,
)
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

# The payments domain's codes, Saleor's TransactionInitializeErrorCode; the Transaction API reports them.
TransactionInitializeErrorCodeEnum = graphql_enum(
    TransactionInitializeErrorCode, name="TransactionInitializeErrorCode"
)
TransactionProcessErrorCodeEnum = graphql_enum(
    TransactionProcessErrorCode, name="TransactionProcessErrorCode"
)
TransactionRequestActionErrorCodeEnum = graphql_enum(
    TransactionRequestActionErrorCode, name="TransactionRequestActionErrorCode"
)
PaymentGatewayInitializeErrorCodeEnum = graphql_enum(
    PaymentGatewayInitializeErrorCode, name="PaymentGatewayInitializeErrorCode"
)

UNREPORTED_ERROR_CODE_ENUMS: tuple[Any, ...] = (
    TransactionInitializeErrorCodeEnum,
    TransactionProcessErrorCodeEnum,
    TransactionRequestActionErrorCodeEnum,
    PaymentGatewayInitializeErrorCodeEnum,
    ProductErrorCodeEnum,
    StockErrorCodeEnum,
    ShippingErrorCodeEnum,
)
