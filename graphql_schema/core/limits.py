"""Query limits checked before anything runs: shape, depth, estimated cost, and connection page sizes.

One public endpoint serves anonymous buyers, so a single request must not be able to ask for
the whole catalogue nested in itself, nor for a thousand password checks. Every request is
checked after parsing and before execution, so a refused one touches no resolver and no database
row, and the answer is a plain GraphQL error with ``data: null``:

- shape (``document_shape.py``, before the schema's validation rules): the operation to run,
  nesting through fragments, aliases, root fields and mutations, and no NUL in any string;
- depth: nested selections (introspection fields aside) up to ``GRAPHQL_MAX_DEPTH``;
- cost: each object field (a relation, list or connection) costs 1 plus its children, times the
  ``first``/``last`` of a connection, as Saleor's cost map multiplies; scalars are free; fields
  whose work cannot be batched (mutations, introspection, verification) declare their own cost
  (``costs.py``); the sum must stay within ``GRAPHQL_MAX_COST``;
- pages: ``first``/``last`` at most ``GRAPHQL_MAX_PAGE_SIZE``, one of them required when the
  connection's ``edges`` are selected, never both. Messages are Saleor's own words.

Depth, cost and pages are measured on the variables as execution will see them, coerced by
their declared types (``$first = 100.0`` is the Int 100), and on argument values coerced the
same way. Fragments are measured once per operation, so a document that spreads a fragment many
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
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_argument_values,
    get_named_type,
    get_variable_values,
)
from graphql.execution.values import VariableValues
from graphql.type.definition import GraphQLInterfaceType
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from graphql_schema.core.costs import declared_cost
from graphql_schema.core.document_shape import ShapeLimits, shape_errors


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_cost: int
    max_page_size: int
    shape: ShapeLimits


@dataclass
class Measure:
    depth: int = 0
    cost: int = 0


def max_page_size() -> int:
    """The most items one page of a connection holds: the limits and ``paginate`` both ask here."""
    return int(settings.GRAPHQL_MAX_PAGE_SIZE)


def current_limits() -> Limits:
    """Read the limits from settings per request (tests and deployments may change them)."""
    return Limits(
        max_depth=int(settings.GRAPHQL_MAX_DEPTH),
        max_cost=int(settings.GRAPHQL_MAX_COST),
        max_page_size=max_page_size(),
        shape=ShapeLimits(
            max_nesting=int(settings.GRAPHQL_MAX_NESTING),
            max_aliases=int(settings.GRAPHQL_MAX_ALIASES),
            max_root_fields=int(settings.GRAPHQL_MAX_ROOT_FIELDS),
            max_mutations=int(settings.GRAPHQL_MAX_MUTATIONS),
        ),
    )


class OperationMeter:
    """Measures one operation of a document: depth, cost and page-size errors."""

    def __init__(
        self,
        *,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
        limits: Limits,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self.limits = limits
        self.variables = variables  # coerced, defaults applied (``get_variable_values``)
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
            # Introspection is static: not measured for depth, but ``__schema`` is a large answer.
            own = declared_cost(parent.name, name, {}) if parent is not None else None
            return Measure(cost=own or 0)
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        child_type = get_named_type(definition.type) if definition is not None else None
        children = self._selection_set(node.selection_set, child_type)
        arguments = self._arguments(definition, node)
        multiplier = 1
        if (
            definition is not None
            and child_type is not None
            and child_type.name.endswith("Connection")
            and {"first", "last"} & set(definition.args)
        ):
            multiplier = self._page_size(node, arguments)
        own = declared_cost(parent.name, name, arguments) if parent is not None else None
        if own is None:
            # As in Saleor's cost map: resolving an object (a relation or a list) costs 1, a scalar
            # read from the row already loaded costs nothing.
            own = 1 if node.selection_set else 0
        return Measure(
            depth=1 + children.depth if node.selection_set else 0,
            # A connection multiplies by its page.
            cost=multiplier * (own + children.cost),
        )

    # -- arguments and connections -------------------------------------------------------------

    def _arguments(self, definition: GraphQLField | None, node: FieldNode) -> dict[str, Any]:
        """The field's arguments as its resolver will get them (by GraphQL name); {} if invalid."""
        if definition is None or not node.arguments:
            return {}
        try:
            coerced = get_argument_values(definition, node, self.variables)
        except GraphQLError:
            return {}  # reported by validation or execution, never run
        by_out_name = {argument.out_name or name: name for name, argument in definition.args.items()}
        return {by_out_name.get(key, key): value for key, value in coerced.items()}

    def _page_size(self, node: FieldNode, arguments: Mapping[str, Any]) -> int:
        """Check ``first``/``last`` of a connection field; return the multiplier for its cost."""
        field_name = node.name.value
        first, last = arguments.get("first"), arguments.get("last")
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
    """Measure each operation of a valid ``document`` and return the measures and the limit errors.

    ``variables`` are the request's, as sent: each operation coerces them by its own definitions.
    An operation whose variables do not coerce is left unmeasured, since execution refuses it
    before any resolver runs.
    """
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    measures: dict[str, Measure] = {}
    errors: list[GraphQLError] = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else "anonymous"
        if operation_name is not None and definition.name is not None and name != operation_name:
            continue
        coerced = get_variable_values(schema, definition.variable_definitions or (), dict(variables or {}))
        if isinstance(coerced, list):
            continue
        meter = OperationMeter(
            schema=schema, operation=definition, fragments=fragments, variables=coerced, limits=limits
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
    """Runs the shape checks after parsing and the measure after validation; reports the cost.

    The shape checks come before the schema's validation rules (which ``DocumentCache`` may answer
    from its cache): what they refuse never reaches those rules. The measure comes after them,
    on valid documents only, on every request (it depends on the variables, not the text alone).
    The response's ``extensions.cost`` carries ``requestedQueryCost`` and ``maximumAvailable``,
    so a storefront developer can see how close a document is to the limit.
    """

    def on_operation(self) -> Iterator[None]:
        self.limits = current_limits()
        self.measures: dict[str, Measure] = {}
        yield

    def on_parse(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.graphql_document is None:
            return
        errors = shape_errors(
            document=context.graphql_document,
            # The name the client sent: strawberry's ``operation_name`` falls back to the first.
            operation_name=getattr(context, "_provided_operation_name", None),
            variables=context.variables,
            limits=self.limits.shape,
        )
        if errors:
            context.pre_execution_errors = errors  # the validation step then skips its rules

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        schema = context.schema._schema
        if context.pre_execution_errors is None and document is not None:
            # Not served by DocumentCache (a document handed over parsed): validate here, once.
            context.pre_execution_errors = validate_document(
                schema, document, tuple(context.validation_rules)
            )
        if document is not None and not context.pre_execution_errors:
            self.measures, errors = measure_document(
                schema=schema,
                document=document,
                variables=context.variables,
                limits=self.limits,
                operation_name=context.operation_name,
            )
            if errors:
                context.pre_execution_errors = errors
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
