"""Saleor's custom scalars that Asal sends: ``JSONString``, ``PositiveInt`` and ``GenericScalar``.

``JSONString`` carries a JSON document *as a string* (EditorJS descriptions, oEmbed data): that is
how Saleor serialises it, and storefronts ``JSON.parse`` the value.
"""

from __future__ import annotations

import json
from typing import Any, NewType

import strawberry


def _serialize_json_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _parse_json_string(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse_positive_int(value: Any) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(f"Expected a positive integer, got {value!r}.")
    return number


# The Python-side types; their GraphQL definitions are registered in SCALAR_MAP, which the schema's
# StrawberryConfig receives (strawberry's recommended form for custom scalars).
JSONString = NewType("JSONString", object)
PositiveInt = NewType("PositiveInt", int)
GenericScalar = NewType("GenericScalar", object)

SCALAR_MAP: dict[object, Any] = {
    JSONString: strawberry.scalar(
        name="JSONString",
        description="Allows use of a JSON String for input / output from the GraphQL schema.",
        serialize=_serialize_json_string,
        parse_value=_parse_json_string,
    ),
    PositiveInt: strawberry.scalar(
        name="PositiveInt",
        description="Positive Integer scalar implementation.",
        serialize=int,
        parse_value=_parse_positive_int,
    ),
    GenericScalar: strawberry.scalar(
        name="GenericScalar",
        description=(
            "The `GenericScalar` scalar type represents a generic GraphQL scalar value that could be: "
            "String, Boolean, Int, Float, List or Object."
        ),
        serialize=lambda value: value,
        parse_value=lambda value: value,
    ),
}
