"""A compiled execution of queries: graphql-core's executor without its per-field generality.

graphql-core's executor visits every response field through the same general steps: it looks the
field up, asks the middleware manager for the resolver, builds a ``GraphQLResolveInfo`` (sixteen
values), computes the arguments from the AST, calls the resolver, asks whether the result is
awaitable, then walks ``complete_value``'s chain of type tests (exception? non-null? null? list?
leaf? abstract? object?) and, for objects, the incremental executor's delivery-group checks
before the subfields. A storefront listing has about 1,800 response fields, most of them a plain
attribute of a model (strawberry's "basic" fields, whose resolver ignores ``info``), and repeats
each of those steps twenty times, once per product.

``CompiledExecutionContext`` (the schema's ``execution_context_class``) decides those steps once
per operation instead of once per field and value:

- each selection set becomes a *plan* per object type: a list of closures, one per response
  field; root plans are kept across requests (``plan_cache``, keyed by the operation node and the
  values of the variables its directives read) and hold no request state: every run receives the
  executor, which supplies the ``Info``, the arguments that read variables and the subfields;
- a basic field reads ``default_resolver(source, name)`` directly, with no ``Info`` and no
  ``Path``, and so does a direct resolver that takes neither ``info`` nor arguments
  (``lean.INFO_FREE``); other resolvers get the very ``Info`` strawberry's executor builds
  (``build_resolve_info``), with arguments computed once per field node, not per value;
- the return type's wrappers (non-null, list) and its completion (a leaf's output coercion, an
  object's plan, an abstract type's resolution) are composed into one function per field;
- strawberry's own ``is_type_of`` (an ``isinstance`` test that ignores ``info``) runs without one;
- schema extensions' ``resolve`` hooks (middleware) are kept: a field wrapped by them takes the
  full path, ``Info`` and all (and plans are then per request: the wrappers hold the request's
  extension instances).

Anything out of the ordinary is left to graphql-core so that results stay byte-identical: an
exception anywhere (a resolver's error, a null in a non-null position, a value a scalar cannot
represent, an abstract type resolved to an impossible type), an awaitable, or a recursion too deep
abandons the compiled run and executes the whole operation again with the standard executor, which
then produces graphql-core's exact data, errors and paths. Re-running is only correct for reads, so
only queries are compiled, and only in strawberry's synchronous execution (``execute_sync``, the
view's): mutations and subscriptions, ``Schema.execute``, operations in a schema with ``@defer`` or
``@stream``, executions with an abort signal or execution hooks always take the standard path.
``settings.GRAPHQL_COMPILED_EXECUTION = False`` turns the compiled path off.

The differential test (``tests/graphql/core/test_compiled_execution.py``) runs the storefront's
documents and edge cases through both executors and compares their JSON.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from django.conf import settings
from graphql import (
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
    Node,
    OperationType,
    Undefined,
    VariableNode,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, is_iterable
from graphql.pyutils import is_async_iterable as default_is_async_iterable
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from graphql_schema.core.lean import INFO_FREE

# A value completion: (executor, resolved value, the value's path, the field's info or None) -> JSON.
Complete = Callable[["CompiledExecutionContext", Any, Path | None, Any], Any]
# A response field's run: (executor, source, the parent's path) -> JSON value.
Run = Callable[["CompiledExecutionContext", Any, Path | None], Any]
Plan = list[tuple[str, Run]]

# Operations whose root plan is kept across requests (per variant of their directive variables).
PLAN_CACHE_SIZE = 256
_LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
_ABSTRACT_TYPES = (GraphQLInterfaceType, GraphQLUnionType)
_WRAPPING_TYPES = (GraphQLNonNull, GraphQLList)


class _Abandon(Exception):
    """The compiled run met something only graphql-core's executor answers exactly."""


def compiled_execution_enabled() -> bool:
    return bool(getattr(settings, "GRAPHQL_COMPILED_EXECUTION", True))


def _is_strawberry_is_type_of(is_type_of: Callable[..., Any]) -> bool:
    """True for the ``isinstance`` test strawberry builds, which never reads its ``info``."""
    return getattr(is_type_of, "__module__", None) == GraphQLCoreConverter.__module__


