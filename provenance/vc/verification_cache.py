"""What a verifier may remember between credentials: resolved keys and checked status lists.

Resolving the issuer's DID document and verifying and inflating a status list
cost as much as the certificate's own check, and they are the same for every
certificate of one shop. The caller owns a :class:`VerificationCache` (one per
worker, say) and passes it in; nothing is cached behind its back. Entries expire
after ``max_age`` seconds so a key retired from the DID document, or a newly
revoked certificate in a re-fetched list, is seen soon after.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ResolvedMethod:
    public_key: Ed25519PublicKey
    method: Mapping[str, Any]
    document: Mapping[str, Any]


class _Expiring(Generic[T]):
    def __init__(self, *, max_age: float, max_entries: int, clock: Callable[[], float]) -> None:
        self._entries: dict[Hashable, tuple[float, T]] = {}
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock

    def get(self, key: Hashable) -> T | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry[0] > self._max_age:
            del self._entries[key]
            return None
        return entry[1]

    def put(self, key: Hashable, value: T) -> None:
        if len(self._entries) >= self._max_entries:
            self._entries.clear()
        self._entries[key] = (self._clock(), value)


class VerificationCache:
    """Resolved verification methods and verified status lists, each for ``max_age`` seconds."""

    def __init__(
        self, *, max_age: float = 300.0, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._methods: _Expiring[ResolvedMethod] = _Expiring(
            max_age=max_age, max_entries=max_entries, clock=clock
        )
        self._status_lists: _Expiring[Any] = _Expiring(max_age=max_age, max_entries=max_entries, clock=clock)

    def method(self, method_id: str) -> ResolvedMethod | None:
        return self._methods.get(method_id)

    def remember_method(self, method_id: str, resolved: ResolvedMethod) -> None:
        self._methods.put(method_id, resolved)

    def status_list(self, key: Hashable) -> Any:
        return self._status_lists.get(key)

    def remember_status_list(self, key: Hashable, state: Any) -> None:
        self._status_lists.put(key, state)
