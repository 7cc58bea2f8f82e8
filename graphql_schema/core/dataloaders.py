"""Per-request batch loaders for a synchronous schema.

The endpoint runs synchronously (Django's ORM is sync), so strawberry's async ``DataLoader``
cannot be awaited. These loaders batch differently but to the same effect: the resolver that
produces a page of parents (``products(first: 100)``) puts them in a per-request *registry*
first; the first child field that misses loads the children of every registered parent in one
query. A page costs
the same number of queries whatever its size. Loaders live in ``info.context.loaders`` for one
request only, so nothing is shared between requests or processes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from strawberry.types import Info

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BatchLoader(Generic[K, V]):
    """Load values for keys in batches: the requested key plus every registered, unloaded key."""

    def __init__(
        self,
        batch: Callable[[list[K]], Mapping[K, V]],
        *,
        default: Callable[[], V],
        peers: Callable[[], Iterable[K]] | None = None,
    ) -> None:
        self._batch = batch
        self._default = default
        self._peers = peers
        self._cache: dict[K, V] = {}

    def prime(self, key: K, value: V) -> None:
        self._cache[key] = value

    def has(self, key: K) -> bool:
        """Whether ``key`` is answered already (loaded or primed), so ``load`` costs no query."""
        return key in self._cache

    def load(self, key: K) -> V:
        if key not in self._cache:
            keys = {key: None}
            if self._peers is not None:
                keys.update((peer, None) for peer in self._peers() if peer not in self._cache)
            found = self._batch(list(keys))
            for each in keys:
                self._cache[each] = found.get(each, self._default())
        return self._cache[key]


def loader(
    info: Info,
    name: str,
    batch: Callable[[list[Any]], Mapping[Any, Any]],
    *,
    default: Callable[[], Any] = lambda: None,
    peers: str | None = None,
) -> BatchLoader[Any, Any]:
    """This request's ``BatchLoader`` called ``name`` (created on first use).

    ``peers`` names a registry (see ``registry``): a miss also loads every key registered there.
    """
    peer_keys = (lambda: registry(info, peers).keys()) if peers else None
    return info.context.loader(name, lambda: BatchLoader(batch, default=default, peers=peer_keys))


def registry(info: Info, name: str) -> dict[Any, Any]:
    """A per-request dict of objects a resolver produced, keyed by pk (e.g. the products on a page)."""
    return info.context.loader(f"registry:{name}", dict)
