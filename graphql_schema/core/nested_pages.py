"""Connections under a list (``categories { children(first: 5) }``): one query for every parent.

The first parent to resolve its connection computes the pages of every peer of its kind with the
same arguments (``relay.paginate_per_parent``: one windowed SQL statement), so a list of twenty
categories with their children costs what a list of one does. Results live in the request's
loader cache, keyed by the parent kind, scope and the field's arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from strawberry.types import Info

from graphql_schema.core.dataloaders import Scope, peers
from graphql_schema.core.relay import Page, empty_page

PagesFor = Callable[[list[Any]], tuple[dict[Any, Page[Any]], dict[Any, int]]]


class _Pages:
    def __init__(self) -> None:
        self.pages: dict[Any, Page[Any]] = {}
        self.totals: dict[Any, int] = {}
        self.done: set[Any] = set()


def page_for_parent(
    info: Info,
    *,
    kind: Hashable,
    scope: Scope,
    parent_id: Any,
    arguments: Hashable,
    pages_for: PagesFor,
    count_one: Callable[[], int],
    starts_at_beginning: bool,
) -> tuple[Page[Any], Callable[[], int]]:
    """The page of ``parent_id`` and a ``totalCount`` function, batched over its peers.

    ``pages_for(parent_ids)`` returns the pages and totals of those parents (parents without
    rows absent). ``count_one`` counts this parent alone: needed only for ``totalCount`` of a
    page past the end of a parent's rows, where the windowed query saw no row to count.
    ``starts_at_beginning`` (no ``after``/``before``): a parent without rows then has none at all.
    """
    cache: dict[Any, _Pages] = info.context.loaders
    key = ("nested-pages", kind, scope, arguments)
    state = cache.get(key)
    if state is None:
        state = cache[key] = _Pages()
    if parent_id not in state.done:
        wanted = [parent_id, *(peer for peer in peers(info, kind, scope) if peer not in state.done)]
        wanted = list(dict.fromkeys(wanted))
        pages, totals = pages_for(wanted)
        state.pages.update(pages)
        state.totals.update(totals)
        state.done.update(wanted)
    page = state.pages.get(parent_id) or empty_page()
    total = state.totals.get(parent_id)
    if total is not None:
        return page, lambda: total
    if starts_at_beginning:
        return page, lambda: 0
    return page, count_one
