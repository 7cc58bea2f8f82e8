"""Checks of a request's shape that run right after parsing, before the schema's validation rules.

They need the document and the raw variables only, each is one pass over them without recursion,
and together they bound what the validation rules and the cost measure (both recursive, and the
rules quadratic in places) are ever handed:

- which operation runs: a document of several operations needs ``operationName`` (the spec's
  rule; strawberry would otherwise quietly run the first);
- nesting: selections and fragment spreads at most ``max_nesting`` levels deep, however the
  fragments chain (deeper documents made graphql-core abort its validation, and the cost measure
  recurse past Python's limit);
- aliases, root fields and mutations: each alias of an expensive field is one more execution of
  it, so an operation holds at most ``max_aliases`` aliases and ``max_root_fields`` root fields,
  and a request runs at most ``max_mutations`` mutations (fields merged under one response key
  run once and count once);
- text: no string, in the document or in the variables, holds NUL (U+0000, which PostgreSQL
  cannot store) or an unpaired surrogate (which no encoding can write).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
)

# graphql-core's own message for the spec's rule (it applies it only when it executes).
OPERATION_NAME_REQUIRED = "Must provide operation name if query contains multiple operations."
_FORBIDDEN_TEXT = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class ShapeLimits:
    max_nesting: int
    max_aliases: int
    max_root_fields: int
    max_mutations: int


def _error(message: str, *nodes: Node) -> GraphQLError:
    return GraphQLError(message, list(nodes) or None, extensions={"code": "GRAPHQL_ERROR"})


def _operation_label(operation: OperationDefinitionNode) -> str:
    return operation.name.value if operation.name else "anonymous"


def selected_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    """The operation a request runs; ``None`` when the name matches none (reported elsewhere)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == operation_name), None)


# --- walking without recursion ------------------------------------------------------------------


def _selections(selection_set: SelectionSetNode | None) -> Iterator[tuple[Any, int]]:
    """Every selection under ``selection_set`` with its nesting level (1 for the set's own)."""
    stack = [(selection_set, 1)] if selection_set else []
    while stack:
        current, level = stack.pop()
        for selection in current.selections:
            yield selection, level
            nested = getattr(selection, "selection_set", None)
            if nested is not None:
                stack.append((nested, level + 1))


def _used_fragments(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> list[FragmentDefinitionNode]:
    """The fragments the operation spreads, directly or through others, each once."""
    found: dict[str, FragmentDefinitionNode] = {}
    pending = [operation.selection_set]
    while pending:
        for selection, _level in _selections(pending.pop()):
            if isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in found and name in fragments:
                    found[name] = fragments[name]
                    pending.append(fragments[name].selection_set)
    return list(found.values())


def _nesting(operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]) -> int:
    """How deep selections go, a fragment spread counting as a level: a chain of 300 fragments is 300.

    Each definition's own depth and spreads are found without recursion; the fragments' depths are
    then resolved in an order where each one's spreads come first (cycles count once; the
    validation rules report them).
    """
    own: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    for name, fragment in fragments.items():
        own[name] = _own_nesting(fragment.selection_set)
    depths: dict[str, int] = {}
    for root in own:
        if root in depths:
            continue
        path = [(root, iter(own[root][1]))]
        on_path = {root}
        while path:
            name, spreads = path[-1]
            for spread, _level in spreads:
                if spread in own and spread not in depths and spread not in on_path:
                    path.append((spread, iter(own[spread][1])))
                    on_path.add(spread)
                    break
            else:
                path.pop()
                on_path.discard(name)
                depth, direct = own[name]
                depths[name] = max([depth, *(level + depths.get(s, 0) for s, level in direct)])
    depth, direct = _own_nesting(operation.selection_set)
    return max([depth, *(level + depths.get(s, 0) for s, level in direct)])


def _own_nesting(selection_set: SelectionSetNode) -> tuple[int, list[tuple[str, int]]]:
    depth = 1
    spreads: list[tuple[str, int]] = []
    for selection, level in _selections(selection_set):
        depth = max(depth, level)
        if isinstance(selection, FragmentSpreadNode):
            spreads.append((selection.name.value, level))
    return depth, spreads


