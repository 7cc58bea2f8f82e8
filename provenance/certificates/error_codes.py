"""Provenance error codes."""

from enum import StrEnum

from storefront.core.errors import DomainError


class ProvenanceErrorCode(StrEnum):
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    ALREADY_REVOKED = "ALREADY_REVOKED"
    NOT_SUSPENDED = "NOT_SUSPENDED"
    INVALID_CLAIM_SECRET = "INVALID_CLAIM_SECRET"
    ALREADY_CLAIMED = "ALREADY_CLAIMED"
    NOT_CLAIMABLE = "NOT_CLAIMABLE"
    RATE_LIMITED = "RATE_LIMITED"
    NO_SIGNING_KEY = "NO_SIGNING_KEY"
    BROKEN_CHAIN = "BROKEN_CHAIN"


class ProvenanceError(DomainError):
    """An expected provenance failure (unknown serial, used claim secret, no signing key…)."""
