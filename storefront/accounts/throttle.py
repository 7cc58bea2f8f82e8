"""Login throttling: failed password attempts counted per (e-mail, address) and per address.

Two limits, both counted by the kernel's :class:`~storefront.core.ratelimit.FailureLimit` in
Django's cache (shared by every worker: Redis in production and tests; keys are digests, so
cache dumps do not list who tried to log in):

- per (e-mail, client address): ``MAX_FAILED_ATTEMPTS`` wrong passwords for one account from one
  address lock that pair out. Guessing one account's password stays slow, and nobody elsewhere
  can lock its owner out, since the owner's own address keeps its own count.
- per client address: ``MAX_FAILED_ATTEMPTS_PER_ADDRESS`` failures across any e-mails lock the
  address out. Without it one address could try a few passwords against every account in turn
  (password spraying), and make the server hash a password for each try.

A lockout runs for ``WINDOW_SECONDS`` from the failure that reached the limit and stores its end,
so the refusal says how long to wait. A locked-out attempt is refused before any password is
hashed. A successful login clears its pair only: the address's count is not the account's to
forgive (otherwise one valid account would reset an attacker's budget for all the others).
The address is the API's ``client_address`` (``storefront.core.http``), which a client cannot choose.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.core.cache import cache

from storefront.core.ratelimit import FailureLimit

MAX_FAILED_ATTEMPTS = 5
MAX_FAILED_ATTEMPTS_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60

_PAIR_FAILURES = FailureLimit(
    scope="login-failures", limit=MAX_FAILED_ATTEMPTS, window_seconds=WINDOW_SECONDS
)
_ADDRESS_FAILURES = FailureLimit(
    scope="login-failures-address", limit=MAX_FAILED_ATTEMPTS_PER_ADDRESS, window_seconds=WINDOW_SECONDS
)


def _pair(email: str, ip_address: str) -> str:
    return f"{email.strip().lower()}|{ip_address}"


def _lockout_key(kind: str, key: str) -> str:
    return f"accounts:login-blocked:{kind}:{hashlib.sha256(key.encode()).hexdigest()}"


def _seconds_left(kind: str, key: str) -> int:
    blocked_until = cache.get(_lockout_key(kind, key))
    if blocked_until is None:
        return 0
    return max(1, math.ceil(blocked_until - time.time()))


def _lock_out(kind: str, key: str) -> None:
    cache.set(_lockout_key(kind, key), time.time() + WINDOW_SECONDS, timeout=WINDOW_SECONDS)


def login_blocked_seconds(*, email: str, ip_address: str) -> int:
    """Seconds until this e-mail may be tried again from this address; 0 when neither is locked out."""
    return max(_seconds_left("pair", _pair(email, ip_address)), _seconds_left("address", ip_address))


def login_failure_record(*, email: str, ip_address: str) -> int:
    """Count one failed attempt against the pair and the address; returns the pair's count."""
    pair = _pair(email, ip_address)
    failures = _PAIR_FAILURES.record_failure(pair)
    if failures >= MAX_FAILED_ATTEMPTS:
        _lock_out("pair", pair)
    if _ADDRESS_FAILURES.record_failure(ip_address) >= MAX_FAILED_ATTEMPTS_PER_ADDRESS:
        _lock_out("address", ip_address)
    return failures


def login_failures_clear(*, email: str, ip_address: str) -> None:
    """A successful login forgives its own pair's failures (not the address's: see above)."""
    pair = _pair(email, ip_address)
    _PAIR_FAILURES.clear(pair)
    cache.delete(_lockout_key("pair", pair))
