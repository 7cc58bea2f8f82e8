"""A portable JSON-array aggregate, so one row can carry a short list of related rows.

``JSON_AGG`` on PostgreSQL, ``JSON_GROUP_ARRAY`` on SQLite (the embedded default): used as a
correlated subquery, it lets a page of products carry their makers, materials and techniques in
the same SQL statement instead of one more query per relation.
"""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Aggregate, IntegerField, JSONField, Subquery


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
    """

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS asal_counted)"
    output_field = IntegerField()
