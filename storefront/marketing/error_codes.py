"""The campaign mutations' errors (Asal's own: Saleor has no campaigns)."""

from __future__ import annotations

from enum import StrEnum

from storefront.core.errors import DomainError


class CampaignErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"


class CampaignError(DomainError):
    """An expected campaign failure (a taken slug, dates the wrong way round, a missing target…)."""
