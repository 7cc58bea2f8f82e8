"""A portable JSON-array aggregate, so one row can carry a short list of related rows.

``JSON_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite (the embedded default): used as a
correlated subquery, it lets a page of products carry their makers, materials and techniques in
the same SQL statement instead of one more query per relation.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Aggregate, IntegerField, JSONField, QuerySet, Subquery
from django.utils import timezone

from storefront.core.versioned_cache import catalogue_cached

T = TypeVar("T")


class KeptShapes(OrderedDict[Any, Any]):
    """What is kept per statement shape in this process: at most ``limit`` shapes, the least
    recently used forgotten first.

    Shapes follow the documents clients send; a client inventing documents (other selections,
    page sizes, orders) cannot grow the process past the limit, and once it stops, the shapes
    buyers' documents use come back on their next request (a shape forgotten is only built again).
    """

    _MISSING = object()

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self._lock = threading.Lock()

    def found(self, key: Any) -> Any:
        """The value kept for ``key`` (now the most recently used), or ``KeptShapes._MISSING``."""
        with self._lock:
            value = super().get(key, self._MISSING)
            if value is not self._MISSING:
                self.move_to_end(key)
            return value

    def keep(self, key: Any, value: Any) -> None:
        with self._lock:
            self[key] = value
            self.move_to_end(key)
            while len(self) > self.limit:
                self.popitem(last=False)


class _AggregatedJSON(JSONField):
    """PostgreSQL's driver hands ``json`` back already decoded; SQLite hands back text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or isinstance(value, list | dict):
            return value
        return super().from_db_value(value, expression, connection)


class JSONArray(Aggregate):
    """Aggregate an expression (usually ``JSONObject(...)``) into a JSON array."""

    function = "JSON_AGG"
    output_field = _AggregatedJSON()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_list(value: Any) -> list[Any]:
    """Decode an aggregated JSON array (``None`` when no row matched) into a list."""
    if value is None:
        return []
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return list(value)


class CountOf(Subquery):
    """The number of rows of a queryset, as an uncorrelated scalar subquery of another statement.

    PostgreSQL evaluates it once per statement (an ``InitPlan``), so a page's statement can carry
    its list's total without a window over every row of the list (which computes the list whole
    before the ``LIMIT``).

    The count is kept for the catalogue's generation (``versioned_cache.catalogue_cached``) while
    responses are cached (``RESPONSE_CACHE_SECONDS``), and with ``uncached`` whether or not they
    are (for ``CATALOGUE_COUNT_SECONDS``): the statement then carries the number itself, and only
    the first request of a list (any page, any order: the counted query has none) after a
    catalogue write counts, in a statement of its own. Every catalogue write bumps the generation
    (``catalogue_changed``), and a count whose statement reads stock rows or reservations (a list
    filtered by stock availability) is kept for the stock generation too (``stock_changed``);
    what changes by the clock alone, a scheduled publication coming due,
    is covered by keeping the count only until the earliest publication date still to come when
    it was counted. The key is the counted statement with its parameters, the instant of the
    visibility test (``LISTING_NOW``) left out; a list whose statement holds any other date is not
    kept (a filter on "now" would never be asked twice).

    ``uncached`` is for statements built per request: a statement carrying a kept count is never
    prepared (``prepared``), and whether one is prepared follows the response cache alone, so a
    count riding in a statement prepared once per shape leaves ``uncached`` off and counts in its
    SQL while responses are not cached.
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS asal_counted)"
    output_field = IntegerField()

    def __init__(self, queryset: Any, *, uncached: bool = False, **extra: Any) -> None:
        super().__init__(queryset, **extra)
        self.uncached = uncached
        # The counted query as written, before an outer statement relabels its tables (``U0``…):
        # the key of its kept count, and its statement when counted alone, are the same whether
        # it rides in a page's statement or is asked for by itself (``kept_count``).
        self.counted = self.query.clone()

    def as_sql(self, compiler: Any, connection: Any, template: Any = None, **extra_context: Any) -> Any:
        kept = self.kept(connection)
        if kept is not None:
            if getattr(_preparing, "active", False):
                # A kept count changes with the catalogue: it must never be kept in a prepared
                # statement's parameters (``prepared``), so a statement carrying one is not prepared.
                raise _KeptCount
            return "%s", (kept,)
        return super().as_sql(compiler, connection, template, **extra_context)

    def kept(self, connection: Any) -> int | None:
        """The count kept for the catalogue's generation (counted now if not yet, or if a scheduled
        publication has come due since), or None when this list's count is not kept (kept counts
        and the response cache both off, or a date other than "now" in it)."""
        seconds = _count_seconds(uncached=self.uncached)
        if not seconds:
            return None
        sql, params = self.counted.get_compiler(connection=connection).as_sql()
        now = getattr(self.counted, LISTING_NOW, None)
        key = _count_key(sql, params, now, connection)
        if key is None:
            return None

        def count() -> tuple[int, datetime | None]:
            return _counted_now(sql, params, now, connection)

        def fresh(kept: tuple[int, datetime | None]) -> bool:
            until = kept[1]
            return until is None or now is None or now < until

        return catalogue_cached(key, count, seconds=seconds, fresh=fresh, stock=_reads_stock(sql))[0]


def _reads_stock(sql: str) -> bool:
    """Whether a counted statement reads stock rows or reservations (a ``stockAvailability``
    filter): its count is then kept for the stock generation too (``versioned_cache.stock_changed``
    forgets it). Decided from the statement itself, so no filter can be forgotten."""
    from django.apps import apps

    from storefront.core.versioned_cache import STOCK_MODEL_LABELS

    return any(f'"{apps.get_model(label)._meta.db_table}"' in sql for label in STOCK_MODEL_LABELS)


def _counted_now(sql: str, params: Any, now: datetime | None, connection: Any) -> tuple[int, datetime | None]:
    """The count of a compiled query's rows, and until when it holds by the clock (``CountOf``)."""
    with connection.cursor() as cursor:
        # ``sql`` is Django's compilation of the counted query, values as parameters.
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS asal_counted", params)  # noqa: S608
        counted = int(cursor.fetchone()[0])
    return counted, None if now is None else _next_publication(now, connection)


