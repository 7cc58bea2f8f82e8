"""Walking the live schema for the API tests: its root fields, a valid value of any input type, and
the smallest document that calls a root field (the fuzz test and the authorisation matrix use them)."""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
    get_named_type,
    is_composite_type,
)

from graphql_schema.schema import schema

SCHEMA = schema._schema

SAMPLES: dict[str, Any] = {
    "String": "sample",
    "ID": "UHJvZHVjdDox",  # Product:1
    "Int": 1,
    "PositiveInt": 1,
    "Float": 1.0,
    "Decimal": "1.00",
    "PositiveDecimal": "1.00",
    "WeightScalar": "1.0",
    "Boolean": False,
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+00:00",
    "JSON": {},
    "GenericScalar": {},
    "JSONString": "{}",
    "UUID": "00000000-0000-4000-8000-000000000000",
    "Upload": None,  # only a multipart part can carry a file
}


def unwrap(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def sample(type_: Any, seen: frozenset[str] = frozenset()) -> Any:
    """A valid value of ``type_``: required input fields filled, optional ones left out."""
    inner = unwrap(type_)
    if isinstance(inner, GraphQLList):
        return [sample(inner.of_type, seen)]
    if isinstance(inner, GraphQLEnumType):
        return next(iter(inner.values))
    if isinstance(inner, GraphQLInputObjectType):
        if inner.name in seen:
            return {}
        return {
            name: sample(field.type, seen | {inner.name})
            for name, field in inner.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    assert isinstance(inner, GraphQLScalarType)
    return SAMPLES.get(inner.name, "sample")


def root_fields() -> list[tuple[str, str, GraphQLField]]:
    fields = [("query", name, field) for name, field in SCHEMA.query_type.fields.items()]
    return fields + [("mutation", name, field) for name, field in SCHEMA.mutation_type.fields.items()]


def document(operation: str, name: str, field: GraphQLField) -> str:
    declared = ", ".join(f"${arg}: {definition.type}" for arg, definition in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    selection = " { __typename }" if is_composite_type(get_named_type(field.type)) else ""
    return (
        f"{operation} Call{f'({declared})' if declared else ''} "
        f"{{ {name}{f'({passed})' if passed else ''}{selection} }}"
    )


def required_variables(field: GraphQLField) -> dict[str, Any]:
    return {
        arg: sample(definition.type)
        for arg, definition in field.args.items()
        if isinstance(definition.type, GraphQLNonNull)
    }
