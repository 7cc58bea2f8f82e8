"""Failure-counting rate limits in Django's cache (Redis in production: shared by every worker).

A scope counts failures per key within a window that starts at the first failure. The failure
that reaches the limit locks the key out for a whole window from then on (even a correct attempt
is refused), and the lock's end is stored so a refusal can say how long to wait
(:meth:`FailureLimit.retry_after`). Keys are hashed so a cache dump lists no e-mail addresses,
IPs or serials.

This is the project's one mechanism for bounding guesses: login and password-reset attempts
(``storefront.accounts.throttle``) and ownership-claim secrets (``provenance.certificates.claims``)
all count through it.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class FailureLimit:
    scope: str
    limit: int
    window_seconds: int

    def _key(self, key: str) -> str:
        return f"ratelimit:{self.scope}:{hashlib.sha256(key.encode()).hexdigest()}"

    def _until_key(self, key: str) -> str:
        return f"{self._key(key)}:until"

    def blocked(self, key: str) -> bool:
        count = cache.get(self._key(key))
        return count is not None and count >= self.limit

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (at least 1 while locked out); 0 when it is not."""
        if not self.blocked(key):
            return 0
        until = cache.get(self._until_key(key))
        if until is None:  # the count outlived its marker (a cache eviction): a whole window
            return self.window_seconds
        return max(1, math.ceil(until - time.time()))

    def record_failure(self, key: str) -> int:
        """Count one failure; the window starts at the first one (``add`` is atomic, then ``incr``).

        At the limit (and past it) the count and the lock-out marker are kept for a full window
        from this failure, so a lock-out always lasts ``window_seconds``.
        """
        cache_key = self._key(key)
        if cache.add(cache_key, 1, timeout=self.window_seconds):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # expired between add() and incr()
                cache.add(cache_key, 1, timeout=self.window_seconds)
                count = 1
        if count >= self.limit:
            cache.touch(cache_key, self.window_seconds)
            cache.set(self._until_key(key), time.time() + self.window_seconds, timeout=self.window_seconds)
        return count

    def clear(self, key: str) -> None:
        cache.delete_many([self._key(key), self._until_key(key)])
