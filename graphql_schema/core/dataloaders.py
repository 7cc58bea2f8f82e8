"""Per-request batch loading for a synchronous schema.

The endpoint runs synchronously (Django's ORM is sync), so strawberry's async ``DataLoader``
cannot be awaited, and graphql-core completes one object's whole subtree before it starts the
next object of a list. Batching therefore works with *peers*: every node that enters the graph
(a page of products, the variants a loader fetched, the categories of a page) is registered for
the request under its kind and scope; the first child field that misses in a ``Loader`` loads
that child for every registered peer at once. A page costs the same number of queries whatever
its size, and a node reached any other way (through a checkout line, an order line, a foreign
key) is batched with the nodes of its kind and scope that are already known.

A loader is keyed explicitly by its ``Loader`` object and a ``Scope`` (the channel and whether the
caller sees unpublished data), never by a name assembled by hand. Everything lives in the
request's context and dies with it: nothing is shared between requests or processes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from types import FunctionType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import Model
from strawberry.types import Info

if TYPE_CHECKING:
    from storefront.channels.models import Channel

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Scope:
    """What a loaded value depends on besides its key: the channel, and whether the caller is staff.

    ``channel`` is ``None`` for data that depends on no channel (categories, attributes,
    translations) and for staff browsing without one.
    """

    channel: Channel | None
    staff: bool


UNSCOPED = Scope(channel=None, staff=False)
"""The scope of loads that depend neither on the channel nor on the caller."""


class BatchLoader(Generic[K, V]):
    """One request's cache of one ``Loader`` in one scope: load a key plus every unloaded peer."""

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


def peers(info: Info, kind: Hashable, scope: Scope = UNSCOPED) -> dict[Any, Any]:
    """The request's registered peers of ``kind`` in ``scope``: key -> object (or ``None``).

    ``kind`` is a model class (keys are pks, values the instances) or a module-level marker for
    other keys (the storage names of the images on the page). Insertion-ordered.
    """
    by_scope: dict[Scope, dict[Any, Any]] = info.context.peers.setdefault(kind, {})
    found = by_scope.get(scope)
    if found is None:
        found = by_scope[scope] = {}
    return found


def peers_in_any_scope(info: Info, kind: Hashable) -> dict[Any, Any]:
    """Every registered peer of ``kind`` whatever its scope (for loads that depend on no channel)."""
    by_scope: dict[Scope, dict[Any, Any]] = info.context.peers.get(kind, {})
    if len(by_scope) == 1:
        return next(iter(by_scope.values()))
    merged: dict[Any, Any] = {}
    for found in by_scope.values():
        merged.update(found)
    return merged


def register(info: Info, kind: type[Model], objects: Iterable[Model], scope: Scope = UNSCOPED) -> None:
    """Register model instances as peers of ``kind`` in ``scope``: loads of their children batch them."""
    found = peers(info, kind, scope)
    for obj in objects:
        found[obj.pk] = obj


def register_keys(info: Info, kind: Hashable, keys: Iterable[Any], scope: Scope = UNSCOPED) -> None:
    """Register plain keys (not model instances) as peers of a marker ``kind``."""
    found = peers(info, kind, scope)
    for key in keys:
        if key is not None and key != "":
            found[key] = None


PeerKeys = Callable[[Info, "Scope"], Iterable[Any]]


def foreign_keys(*sources: tuple[type[Model], str]) -> PeerKeys:
    """Peers of a by-id loader: the values of ``attname`` on every registered ``model`` instance.

    ``foreign_keys((Product, "category_id"), (Category, "parent_id"))`` makes a category loader
    fetch the categories of every product and the parents of every category known so far.
    """

    def keys(info: Info, _scope: Scope) -> list[Any]:
        found: dict[Any, None] = {}
        for model, attname in sources:
            for obj in peers_in_any_scope(info, model).values():
                value = getattr(obj, attname, None)
                if value is not None:
                    found[value] = None
        return list(found)

    return keys


class Loader(Generic[K, V]):
    """A kind of batch load, defined once at module level.

    ``batch(info, scope, keys)`` answers many keys in one query; a key it does not answer gets
    ``default()``. With ``peers`` (a model class or marker), a miss also loads every key
    registered under that kind in the same scope (see ``register``); ``peers`` may also be a
    function of the request and scope (``foreign_keys``). A ``channel_free`` loader (its data
    depends on no channel: media, categories, translations) has one cache per request and
    batches the peers of every scope.
    """

    def __init__(
        self,
        name: str,
        batch: Callable[[Info, Scope, list[K]], Mapping[K, V]],
        *,
        default: Callable[[], V],
        peers: Hashable | PeerKeys | None = None,
        channel_free: bool = False,
    ) -> None:
        self.name = name  # for humans reading a debugger, never a cache key
        self._batch = batch
        self._default = default
        self._peers = peers
        self._channel_free = channel_free

    def __repr__(self) -> str:
        return f"Loader({self.name!r})"

    def _get(self, info: Info, scope: Scope) -> BatchLoader[K, V]:
        if self._channel_free:
            scope = UNSCOPED
        cache: dict[tuple[Loader[Any, Any], Scope], BatchLoader[Any, Any]] = info.context.loaders
        found = cache.get((self, scope))
        if found is None:
            kind = self._peers
            peer_keys: Callable[[], Iterable[K]] | None = None
            if isinstance(kind, FunctionType):
                peer_keys = lambda: kind(info, scope)  # noqa: E731
            elif kind is not None and self._channel_free:
                peer_keys = lambda: peers_in_any_scope(info, kind).keys()  # noqa: E731
            elif kind is not None:
                peer_keys = lambda: peers(info, kind, scope).keys()  # noqa: E731
            found = BatchLoader(
                lambda keys: self._batch(info, scope, keys), default=self._default, peers=peer_keys
            )
            cache[(self, scope)] = found
        return found

    def load(self, info: Info, key: K, scope: Scope = UNSCOPED) -> V:
        return self._get(info, scope).load(key)

    def prime(self, info: Info, key: K, value: V, scope: Scope = UNSCOPED) -> None:
        self._get(info, scope).prime(key, value)

    def has(self, info: Info, key: K, scope: Scope = UNSCOPED) -> bool:
        return self._get(info, scope).has(key)
