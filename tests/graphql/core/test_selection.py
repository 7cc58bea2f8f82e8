"""``selected_names`` reads the AST (and keeps the answer per field-node list) yet names exactly
what strawberry's ``Info.selected_fields`` names, fragments, aliases and directives included."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment

from graphql_schema.core.selection import selected_names

seen: list[tuple[set[str], set[str]]] = []


def strawberrys_names(info: Info) -> set[str]:
    """The reference: the names strawberry's converted selections carry."""
    names: set[str] = set()

    def walk(selections: Iterable[Any]) -> None:
        for selection in selections:
            if not isinstance(selection, FragmentSpread | InlineFragment):
                names.add(selection.name)
            walk(selection.selections)

    for field in info.selected_fields:
        walk(field.selections)
    return names


@strawberry.type
class Leaf:
    colour: str = "red"
    size: int = 1


@strawberry.type
class Node:
    name: str = "n"
    leaf: Leaf = strawberry.field(default_factory=Leaf)

    @strawberry.field
    def children(self, info: Info) -> list[Node]:
        seen.append((selected_names(info), strawberrys_names(info)))
        return [Node()]


@strawberry.type
class Query:
    @strawberry.field
    def root(self, info: Info) -> Node:
        seen.append((selected_names(info), strawberrys_names(info)))
        return Node()


schema = strawberry.Schema(query=Query)

DOCUMENTS = [
    "{ root { name } }",
    "{ root { alias: name leaf { colour } } }",
    """query ($skip: Boolean!) { root { ...Card children { leaf @skip(if: $skip) { size } } } }
       fragment Card on Node { name ... on Node { leaf { ...Sized } } }
       fragment Sized on Leaf { size }""",
    "{ a: root { name } b: root { children { children { name } } } }",
]


def test_the_names_are_strawberrys_names_fresh_and_kept():
    for document in DOCUMENTS * 2:  # the second time from the cache
        seen.clear()
        result = schema.execute_sync(document, {"skip": True})

        assert result.errors is None
        assert seen
        for ours, reference in seen:
            assert ours == reference


def test_the_caller_may_change_the_set_it_gets():
    seen.clear()
    schema.execute_sync("{ root { name } }")
    seen[0][0].add("changed")
    seen.clear()
    schema.execute_sync("{ root { name } }")

    assert seen[0][0] == {"name"}