def counts_kept() -> bool:
    """Whether ``kept_count`` keeps counts (a list's count asked for apart is then not recounted)."""
    return _count_seconds(uncached=True) > 0


def _count_seconds(*, uncached: bool) -> int:
    """How long a count is kept for the catalogue's generation (0: counted every time)."""
    responses = int(getattr(settings, "RESPONSE_CACHE_SECONDS", 0) or 0)
    if not uncached:
        return responses
    return max(int(getattr(settings, "CATALOGUE_COUNT_SECONDS", 0) or 0), responses)


def _next_publication(now: datetime, connection: Any) -> datetime | None:
    """The earliest publication date after ``now`` of any published listing (any channel): until
    then no listing's visibility changes by the clock (``selectors.published_q``). Read through
    ``catalog_pcl_scheduled_idx`` (migration ``catalog.0010``): the first entry after ``now``."""
    from django.db.models import Min

    from storefront.catalog.models import ProductChannelListing

    found = (
        ProductChannelListing.objects.using(connection.alias)
        .filter(is_published=True, published_at__gt=now)
        .aggregate(until=Min("published_at"))
    )
    return found["until"]  # type: ignore[no-any-return]


def kept_until_publication(key: str, load: Callable[[], T], *, now: datetime, connection: Any) -> T | None:
    """``load()``'s value kept for the catalogue's generation as a kept count is (``counts_kept``,
    ``CATALOGUE_COUNT_SECONDS``), and only until the earliest publication date after ``now`` (a
    list read at ``now``); None when counts are not kept. ``key`` names everything the value
    depends on besides the catalogue and the instant (a buyer's search: its channel, order and
    terms; ``graphql_schema.core.relay.kept_order``)."""
    seconds = _count_seconds(uncached=True)
    if not seconds:
        return None

    def keep() -> tuple[T, datetime | None]:
        return load(), _next_publication(now, connection)

    def fresh(kept: tuple[T, datetime | None]) -> bool:
        return kept[1] is None or now < kept[1]

    digest = hashlib.sha256(key.encode()).hexdigest()
    return catalogue_cached(f"kept:{digest}", keep, seconds=seconds, fresh=fresh)[0]


# The key of a list's kept count per caller's key (``kept_count_for``): lists named by their
# values are few per catalogue, but a client can invent them, so the memo stops growing when full.
# (the kept count's key, whether the counted statement reads stock); least recently used forgotten.
_COUNT_KEYS = KeptShapes(4096)


