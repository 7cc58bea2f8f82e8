"""Login throttling: failed password attempts counted per (e-mail, IP address) in Django's cache.

The failures are counted by the kernel's :class:`~storefront.core.ratelimit.FailureLimit`: the
cache is shared by every worker (Redis in production and tests), so the limit holds across
processes, and its keys are digests, so cache dumps do not list who tried to log in. Once
``MAX_FAILED_ATTEMPTS`` failures land within ``WINDOW_SECONDS``, the pair is locked out for
``WINDOW_SECONDS`` from that failure, even with the right password, and the lockout knows when it
ends so the caller can say how long to wait; a successful login clears both.
The IP address is the socket peer (``REMOTE_ADDR``): a header such as
``X-Forwarded-For`` is set by the client and would let an attacker pick a new IP per
guess, so a deployment behind a proxy must have its server rewrite ``REMOTE_ADDR``
(e.g. uvicorn ``--proxy-headers`` with ``--forwarded-allow-ips``).
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache

from storefront.core.ratelimit import FailureLimit

MAX_FAILED_ATTEMPTS = 5
WINDOW_SECONDS = 15 * 60

_FAILURES = FailureLimit(scope="login-failures", limit=MAX_FAILED_ATTEMPTS, window_seconds=WINDOW_SECONDS)


def _pair(email: str, ip_address: str) -> str:
    return f"{email.strip().lower()}|{ip_address}"


def _lockout_key(pair: str) -> str:
    return f"accounts:login-blocked:{hashlib.sha256(pair.encode()).hexdigest()}"


def login_blocked_seconds(*, email: str, ip_address: str) -> int:
    """Seconds until the pair may try again; 0 when it is not blocked."""
    blocked_until = cache.get(_lockout_key(_pair(email, ip_address)))
    if blocked_until is None:
        return 0
    return max(1, math.ceil(blocked_until - time.time()))


def login_failure_record(*, email: str, ip_address: str) -> int:
    """Count one failed attempt and block the pair once it reaches the limit; returns the count."""
    pair = _pair(email, ip_address)
    failures = _FAILURES.record_failure(pair)
    if failures >= MAX_FAILED_ATTEMPTS:
        # The lockout runs from this failure (not from the window's first), and stores its end
        # so the refusal can tell the user how long to wait.
        cache.set(_lockout_key(pair), time.time() + WINDOW_SECONDS, timeout=WINDOW_SECONDS)
    return failures


def login_failures_clear(*, email: str, ip_address: str) -> None:
    pair = _pair(email, ip_address)
    _FAILURES.clear(pair)
    cache.delete(_lockout_key(pair))
