"""Saleor's ``*CountableConnection`` / ``*CountableEdge`` pairs, from one generic definition.

Strawberry names a specialised generic type after its argument, so ``CountableConnection[Product]``
is Saleor's ``ProductCountableConnection`` and its edges ``ProductCountableEdge``. ``totalCount``
runs its ``COUNT`` only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.relay import PageInfo

from graphql_schema.core.relay import Page

NodeT = TypeVar("NodeT")


@strawberry.type
class CountableEdge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class CountableConnection(Generic[NodeT]):
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[CountableEdge[NodeT]]
    _count: strawberry.Private[Callable[[], int]]

    @strawberry.field(description="A total count of items in the collection.")
    def total_count(self) -> int | None:
        return self._count()


def connection(
    page: Page[Any], count: Callable[[], int], nodes: Iterable[Any] | None = None
) -> CountableConnection[Any]:
    """Build a connection from a page; ``count`` runs only if ``totalCount`` is selected.

    ``nodes`` replaces the page's rows as the edges' nodes (the rows wrapped for their channel).
    """
    items = page.nodes if nodes is None else list(nodes)
    edges = [
        CountableEdge(node=node, cursor=cursor) for node, cursor in zip(items, page.cursors, strict=True)
    ]
    return CountableConnection(page_info=page.page_info, edges=edges, _count=count)
