"""Shipping error codes: Saleor's ``ShippingErrorCode`` values."""

from enum import StrEnum

from storefront.core.errors import DomainError


class ShippingErrorCode(StrEnum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    MAX_LESS_THAN_MIN = "MAX_LESS_THAN_MIN"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"


class ShippingError(DomainError):
    """An expected shipping failure (a malformed restriction row...); ``row`` names the input row."""
