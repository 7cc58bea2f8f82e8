"""Assertions shared by the provenance API tests."""

from __future__ import annotations

from typing import Any


def denied(result: dict[str, Any]) -> bool:
    """True when the response is Saleor's PermissionDenied error."""
    return any(
        e.get("extensions", {}).get("exception", {}).get("code") == "PermissionDenied"
        for e in result.get("errors", [])
    )
