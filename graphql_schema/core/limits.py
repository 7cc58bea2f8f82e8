"""Query limits checked before anything runs: depth, estimated cost, and connection page sizes.

One public endpoint serves anonymous buyers, so a single request must not be able to ask for
the whole catalogue nested in itself. Every operation is measured after parsing and before
execution, with its variables, so a rejected query touches no resolver and no database row,
and the answer is a plain GraphQL error with ``data: null``:

- depth: nested selections (introspection fields aside) up to ``GRAPHQL_MAX_DEPTH``;
- cost: each object field (a relation, list or connection) costs 1 plus its children, times the
  ``first``/``last`` of a connection, as Saleor's cost map multiplies; scalars are free; the
  sum must stay within ``GRAPHQL_MAX_COST``;
- pages: ``first``/``last`` at most ``GRAPHQL_MAX_PAGE_SIZE`` (100), one of them required when
  the connection's ``edges`` are selected, never both. Messages are Saleor's own words.

Fragments are measured once per operation, so a document that spreads a fragment many
times costs the server linear, not exponential, work to measure.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)
from graphql.type.definition import GraphQLInterfaceType
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_cost: int
    max_page_size: int


@dataclass
class Measure:
    depth: int = 0
    cost: int = 0


def current_limits() -> Limits:
    """Read the limits from settings per request (tests and deployments may change them)."""
    return Limits(
        max_depth=int(settings.GRAPHQL_MAX_DEPTH),
        max_cost=int(settings.GRAPHQL_MAX_COST),
        max_page_size=int(getattr(settings, "GRAPHQL_MAX_PAGE_SIZE", 100)),
    )


class OperationMeter:
    """Measures one operation of a document: depth, cost and page-size errors."""

    def __init__(
        self,
        *,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        limits: Limits,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self.limits = limits
        self.variables = dict(variables)
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(definition.default_value)
        self.errors: list[GraphQLError] = []
        self._fragment_measures: dict[str, Measure] = {}
        self._in_progress: set[str] = set()

    def measure(self) -> Measure:
        root = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }[self.operation.operation]
        return self._selection_set(self.operation.selection_set, root)

    # -- traversal -------------------------------------------------------------------------

    def _selection_set(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> Measure:
        total = Measure()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                part = self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                part = self._selection_set(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                part = self._fragment(selection.name.value)
            else:  # pragma: no cover - graphql-core has no other selection kinds
                continue
            total.depth = max(total.depth, part.depth)
            total.cost += part.cost
        return total

    def _fragment(self, name: str) -> Measure:
        if name in self._fragment_measures:
            return self._fragment_measures[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._in_progress:
            return Measure()  # unknown fragments and cycles are reported by the standard rules
        self._in_progress.add(name)
        measured = self._selection_set(
            fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value)
        )
        self._in_progress.discard(name)
        self._fragment_measures[name] = measured
        return measured

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Measure:
        name = node.name.value
        if name.startswith("__"):
            return Measure()  # introspection is static and cheap
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        child_type = get_named_type(definition.type) if definition is not None else None
        children = self._selection_set(node.selection_set, child_type)
        multiplier = 1
        if definition is not None and child_type is not None and child_type.name.endswith("Connection"):
            multiplier = self._page_size(node, set(definition.args))
        return Measure(
            depth=1 + children.depth if node.selection_set else 0,
            # As in Saleor's cost map: resolving an object (a relation or a list) costs 1, a scalar
            # read from the row already loaded costs nothing; a connection multiplies by its page.
            cost=multiplier * ((1 if node.selection_set else 0) + children.cost),
        )

    # -- connections ---------------------------------------------------------------------------

    def _argument(self, node: FieldNode, name: str) -> Any:
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            value = argument.value
            if isinstance(value, VariableNode):
                return self.variables.get(value.name.value)
            if isinstance(value, IntValueNode):
                return int(value.value)
            return None
        return None

    def _page_size(self, node: FieldNode, arguments: set[str]) -> int:
        """Check ``first``/``last`` of a connection field; return the multiplier for its cost."""
        if not {"first", "last"} & arguments:
            return 1
        field_name = node.name.value
        first, last = self._argument(node, "first"), self._argument(node, "last")
        maximum = self.limits.max_page_size
        if first and last:
            self._error("Argument `last` cannot be combined with `first`.", node)
        for argument, value in (("first", first), ("last", last)):
            if not isinstance(value, int):
                continue
            if value < 0:
                self._error(f"Argument `{argument}` must be a non-negative integer.", node)
            elif value > maximum:
                self._error(
                    f"Requesting {value} records on the `{field_name}` connection exceeds the "
                    f"`{argument}` limit of {maximum} records.",
                    node,
                )
        if not first and not last and self._selects_edges(node.selection_set, set()):
            self._error(
                "You must provide a `first` or `last` value to properly paginate "
                f"the `{field_name}` connection.",
                node,
            )
        sizes = [value for value in (first, last) if isinstance(value, int) and value > 0]
        return min(max(sizes), maximum) if sizes else 1

    def _selects_edges(self, selection_set: SelectionSetNode | None, seen: set[str]) -> bool:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode) and selection.name.value == "edges":
                return True
            if isinstance(selection, InlineFragmentNode) and self._selects_edges(
                selection.selection_set, seen
            ):
                return True
            if isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                fragment = self.fragments.get(selection.name.value)
                seen.add(selection.name.value)
                if fragment is not None and self._selects_edges(fragment.selection_set, seen):
                    return True
        return False

    def _error(self, message: str, node: FieldNode) -> None:
        self.errors.append(GraphQLError(message, node, extensions={"code": "GRAPHQL_ERROR"}))


def measure_document(
    *,
    schema: GraphQLSchema,
    document: Any,
    variables: Mapping[str, Any] | None,
    limits: Limits,
    operation_name: str | None = None,
) -> tuple[dict[str, Measure], list[GraphQLError]]:
    """Measure each operation of ``document`` and return the measures and the limit errors."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    measures: dict[str, Measure] = {}
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else "anonymous"
        if operation_name is not None and definition.name is not None and name != operation_name:
            continue
        meter = OperationMeter(
            schema=schema, operation=definition, fragments=fragments, variables=variables or {}, limits=limits
        )
        measured = meter.measure()
        measures[name] = measured
        if measured.depth > limits.max_depth:
            errors.append(
                GraphQLError(
                    f"'{name}' exceeds maximum operation depth of {limits.max_depth}",
                    definition,
                    extensions={"code": "GRAPHQL_ERROR"},
                )
            )
        errors += meter.errors
        if measured.cost > limits.max_cost:
            errors.append(
                GraphQLError(
                    f"The query exceeds the maximum cost of {limits.max_cost}. "
                    f"Actual cost is {measured.cost}",
                    definition,
                    extensions={"code": "QUERY_COST_EXCEEDED"},
                )
            )
    return measures, errors