def kept_count_for(key: Any, build: Any) -> int:
    """``kept_count(build())``, with ``build`` (a list's queryset) called only when needed.

    The key of the count kept for the catalogue's generation is learnt once per ``key``, which
    must name everything the counted statement depends on but the instant of its visibility test
    (the channel, who asks, the list's shape and values, categories already expanded): afterwards
    a list whose count is kept is neither built nor compiled again, only looked up, until a
    catalogue write (or a scheduled publication coming due) makes it count afresh. A list whose
    count is not kept (one holding another date, or counts off) is built and counted every time.
    """
    seconds = _count_seconds(uncached=True)
    known = _COUNT_KEYS.found(key) if seconds else KeptShapes._MISSING
    if known is KeptShapes._MISSING:
        counted = build().order_by()
        counting = CountOf(counted.values("pk"), uncached=True)
        connection = connections[counted.db]
        if seconds:
            sql, params = counting.counted.get_compiler(connection=connection).as_sql()
            now = getattr(counting.counted, LISTING_NOW, None)
            found = None if now is None else _count_key(sql, params, now, connection)
            if found is not None:
                _COUNT_KEYS.keep(key, (found, _reads_stock(sql)))
        kept = counting.kept(connection)
        return counted.count() if kept is None else kept
    now = timezone.now()

    def count() -> tuple[int, datetime | None]:
        counted = build().order_by()
        query = CountOf(counted.values("pk"), uncached=True).counted
        connection = connections[counted.db]
        sql, params = query.get_compiler(connection=connection).as_sql()
        return _counted_now(sql, params, getattr(query, LISTING_NOW, now), connection)

    def fresh(kept: tuple[int, datetime | None]) -> bool:
        until = kept[1]
        return until is None or now < until

    count_key, stock = cast(tuple[str, bool], known)
    return catalogue_cached(count_key, count, seconds=seconds, fresh=fresh, stock=stock)[0]  # type: ignore[no-any-return]


def kept_count(queryset: QuerySet[Any]) -> int:
    """``queryset.count()``, kept for the catalogue's generation as ``CountOf(uncached=True)``
    keeps it (a statement of its own is never prepared), under the same key: a list counted for
    its first page is not counted again for its ``last`` page, nor for a category's or
    collection's products; a catalogue write counts afresh."""
    counted = queryset.order_by()
    kept = CountOf(counted.values("pk"), uncached=True).kept(connections[counted.db])
    return counted.count() if kept is None else kept


# The attribute of a product query holding the instant its visibility was tested at
# (``selectors.product_list_for_channel``): every request has its own, so a kept count leaves it out.
LISTING_NOW = "asal_listing_now"


def _count_key(sql: str, params: Any, now: datetime | None, connection: Any) -> str | None:
    instants = set() if now is None else {now, connection.ops.adapt_datetimefield_value(now)}
    kept: list[Any] = []
    for param in params:
        if isinstance(param, str | date) and param in instants:
            kept.append("<now>")
        elif isinstance(param, datetime | date):
            return None
        else:
            kept.append(repr(param))
    digest = hashlib.sha256(json.dumps([sql, kept]).encode()).hexdigest()
    return f"counted:{digest}"


# --- statements prepared once per shape ------------------------------------------------------
#
# Django builds and compiles a queryset afresh on every evaluation: for the pages and batch loads
# of a storefront listing (annotations of correlated subqueries, filtered relations) that is most
# of the data side's Python time, although only the values differ between requests. ``prepared``
# builds and compiles a statement once per *shape* (the caller's key: everything that changes the
# SQL text) and afterwards runs the kept SQL with the request's values in the kept places.
#
# Where the values go is found, not declared: on the first request of a shape the statement is
# built twice, with the request's values and with decoys of the same shape (other integers,
# decimals, floats, strings, instants, lists of the same length; never equal to the request's
# value, which a client may choose), and compiled both times. The two compilations must have the
# same SQL text, and every parameter that differs between them must be a decoy standing where its
# value stood in the request's compilation; anything else (a value transformed on its way into
# the SQL, an instant read from the clock inside the builder, a list deduplicated) makes the shape
# unpreparable, and it is then built every time as before. The rows come through Django's own
# iterables (model instances, ``values()`` dicts) from the kept compiler, so they are exactly what
# evaluating the built queryset gives.


# Shapes kept per process (a key holds e.g. the number of ids, the selected fields).
_PREPARED_LIMIT = 256
_PREPARED = KeptShapes(_PREPARED_LIMIT)
_preparing = threading.local()


