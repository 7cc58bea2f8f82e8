"""Failure-counting rate limits in Django's cache (Redis in production: shared by every worker).

A scope counts failures per key within a window; once the limit is reached the key is
refused for the rest of the window, even for a correct attempt. Keys are hashed so a
cache dump lists no e-mail addresses, IPs or serials.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class FailureLimit:
    scope: str
    limit: int
    window_seconds: int

    def _key(self, key: str) -> str:
        return f"ratelimit:{self.scope}:{hashlib.sha256(key.encode()).hexdigest()}"

    def blocked(self, key: str) -> bool:
        count = cache.get(self._key(key))
        return count is not None and count >= self.limit

    def record_failure(self, key: str) -> int:
        """Count one failure; the window starts at the first one (``add`` is atomic, then ``incr``)."""
        cache_key = self._key(key)
        if cache.add(cache_key, 1, timeout=self.window_seconds):
            return 1
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=self.window_seconds)
            return 1

    def clear(self, key: str) -> None:
        cache.delete(self._key(key))
