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
per request and selection instead of once per field and value:

- each selection set becomes a *plan* per object type: a list of closures, one per response
  field, memoised per (type, field nodes) like graphql-core's own subfield collection;
- a basic field reads ``default_resolver(source, name)`` directly, with no ``Info`` and no
  ``Path``; other resolvers get the very ``Info`` strawberry's executor builds
  (``build_resolve_info``), with arguments computed once per field node, not per value;
- the return type's wrappers (non-null, list) and its completion (a leaf's output coercion, an
  object's plan, an abstract type's resolution) are composed into one function per field;
- strawberry's own ``is_type_of`` (an ``isinstance`` test that ignores ``info``) runs without one;
- schema extensions' ``resolve`` hooks (middleware) are kept: a field wrapped by them takes the
  full path, ``Info`` and all.

Anything out of the ordinary is left to graphql-core so that results stay byte-identical: an
exception anywhere (a resolver's error, a null in a non-null position, a value a scalar cannot
represent, an abstract type resolved to an impossible type), an awaitable, or a recursion too deep
abandons the compiled run and executes the whole operation again with the standard executor, which
then produces graphql-core's exact data, errors and paths. Re-running is only correct for reads, so
only queries are compiled: mutations and subscriptions, operations in a schema with ``@defer`` or
``@stream``, executions with an abort signal or execution hooks always take the standard path.
``settings.GRAPHQL_COMPILED_EXECUTION = False`` turns the compiled path off.

The differential test (``tests/graphql/test_compiled_execution.py``) runs the storefront's
documents and edge cases through both executors and compares their JSON.
"""

from __future__ import annotations

from collections.abc import Callable
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
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLUnionType,
    OperationType,
    Undefined,
    is_abstract_type,
    is_leaf_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, is_iterable
from graphql.type.introspection import TypeNameMetaFieldDef
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

# A value completion: (resolved value, the value's path, the field's info or None) -> JSON value.
Complete = Callable[[Any, Path | None, GraphQLResolveInfo | None], Any]
# A response field's run: (source, the parent's path) -> JSON value.
Run = Callable[[Any, Path | None], Any]


class _Abandon(Exception):
    """The compiled run met something only graphql-core's executor answers exactly."""


def compiled_execution_enabled() -> bool:
    return bool(getattr(settings, "GRAPHQL_COMPILED_EXECUTION", True))


def _is_strawberry_is_type_of(is_type_of: Callable[..., Any]) -> bool:
    """True for the ``isinstance`` test strawberry builds, which never reads its ``info``."""
    return getattr(is_type_of, "__module__", None) == GraphQLCoreConverter.__module__