class _KeptCount(Exception):
    """A statement being prepared carries a count kept for the catalogue's generation."""


def padded_ids(ids: list[int]) -> list[int]:
    """``ids`` followed by negative ids no row has, up to the next power of two (at least 8): an
    ``IN`` list of them matches the same rows, and a prepared statement serves every page whose
    number of ids falls in the same bucket instead of one statement per number. No ids stay none
    (Django then runs no statement at all)."""
    if not ids:
        return ids
    size = 8
    while size < len(ids):
        size *= 2
    return [*ids, *range(-1, -(size - len(ids)) - 1, -1)]


_UNPREPARABLE = object()
_DECOY_INSTANT = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


class _Plan:
    __slots__ = ("bound", "compiler", "db", "params", "queryset", "slots", "sql")

    def __init__(
        self, queryset: QuerySet[Any], compiler: Any, sql: str, params: tuple[Any, ...], slots: list[Any]
    ) -> None:
        self.queryset = queryset
        self.compiler = compiler
        self.db = queryset.db
        self.sql = sql
        self.params = params
        self.slots = slots
        # On PostgreSQL: whether the server accepts the statement with bound parameters (None:
        # not tried yet in this process).
        self.bound: bool | None = None

    def rows(self, values: tuple[Any, ...], *, on_server: bool = True) -> list[Any]:
        params = _filled(self.params, self.slots, values)
        connection = connections[self.db]
        if not on_server or self.bound is False or not binds_on_server(connection) or _SEARCHED in self.sql:
            return self._run(connection, params)
        # An integer of a request goes as a bigint whatever its size, so the parameters' types
        # (part of psycopg's key of a prepared statement) are the same for every request of a shape.
        bound = list(params)
        for index, _, _, _ in self.slots:
            if type(bound[index]) is int:
                bound[index] = _bigint(bound[index])
        first = self.bound is None
        in_transaction = not connection.get_autocommit()
        try:
            if first and in_transaction:
                # Whether PostgreSQL accepts the statement with bound parameters is learnt once per
                # process; a refusal must not abort the transaction around it.
                with _probe(connection):
                    rows = self._run(_ServerBinding(connection), bound)
            else:
                rows = self._run(_ServerBinding(connection), bound)
        except DatabaseError as error:
            state = getattr(error.__cause__, "sqlstate", None) or ""
            if first and state[:2] in {"42", "22"}:
                # A parameter whose type PostgreSQL cannot infer, or that it infers otherwise than
                # the literal of client-side binding: this shape runs bound on the client, as before.
                rows = self._run(connection, params)
                self.bound = False
                return rows
            if state in _STALE and _forget_prepared(connection) and not in_transaction:
                # The statement was prepared before a schema change that changed its result (or the
                # server forgot it): psycopg forgets every prepared statement of the connection and
                # deallocates them with this run, which goes as before; the next prepares afresh.
                return self._run(connection, params)
            raise
        self.bound = True
        return rows

    def _run(self, connection: Any, params: list[Any]) -> list[Any]:
        # Shallow copies (``copy.copy`` of a queryset would evaluate it: ``__getstate__``): the
        # kept compiler's column layout, this request's connection and parameters.
        compiler = _shallow(self.compiler)
        compiler.connection = connection
        statement = (self.sql, tuple(params))
        compiler.as_sql = lambda *args, **kwargs: statement
        query = _shallow(self.queryset.query)
        query.get_compiler = lambda *args, **kwargs: compiler
        queryset = _shallow(self.queryset)
        queryset._query = query
        queryset._result_cache = None
        queryset._prefetch_done = False
        return list(queryset)


# --- on PostgreSQL, prepared on the server too ------------------------------------------------
#
# Django's psycopg backend binds parameters on the client (the values are written into the SQL
# text), so PostgreSQL parses and plans every statement afresh: for a listing's page statement
# (a dozen correlated subqueries) planning costs more than running it. A kept plan's statement
# runs instead on a cursor binding its parameters on the server, with ``prepare=True``: psycopg
# prepares it on the connection the first time and executes the prepared statement afterwards,
# and PostgreSQL plans it once (a generic plan: ``plan_cache_mode``). Pooled connections outlive
# requests, and so do their prepared statements. The rows come through the same Django
# iterables, with the connection's loaders (time zone, JSON).
#
# ``DB_PREPARED_STATEMENTS`` (infra/settings.py, on by default on PostgreSQL) gives psycopg a
# prepare threshold no statement reaches by itself: only these statements are prepared, every
# other one is bound on the client as before.

