"""The GraphQL documents ``make bench`` sends: the storefront's, plus Asal's provenance.

The storefront's documents are kept once, as test fixtures, in
``tests/graphql/storefront_documents/``: the suite proves them valid for Saleor's schema and
Asal's and runs them with data, so the benchmark times requests that are known to work. They are
read from the checkout ``make bench`` runs in; a deployed image has no ``tests/`` and never
benchmarks itself. Only Asal's own addition, ``provenance.graphql`` beside this module, ships
with ``infra``.

Each document is assembled as a storefront's code generator sends it: the operation and every
fragment it spreads, transitively (a server refuses a document with unused fragments). The tests
assemble theirs with the same two functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    NameNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

STOREFRONT_DOCUMENTS = Path(__file__).resolve().parents[2] / "tests" / "graphql" / "storefront_documents"
PROVENANCE_DOCUMENT = Path(__file__).resolve().with_name("provenance.graphql")

NodeWithSelections = TypeVar("NodeWithSelections", FieldNode, ExecutableDefinitionNode)


@dataclass(frozen=True)
class Extension:
    """Spread ``fragment`` (from ``provenance.graphql``) at the end of the selection set that
    ``path`` (response keys) reaches from the top of ``definition``, an operation or fragment."""

    definition: str
    path: tuple[str, ...]
    fragment: str


def graphql_definitions(paths: Iterable[Path]) -> dict[str, ExecutableDefinitionNode]:
    """Every operation and fragment of the files by name: one namespace, as for a code generator."""
    definitions: dict[str, ExecutableDefinitionNode] = {}
    for path in paths:
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if (
                not isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode)
                or not definition.name
            ):
                raise ValueError(f"{path}: only named operations and fragments belong here")
            if definition.name.value in definitions:
                raise ValueError(f"{path}: {definition.name.value} is defined twice")
            definitions[definition.name.value] = definition
    return definitions


def operation_with_fragments(name: str, definitions: Mapping[str, ExecutableDefinitionNode]) -> DocumentNode:
    """The operation ``name`` and the fragments it spreads, transitively, in one document."""
    used: set[str] = set()
    pending = [definitions[name]]
    while pending:
        for spread in _spread_names(pending.pop()):
            if spread not in used:
                used.add(spread)
                pending.append(definitions[spread])
    return DocumentNode(definitions=(definitions[name], *(definitions[f] for f in sorted(used))))


@cache
def document_text(operation: str, extension: Extension | None = None) -> str:
    """The storefront's operation as the benchmark sends it, with Asal's extension when given."""
    if not STOREFRONT_DOCUMENTS.is_dir():
        raise SystemExit(
            f"{STOREFRONT_DOCUMENTS} is missing: run the benchmark from a checkout (make bench)."
        )
    definitions = graphql_definitions([*sorted(STOREFRONT_DOCUMENTS.glob("*.graphql")), PROVENANCE_DOCUMENT])
    if extension:
        target = definitions[extension.definition]
        extended = _spread_appended(target.selection_set, extension.path, extension.fragment)
        definitions[extension.definition] = _with_selections(target, extended)
    return print_ast(operation_with_fragments(operation, definitions))


def _with_selections(node: NodeWithSelections, selections: SelectionSetNode) -> NodeWithSelections:
    """A copy of ``node`` with other selections (graphql-core's nodes are immutable)."""
    kept = {key: getattr(node, key) for key in node.keys if key != "selection_set"}
    return type(node)(**kept, selection_set=selections)


def _spread_names(node: Node) -> list[str]:
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args: object) -> None:
            names.append(spread.name.value)

    visit(node, Spreads())
    return names


def _spread_appended(selections: SelectionSetNode, path: tuple[str, ...], fragment: str) -> SelectionSetNode:
    """A copy of ``selections`` with the spread added; the parsed definitions stay untouched."""
    if not path:
        spread = FragmentSpreadNode(name=NameNode(value=fragment), directives=())
        return SelectionSetNode(selections=(*selections.selections, spread))
    fields = [
        selection
        for selection in selections.selections
        if isinstance(selection, FieldNode) and (selection.alias or selection.name).value == path[0]
    ]
    if len(fields) != 1 or fields[0].selection_set is None:
        raise ValueError(f"No single field {path[0]!r} with a selection to spread {fragment} into")
    field = _with_selections(fields[0], _spread_appended(fields[0].selection_set, path[1:], fragment))
    return SelectionSetNode(
        selections=tuple(
            field if selection is fields[0] else selection for selection in selections.selections
        )
    )
