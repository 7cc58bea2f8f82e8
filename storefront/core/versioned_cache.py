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

``catalogue_cache`` is the namespace of public catalogue GraphQL responses
(``graphql_schema.core.response_cache``). It is one generation for the whole catalogue, not one
per channel: products, variants, categories, attributes, translations and media are shared by
every channel, so most writes would have to bump every channel anyway, and a write cannot always
tell which channels a response read (a product without a channel argument, a listing's filters).
Kept counts of filtered lists (``CATALOGUE_COUNT_SECONDS``) live in the same generation, so it is
kept, and bumped, while either is on. ``catalogue_changed()`` bumps it; it is called from every
catalogue and channel write (``catalogue_signals_connect`` for ``save``/``delete`` of those apps'
models, explicit calls where a service writes with ``QuerySet.update`` or ``bulk_create``, which
send no signals).

Stock is a generation of its own (``stock_cache``, bumped by ``stock_changed()``): stock rows,
reservations and allocations change with every buyer's cart and order, the rest of the
catalogue rarely. What can show stock (a cached response selecting ``quantityAvailable``, a kept
count of a list filtered by stock) is kept under both generations and forgotten by either; the
rest only under the catalogue's, so a reservation leaves it cached. ``catalogue_changed()`` still
forgets everything, stock-dependent entries included.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

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

    def version(self) -> str:
        """The namespace's current version: a token that changes at every ``invalidate()``."""
        return self._version()

    def _version(self) -> str:
        version = cache.get(self._version_key)
        if version is None:
            cache.add(self._version_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self._version_key)
        return str(version)

    def get_or_load(self, key: str, load: Callable[[], T]) -> T:
        """The cached value of ``key``, or ``load()``'s, stored for the next reader."""
        full_key = self._full_key(key)
        value = cache.get(full_key)
        if value is None:
            value = load()
            cache.set(full_key, value, timeout=self.timeout)
        return value  # type: ignore[no-any-return]

    def get(self, key: str) -> object | None:
        """The value stored under ``key`` at the namespace's current version, or None."""
        return cache.get(self._full_key(key))  # type: ignore[no-any-return]

    def set(self, key: str, value: object, *, timeout: int | None = None) -> None:
        """Store ``value`` under ``key`` at the current version (``get`` after ``set`` sees it)."""
        cache.set(self._full_key(key), value, timeout=self.timeout if timeout is None else timeout)

    def _full_key(self, key: str) -> str:
        return f"versioned:{self.namespace}:{self._version()}:{key}"

    def invalidate(self) -> None:
        """Forget every key of the namespace now and again when the current transaction commits."""
        self._bump()
        transaction.on_commit(self._bump)

    def forget_now(self) -> None:
        """Forget every key now, with no transaction hook (a test that starts afresh)."""
        self._bump()

    def _bump(self) -> None:
        cache.set(self._version_key, uuid.uuid4().hex, timeout=None)


catalogue_cache = VersionedCache("catalogue")
# Only its version is used: the stock generation, part of the key (or the stored entry) of what can
# show stock, so ``stock_changed()`` forgets those and nothing else.
stock_cache = VersionedCache("stock")

# The apps whose rows a public catalogue response may show: products, variants, listings, prices,
# media, attributes, translations, categories, collections, makers (catalog); channels;
# warehouses, stocks and reservations (inventory: quantityAvailable, isAvailable); makers, origins,
# materials, techniques (origins) and lots (certificates) shown on a product.
CATALOGUE_APP_LABELS = frozenset({"catalog", "channels", "inventory", "origins", "certificates"})
# Of those, the models whose writes are stock-only (a buyer's reservation, an order's allocation,
# a staff stock count): they bump the stock generation, not the catalogue's. Warehouses (names,
# addresses, channels) stay catalogue writes: rare, and read by more than stock fields.
STOCK_MODEL_LABELS = frozenset({"inventory.Stock", "inventory.Reservation"})


def catalogue_generation_kept() -> bool:
    """Whether anything is kept for the catalogue's generation, so writes must bump it: cached
    responses (``RESPONSE_CACHE_SECONDS``) or kept counts (``CATALOGUE_COUNT_SECONDS``)."""
    from django.conf import settings

    return bool(
        getattr(settings, "RESPONSE_CACHE_SECONDS", 0) or getattr(settings, "CATALOGUE_COUNT_SECONDS", 0)
    )


def catalogue_cached(
    key: str,
    load: Callable[[], T],
    *,
    seconds: int | None = None,
    fresh: Callable[[T], bool] | None = None,
    stock: bool = False,
) -> T:
    """``load()``'s value kept until the next catalogue write, while the catalogue's generation is
    kept (``catalogue_changed`` bumps it); ``load()`` otherwise.

    For small facts derived from the catalogue and read on every listing request: the category
    tree, a filtered list's count (``storefront.catalog.sql.CountOf``). Kept at most ``seconds``
    (by default as long as anything is kept for the generation: ``RESPONSE_CACHE_SECONDS`` or
    ``CATALOGUE_COUNT_SECONDS``, whichever is longer; 0 keeps nothing): for what changes only by
    a write. ``fresh``, when given, tells whether a kept value still holds (a count kept until the
    next scheduled publication); one that does not is loaded and kept again. ``stock``: the value
    reads stock rows or reservations, so it is kept for the stock generation too (``stock_changed``
    forgets it).
    """
    from django.conf import settings

    if seconds is None:
        seconds = max(
            int(getattr(settings, "RESPONSE_CACHE_SECONDS", 0) or 0),
            int(getattr(settings, "CATALOGUE_COUNT_SECONDS", 0) or 0),
        )
    if not seconds or not catalogue_generation_kept():
        return load()
    # The stock generation is read before loading: a stock write meanwhile leaves the value under
    # the generation it may have missed, never under the next one.
    full_key = f"derived:stock:{stock_cache.version()}:{key}" if stock else f"derived:{key}"
    found = catalogue_cache.get(full_key)
    if found is not None and (fresh is None or fresh(cast(T, found))):
        return cast(T, found)
    value = load()
    catalogue_cache.set(full_key, value, timeout=seconds)
    return value


def catalogue_changed() -> None:
    """Forget every cached public catalogue response, now and when the transaction commits.

    Nothing to forget while nothing is kept for the generation (``catalogue_generation_kept``).
    """
    if catalogue_generation_kept():
        catalogue_cache.invalidate()


def stock_changed() -> None:
    """Forget what can show stock (``stock_cache``'s generation), now and when the transaction
    commits: a stock-only write (reservations, allocations, stock quantities). The rest of the
    catalogue's cached responses and kept counts stay. Nothing to do while nothing is kept."""
    if catalogue_generation_kept():
        stock_cache.invalidate()


def stock_generation() -> str:
    """The stock generation now: read it before reading stock, and keep what was read under it."""
    return stock_cache.version()


def _catalogue_model_changed(sender: type, **kwargs: object) -> None:
    catalogue_changed()


def _stock_model_changed(sender: type, **kwargs: object) -> None:
    stock_changed()


def catalogue_signals_connect() -> None:
    """Bump the catalogue on every ``save``/``delete``/m2m change of the catalogue apps' models
    (the stock generation instead for ``STOCK_MODEL_LABELS``).

    The safety net under the explicit ``catalogue_changed()`` calls: it catches every write through
    a model instance, but not ``QuerySet.update``/``bulk_create`` (no signals), which is why the
    services writing that way call ``catalogue_changed()`` themselves.

    Connected per model, not for every sender: a listener keeps Django from fast-deleting a
    model's rows, which should cost only these tables.
    """
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in sorted(CATALOGUE_APP_LABELS):
        for model in apps.get_app_config(label).get_models():
            stock_only = model._meta.label in STOCK_MODEL_LABELS
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    _stock_model_changed if stock_only else _catalogue_model_changed,
                    sender=model,
                    dispatch_uid=f"catalogue-{name}-{model._meta.label}",
                )
            for field in model._meta.local_many_to_many:
                through: Any = field.remote_field.through  # type: ignore[union-attr]
                m2m_changed.connect(
                    _stock_model_changed if stock_only else _catalogue_model_changed,
                    sender=through,
                    dispatch_uid=f"catalogue-m2m-{through._meta.label}",
                )
