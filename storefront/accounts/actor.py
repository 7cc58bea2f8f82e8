"""Who performs a write: a staff member or buyer, an app, or the system itself.

Every service that changes shop data on someone's behalf takes an ``actor`` and records it
in the audit log inside its own transaction (``storefront/accounts/audit.py``), whatever
called it: the API, the admin, a webhook, a Celery task or a management command.

- The API builds it from the authenticated request (``Actor.of(user=..., app=...)``).
- Management commands, background jobs and the demo loader pass ``Actor.system()``.

An anonymous caller (a buyer claiming a piece from its public page) is no user and no app,
which the audit log records like the system: nobody it could name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storefront.accounts.models import App, User


@dataclass(frozen=True)
class Actor:
    """The user or the app acting (at most one of them); neither for the system."""

    user: User | None = None
    app: App | None = None

    def __post_init__(self) -> None:
        if self.user is not None and self.app is not None:
            raise ValueError("An actor is a user or an app, not both.")

    @classmethod
    def system(cls) -> Actor:
        """No person and no app: a management command, a scheduled job, the demo loader."""
        return cls()

    @classmethod
    def of(cls, *, user: Any = None, app: App | None = None) -> Actor:
        """The actor of a request: an anonymous or unauthenticated ``user`` counts as nobody."""
        authenticated = user if getattr(user, "is_authenticated", False) else None
        return cls(user=authenticated, app=app if authenticated is None else None)

    @property
    def is_system(self) -> bool:
        return self.user is None and self.app is None
