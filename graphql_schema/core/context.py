"""Per-request context: who is calling (user or app) and the request's dataloaders."""

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
    loaders: dict[str, Any] = field(default_factory=dict)

    def loader(self, key: str, factory: Any) -> Any:
        """Return this request's dataloader for ``key``, creating it once."""
        if key not in self.loaders:
            self.loaders[key] = factory()
        return self.loaders[key]
