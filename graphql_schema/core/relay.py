"""Saleor-compatible Relay global IDs and keyset-cursor pagination of querysets.

A global ID is ``base64("<TypeName>:<pk>")`` exactly as Saleor writes it, so IDs a storefront
stored against Saleor have the same shape here. A malformed or mistyped ID is a GraphQL error
with a plain message, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Generic, TypeVar

import strawberry
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.expressions import Col, OrderBy
from django.db.models.functions import Cast, Greatest, Least, RowNumber
from django.db.models.sql.constants import LOUTER
from graphql import GraphQLError
from strawberry.relay import PageInfo

from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.limits import max_page_size
from storefront.catalog.sql import KeptShapes, kept_until_publication, prepared

T = TypeVar("T")

_CURSOR_PREFIX = "arrayconnection:"


def to_global_id(type_name: str, pk: Any) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def from_global_id(global_id: str) -> tuple[str, str]:
    """Split a global ID into ``(type name, id)``; raise a GraphQL error if it is not one."""
    try:
        decoded = base64.b64decode(str(global_id), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError(
            f"Couldn't resolve id: {global_id}.", extensions={"code": "GRAPHQL_ERROR"}
        ) from None
    type_name, sep, pk = decoded.partition(":")
    if not sep or not type_name or not pk:
        raise GraphQLError(f"Couldn't resolve id: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return type_name, pk


def decode_id(global_id: str, *, expected: str) -> int:
    """Return the integer pk of a global ID of type ``expected`` (a GraphQL error otherwise)."""
    type_name, pk = from_global_id(global_id)
    if type_name != expected:
        raise GraphQLError(
            f"Invalid ID: {global_id}. Expected: {expected}, received: {type_name}.",
            extensions={"code": "GRAPHQL_ERROR"},
        )
    if not pk.isdigit():
        raise GraphQLError(f"Couldn't resolve id: {global_id}.", extensions={"code": "GRAPHQL_ERROR"})
    return int(pk)


def decode_ids(global_ids: Sequence[str], *, expected: str) -> list[int]:
    return [decode_id(value, expected=expected) for value in global_ids]


# --- cursors ----------------------------------------------------------------------------------
#
# A cursor is Saleor's: ``base64(json([...]))``, a list of strings. Asal's list starts with a short
# tag of the order it was made for (which columns, which way), then holds the row's value of every
# sort key, the primary key last: ``["k:3f2a9c1e", "bamboo-mat", "12"]``. The next page is the rows
# beyond those values in that order (a keyset), so it is found through the sort's index whatever
# its depth, and rows written or deleted meanwhile shift nothing. The older offset cursors
# (``arrayconnection:<n>``, before keysets) are still read, so a link kept from then still works;
# lists already in memory keep them.


def _cursor(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def _invalid(argument: str) -> GraphQLError:
    return GraphQLError(f"Received cursor in `{argument}` is invalid.", extensions={"code": "GRAPHQL_ERROR"})


def _decoded(cursor: str, *, argument: str) -> str:
    try:
        return base64.b64decode(cursor, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _invalid(argument) from None


def _is_offset(cursor: str | None) -> bool:
    if cursor is None:
        return False
    try:
        return base64.b64decode(cursor, validate=True).decode().startswith(_CURSOR_PREFIX)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return False


def _offset(cursor: str | None, *, argument: str) -> int | None:
    if cursor is None:
        return None
    raw = _decoded(cursor, argument=argument)
    try:
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        offset = int(raw.removeprefix(_CURSOR_PREFIX))
    except ValueError:
        raise _invalid(argument) from None
    if offset < 0:
        raise _invalid(argument)
    return offset


@dataclass(frozen=True)
class _Key:
    """One term of a total order: its annotation, direction and where its NULLs go."""

    alias: str
    expression: Any
    descending: bool
    nulls_first: bool
    nullable: bool
    output_field: Any
    label: str

    def reversed(self) -> _Key:
        return replace(self, descending=not self.descending, nulls_first=not self.nulls_first)

    def order(self) -> OrderBy:
        placement = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return OrderBy(F(self.alias), descending=self.descending, **placement)


@dataclass(frozen=True)
class _Keyset:
    """A queryset annotated with its sort keys (``asal_k0``…), and those keys."""

    queryset: QuerySet[Any]
    keys: tuple[_Key, ...]
    tag: str

    def cursor(self, row: Any) -> str:
        values = [self.tag, *(_text(getattr(row, key.alias)) for key in self.keys)]
        return base64.b64encode(json.dumps(values).encode()).decode()

    def values(self, cursor: str | None, *, argument: str) -> list[Any] | None:
        """The sort key values a cursor holds; a GraphQL error if it is not one of this list's."""
        if cursor is None:
            return None
        raw = _decoded(cursor, argument=argument)
        try:
            decoded = json.loads(raw)
        except ValueError:
            raise _invalid(argument) from None
        if (
            not isinstance(decoded, list)
            or len(decoded) != len(self.keys) + 1
            or not all(value is None or isinstance(value, str) for value in decoded)
        ):
            raise _invalid(argument)
        if decoded[0] != self.tag:
            raise GraphQLError(
                f"Received cursor in `{argument}` belongs to another list or sort order.",
                extensions={"code": "GRAPHQL_ERROR"},
            )
        if any(value is not None and "\x00" in value for value in decoded):
            raise _invalid(argument)  # PostgreSQL refuses NUL in text
        try:
            values = [
                None if value is None else key.output_field.to_python(value)
                for key, value in zip(self.keys, decoded[1:], strict=True)
            ]
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            raise _invalid(argument) from None
        for value in values:
            # Beyond a 64-bit integer, or not a finite number: no column holds it, and the
            # database would refuse the comparison.
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
                raise _invalid(argument)
            if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 1000):
                raise _invalid(argument)
            if isinstance(value, float) and not math.isfinite(value):
                raise _invalid(argument)
        return values


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _keyset(queryset: QuerySet[Any]) -> _Keyset | None:
    """The queryset's order as keys ending with the primary key, or None when it has none usable."""
    query = queryset.query
    ordering: list[Any] = list(query.order_by)
    if not ordering and query.default_ordering:
        ordering = list(queryset.model._meta.ordering)
    vendor = connections[queryset.db].vendor
    terms: list[tuple[Any, bool, bool | None]] = []  # expression, descending, nulls_first
    for term in ordering:
        if isinstance(term, str):
            if term == "?" or "." in term:
                return None
            terms.append((F(term.lstrip("-")), term.startswith("-"), None))
        elif isinstance(term, OrderBy):
            placement = True if term.nulls_first else (False if term.nulls_last else None)
            terms.append((term.expression, term.descending, placement))
        elif hasattr(term, "resolve_expression"):
            terms.append((term, False, None))
        else:
            return None
    if not terms or not _is_pk(terms[-1][0], queryset.model):
        terms.append((F("pk"), terms[-1][1] if terms else False, None))
    annotated = queryset.annotate(
        **{f"asal_k{i}": _SortKey(expression) for i, (expression, _, _) in enumerate(terms)}
    )
    floats = [
        i
        for i in range(len(terms))
        if isinstance(annotated.query.annotations[f"asal_k{i}"].output_field, FloatField)
    ]
    if floats:
        # A ``real`` (``ts_rank``'s) reaches Python rounded to its shortest text: sorting and
        # comparing it as ``double precision`` makes the cursor's value exactly the row's.
        annotated = queryset.annotate(
            **{
                f"asal_k{i}": _SortKey(Cast(expression, FloatField()) if i in floats else expression)
                for i, (expression, _, _) in enumerate(terms)
            }
        )
    keys = []
    for i, (_, descending, nulls_first) in enumerate(terms):
        alias = f"asal_k{i}"
        resolved = annotated.query.annotations[alias]
        if nulls_first is None:
            # PostgreSQL sorts NULL above every value, SQLite and MySQL below.
            nulls_first = descending if vendor == "postgresql" else not descending
        nullable, label = _describe(resolved, annotated.query)
        keys.append(
            _Key(
                alias=alias,
                expression=resolved,
                descending=descending,
                nulls_first=nulls_first,
                nullable=nullable,
                output_field=resolved.output_field,
                label=label + ("-" if descending else "+"),
            )
        )
    tag = "k:" + hashlib.sha256("|".join(key.label for key in keys).encode()).hexdigest()[:8]
    return _Keyset(queryset=annotated, keys=tuple(keys), tag=tag)


