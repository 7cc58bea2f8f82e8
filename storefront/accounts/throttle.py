"""Login throttling: failed password attempts counted per (e-mail, IP address) in Django's cache.

The cache is shared by every worker (Redis in production and tests), so the limit
holds across processes. The counter is keyed by a digest of the pair, never the raw
address, so cache dumps do not list who tried to log in. Once ``MAX_FAILED_ATTEMPTS``
failures land within ``WINDOW_SECONDS``, every attempt for that pair is refused, even
with the right password, for ``WINDOW_SECONDS``; a successful login clears it.
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

MAX_FAILED_ATTEMPTS = 5
WINDOW_SECONDS = 15 * 60


def _key(kind: str, email: str, ip_address: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip_address}".encode()).hexdigest()
    return f"accounts:login-{kind}:{digest}"


def login_blocked_seconds(*, email: str, ip_address: str) -> int:
    """Seconds until the pair may try again; 0 when it is not blocked."""
    blocked_until = cache.get(_key("blocked", email, ip_address))
    if blocked_until is None:
        return 0
    return max(1, math.ceil(blocked_until - time.time()))


def login_failure_record(*, email: str, ip_address: str) -> int:
    """Count one failed attempt and block the pair once it reaches the limit; returns the count."""
    key = _key("failures", email, ip_address)
    # add() is a no-op when the key exists, so the window starts at the first failure
    # and incr() stays atomic across workers.
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        failures = 1
    else:
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=WINDOW_SECONDS)
            failures = 1
    if failures >= MAX_FAILED_ATTEMPTS:
        cache.set(_key("blocked", email, ip_address), time.time() + WINDOW_SECONDS, timeout=WINDOW_SECONDS)
    return failures


def login_failures_clear(*, email: str, ip_address: str) -> None:
    cache.delete_many([_key("failures", email, ip_address), _key("blocked", email, ip_address)])
