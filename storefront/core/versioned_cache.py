"""Small reference tables cached whole in Django's cache (Redis in production), invalidated by version.

A ``VersionedCache`` keeps every key of one namespace under the namespace's current version, a
random token stored in the cache itself; ``invalidate()`` draws a new token, so every key of the
namespace is forgotten at once without listing them (old entries expire on their own). It draws
one immediately and another when the surrounding transaction commits: the first makes this
connection's next read see its own write, the second drops anything another request loaded
between the write and the commit (it could only have seen the old rows).

A write that is rolled back after its own connection read and cached the uncommitted rows leaves
them cached until the next write or the timeout: nothing writes and reads these tables in one
transaction today, and tests start afresh (``tests/conftest.py``).

Only for rows read on every request and written rarely (shipping prices, tax tables): values are
pickled, so keep them small.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


class VersionedCache:
    """The keys of one namespace (``"shipping"``), forgotten together by ``invalidate()``."""

    def __init__(self, namespace: str, *, timeout: int = 3600) -> None:
        self.namespace = namespace
        self.timeout = timeout

    @property
    def _version_key(self) -> str:
        return f"versioned:{self.namespace}:version"

    def _version(self) -> str:
        version = cache.get(self._version_key)
        if version is None:
            cache.add(self._version_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self._version_key)
        return str(version)

    def get_or_load(self, key: str, load: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``load()``'s, stored for the next reader."""
        full_key = f"versioned:{self.namespace}:{self._version()}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = load()
            cache.set(full_key, value, timeout=self.timeout)
        return value  # type: ignore[no-any-return]

    def invalidate(self) -> None:
        """Forget every key of the namespace now and again when the current transaction commits."""
        self._bump()
        transaction.on_commit(self._bump)

    def forget_now(self) -> None:
        """Forget every key now, with no transaction hook (a test that starts afresh)."""
        self._bump()

    def _bump(self) -> None:
        cache.set(self._version_key, uuid.uuid4().hex, timeout=None)
