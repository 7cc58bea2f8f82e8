"""A portable JSON-array aggregate, so one row can carry a short list of related rows.

``JSON_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite (the embedded default): used as a
correlated subquery, it lets a page of products carry their makers, materials and techniques in
the same SQL statement instead of one more query per relation.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Aggregate, IntegerField, JSONField, QuerySet, Subquery

from storefront.core.versioned_cache import catalogue_cached


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

    While the catalogue's generation is kept (``versioned_cache.catalogue_cached``), the count is
    kept with it: the statement then carries the number itself, and only the first request of a
    list (any page, any order: the counted query has none) after a catalogue write counts, in a
    statement of its own. The key is the counted statement with its parameters, the instant of the
    visibility test (``LISTING_NOW``) left out; a list whose statement holds any other date is not
    kept (a filter on "now" would never be asked twice).
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS asal_counted)"
    output_field = IntegerField()

    def __init__(self, queryset: Any, **extra: Any) -> None:
        super().__init__(queryset, **extra)
        # The counted query as written, before an outer statement relabels its tables (``U0``…):
        # the key of its kept count, and its statement when counted alone, are the same whether
        # it rides in a page's statement or is asked for by itself (``kept_count``).
        self.counted = self.query.clone()

    def as_sql(self, compiler: Any, connection: Any, template: Any = None, **extra_context: Any) -> Any:
        kept = self.kept(connection)
        if kept is not None:
            return "%s", (kept,)
        return super().as_sql(compiler, connection, template, **extra_context)

    def kept(self, connection: Any) -> int | None:
        """The count kept for the catalogue's generation (counted now if not yet), or None when
        this list's count is not kept (response cache off, or a date other than "now" in it)."""
        if not getattr(settings, "RESPONSE_CACHE_SECONDS", 0):
            return None
        sql, params = self.counted.get_compiler(connection=connection).as_sql()
        key = _count_key(sql, params, getattr(self.counted, LISTING_NOW, None), connection)
        if key is None:
            return None

        def count() -> int:
            with connection.cursor() as cursor:
                # ``sql`` is Django's compilation of the counted query, values as parameters.
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS asal_counted", params)  # noqa: S608
                return int(cursor.fetchone()[0])

        return catalogue_cached(key, count)


def kept_count(queryset: QuerySet[Any]) -> int:
    """``queryset.count()``, kept for the catalogue's generation as ``CountOf`` keeps it (the same
    key: a list counted for its first page is not counted again for its ``last`` page, nor for a
    category's or collection's products; a catalogue write counts afresh)."""
    counted = queryset.order_by()
    kept = CountOf(counted.values("pk")).kept(connections[counted.db])
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
    return f"count:{digest}"