def _unwrapped(type_: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(type_, _WRAPPING_TYPES):
        type_ = type_.of_type
    return type_


def _has_variable(node: Node) -> bool:
    found = False

    class Finder(Visitor):
        def enter_variable(self, *_args: Any) -> None:
            nonlocal found
            found = True

    visit(node, Finder())
    return found


def _directive_variables(nodes: list[Node]) -> tuple[str, ...]:
    """The variables that ``@include``/``@skip`` (any directive) of these definitions read."""
    names: set[str] = set()
    depth = 0

    class Finder(Visitor):
        def enter_directive(self, *_args: Any) -> None:
            nonlocal depth
            depth += 1

        def leave_directive(self, *_args: Any) -> None:
            nonlocal depth
            depth -= 1

        def enter_variable(self, node: VariableNode, *_args: Any) -> None:
            if depth:
                names.add(node.name.value)

    for node in nodes:
        visit(node, Finder())
    return tuple(sorted(names))


class _PlanCache:
    """Root plans per (schema, operation node, values of its directive variables), LRU-bounded.

    The operation node is the parsed document's own (``document_cache`` hands out the same object
    for the same text), kept alive by the entry so that its ``id`` is not reused. A plan holds no
    request's state: everything per request (the ``Info``, variable-dependent arguments, the
    subfield collection) goes through the executor passed to each run.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], tuple[Any, Plan]] = OrderedDict()
        self._directive_variables: dict[int, tuple[Any, tuple[str, ...]]] = {}
        self._lock = Lock()

    def key(self, executor: CompiledExecutionContext) -> tuple[Any, ...]:
        operation = executor.operation
        known = self._directive_variables.get(id(operation))
        if known is None or known[0] is not operation:
            names = _directive_variables([operation, *executor.fragment_definitions.values()])
            with self._lock:
                if len(self._directive_variables) >= self._size:
                    self._directive_variables.clear()
                self._directive_variables[id(operation)] = (operation, names)
        else:
            names = known[1]
        coerced = executor.variable_values.coerced
        return (
            id(executor.schema),
            id(operation),
            executor.is_awaitable,
            tuple(repr(coerced.get(name, Undefined)) for name in names),
        )

    def get(self, key: tuple[Any, ...], operation: Any) -> Plan | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] is not operation:
            return None
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: tuple[Any, ...], operation: Any, plan: Plan) -> None:
        with self._lock:
            self._entries[key] = (operation, plan)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._directive_variables.clear()


plan_cache = _PlanCache(PLAN_CACHE_SIZE)


class CompiledExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the compiled path for queries (see the module)."""

    _arguments: dict[int, dict[str, Any]]

    def execute_operation(self, serially: bool | None = None) -> Any:
        if (
            serially is not None
            or self.operation.operation != OperationType.QUERY
            or self.abort_signal is not None
            or self.hooks is not None
            or self.schema.get_directive("defer") is not None
            or self.schema.get_directive("stream") is not None
            # Strawberry's synchronous execution declares that nothing is an async iterable;
            # ``Schema.execute`` (asynchronous) keeps graphql-core's test and the standard path.
            or self.is_async_iterable is default_is_async_iterable
            or not compiled_execution_enabled()
        ):
            return super().execute_operation(serially)
        try:
            data = self._compiled_root()
        except Exception:  # _Abandon, a resolver's error, RecursionError
            # Nothing was added to the response or the collected errors: run the operation again
            # the standard way, which answers exactly (errors, paths, partial data).
            return super().execute_operation(serially)
        return self.finish(self.build_response(data))

    # The run -----------------------------------------------------------------------------------

    def _compiled_root(self) -> dict[str, Any]:
        self._arguments = {}
        manager = self.middleware_manager
        # Resolvers wrapped by this request's extension instances cannot outlive the request.
        shareable = manager is None or manager._middleware_resolvers is None
        key = plan_cache.key(self) if shareable else None
        plan = plan_cache.get(key, self.operation) if key is not None else None
        if plan is None:
            root_type = self.schema.get_root_type(OperationType.QUERY)
            if root_type is None:
                raise _Abandon
            grouped, new_defer_usages, _forbidden = collect_fields(
                self.schema,
                self.fragments,
                self.variable_values,
                root_type,
                self.operation,
                self.hide_suggestions,
            )
            if new_defer_usages:
                raise _Abandon
            plan = self._plan(root_type, grouped)
            if key is not None:
                plan_cache.put(key, self.operation, plan)
        source = self.root_value
        return {name: run(self, source, None) for name, run in plan}

    def _plan(self, parent_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]) -> Plan:
        plan = []
        for response_name, field_details_list in grouped.items():
            run = self._field_run(parent_type, response_name, field_details_list)
            if run is not None:
                plan.append((response_name, run))
        return plan

    def _subplan(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan:
        grouped, new_defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            raise _Abandon
        return self._plan(object_type, grouped)

    def _arguments_of(self, token: object, field_def: GraphQLField, details: Any) -> dict[str, Any]:
        """A field's arguments that read variables: computed once per request and field node."""
        found = self._arguments.get(id(token))
        if found is None:
            found = self._arguments[id(token)] = get_argument_values(
                field_def,
                details.node,
                self.variable_values,
                details.fragment_variable_values,
                self.hide_suggestions,
            )
        return found

    def _field_run(
        self, parent_type: GraphQLObjectType, response_name: str, field_details_list: FieldDetailsList
    ) -> Run | None:
        first = field_details_list[0]
        node = first.node
        field_def: GraphQLField | None = self.schema.get_field(parent_type, node.name.value)
        if field_def is None:
            return None  # graphql-core leaves the key out too
        return_type = field_def.type
        parent_name = parent_type.name
        base_resolve = field_def.resolve or self.field_resolver
        resolve_fn = base_resolve
        if self.middleware_manager is not None:
            resolve_fn = self.middleware_manager.get_field_resolver(base_resolve)
        wrapped = resolve_fn is not base_resolve
        unwrapped = _unwrapped(return_type)
        is_awaitable = self.is_awaitable

        if field_def is TypeNameMetaFieldDef and not wrapped:
            complete_name = self._completer(return_type, field_details_list, needs_info=False)
            value = complete_name(self, parent_name, None, None)

            def run_typename(ex: CompiledExecutionContext, source: Any, parent_path: Path | None) -> Any:
                return value

            return run_typename

        needs_info = (
            wrapped
            or isinstance(unwrapped, _ABSTRACT_TYPES)
            or (
                isinstance(unwrapped, GraphQLObjectType)
                and unwrapped.is_type_of is not None
                and not _is_strawberry_is_type_of(unwrapped.is_type_of)
            )
        )
        complete = self._completer(return_type, field_details_list, needs_info=needs_info)
        leaf = isinstance(unwrapped, _LEAF_TYPES)
        strawberry_field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)

        is_default = getattr(base_resolve, "_is_default", False)
        if not needs_info and (is_default or getattr(base_resolve, INFO_FREE, False)):
            # A strawberry basic field (its resolver ignores ``info`` and the arguments), or a
            # direct resolver that takes neither (graphql_schema/core/lean.py): no Info, no Path.
            if (
                is_default
                and isinstance(strawberry_field, StrawberryField)
                and strawberry_field.base_resolver is None
                and type(strawberry_field).get_result is StrawberryField.get_result
            ):
                default_resolver = strawberry_field.default_resolver
                python_name = strawberry_field.python_name
                if leaf:

                    def run_attribute_leaf(
                        ex: CompiledExecutionContext, source: Any, parent_path: Path | None
                    ) -> Any:
                        return complete(ex, default_resolver(source, python_name), None, None)

                    return run_attribute_leaf

                def run_attribute(ex: CompiledExecutionContext, source: Any, parent_path: Path | None) -> Any:
                    result = default_resolver(source, python_name)
                    if is_awaitable(result):
                        raise _Abandon
                    return complete(ex, result, Path(parent_path, response_name, parent_name), None)

                return run_attribute

            if leaf:

                def run_basic_leaf(
                    ex: CompiledExecutionContext, source: Any, parent_path: Path | None
                ) -> Any:
                    return complete(ex, base_resolve(source, None), None, None)

                return run_basic_leaf

            def run_basic(ex: CompiledExecutionContext, source: Any, parent_path: Path | None) -> Any:
                result = base_resolve(source, None)
                if is_awaitable(result):
                    raise _Abandon
                return complete(ex, result, Path(parent_path, response_name, parent_name), None)

            return run_basic

        nodes = [details.node for details in field_details_list]
        takes_arguments = bool(field_def.args or node.arguments)
        static = not takes_arguments or (
            first.fragment_variable_values is None and not any(_has_variable(a) for a in node.arguments or ())
        )
        static_args = (
            get_argument_values(
                field_def, node, self.variable_values, first.fragment_variable_values, self.hide_suggestions
            )
            if takes_arguments and static
            else {}
        )
        token = object()  # this field's key in the request's arguments

        def run_resolver(ex: CompiledExecutionContext, source: Any, parent_path: Path | None) -> Any:
            path = Path(parent_path, response_name, parent_name)
            info = ex.build_resolve_info(field_def, nodes, parent_type, path)
            args = static_args if static else ex._arguments_of(token, field_def, first)
            result = resolve_fn(source, info, **args)
            if is_awaitable(result):
                raise _Abandon
            return complete(ex, result, path, info)

        return run_resolver

    # Completion --------------------------------------------------------------------------------

    def _completer(
        self,
        type_: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        *,
        needs_info: bool,
        non_null: bool = False,
    ) -> Complete:
        """The completion of ``type_``; ``non_null``: a null is graphql-core's field error."""
        if isinstance(type_, GraphQLNonNull):
            return self._completer(type_.of_type, field_details_list, needs_info=needs_info, non_null=True)

        if isinstance(type_, GraphQLList):
            return self._list_completer(type_, field_details_list, needs_info=needs_info, non_null=non_null)

        if isinstance(type_, _LEAF_TYPES):
            coerce = type_.coerce_output_value

            def complete_leaf(ex: CompiledExecutionContext, result: Any, path: Path | None, info: Any) -> Any:
                if result is None or result is Undefined:
                    if non_null:
                        raise _Abandon  # graphql-core's "Cannot return null for non-nullable field"
                    return None
                if isinstance(result, Exception):
                    raise _Abandon
                coerced = coerce(result)
                if coerced is None or coerced is Undefined:
                    raise _Abandon
                return coerced

            return complete_leaf

        if isinstance(type_, _ABSTRACT_TYPES):
            return self._abstract_completer(type_, field_details_list, non_null=non_null)

        if isinstance(type_, GraphQLObjectType):
            return self._object_completer(type_, field_details_list, non_null=non_null)

        raise _Abandon  # pragma: no cover - every output type is one of the above

    def _list_completer(
        self,
        type_: GraphQLList[Any],
        field_details_list: FieldDetailsList,
        *,
        needs_info: bool,
        non_null: bool,
    ) -> Complete:
        item_type = type_.of_type
        complete_item = self._completer(item_type, field_details_list, needs_info=needs_info)
        items_are_leaves = isinstance(_unwrapped(item_type), _LEAF_TYPES)
        is_awaitable = self.is_awaitable

        def complete_list(ex: CompiledExecutionContext, result: Any, path: Path | None, info: Any) -> Any:
            if result is None or result is Undefined:
                if non_null:
                    raise _Abandon
                return None
            if isinstance(result, Exception) or not is_iterable(result):
                raise _Abandon
            if items_are_leaves:
                return [complete_item(ex, item, None, info) for item in result]
            completed: list[Any] = []
            append = completed.append
            for index, item in enumerate(result):
                if is_awaitable(item):
                    raise _Abandon
                append(complete_item(ex, item, Path(path, index, None), info))
            return completed

        return complete_list

    def _object_completer(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, *, non_null: bool
    ) -> Complete:
        is_type_of = object_type.is_type_of
        plan: Plan | None = None

        def complete_object(ex: CompiledExecutionContext, result: Any, path: Path | None, info: Any) -> Any:
            nonlocal plan
            if result is None or result is Undefined:
                if non_null:
                    raise _Abandon
                return None
            if isinstance(result, Exception):
                raise _Abandon
            if is_type_of is not None and not is_type_of(result, info):
                raise _Abandon
            if plan is None:
                plan = ex._subplan(object_type, field_details_list)
            return {name: run(ex, result, path) for name, run in plan}

        return complete_object

    def _abstract_completer(
        self, abstract_type: GraphQLAbstractType, field_details_list: FieldDetailsList, *, non_null: bool
    ) -> Complete:
        resolve_type = abstract_type.resolve_type or self.type_resolver
        plans: dict[str, tuple[GraphQLObjectType, Plan]] = {}
        is_awaitable = self.is_awaitable

        def complete_abstract(ex: CompiledExecutionContext, result: Any, path: Path | None, info: Any) -> Any:
            if result is None or result is Undefined:
                if non_null:
                    raise _Abandon
                return None
            if isinstance(result, Exception):
                raise _Abandon
            runtime_name = resolve_type(result, info, abstract_type)
            if is_awaitable(runtime_name) or not isinstance(runtime_name, str):
                raise _Abandon
            known = plans.get(runtime_name)
            if known is None:
                schema = ex.schema
                runtime_type = schema.get_type(runtime_name)
                if not isinstance(runtime_type, GraphQLObjectType) or not schema.is_sub_type(
                    abstract_type, runtime_type
                ):
                    raise _Abandon
                known = plans[runtime_name] = (runtime_type, ex._subplan(runtime_type, field_details_list))
            runtime_type, plan = known
            is_type_of = runtime_type.is_type_of
            if is_type_of is not None and not is_type_of(result, info):
                raise _Abandon
            return {name: run(ex, result, path) for name, run in plan}

        return complete_abstract


__all__ = ["CompiledExecutionContext", "compiled_execution_enabled", "plan_cache"]
