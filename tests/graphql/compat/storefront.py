"""The Saleor storefront's documents (``tests/graphql/storefront_documents``), one operation at a time.

Each operation is assembled as the storefront's code generator sends it: the operation and
the fragments it uses, transitively, in one document.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "storefront_documents"


@cache
def _definitions() -> tuple[dict[str, OperationDefinitionNode], dict[str, FragmentDefinitionNode]]:
    operations: dict[str, OperationDefinitionNode] = {}
    fragments: dict[str, FragmentDefinitionNode] = {}
    for path in sorted(DOCUMENTS_DIR.glob("*.graphql")):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations[definition.name.value] = definition
            elif isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = definition
    return operations, fragments


def operation_names() -> list[str]:
    return sorted(_definitions()[0])


def _used_fragments(node, fragments: dict[str, FragmentDefinitionNode], found: set[str]) -> set[str]:
    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args) -> None:
            name = spread.name.value
            if name not in found:
                found.add(name)
                _used_fragments(fragments[name], fragments, found)

    visit(node, Spreads())
    return found


def operation_document(name: str) -> DocumentNode:
    operations, fragments = _definitions()
    operation = operations[name]
    used = _used_fragments(operation, fragments, set())
    return DocumentNode(definitions=(operation, *(fragments[f] for f in sorted(used))))


def operation_text(name: str) -> str:
    return print_ast(operation_document(name))
