"""Saleor's order enums, mirrored from ``storefront.orders.choices`` (one source of values)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from graphql_schema.core.errors import graphql_enum
from storefront.orders import choices, error_codes


def _mirror(domain: type, name: str, description: str | None = None) -> Any:
    return graphql_enum(cast(type[StrEnum], domain), name=name, description=description)


if TYPE_CHECKING:
    # For the type checker the mirrors are the domain's own choices: same names, same values.
    OrderStatusEnum = choices.OrderStatus
    OrderOriginEnum = choices.OrderOrigin
    OrderChargeStatusEnum = choices.OrderChargeStatus
    OrderAuthorizeStatusEnum = choices.OrderAuthorizeStatus
    PaymentChargeStatusEnum = choices.PaymentChargeStatus
    OrderEventsEnum = choices.OrderEventType
    OrderEventsEmailsEnum = choices.OrderEmailType
    ImportVatCollectionEnum = choices.ImportVatCollection
else:
    OrderStatusEnum = _mirror(choices.OrderStatus, "OrderStatus")
    OrderOriginEnum = _mirror(choices.OrderOrigin, "OrderOriginEnum")
    OrderChargeStatusEnum = _mirror(choices.OrderChargeStatus, "OrderChargeStatusEnum")
    OrderAuthorizeStatusEnum = _mirror(choices.OrderAuthorizeStatus, "OrderAuthorizeStatusEnum")
    PaymentChargeStatusEnum = _mirror(choices.PaymentChargeStatus, "PaymentChargeStatusEnum")
    OrderEventsEnum = _mirror(choices.OrderEventType, "OrderEventsEnum", "The different order event types.")
    OrderEventsEmailsEnum = _mirror(choices.OrderEmailType, "OrderEventsEmailsEnum")
    ImportVatCollectionEnum = _mirror(
        choices.ImportVatCollection,
        "ImportVatCollectionEnum",
        "Who collects the destination's import VAT: the shop at checkout (IOSS and similar schemes) or "
        "the carrier at import.",
    )

# Granted refunds (graphql_schema/orders/granted_refunds.py).
OrderGrantedRefundStatusEnum = graphql_enum(
    cast(Any, choices.GrantedRefundStatus),
    name="OrderGrantedRefundStatusEnum",
    description="Represents the status of a granted refund.",
)
OrderGrantRefundCreateErrorCode = graphql_enum(
    error_codes.OrderGrantRefundCreateErrorCode, name="OrderGrantRefundCreateErrorCode"
)
OrderGrantRefundCreateLineErrorCode = graphql_enum(
    error_codes.OrderGrantRefundCreateLineErrorCode, name="OrderGrantRefundCreateLineErrorCode"
)
TransactionRequestRefundForGrantedRefundErrorCode = graphql_enum(
    error_codes.TransactionRequestRefundForGrantedRefundErrorCode,
    name="TransactionRequestRefundForGrantedRefundErrorCode",
)
