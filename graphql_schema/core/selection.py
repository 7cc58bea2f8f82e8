"""What a query asked for below the current field, so a resolver fetches only what is needed.

Used by list resolvers to decide which per-row subqueries (prices, first image, provenance) to
add to the one SQL statement that loads a page, instead of paying for them on every request.

The names depend only on the document (field nodes and fragments), not on the variables:
``@include``/``@skip`` are not applied (a field named under a skipped branch still counts, as
with strawberry's ``Info.selected_fields``). So they are read from the AST directly, without
strawberry's conversion of every nested argument and directive, and kept per field-node list
(``document_cache`` hands out the same nodes for the same text): a storefront's listing asks for
them once per document, not once per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from threading import Lock
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode
from strawberry.types import Info

# Field-node lists whose names are kept; cleared when full (a bound, not an eviction policy).
CACHE_SIZE = 1024
_cache: dict[tuple[int, ...], tuple[tuple[Any, ...], frozenset[str]]] = {}
_lock = Lock()


def _names_below(
    field_nodes: Iterable[FieldNode], fragments: dict[str, FragmentDefinitionNode]
) -> frozenset[str]:
    names: set[str] = set()

    def walk(selections: Iterable[Any]) -> None:
        for selection in selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments[selection.name.value]
                walk(fragment.selection_set.selections if fragment.selection_set else ())
                continue
            if not isinstance(selection, InlineFragmentNode):
                names.add(selection.name.value)
            selection_set = selection.selection_set
            walk(selection_set.selections if selection_set else ())

    for node in field_nodes:
        walk(node.selection_set.selections if node.selection_set else ())
    return frozenset(names)


def selected_names(info: Info) -> set[str]:
    """Every field name (GraphQL spelling) selected anywhere below the current field."""
    raw = info._raw_info
    nodes = tuple(raw.field_nodes)
    key = tuple(map(id, nodes))
    found = _cache.get(key)
    if found is not None and all(kept is node for kept, node in zip(found[0], nodes, strict=True)):
        return set(found[1])
    names = _names_below(nodes, raw.fragments)
    with _lock:
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[key] = (nodes, names)  # the nodes stay alive, so their ids are not reused
    return set(names)
