"""Direct resolver calls: the schema's fields without strawberry's per-call wrapper layers.

For a field with a resolver, strawberry installs a graphql-core resolver that, on every call,
builds the ``Info``, runs ``get_arguments`` (converting arguments, asking each field extension
to remap them, then inspecting which of ``self``/``root``/``parent``/``info`` the resolver wants),
folds the field extensions into a chain of ``functools.partial`` and calls through it. A storefront
listing calls about nine hundred resolvers: most of them take no argument and have no extension,
so all of that work is repeated for nothing.

``lean_resolvers`` replaces, once when the schema is built, the graphql-core resolver of every
field that strawberry would call plainly (a synchronous resolver, no field extension such as a
permission check, no exception handler, and a plain ``StrawberryField`` whose ``get_result`` only
calls the resolver: strawberry_django's fields do more and keep their path) by a closure that
does the same steps decided ahead of time: arguments converted by strawberry's own
``convert_arguments`` (only when the field has any), the source passed as ``self``, ``root`` or
``parent`` as the signature asks, and an ``Info`` built only for resolvers that take one. Fields
with extensions keep strawberry's path untouched, and so does every schema extension's
``resolve`` hook (graphql-core applies those middlewares around whatever resolver a field has).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry import Schema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

# Marks a direct resolver that reads neither ``info`` nor arguments (``graphql_schema.core.compiled``).
INFO_FREE = "_asal_info_free"
# Distinct argument values whose conversion each field keeps (see ``convert`` below).
CONVERTED_ARGUMENTS_KEPT = 64
_PLAIN_TYPES = (str, int, bool, Enum, type(None))  # immutable, and equal only when alike


def _plain(value: Any) -> bool:
    return isinstance(value, _PLAIN_TYPES)


def _direct_resolver(schema: Schema, field: StrawberryField) -> Callable[..., Any] | None:
    resolver = field.base_resolver
    if resolver is None or field.extensions or resolver.is_async or not callable(resolver.wrapped_func):
        return None
    if type(field).get_result is not StrawberryField.get_result:
        return None  # a field class that does more than call its resolver (strawberry_django's)
    func = resolver.wrapped_func
    takes_self = resolver.self_parameter is not None
    source_names = tuple(
        p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p is not None
    )
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None
    arguments = field.arguments
    info_class = schema.config.info_class
    config = schema.config
    scalar_registry = schema.schema_converter.scalar_registry

    builds_info = bool(arguments) or info_name is not None
    converted: dict[tuple[tuple[str, type, Any], ...], dict[str, Any]] = {}

    def convert(raw: dict[str, Any], strawberry_info: Any) -> dict[str, Any]:
        """The arguments as the resolver takes them; plain values are converted once per process.

        A listing passes the same arguments to the same field of each of its products (a
        language, a thumbnail size, an attribute's slug): when they and their conversion are
        strings, integers, booleans, enum members or null, the conversion is kept (a bounded
        memo per field; the key holds each value's type, so ``1`` is not ``True``).
        """
        key = (
            tuple((name, type(value), value) for name, value in raw.items())
            if all(_plain(value) for value in raw.values())
            else None
        )
        found = converted.get(key) if key is not None else None
        if found is None:
            found = convert_arguments(
                raw, arguments, scalar_registry=scalar_registry, config=config, info=strawberry_info
            )
            if key is not None and all(_plain(value) for value in found.values()):
                if len(converted) >= CONVERTED_ARGUMENTS_KEPT:
                    converted.clear()
                converted[key] = found
        return dict(found)

    def resolve(
        source: Any, info: GraphQLResolveInfo, /, **raw: Any
    ) -> Any:  # an argument may be named "source"
        strawberry_info = info_class(_raw_info=info, _field=field) if builds_info else None
        kwargs = convert(raw, strawberry_info) if arguments else {}
        for name in source_names:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = strawberry_info
        return func(source, **kwargs) if takes_self else func(**kwargs)

    if not builds_info:
        setattr(resolve, INFO_FREE, True)  # the compiled executor may pass ``None`` for the info
    return resolve


def lean_resolvers(schema: Schema) -> int:
    """Install direct resolvers on ``schema`` (see the module); return how many fields got one."""
    if schema.schema_converter._exception_handler_specs:
        return 0  # exception handlers need strawberry's own path around every resolver
    installed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
            if not isinstance(field, StrawberryField) or field.is_subscription:
                continue
            direct = _direct_resolver(schema, field)
            if direct is not None:
                graphql_field.resolve = direct
                installed += 1
    return installed


__all__ = ["INFO_FREE", "lean_resolvers"]
