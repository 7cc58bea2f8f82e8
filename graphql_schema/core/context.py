"""Per-request context: who is calling (user or app), the request's loaders and their peers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass
class AsalContext:
    request: HttpRequest
    response: HttpResponse | None = None
    user: Any = None
    app: Any = None
    # Why the request's access token authenticated nobody: (Saleor's code, message), or None.
    token_problem: tuple[str, str] | None = None
    # ``graphql_schema.core.dataloaders``: batch loaders by (Loader, Scope), peers by kind and scope.
    loaders: dict[Any, Any] = field(default_factory=dict)
    peers: dict[Any, Any] = field(default_factory=dict)
    # Values computed once per request (the caller's staff flag, channels by slug, the verifier).
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, factory: Any) -> Any:
        """Return this request's value for ``key``, computing it with ``factory`` the first time."""
        if key not in self.memo:
            self.memo[key] = factory()
        return self.memo[key]
