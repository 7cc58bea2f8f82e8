"""Inventory error codes: Saleor's ``StockErrorCode`` values plus ``INSUFFICIENT_STOCK``."""

from enum import StrEnum

from storefront.core.errors import DomainError


class StockErrorCode(StrEnum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"


class StockError(DomainError):
    """An expected stock failure (a quantity below what orders already hold…)."""


class WarehouseErrorCode(StrEnum):
    """Saleor's ``WarehouseErrorCode``: the warehouse mutations' errors."""

    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"


class WarehouseError(DomainError):
    """An expected warehouse failure (a taken slug, an invalid address, stock still held…)."""
