"""Authenticate a GraphQL request from its ``Authorization: Bearer`` header.

A JWT access token identifies a user; any other bearer value is looked up as an
app token. Placeholder until the accounts slice lands the token services.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def authenticate_request(request: HttpRequest) -> tuple[Any, Any]:
    """Return ``(user, app)``; either may be ``None``."""
    return None, None
