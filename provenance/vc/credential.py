"""Small readers of a credential's shape shared by the verifier and the status checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """The issuer's id: VC DM 2.0 allows either a URL or an object with an ``id``."""
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def types_of(value: Mapping[str, Any]) -> list[Any]:
    """``type`` as a list, whether written as one string or several."""
    types = value.get("type")
    return types if isinstance(types, list) else [types]