# A full-text match's selectivity depends on its terms: a generic plan could not know it, so a
# searched statement is bound on the client and planned for its terms, as before. So is a statement
# whose caller says so (``prepared(on_server=False)``: a filtered list, whose categories and price
# bounds decide how many rows match and which index yields its order).
_SEARCHED = "@@"

# SQLSTATEs of a prepared statement gone bad: "cached plan must not change result type" after a
# migration, or a statement the server no longer has (a DISCARD ALL behind psycopg's back).
_STALE = {"0A000", "26000"}


def binds_on_server(connection: Any) -> bool:
    """Whether kept plans run prepared on ``connection``'s server (PostgreSQL with
    ``DB_PREPARED_STATEMENTS``; never SQLite)."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
    )


@contextmanager
def _probe(connection: Any) -> Iterator[None]:
    """A savepoint around a statement's first server-bound run inside a transaction, rolled back
    to if PostgreSQL refuses it. Sent on psycopg's connection, not through Django's cursor: a
    probe once per shape and process, not one of the request's statements (query counts and
    logs stay those of client-side binding)."""
    raw = connection.connection
    raw.execute("SAVEPOINT asal_server_bound")
    try:
        yield
    except BaseException:
        raw.execute("ROLLBACK TO SAVEPOINT asal_server_bound")
        raw.execute("RELEASE SAVEPOINT asal_server_bound")
        raise
    raw.execute("RELEASE SAVEPOINT asal_server_bound")


def _forget_prepared(connection: Any) -> bool:
    """Make psycopg forget the connection's prepared statements (it deallocates them on the server
    after its next statement). psycopg has no public call for it; False if this one has none."""
    manager = getattr(connection.connection, "_prepared", None)
    if manager is None or not hasattr(manager, "clear"):
        return False
    manager.clear()
    return True


class _ServerBinding:
    """``connection``, but its cursors bind parameters on the server and prepare their statement."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> Any:
        connection = self._connection
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        raw = connection.connection
        factory = raw.cursor_factory
        # Django's own cursor (its wrapper, time zone and logging) over psycopg's server-binding one.
        raw.cursor_factory = _preparing_cursor()
        try:
            return connection.cursor()
        finally:
            raw.cursor_factory = factory


def _preparing_cursor() -> Any:
    global _PreparingCursor
    if _PreparingCursor is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparingCursor(ServerBindingCursor):  # type: ignore[misc]
            def execute(
                self, query: Any, params: Any = None, *, prepare: Any = None, binary: Any = None
            ) -> Any:
                executed = super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]
                self._query = _Logged(self, query, params)
                return executed

        _PreparingCursor = PreparingCursor
    return _PreparingCursor


class _Logged:
    """What Django's query log (``DEBUG``, ``CaptureQueriesContext``) reads of a statement bound on
    the server (``cursor._query.query``): its text with the values written in, as the client-side
    binding's, made only when read."""

    __slots__ = ("cursor", "params", "sql")

    def __init__(self, cursor: Any, sql: str, params: Any) -> None:
        self.cursor, self.sql, self.params = cursor, sql, params

    @property
    def query(self) -> bytes:
        from psycopg import ClientCursor

        return ClientCursor(self.cursor.connection).mogrify(self.sql, self.params).encode()


_PreparingCursor: Any = None


def _bigint(value: int) -> int:
    """``value`` as an integer psycopg sends as ``bigint``."""
    from psycopg.types.numeric import Int8

    return Int8(value)


def _shallow(instance: Any) -> Any:
    made = object.__new__(type(instance))
    made.__dict__.update(instance.__dict__)
    return made


