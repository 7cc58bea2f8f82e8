"""Saleor-compatible Relay global IDs and offset-cursor pagination of querysets.

A global ID is ``base64("<TypeName>:<pk>")`` exactly as Saleor writes it, so IDs a storefront
stored against Saleor have the same shape here. A malformed or mistyped ID is a GraphQL error
with a plain message, never a 500.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from django.db.models import Count, F, QuerySet, Value, Window
from django.db.models.functions import Greatest, RowNumber
from graphql import GraphQLError
from strawberry.relay import PageInfo

from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.limits import max_page_size

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


def _cursor(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def _offset(cursor: str | None, *, argument: str) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.b64decode(cursor, validate=True).decode()
        if not raw.startswith(_CURSOR_PREFIX):
            raise ValueError(raw)
        return int(raw.removeprefix(_CURSOR_PREFIX))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError(
            f"Received cursor in `{argument}` is invalid.", extensions={"code": "GRAPHQL_ERROR"}
        ) from None


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
    cursors = [_cursor(start + index) for index in range(len(rows))]
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
    """Slice ``queryset`` for ``first/after`` or ``last/before`` in one query (+1 row for hasNextPage).

    ``queryset`` may be a list already in memory. ``count`` is a callable giving the total,
    needed only for ``last`` without ``before`` (a queryset counts itself otherwise).
    Errors follow Saleor's wording: one of ``first``/``last`` is required, and a page holds at
    most ``GRAPHQL_MAX_PAGE_SIZE`` items.
    """
    _check_arguments(first=first, last=last, connection_name=connection_name)
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
    is already limited to the parents on the page and ordered totally. Rows are numbered per
    parent with a window function, so ``categories(first: 20) { children(first: 5) }`` costs one
    query for the twenty pages. Returns the pages and each parent's total row count (parents
    without rows are absent from both; their page is empty and their total 0, or unknown past
    the end of a ``first``/``after`` page — the caller counts those).
    """
    _check_arguments(first=first, last=last, connection_name=connection_name)
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
