"""Discount error codes (Saleor's ``DiscountErrorCode``, ``GiftCardErrorCode`` and
``VoucherCodeBulkDeleteErrorCode`` values) and the discounts' domain errors."""

from enum import StrEnum

from storefront.core.errors import DomainError


class DiscountErrorCode(StrEnum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT = "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    VOUCHER_ALREADY_USED = "VOUCHER_ALREADY_USED"


class DiscountError(DomainError):
    """An expected failure of a voucher write; details: ``products``, ``channels`` (model
    instances), ``voucher_codes`` (strings)."""


class GiftCardErrorCode(StrEnum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    EXPIRED_GIFT_CARD = "EXPIRED_GIFT_CARD"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    CANNOT_ASSIGN = "CANNOT_ASSIGN"


class GiftCardError(DomainError):
    """An expected failure of a gift card write; details: ``tags``."""


class VoucherCodeBulkDeleteErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"


class VoucherCodeBulkDeleteError(DomainError):
    """An expected failure of ``voucherCodeBulkDelete``; details: ``voucher_codes`` (IDs)."""


class NotApplicable(DomainError):
    """A voucher or gift card that does not apply to a checkout; ``code`` is a ``CheckoutErrorCode``
    value (``VOUCHER_NOT_APPLICABLE``, ``GIFT_CARD_NOT_APPLICABLE``, ``INVALID``), which the
    checkout re-raises as its own error."""
