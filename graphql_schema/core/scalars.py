"""Saleor's custom scalars: ``JSONString``, ``PositiveInt``, ``GenericScalar`` and ``Upload``; and
strawberry's ``Decimal`` with a stricter parser.

``JSONString`` carries a JSON document *as a string* (EditorJS descriptions, oEmbed data): that is
how Saleor serialises it, and storefronts ``JSON.parse`` the value.

``Decimal`` refuses what no amount, weight or attribute value can be (``NaN``, ``Infinity``,
``1e400``): the database would answer such a value with an error of its own.

``Upload`` is strawberry's own type, redefined here with Saleor's description and a parser that
accepts only a file the multipart view put in the variables: a string sent in its place (a JSON
request, or a multipart request whose ``map`` misses the variable) is a GraphQL error, not a 500.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, NewType

import strawberry
from django.core.files.uploadedfile import UploadedFile
from strawberry.file_uploads import Upload


def _serialize_json_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _parse_json_string(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _parse_positive_int(value: Any) -> int:
    number: Any = value
    if (isinstance(value, str) and value.strip().isdigit()) or (
        isinstance(value, float) and value.is_integer()
    ):
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"Expected a positive integer, got {value!r}.")
    return number


# Far beyond any amount or measure, and far within what PostgreSQL's numeric accepts.
MAX_DECIMAL_EXPONENT = 30


def _parse_decimal(value: Any) -> Decimal:
    try:
        number = Decimal(value if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"Decimal cannot represent {value!r}.") from None
    if not number.is_finite() or abs(number.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise ValueError(
            f"Decimal cannot represent {value!r}: give a finite number with at most "
            f"{MAX_DECIMAL_EXPONENT} digits before and after the decimal point."
        )
    return number


def _parse_nonnegative(value: Any) -> Decimal:
    number = _parse_decimal(value)
    if number < 0:
        raise ValueError(f"Value cannot be lower than 0, got {value!r}.")
    return number


def _parse_weight(value: Any) -> Decimal:
    """A weight in the shop's unit (kilograms): a number, or Saleor's ``{unit, value}`` in KG or G."""
    if isinstance(value, dict):
        unit = str(value.get("unit", "KG")).upper()
        number = _parse_nonnegative(value.get("value"))
        if unit == "G":
            return number / 1000
        if unit != "KG":
            raise ValueError("Give the weight in KG or G.")
        return number
    return _parse_nonnegative(value)


def _parse_upload(value: Any) -> UploadedFile:
    if not isinstance(value, UploadedFile):
        raise ValueError("Expected a file from a multipart request part (set the variable to null).")
    return value


def _serialize_upload(value: Any) -> Any:
    raise ValueError("Upload is an input-only scalar.")


def _parse_metadata(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("Metadata must be an object of string values.")
    return value


# The Python-side types; their GraphQL definitions are registered in SCALAR_MAP, which the schema's
# StrawberryConfig receives (strawberry's recommended form for custom scalars).
JSONString = NewType("JSONString", object)
PositiveInt = NewType("PositiveInt", int)
DEFAULT_LIMIT = PositiveInt(100)  # Saleor's default ``limit`` of attribute lists
GenericScalar = NewType("GenericScalar", object)
Metadata = NewType("Metadata", object)  # a JSON object of string keys and string values
# The staff catalogue mutations' weights (graphql_schema/catalog/mutation_inputs.py).
WeightScalar = NewType("WeightScalar", Decimal)

SCALAR_MAP: dict[object, Any] = {
    Decimal: strawberry.scalar(
        name="Decimal", description="Decimal (fixed-point)", serialize=str, parse_value=_parse_decimal
    ),
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
    Metadata: strawberry.scalar(
        name="Metadata",
        description=(
            "Metadata is a map of key-value pairs, both keys and values are `String`.\n\n"
            'Example:\n```\n{\n    "key1": "value1",\n    "key2": "value2"\n}\n```'
        ),
        serialize=lambda value: value,
        parse_value=_parse_metadata,
    ),
    Upload: strawberry.scalar(
        name="Upload",
        # Saleor's description, word for word (reference/saleor-schema.graphql).
        description=(
            "Variables of this type must be set to null in mutations. They will be replaced with a "
            "filename from a following multipart part containing a binary file. See: "
            "https://github.com/jaydenseric/graphql-multipart-request-spec."
        ),
        serialize=_serialize_upload,
        parse_value=_parse_upload,
    ),
    # --- staff catalogue writes (issue 10) ---
    WeightScalar: strawberry.scalar(
        name="WeightScalar",
        description="A weight: a number of kilograms, or an object with `unit` (KG or G) and `value`.",
        serialize=str,
        parse_value=_parse_weight,
    ),
}
