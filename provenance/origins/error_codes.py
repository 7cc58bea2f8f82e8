"""Error codes of the maker, producer group and origin (village) mutations."""

from enum import StrEnum

from storefront.core.errors import DomainError


class MakerErrorCode(StrEnum):
    CANNOT_DELETE = "CANNOT_DELETE"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"


class MakerError(DomainError):
    """An expected failure managing makers, producer groups or villages (a name missing, a slug
    taken, a maker whose certified pieces still name them)."""