class QueryLimits(SchemaExtension):
    """Adds the limit check to each operation's validation, and reports the cost as Saleor does.

    The check runs on every request, after the schema's own rules (which ``DocumentCache`` may
    have answered from its cache: they depend on the text only, the limits on the variables
    too). Its errors come first, as they did when the check was one more validation rule.
    The response's ``extensions.cost`` carries ``requestedQueryCost`` and ``maximumAvailable``,
    so a storefront developer can see how close a document is to the limit.
    """

    def on_operation(self) -> Iterator[None]:
        self.limits = current_limits()
        self.measures: dict[str, Measure] = {}
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        schema = context.schema._schema
        if context.pre_execution_errors is None and document is not None:
            # Not served by DocumentCache (a document handed over parsed): validate here, once.
            context.pre_execution_errors = validate_document(
                schema, document, tuple(context.validation_rules)
            )
        if document is not None:
            self.measures, errors = measure_document(
                schema=schema,
                document=document,
                variables=context.variables,
                limits=self.limits,
                operation_name=context.operation_name,
            )
            if errors:
                context.pre_execution_errors = [*errors, *(context.pre_execution_errors or ())]
        yield

    def get_results(self) -> dict[str, Any]:
        measures = getattr(self, "measures", None)
        if not measures:
            return {}
        return {
            "cost": {
                "requestedQueryCost": max(measure.cost for measure in measures.values()),
                "maximumAvailable": self.limits.max_cost,
            }
        }