class _SortKey(Func):
    """A sort key as it is: its own SQL, but never equal to the column it names.

    Django's filtering on window functions (``paginate_per_parent``) selects each distinct
    expression once, and would mismatch the row's columns if a key were the very ``Col`` of a
    model field the row also selects.
    """

    template = "%(expressions)s"


def _is_pk(expression: Any, model: Any) -> bool:
    return isinstance(expression, F) and getattr(expression, "name", None) in ("pk", model._meta.pk.name)


def _describe(resolved: Any, query: Any) -> tuple[bool, str]:
    """Whether a key may be NULL, and a label naming it (for the cursor's tag)."""
    if isinstance(resolved, _SortKey):
        resolved = resolved.get_source_expressions()[0]
    if isinstance(resolved, Col):
        join = query.alias_map.get(resolved.alias)
        outer = join is not None and getattr(join, "join_type", None) == LOUTER
        target = resolved.target
        return bool(target.null or outer), f"{target.model._meta.label_lower}.{target.column}"
    return True, type(resolved).__name__


# --- keyset conditions -------------------------------------------------------------------------

_NOTHING = Q(pk__in=[])


def _beyond_one(key: _Key, value: Any, *, with_nulls: bool = True) -> Q:
    """Rows whose ``key`` comes strictly after ``value`` in the key's order."""
    if value is None:
        return Q(**{f"{key.alias}__isnull": False}) if key.nulls_first else _NOTHING
    condition = Q(**{f"{key.alias}__{'lt' if key.descending else 'gt'}": value})
    if key.nullable and not key.nulls_first and with_nulls:
        condition |= Q(**{f"{key.alias}__isnull": True})
    return condition