def _decoys(values: tuple[Any, ...]) -> tuple[tuple[Any, ...], dict[Any, tuple[int, int | None]]] | None:
    """Values of the same shape as ``values`` but none equal to theirs, and where each decoy stands."""
    counter = -(10**12)
    found: dict[Any, tuple[int, int | None]] = {}
    decoys: list[Any] = []

    def decoy(value: Any, where: tuple[int, int | None]) -> Any:
        nonlocal counter
        if isinstance(value, bool) or value is None:
            raise TypeError(value)
        made: Any = value
        while made == value:  # a request's value (a cursor's, a search's) may be the decoy itself
            counter -= 1
            if isinstance(value, int):
                made = counter
            elif isinstance(value, datetime):
                made = _DECOY_INSTANT.replace(
                    microsecond=-counter % 1_000_000, second=(-counter // 10**6) % 60
                )
            elif isinstance(value, str):
                made = f"asal-decoy{counter}"
            elif isinstance(value, Decimal):
                made = Decimal(counter)
            elif isinstance(value, float):
                made = float(counter)
            else:
                raise TypeError(value)
        found[made] = where
        return made

    try:
        for index, value in enumerate(values):
            if isinstance(value, list | tuple):
                decoys.append([decoy(item, (index, position)) for position, item in enumerate(value)])
            else:
                decoys.append(decoy(value, (index, None)))
    except TypeError:
        return None
    return tuple(decoys), found


def _plan(build: Any, values: tuple[Any, ...], queryset: QuerySet[Any]) -> _Plan | None:
    made = _decoys(values)
    if made is None:
        return None
    decoy_values, where = made
    compiler = queryset.query.get_compiler(using=queryset.db)
    _preparing.active = True
    try:
        sql, params = compiler.as_sql()
        decoy_sql, decoy_params = build(*decoy_values).query.get_compiler(using=queryset.db).as_sql()
    except Exception:  # a kept count, an empty IN list and the like: built every time instead
        return None
    finally:
        _preparing.active = False
    if sql != decoy_sql or len(params) != len(decoy_params):
        return None
    slots = []
    for index, (param, decoy) in enumerate(zip(params, decoy_params, strict=True)):
        if type(param) is type(decoy) and param == decoy:
            continue
        try:
            value_index, item = where[decoy]
        except (KeyError, TypeError):
            return None  # a parameter that differs but is no decoy: not preparable
        value = values[value_index] if item is None else values[value_index][item]
        kind = None
        if (
            type(value) is int
            and type(param) is not int
            and isinstance(param, int)
            and type(param) is type(decoy)
        ):
            # An integer adapted to its column's type on its way in (Django gives a
            # ``BigIntegerField``'s value to psycopg as ``Int8``): adapted alike when filled in.
            kind = type(param)
        elif type(value) is not type(param):
            return None
        if value != param:
            return None
        slots.append((index, value_index, item, kind))
    return _Plan(queryset, compiler, sql, tuple(params), slots)


def _filled(params: tuple[Any, ...], slots: list[Any], values: tuple[Any, ...]) -> list[Any]:
    """A plan's parameters with ``values`` in their places (``_plan``'s slots)."""
    filled = list(params)
    for index, value_index, item, kind in slots:
        value = values[value_index] if item is None else values[value_index][item]
        filled[index] = value if kind is None else kind(value)
    return filled


def prepared(key: Any, build: Any, *values: Any, on_server: bool = True) -> list[Any]:
    """``list(build(*values))``, built and compiled once per ``key`` (see above).

    ``on_server=False`` keeps the statement bound on the client, planned by PostgreSQL for each
    request's values (the same for every request of ``key``); only Django's build is saved.

    ``key`` must name everything besides ``values`` that changes the statement (the channel, who
    asks, what is selected, the number of ids); ``values`` are integers, decimals, floats, strings,
    aware instants or lists of them. With ``PREPARED_STATEMENTS_VERIFY`` on (the test suite), every
    prepared run is checked against a fresh build's SQL and parameters.
    """
    # With the response cache on, counts are kept (``CountOf``) and such statements not prepared.
    key = (key, bool(getattr(settings, "RESPONSE_CACHE_SECONDS", 0)))
    plan = _PREPARED.found(key)
    if plan is KeptShapes._MISSING:
        queryset = build(*values)
        found = _plan(build, values, queryset)
        _PREPARED.keep(key, _UNPREPARABLE if found is None else found)
        if found is None:
            return list(queryset)
        plan = found
    elif plan is _UNPREPARABLE:
        return list(build(*values))
    if getattr(settings, "PREPARED_STATEMENTS_VERIFY", False):
        fresh = build(*values)
        expected = fresh.query.get_compiler(using=fresh.db).as_sql()
        params = _filled(plan.params, plan.slots, values)
        if (plan.sql, tuple(params)) != (expected[0], tuple(expected[1])):
            raise AssertionError(f"prepared statement {key!r} differs from its fresh build")
    return plan.rows(values, on_server=on_server)
