"""The kernel's own expected failures: an uploaded file that is not an image the shop will store.

The codes carry Saleor's names for these failures (its ``ProductErrorCode`` has the same
members), so a domain that reports them under its own error class keeps the codes its API
already shows. Each domain decides which input field the failure belongs to.
"""

from enum import StrEnum

from storefront.core.errors import DomainError


class ImageErrorCode(StrEnum):
    FILE_SIZE_LIMIT_EXCEEDED = "FILE_SIZE_LIMIT_EXCEEDED"
    UNSUPPORTED_MIME_TYPE = "UNSUPPORTED_MIME_TYPE"
    INVALID_FILE_TYPE = "INVALID_FILE_TYPE"


class ImageError(DomainError):
    """Too many bytes or pixels, a declared non-image type, or bytes that are not a whole image."""


class MetadataErrorCode(StrEnum):
    """Saleor's ``MetadataErrorCode``."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    NOT_UPDATED = "NOT_UPDATED"


class MetadataError(DomainError):
    """A metadata key or value the shop will not store, or an object that carries none."""