def _same(key: _Key, value: Any) -> Q:
    return Q(**{f"{key.alias}__isnull": True}) if value is None else Q(**{key.alias: value})


def _beyond(
    keys: Sequence[_Key], values: Sequence[Any], *, inclusive: bool = False, with_nulls: bool = True
) -> Q:
    """Rows after ``values`` in the order of ``keys`` (and the row at ``values`` if ``inclusive``).

    Written as PostgreSQL can seek an index with: the first key's range (``slug >= 'b'``) beside
    the exact lexicographic condition, so the scan starts at the cursor instead of filtering
    every row before it. ``with_nulls=False`` leaves out the NULLs of the first key that sort
    after every value (the caller reads them as a segment of their own).
    """
    condition = _NOTHING
    equal = Q()
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        condition |= equal & _beyond_one(key, value, with_nulls=with_nulls or index > 0)
        equal &= _same(key, value)
    if inclusive:
        condition |= equal
    first, value = keys[0], values[0]
    if value is not None and (not first.nullable or first.nulls_first or not with_nulls):
        condition &= Q(**{f"{first.alias}__{'lte' if first.descending else 'gte'}": value})
    elif value is None and not first.nulls_first:
        condition &= Q(**{f"{first.alias}__isnull": True})
    return condition


def _null_tail(keys: Sequence[_Key], values: Sequence[Any]) -> bool:
    """Whether rows after ``values`` include a run of NULLs of the first key read separately."""
    first = keys[0]
    return values[0] is not None and first.nullable and not first.nulls_first


def _seek(
    keyset: _Keyset,
    *,
    forward: bool,
    after: list[Any] | None,
    before: list[Any] | None,
    limit: int,
) -> tuple[QuerySet[Any], QuerySet[Any] | None]:
    """The statements of a page of ``limit`` rows: ``first`` rows after ``after`` (``forward``) or
    ``last`` rows before ``before`` read backward, within the other cursor if both are given.

    Past a cursor whose first key has a value, the NULLs of a nullable first key that sort after
    every value are a second segment (returned unsliced, read only when the first runs short):
    each segment then starts from an index range instead of an ``OR`` no index can seek. Both
    statements carry ``asal_behind`` (``_behind``) past a cursor.
    """
    keys = list(keyset.keys)
    backward = [key.reversed() for key in keys]
    if forward:
        bound = _beyond(backward, before) if before is not None else Q()
        behind, start = _behind(keyset.queryset, backward, after), after
    else:
        bound = _beyond(keys, after) if after is not None else Q()
        behind, start, keys = _behind(keyset.queryset, keys, before), before, backward
    ordered = behind.order_by(*(key.order() for key in keys)).filter(bound)
    if start is None:
        return ordered[:limit], None
    if not _null_tail(keys, start):
        return ordered.filter(_beyond(keys, start))[:limit], None
    nulls = ordered.filter(**{f"{keys[0].alias}__isnull": True})
    return ordered.filter(_beyond(keys, start, with_nulls=False))[:limit], nulls


def _keyset_page(
    keyset: _Keyset,
    rows: list[Any],
    *,
    size: int,
    forward: bool,
    after: list[Any] | None,
    before: list[Any] | None,
    probe: Callable[[Sequence[_Key], list[Any]], bool],
) -> Page[Any]:
    """The page of ``rows`` (up to ``size + 1`` in the read order, as ``_seek`` gives them).

    ``probe(keys, values)`` tells whether a row sits at ``values`` or beyond in the order of
    ``keys``, for an empty page past a cursor (``_exists``).
    """
    keys = list(keyset.keys)
    backward = [key.reversed() for key in keys]
    if forward:
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after is not None and _found_behind(rows, lambda: probe(backward, after))
    else:
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = before is not None and _found_behind(rows, lambda: probe(keys, before))
    return _with_cursors(
        rows, [keyset.cursor(row) for row in rows], has_next=has_next, has_previous=has_previous
    )


