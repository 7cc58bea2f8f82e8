"""Saleor's ``*CountableConnection`` / ``*CountableEdge`` types of the catalogue.

``totalCount`` runs its ``COUNT`` only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from strawberry.relay import PageInfo

from graphql_schema.core.relay import Page

if TYPE_CHECKING:
    from graphql_schema.catalog.types.attributes import Attribute, AttributeValue
    from graphql_schema.catalog.types.category import Category, Collection
    from graphql_schema.catalog.types.product import Product
    from graphql_schema.catalog.types.variant import ProductVariant

_TYPES = "graphql_schema.catalog.types"
ProductNode = Annotated["Product", strawberry.lazy(f"{_TYPES}.product")]
VariantNode = Annotated["ProductVariant", strawberry.lazy(f"{_TYPES}.variant")]
CategoryNode = Annotated["Category", strawberry.lazy(f"{_TYPES}.category")]
CollectionNode = Annotated["Collection", strawberry.lazy(f"{_TYPES}.category")]
AttributeNode = Annotated["Attribute", strawberry.lazy(f"{_TYPES}.attributes")]
AttributeValueNode = Annotated["AttributeValue", strawberry.lazy(f"{_TYPES}.attributes")]

C = TypeVar("C")


def _total_count(root: strawberry.Parent[Any]) -> int | None:
    return root._count()


_TOTAL_COUNT = "A total count of items in the collection."


@strawberry.type
class ProductCountableEdge:
    node: ProductNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class ProductCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[ProductCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


@strawberry.type
class ProductVariantCountableEdge:
    node: VariantNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class ProductVariantCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[ProductVariantCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


@strawberry.type
class CategoryCountableEdge:
    node: CategoryNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class CategoryCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[CategoryCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


@strawberry.type
class CollectionCountableEdge:
    node: CollectionNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class CollectionCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[CollectionCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


@strawberry.type
class AttributeCountableEdge:
    node: AttributeNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class AttributeCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[AttributeCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


@strawberry.type
class AttributeValueCountableEdge:
    node: AttributeValueNode = strawberry.field(description="The item at the end of the edge.")
    cursor: str = strawberry.field(description="A cursor for use in pagination.")


@strawberry.type
class AttributeValueCountableConnection:
    page_info: PageInfo = strawberry.field(description="Pagination data for this connection.")
    edges: list[AttributeValueCountableEdge]
    total_count: int | None = strawberry.field(resolver=_total_count, description=_TOTAL_COUNT)
    _count: strawberry.Private[Callable[[], int]]


def connection(connection_type: type[C], edge_type: type, page: Page[Any], count: Callable[[], int]) -> C:
    """Build a ``connection_type`` from a page; ``count`` runs only if ``totalCount`` is selected."""
    edges = [
        edge_type(node=node, cursor=cursor) for node, cursor in zip(page.nodes, page.cursors, strict=True)
    ]
    return connection_type(page_info=page.page_info, edges=edges, _count=count)  # type: ignore[call-arg]