def _root_keys(
    operation: OperationDefinitionNode, fragments: Mapping[str, FragmentDefinitionNode]
) -> set[str]:
    """Response keys of the root fields (fields merged under one key execute once)."""
    keys: set[str] = set()
    seen: set[str] = set()
    pending = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value != "__typename":
                    keys.add((selection.alias or selection.name).value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return keys


def _aliases(operation: OperationDefinitionNode, used: list[FragmentDefinitionNode]) -> int:
    return sum(
        1
        for definition in (operation, *used)
        for selection, _level in _selections(definition.selection_set)
        if isinstance(selection, FieldNode) and selection.alias is not None
    )


# --- text ---------------------------------------------------------------------------------------


def _text_problem(text: str) -> str | None:
    found = _FORBIDDEN_TEXT.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "the NUL character (U+0000), which no text may hold"
    return "an unpaired surrogate (U+D800 to U+DFFF), which is not valid Unicode"


def _document_strings(document: DocumentNode) -> Iterator[StringValueNode]:
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, StringValueNode):
            yield node
        elif isinstance(node, Node):
            stack.extend(getattr(node, key, None) for key in node.keys if key != "loc")
        elif isinstance(node, tuple | list):
            stack.extend(node)


def _variable_strings(variables: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """``(variable name, text)`` for every string in the variables, keys of objects included."""
    stack: list[tuple[str, Any]] = [(name, value) for name, value in variables.items()]
    while stack:
        name, value = stack.pop()
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, Mapping):
            for key, item in value.items():
                stack.append((name, str(key)))
                stack.append((name, item))
        elif isinstance(value, list | tuple):
            stack.extend((name, item) for item in value)


def _may_hold_forbidden_text(document: DocumentNode) -> bool:
    """False when no string of the document can hold NUL or a lone surrogate, as the source shows.

    The lexer refuses a raw lone surrogate, so apart from a raw NUL both can only come from a
    ``\\u`` escape: a source with neither needs no walk over its strings (the usual case).
    """
    source = document.loc.source.body if document.loc is not None else None
    return source is None or "\\u" in source or "\x00" in source


def text_errors(document: DocumentNode, variables: Mapping[str, Any] | None) -> list[GraphQLError]:
    for node in _document_strings(document) if _may_hold_forbidden_text(document) else ():
        if problem := _text_problem(node.value):
            return [_error(f"A string argument contains {problem}.", node)]
    for name, text in _variable_strings(variables or {}):
        if problem := _text_problem(text):
            return [_error(f"Variable '${name}' contains {problem}.")]
    return []


# --- the check ----------------------------------------------------------------------------------


def shape_errors(
    *,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    limits: ShapeLimits,
) -> list[GraphQLError]:
    """The request's shape problems (see the module docstring); empty when it may go on."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None and len(operations) > 1:
        return [_error(OPERATION_NAME_REQUIRED)]
    if errors := text_errors(document, variables):
        return errors
    operation = selected_operation(document, operation_name)
    if operation is None:
        return []  # no such operation: strawberry reports it
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    label = _operation_label(operation)
    nesting = _nesting(operation, fragments)
    if nesting > limits.max_nesting:
        return [
            _error(
                f"'{label}' nests selections and fragments {nesting} levels deep; "
                f"at most {limits.max_nesting} are allowed.",
                operation,
            )
        ]
    errors = []
    aliases = _aliases(operation, _used_fragments(operation, fragments))
    if aliases > limits.max_aliases:
        errors.append(
            _error(f"'{label}' uses {aliases} aliases; at most {limits.max_aliases} are allowed.", operation)
        )
    roots = len(_root_keys(operation, fragments))
    if operation.operation == OperationType.MUTATION and roots > limits.max_mutations:
        errors.append(
            _error(
                f"'{label}' runs {roots} mutations; at most {limits.max_mutations} are allowed per request.",
                operation,
            )
        )
    elif roots > limits.max_root_fields:
        errors.append(
            _error(
                f"'{label}' selects {roots} root fields; at most {limits.max_root_fields} are allowed.",
                operation,
            )
        )
    return errors