def _exists(queryset: QuerySet[Any], keys: Sequence[_Key], values: list[Any]) -> bool:
    """Whether a row sits at ``values`` or beyond, in the order of ``keys``."""
    return (
        queryset.order_by(*(key.order() for key in keys))
        .filter(_beyond(keys, values, inclusive=True))
        .exists()
    )


def _behind(queryset: QuerySet[Any], keys: Sequence[_Key], values: list[Any] | None) -> QuerySet[Any]:
    """``queryset`` carrying whether a row sits at the cursor ``values`` or beyond it in the order
    of ``keys`` (the other side of the page), as an uncorrelated ``EXISTS`` the page's own statement
    evaluates once (an ``InitPlan``, through the sort's index): a cursor page costs no more
    statements than a first page. Unchanged without a cursor."""
    if values is None:
        return queryset
    probe = queryset.order_by().filter(_beyond(keys, values, inclusive=True))
    return queryset.annotate(asal_behind=Exists(probe))


def _found_behind(rows: list[Any], probe: Callable[[], bool]) -> bool:
    """Whether rows lie behind the cursor: read from the page's rows, or probed when it is empty."""
    if rows:
        return bool(rows[0].asal_behind)
    return probe()


# --- pages ------------------------------------------------------------------------------------


@dataclass
class Page(Generic[T]):
    """One page of a connection: the nodes, their cursors and Relay's ``PageInfo``."""

    nodes: list[T]
    cursors: list[str]
    page_info: PageInfo