def _unwrapped(type_: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


class CompiledExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the compiled path for queries (see the module)."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        if (
            serially is not None
            or self.operation.operation != OperationType.QUERY
            or self.abort_signal is not None
            or self.hooks is not None
            or self.schema.get_directive("defer") is not None
            or self.schema.get_directive("stream") is not None
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
        source = self.root_value
        return {name: run(source, None) for name, run in plan}

    def _plan(
        self, parent_type: GraphQLObjectType, grouped: dict[str, FieldDetailsList]
    ) -> list[tuple[str, Run]]:
        plan = []
        for response_name, field_details_list in grouped.items():
            run = self._field_run(parent_type, response_name, field_details_list)
            if run is not None:
                plan.append((response_name, run))
        return plan

    def _subplan(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> list[tuple[str, Run]]:
        grouped, new_defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            raise _Abandon
        return self._plan(object_type, grouped)

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
            value = complete_name(parent_name, None, None)

            def run_typename(source: Any, parent_path: Path | None) -> Any:
                return value

            return run_typename

        needs_info = (
            wrapped
            or is_abstract_type(unwrapped)
            or (
                is_object_type(unwrapped)
                and unwrapped.is_type_of is not None
                and not _is_strawberry_is_type_of(unwrapped.is_type_of)
            )
        )
        complete = self._completer(return_type, field_details_list, needs_info=needs_info)
        leaf = is_leaf_type(unwrapped)
        strawberry_field = (field_def.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)

        if not needs_info and getattr(base_resolve, "_is_default", False):
            # A strawberry basic field: its resolver ignores ``info`` and the arguments.
            if (
                isinstance(strawberry_field, StrawberryField)
                and strawberry_field.base_resolver is None
                and type(strawberry_field).get_result is StrawberryField.get_result
            ):
                default_resolver = strawberry_field.default_resolver
                python_name = strawberry_field.python_name
                if leaf:

                    def run_attribute_leaf(source: Any, parent_path: Path | None) -> Any:
                        return complete(default_resolver(source, python_name), None, None)

                    return run_attribute_leaf

                def run_attribute(source: Any, parent_path: Path | None) -> Any:
                    result = default_resolver(source, python_name)
                    if is_awaitable(result):
                        raise _Abandon
                    return complete(result, Path(parent_path, response_name, parent_name), None)

                return run_attribute

            def run_basic(source: Any, parent_path: Path | None) -> Any:
                result = base_resolve(source, None)
                if is_awaitable(result):
                    raise _Abandon
                return complete(result, Path(parent_path, response_name, parent_name), None)

            return run_basic

        args = (
            get_argument_values(
                field_def,
                node,
                self.variable_values,
                first.fragment_variable_values,
                self.hide_suggestions,
            )
            if field_def.args or node.arguments
            else {}
        )
        nodes = [details.node for details in field_details_list]
        build_info = self.build_resolve_info

        def run_resolver(source: Any, parent_path: Path | None) -> Any:
            path = Path(parent_path, response_name, parent_name)
            info = build_info(field_def, nodes, parent_type, path)
            result = resolve_fn(source, info, **args)
            if is_awaitable(result):
                raise _Abandon
            return complete(result, path, info)

        return run_resolver

    # Completion --------------------------------------------------------------------------------

    def _completer(
        self, type_: GraphQLOutputType, field_details_list: FieldDetailsList, *, needs_info: bool
    ) -> Complete:
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, field_details_list, needs_info=needs_info)

            def complete_non_null(result: Any, path: Path | None, info: Any) -> Any:
                completed = inner(result, path, info)
                if completed is None:
                    raise _Abandon  # graphql-core's "Cannot return null for non-nullable field"
                return completed

            return complete_non_null

        if isinstance(type_, GraphQLList):
            item_type = type_.of_type
            complete_item = self._completer(item_type, field_details_list, needs_info=needs_info)
            items_need_path = not is_leaf_type(_unwrapped(item_type))
            check_items = not is_leaf_type(_unwrapped(item_type))
            is_awaitable = self.is_awaitable

            def complete_list(result: Any, path: Path | None, info: Any) -> Any:
                if result is None or result is Undefined:
                    return None
                if isinstance(result, Exception) or not is_iterable(result):
                    raise _Abandon
                if items_need_path:
                    completed: list[Any] = []
                    append = completed.append
                    for index, item in enumerate(result):
                        if check_items and is_awaitable(item):
                            raise _Abandon
                        append(complete_item(item, Path(path, index, None), info))
                    return completed
                return [complete_item(item, None, info) for item in result]

            return complete_list

        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            coerce = type_.coerce_output_value

            def complete_leaf(result: Any, path: Path | None, info: Any) -> Any:
                if result is None or result is Undefined:
                    return None
                if isinstance(result, Exception):
                    raise _Abandon
                coerced = coerce(result)
                if coerced is None or coerced is Undefined:
                    raise _Abandon
                return coerced

            return complete_leaf

        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return self._abstract_completer(type_, field_details_list)

        if isinstance(type_, GraphQLObjectType):
            return self._object_completer(type_, field_details_list)

        raise _Abandon  # pragma: no cover - every output type is one of the above

    def _object_completer(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> Complete:
        is_type_of = object_type.is_type_of
        plan: list[tuple[str, Run]] | None = None

        def complete_object(result: Any, path: Path | None, info: Any) -> Any:
            nonlocal plan
            if result is None or result is Undefined:
                return None
            if isinstance(result, Exception):
                raise _Abandon
            if is_type_of is not None and not is_type_of(result, info):
                raise _Abandon
            if plan is None:
                plan = self._subplan(object_type, field_details_list)
            return {name: run(result, path) for name, run in plan}

        return complete_object

    def _abstract_completer(
        self, abstract_type: GraphQLAbstractType, field_details_list: FieldDetailsList
    ) -> Complete:
        resolve_type = abstract_type.resolve_type or self.type_resolver
        plans: dict[str, tuple[GraphQLObjectType, list[tuple[str, Run]]]] = {}
        schema = self.schema
        is_awaitable = self.is_awaitable

        def complete_abstract(result: Any, path: Path | None, info: Any) -> Any:
            if result is None or result is Undefined:
                return None
            if isinstance(result, Exception):
                raise _Abandon
            runtime_name = resolve_type(result, info, abstract_type)
            if is_awaitable(runtime_name) or not isinstance(runtime_name, str):
                raise _Abandon
            known = plans.get(runtime_name)
            if known is None:
                runtime_type = schema.get_type(runtime_name)
                if not isinstance(runtime_type, GraphQLObjectType) or not schema.is_sub_type(
                    abstract_type, runtime_type
                ):
                    raise _Abandon
                known = plans[runtime_name] = (
                    runtime_type,
                    self._subplan(runtime_type, field_details_list),
                )
            runtime_type, plan = known
            is_type_of = runtime_type.is_type_of
            if is_type_of is not None and not is_type_of(result, info):
                raise _Abandon
            return {name: run(result, path) for name, run in plan}

        return complete_abstract


__all__ = ["CompiledExecutionContext", "compiled_execution_enabled"]