def _check_arguments(*, first: int | None, last: int | None, connection_name: str) -> tuple[int, str]:
    """The page size and the name of its argument; Saleor's errors for bad combinations."""
    if first is None and last is None:
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{connection_name}` "
            "connection.",
            extensions={"code": "GRAPHQL_ERROR"},
        )
    if first is not None and last is not None:
        raise GraphQLError(
            "Mixing 'first' and 'last' is not supported.", extensions={"code": "GRAPHQL_ERROR"}
        )
    size = first if first is not None else last
    assert size is not None
    argument = "first" if first is not None else "last"
    if size < 0:
        raise GraphQLError(f"Argument `{argument}` must be a non-negative integer.")
    # The limits refuse this before execution; a document handed over parsed may still get here.
    maximum = max_page_size()
    if size > maximum:
        raise GraphQLError(
            f"Requesting {size} records on the `{connection_name}` connection exceeds the `{argument}` "
            f"limit of {maximum} records.",
            extensions={"code": "GRAPHQL_ERROR"},
        )
    return size, argument


def _page(rows: list[Any], *, start: int, has_next: bool, has_previous: bool) -> Page[Any]:
    return _with_cursors(
        rows,
        [_cursor(start + index) for index in range(len(rows))],
        has_next=has_next,
        has_previous=has_previous,
    )


def _with_cursors(rows: list[Any], cursors: list[str], *, has_next: bool, has_previous: bool) -> Page[Any]:
    page_info = PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )
    return Page(nodes=rows, cursors=cursors, page_info=page_info)


def paginate(
    queryset: QuerySet[Any] | Sequence[Any],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    connection_name: str,
    count: Any = None,
) -> Page[Any]:
    """One page of ``queryset`` for ``first/after`` or ``last/before``, with keyset cursors.

    The page is one statement of ``LIMIT size + 1`` (the extra row tells whether another page
    follows) from the rows beyond the cursor in the queryset's order, which is made total with
    the primary key if it is not; never an ``OFFSET``. Whether rows lie on the other side of the
    cursor (``hasPreviousPage`` after ``after``, ``hasNextPage`` before ``before``: Saleor's true
    whenever a row precedes the cursor) rides in the same statement as an ``EXISTS`` evaluated
    once (``_behind``); only an empty page past a cursor probes it in a statement of its own.

    ``queryset`` may be a list already in memory (offset cursors, as for an offset cursor of
    old, with ``count`` giving the total for ``last`` without ``before``). Errors follow Saleor's
    wording: one of ``first``/``last`` is required, and a page holds at most
    ``GRAPHQL_MAX_PAGE_SIZE`` items.
    """
    size, _ = _check_arguments(first=first, last=last, connection_name=connection_name)
    keyset = None
    if isinstance(queryset, QuerySet) and not _is_offset(after) and not _is_offset(before):
        keyset = _keyset(queryset)
    if keyset is None:
        return _paginate_offsets(queryset, first=first, last=last, after=after, before=before, count=count)
    after_values = keyset.values(after, argument="after")
    before_values = keyset.values(before, argument="before")
    forward = first is not None
    rows: list[Any] = []
    if size:
        statement, nulls = _seek(
            keyset, forward=forward, after=after_values, before=before_values, limit=size + 1
        )
        rows = list(statement)
        if nulls is not None and len(rows) <= size:
            rows += list(nulls[: size + 1 - len(rows)])
    qs = keyset.queryset
    return _keyset_page(
        keyset,
        rows,
        size=size,
        forward=forward,
        after=after_values,
        before=before_values,
        probe=lambda keys, values: _exists(qs, keys, values),
    )


_PREPARED_KEYSETS = KeptShapes(256)


class _OtherShape(Exception):
    """A prepared page's build ordered by other keys than the kept keyset's."""


# The kinds of a cursor's values that go into a prepared page statement as values of their own
# (``storefront.catalog.sql.prepared`` finds where by decoys of the same kind). NULL is the shape's
# (``IS NULL`` instead of a comparison), and so is a boolean (two values, no decoy).
_SEEKABLE = (int, str, Decimal, float, datetime.datetime)


def _seek_shape(values: list[Any] | None) -> tuple[tuple[Any, ...] | None, tuple[Any, ...]] | None:
    """A cursor's values as (the shape they give the page's statement, the values it is run with);
    None for a value of another kind (or a naive instant, which Django would make aware on its
    way into the SQL): such a page is built as ``paginate`` builds it."""
    if values is None:
        return None, ()
    shape: list[Any] = []
    given: list[Any] = []
    for value in values:
        if value is None or isinstance(value, bool):
            shape.append(("=", value))
        elif isinstance(value, _SEEKABLE):
            if isinstance(value, datetime.datetime) and value.utcoffset() is None:
                return None
            shape.append(type(value).__name__)
            given.append(value)
        else:
            return None
    return tuple(shape), tuple(given)


def _sought(shape: tuple[Any, ...] | None, given: Any) -> list[Any] | None:
    """A cursor's values again, from its shape and the statement's values (an iterator)."""
    if shape is None:
        return None
    return [kind[1] if isinstance(kind, tuple) else next(given) for kind in shape]


def paginate_prepared(
    key: Any,
    build: Callable[..., QuerySet[Any]],
    values: tuple[Any, ...],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    connection_name: str,
    count: Any = None,
    on_server: bool = True,
) -> Page[Any]:
    """``paginate(build(*values), ...)``, its statements built and compiled once per ``key``.

    ``key`` names everything besides ``values`` that shapes the queryset ``build`` returns (see
    ``storefront.catalog.sql.prepared``); the page's size and direction are added to it, and past
    a keyset cursor which of ``after``/``before`` is given and which of its values are NULL (or
    booleans): the cursor's values are values of the statement, not part of its text, so every
    page past a cursor of one shape runs the same statement. Offset cursors of old, malformed
    cursors and cursors of another order are paginated (and refused) as ``paginate`` does.
    ``on_server=False``: bound on the client, planned per request (``prepared``).
    """
    size, _ = _check_arguments(first=first, last=last, connection_name=connection_name)

    def built() -> Page[Any]:
        return paginate(
            build(*values),
            first=first,
            last=last,
            after=after,
            before=before,
            connection_name=connection_name,
            count=count,
        )

    if not size or _is_offset(after) or _is_offset(before):
        return built()
    kept_key = ("keyset", key)
    keyset = _PREPARED_KEYSETS.found(kept_key)
    if keyset is KeptShapes._MISSING:
        keyset = _keyset(build(*values))
        _PREPARED_KEYSETS.keep(kept_key, keyset)
    if keyset is None:
        return built()
    try:
        after_values = keyset.values(after, argument="after")
        before_values = keyset.values(before, argument="before")
    except GraphQLError:
        return built()  # refused there, with the same error
    after_seek, before_seek = _seek_shape(after_values), _seek_shape(before_values)
    if after_seek is None or before_seek is None:
        return built()
    forward = first is not None
    page_key = ("page", key, forward, size, after_seek[0], before_seek[0])
    given = (*values, *after_seek[1], *before_seek[1])
    kept = keyset

    def statement(nulls: bool) -> Callable[..., QuerySet[Any]]:
        def make(*arguments: Any) -> QuerySet[Any]:
            rest = iter(arguments[len(values) :])
            made = _keyset(build(*arguments[: len(values)]))
            if made is None or made.tag != kept.tag:
                raise _OtherShape  # the key missed something that shapes the order: built as before
            page, tail = _seek(
                made,
                forward=forward,
                after=_sought(after_seek[0], rest),
                before=_sought(before_seek[0], rest),
                limit=size + 1,
            )
            if not nulls:
                return page
            assert tail is not None
            return tail[: size + 1]  # as many as the page: the rows past those wanted are dropped

        return make

    start = after_values if forward else before_values
    read = keyset.keys if forward else tuple(key.reversed() for key in keyset.keys)
    try:
        rows = prepared(page_key, statement(False), *given, on_server=on_server)
        if start is not None and _null_tail(read, start) and len(rows) <= size:
            nulls = prepared((*page_key, "nulls"), statement(True), *given, on_server=on_server)
            rows += nulls[: size + 1 - len(rows)]
    except _OtherShape:
        return built()

    def probe(keys: Sequence[_Key], sought: list[Any]) -> bool:
        # An empty page past a cursor: whether its other side has rows, in a statement of its own
        # as ``paginate`` asks it (rare: a page only a cursor at the very end reaches).
        made = _keyset(build(*values))
        assert made is not None
        return _exists(made.queryset, keys, sought)

    return _keyset_page(
        keyset, rows, size=size, forward=forward, after=after_values, before=before_values, probe=probe
    )


# --- a list's first matches kept per catalogue generation --------------------------------------
#
# A buyer's search ranks and sorts every match to find a page's twenty rows: its cost grows with
# the catalogue. ``kept_order`` keeps the first ``limit`` rows of such a list (each row's id and the
# text of its sort keys, what its cursor holds) for the catalogue's generation, as a filtered
# list's count is kept (``sql.kept_until_publication``); ``paginate_kept`` then answers any page
# within them, forward or backward, from the kept order, and reads only the page's rows by id. The
# page is the one ``paginate`` gives: the same rows, cursors and ``pageInfo``; a page reaching
# past the kept rows of a longer list, or a cursor not among them, is left to ``paginate``.


# Part of a kept order's key: a release that changes ``KeptOrder`` (pickled in the cache, which
# outlives a deploy) changes this, so no process reads another's shape.
_KEPT_ORDER_FORMAT = 1


@dataclass(frozen=True)
class KeptOrder:
    """The first rows of a list in its order: each one's primary key and sort keys' text."""

    tag: str
    rows: tuple[tuple[Any, tuple[str | None, ...]], ...]
    complete: bool  # every row of the list is kept
    total: int  # the list's rows, kept or not

    def cursor(self, index: int) -> str:
        return base64.b64encode(json.dumps([self.tag, *self.rows[index][1]]).encode()).decode()


def kept_order(
    key: str, build: Callable[[], QuerySet[Any]], *, limit: int, now: datetime.datetime, using: str
) -> KeptOrder | None:
    """The first ``limit`` rows of ``build()``'s list (read at ``now``) in its keyset order, kept
    for the catalogue's generation under ``key`` until the next scheduled publication; None when
    nothing is kept (counts not kept, ``limit`` 0, a list without a keyset order). ``key`` must
    name everything ``build`` depends on besides the catalogue and ``now``. Read in one statement
    of the ids and sort keys alone, ``LIMIT limit + 1`` (whether the list holds more), with the
    list's total as a window count: the statement ranks every row anyway, so the count costs no
    second pass over them."""
    if limit <= 0:
        return None

    def load() -> KeptOrder | bool:
        keyset = _keyset(build())
        if keyset is None:
            return False
        ordered = keyset.queryset.annotate(asal_matches=Window(Count("*"))).order_by(
            *(term.order() for term in keyset.keys)
        )
        aliases = [term.alias for term in keyset.keys]
        found = list(ordered.values_list("asal_matches", "pk", *aliases)[: limit + 1])
        rows = tuple((pk, tuple(_text(value) for value in values)) for _, pk, *values in found[:limit])
        total = found[0][0] if found else 0
        return KeptOrder(tag=keyset.tag, rows=rows, complete=len(found) <= limit, total=total)

    kept = kept_until_publication(
        f"order{_KEPT_ORDER_FORMAT}:{limit}:{key}", load, now=now, connection=connections[using]
    )
    return kept if isinstance(kept, KeptOrder) else None


def paginate_kept(
    kept: KeptOrder,
    load: Callable[[list[Any]], dict[Any, Any]],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    connection_name: str,
) -> Page[Any] | None:
    """``paginate``'s page of the list ``kept`` holds the first rows of, its rows read by
    ``load(ids)`` (a row per id, in any order); None when the page is not within the kept rows (a
    longer list's rows past them, a cursor not among them, an offset cursor): ``paginate`` then."""
    size, _ = _check_arguments(first=first, last=last, connection_name=connection_name)
    if _is_offset(after) or _is_offset(before):
        return None
    places: dict[tuple[str | None, ...], int] | None = None

    def place(cursor: str | None) -> int | None:
        nonlocal places
        if cursor is None:
            return None
        try:
            decoded = json.loads(base64.b64decode(cursor, validate=True).decode())
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise _NotKept from None
        if not isinstance(decoded, list) or not decoded or decoded[0] != kept.tag:
            raise _NotKept
        if not all(value is None or isinstance(value, str) for value in decoded[1:]):
            raise _NotKept
        if places is None:
            places = {texts: index for index, (_, texts) in enumerate(kept.rows)}
        found = places.get(tuple(decoded[1:]))
        if found is None:
            raise _NotKept
        return found

    try:
        after_at, before_at = place(after), place(before)
    except _NotKept:
        return None
    count = len(kept.rows)
    if first is not None:
        start = 0 if after_at is None else after_at + 1
        stop = start + size + 1
        if before_at is not None:
            stop = min(stop, before_at)
        if stop > count and not kept.complete:
            return None
        chosen = list(range(start, min(stop, count))) if size else []
        has_next = len(chosen) > size
        chosen = chosen[:size]
        has_previous = after_at is not None
    else:
        if before_at is None and not kept.complete:
            return None
        stop = count if before_at is None else before_at
        lower = 0 if after_at is None else after_at + 1
        chosen = list(range(max(lower, stop - size - 1), stop)) if size else []
        has_previous = len(chosen) > size
        chosen = chosen[len(chosen) - size :] if size else []
        has_next = before_at is not None
    ids = [kept.rows[index][0] for index in chosen]
    found = load(ids) if ids else {}
    if any(pk not in found for pk in ids):
        return None  # a row the kept order holds but the list no longer shows: read as before
    return _with_cursors(
        [found[pk] for pk in ids],
        [kept.cursor(index) for index in chosen],
        has_next=has_next,
        has_previous=has_previous,
    )


class _NotKept(Exception):
    """A cursor that is not one of the kept rows'."""


def _paginate_offsets(
    queryset: QuerySet[Any] | Sequence[Any],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    count: Any,
) -> Page[Any]:
    after_offset = _offset(after, argument="after")
    before_offset = _offset(before, argument="before")
    if first is not None:
        start = after_offset + 1 if after_offset is not None else 0
        stop = start + first
        if before_offset is not None:
            stop = min(stop, before_offset)
        rows = list(queryset[start : stop + 1]) if stop > start else []
        has_next = len(rows) > stop - start
        return _page(rows[: stop - start], start=start, has_next=has_next, has_previous=start > 0)
    assert last is not None
    if before_offset is None:
        if count is not None:
            before_offset = count()
        else:
            before_offset = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    lower = after_offset + 1 if after_offset is not None else 0
    start = max(lower, before_offset - last)
    rows = list(queryset[start:before_offset]) if before_offset > start else []
    return _page(rows, start=start, has_next=False, has_previous=start > lower)


def paginate_per_parent(
    queryset: QuerySet[Any],
    *,
    parent: Any,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    connection_name: str,
) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
    """One page per parent in one SQL statement: ``paginate`` for a connection under a list.

    ``parent`` is the expression naming each row's parent (``F("attribute_id")``); ``queryset``
    is already limited to the parents on the page. Rows are numbered per parent in the
    queryset's order (made total with the primary key) with a window function, so
    ``categories(first: 20) { children(first: 5) }`` costs one query for the twenty pages. A
    cursor is the same keyset cursor ``paginate`` gives: each parent's rows at or before it are
    counted by a window too, so its page starts right after it. Returns the pages and each
    parent's total row count (parents without rows are absent from both; their page is empty and
    their total 0, or unknown past the end of a ``first``/``after`` page — the caller counts those).
    """
    size, _ = _check_arguments(first=first, last=last, connection_name=connection_name)
    keyset = None if _is_offset(after) or _is_offset(before) else _keyset(queryset)
    if keyset is None:
        return _per_parent_offsets(
            queryset, parent=parent, first=first, last=last, after=after, before=before
        )
    after_values = keyset.values(after, argument="after")
    before_values = keyset.values(before, argument="before")
    forward = list(keyset.keys)
    backward = [key.reversed() for key in forward]
    # Rows of each parent up to and including ``after`` / from ``before`` on, counted by windows
    # (annotated only when there is a cursor: two equal constants would confuse Django's
    # filtering on windows, which selects each distinct expression once).
    counts: dict[str, Any] = {}
    if after_values is not None:
        counts["asal_upto_after"] = _count_where(_beyond(backward, after_values, inclusive=True), parent)
    if before_values is not None:
        counts["asal_from_before"] = _count_where(_beyond(forward, before_values, inclusive=True), parent)
    upto_after: Any = F("asal_upto_after") if after_values is not None else 0
    from_before: Any = F("asal_from_before") if before_values is not None else 0
    # Numbered forward for ``first`` (the page is rows upto_after + 1 … upto_after + first, one
    # more to see a next page, none from ``before`` on), backward for ``last`` (from_before + 1 …
    # from_before + last, one more to see a previous page, none up to ``after``).
    start, end = (upto_after, from_before) if first is not None else (from_before, upto_after)
    numbering = backward if last is not None else forward
    numbered = keyset.queryset.annotate(
        asal_parent=parent,
        asal_row=Window(RowNumber(), partition_by=parent, order_by=[key.order() for key in numbering]),
        asal_total=Window(Count("*"), partition_by=parent),
        **counts,
    )
    # The bounds are selected, not computed in the filter: Django's filtering on windows would
    # otherwise select them in an outer query that mismatches the row's columns.
    numbered = numbered.annotate(asal_upper=Least(Value(size + 1) + start, F("asal_total") - end)).order_by(
        *(key.order() for key in forward)
    )
    rows = list(numbered.filter(asal_row__gt=start, asal_row__lte=F("asal_upper"))) if size else []
    grouped: dict[Any, list[Any]] = {}
    totals: dict[Any, int] = {}
    for row in rows:
        grouped.setdefault(row.asal_parent, []).append(row)
        totals[row.asal_parent] = row.asal_total
    pages: dict[Any, Page[Any]] = {}
    for key, items in grouped.items():
        head = items[0]
        if first is not None:
            page_rows = items[:size]
            has_next = len(items) > size
            has_previous = getattr(head, "asal_upto_after", 0) > 0
        else:
            page_rows = items[-size:]
            has_next = getattr(head, "asal_from_before", 0) > 0
            has_previous = len(items) > size
        pages[key] = _with_cursors(
            page_rows, [keyset.cursor(row) for row in page_rows], has_next=has_next, has_previous=has_previous
        )
    return pages, totals


def _count_where(condition: Q, parent: Any) -> Window:
    """Per parent, how many of its rows meet ``condition`` (a window, so every row is kept)."""
    return Window(
        Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())),
        partition_by=parent,
    )


def _per_parent_offsets(
    queryset: QuerySet[Any],
    *,
    parent: Any,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
    """``paginate_per_parent`` for the offset cursors of old."""
    after_offset = _offset(after, argument="after")
    before_offset = _offset(before, argument="before")
    ordering = list(queryset.query.order_by) or ["pk"]
    numbered = queryset.annotate(
        asal_parent=parent,
        asal_row=Window(RowNumber(), partition_by=parent, order_by=_order_expressions(ordering)),
        asal_total=Window(Count("*"), partition_by=parent),
    )
    lower = after_offset + 1 if after_offset is not None else 0  # 0-based index of the first row allowed
    upper = 0
    if first is not None:
        upper = lower + first  # exclusive, plus one row to tell whether a next page exists
        if before_offset is not None:
            upper = min(upper, before_offset)
        rows = list(numbered.filter(asal_row__gt=lower, asal_row__lte=upper + 1)) if upper > lower else []
    else:
        assert last is not None
        end = F("asal_total") if before_offset is None else Value(before_offset)
        rows = list(numbered.filter(asal_row__gt=Greatest(end - last, Value(lower)), asal_row__lte=end))
    grouped: dict[Any, list[Any]] = {}
    totals: dict[Any, int] = {}
    for row in rows:
        grouped.setdefault(row.asal_parent, []).append(row)
        totals[row.asal_parent] = row.asal_total
    pages: dict[Any, Page[Any]] = {}
    for key, items in grouped.items():
        if first is not None:
            size = upper - lower
            pages[key] = _page(items[:size], start=lower, has_next=len(items) > size, has_previous=lower > 0)
        else:
            start = items[0].asal_row - 1
            pages[key] = _page(items, start=start, has_next=False, has_previous=start > lower)
    return pages, totals


def empty_page() -> Page[Any]:
    return _page([], start=0, has_next=False, has_previous=False)


def _order_expressions(ordering: list[Any]) -> list[Any]:
    """``order_by`` terms of a queryset as expressions a window's ``ORDER BY`` accepts."""
    found: list[Any] = []
    for term in ordering:
        if isinstance(term, str):
            found.append(F(term[1:]).desc() if term.startswith("-") else F(term).asc())
        else:
            found.append(term)
    return found


def node_id(type_name: str) -> Any:
    """The ``id`` field of a Node type: Saleor's global ID of the root's pk (or its node's)."""

    def resolve(root: strawberry.Parent[Any]) -> strawberry.ID:
        node = root.node if type(root) is ChannelContext else root
        return strawberry.ID(to_global_id(type_name, node.pk))

    return strawberry.field(resolver=resolve)


@strawberry.interface(name="Node", description="An object with an ID")
class Node:
    id: strawberry.ID = strawberry.field(description="The ID of the object.")


def model_type_check(*model_classes: type) -> Any:
    """``is_type_of`` for a type whose root values are model instances, or ``ChannelContext``s
    wrapping them (needed once it implements an interface such as ``Node``: GraphQL then checks
    each returned object's type)."""

    def is_type_of(cls: type, obj: Any, _info: Any) -> bool:
        node = obj.node if type(obj) is ChannelContext else obj
        return isinstance(node, (cls, *model_classes))

    return classmethod(is_type_of)
