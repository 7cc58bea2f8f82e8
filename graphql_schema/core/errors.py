"""The one mapping from a domain's ``DomainError`` to Saleor's mutation error objects.

A domain raises ``<Domain>Error(code, message, field=None, **details)``, or a group of them
(``<Domain>Error.group([...])``, see ``storefront/core/errors.py``); a mutation payload
answers with ``errors: [<Domain>Error!]!``, one ``{ field code message ... }`` object per
domain error. How to use it in a domain module:

1. Mirror the domain's codes once as a GraphQL enum::

       ProductErrorCodeEnum = graphql_enum(error_codes.ProductErrorCode, name="ProductErrorCode")

2. Declare Saleor's error type with ``code: ProductErrorCodeEnum`` and Saleor's extra fields
   (``variants: list[strawberry.ID] | None``, ``address_type: AddressTypeEnum | None``…).

3. Decorate the resolver; the listed exception types become ``payload_type(errors=[...])``::

       @strawberry.mutation
       @returns_errors(ProductUpdate, ProductError, CatalogError)
       def product_update(self, info: Info, ...) -> ProductUpdate | None: ...

   (or call ``to_errors(ProductError, exc)`` in an ``except`` block).

Each error is converted once, here:

- ``field``: the domain's snake_case name becomes Saleor's camelCase (``first_name`` ->
  ``firstName``).
- ``details`` fill the error type's fields of the same (Python) name; others are dropped.
  Model instances become Relay global IDs of the type named like the model's class
  (``ProductVariant`` -> ``UHJvZHVjdFZhcmlhbnQ6NQ==``), lists of them lists of IDs, and enums
  the member of the field's GraphQL enum with the same value.
- ``code``: the member of the error type's code enum with the same value. A code the enum
  lacks (a code of another domain, e.g. a stock error reaching a checkout payload) becomes the
  enum's generic ``INVALID``, else ``GRAPHQL_ERROR``, with the domain's message kept: the
  caller still learns what went wrong, and a test checks that every domain code has a member
  somewhere in the schema (``tests/graphql/core/test_error_codes.py``).

Only expected failures are mapped: any other exception is a bug and stays a GraphQL error
(and a failing test).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from typing import Any, TypeVar, cast

import strawberry
from django.db import models
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from graphql_schema.core.relay import to_global_id
from storefront.core.errors import DomainError

ErrorT = TypeVar("ErrorT")
_BASE_FIELDS = {"field", "message", "code"}
# Tried in order when the payload's enum lacks a domain's code: Saleor's generic codes.
GENERIC_CODES = ("INVALID", "GRAPHQL_ERROR")


def graphql_enum(
    domain_enum: type[StrEnum],
    *,
    name: str,
    description: str | None = None,
    deprecated: Mapping[str, str] | None = None,
) -> Any:
    """A strawberry enum named ``name`` with exactly the members of ``domain_enum``.

    The domain keeps its plain ``StrEnum`` (domain packages never import strawberry);
    this copy is what the schema shows, so the two can never drift apart. ``deprecated``
    adds members the domain never raises (value -> reason), for a Saleor enum's values
    that Asal keeps only so that the enum stays Saleor's.
    """
    members: list[tuple[str, Any]] = [(member.name, member.value) for member in domain_enum]
    members += [
        (value, strawberry.enum_value(value, deprecation_reason=reason))
        for value, reason in (deprecated or {}).items()
    ]
    mirrored = Enum(name, members)  # type: ignore[misc]
    return strawberry.enum(mirrored, name=name, description=description)


def _fields(error_type: type) -> dict[str, Any]:
    definition = error_type.__strawberry_definition__  # type: ignore[attr-defined]
    return {field.python_name: field.type for field in definition.fields}


def _enum_class(field_type: Any) -> type[Enum] | None:
    """The GraphQL enum class of a field typed ``E``, ``E | None``, ``list[E]``…, if any."""
    while isinstance(field_type, StrawberryOptional | StrawberryList):
        field_type = field_type.of_type
    if isinstance(field_type, StrawberryEnumDefinition):
        return cast(type[Enum], field_type.wrapped_cls)
    return None


def error_code(code_enum: type[Enum], code: str) -> Enum:
    """The member of ``code_enum`` for a domain's ``code``: the same value, else a generic code."""
    try:
        return code_enum(code)
    except ValueError:
        pass
    for generic in GENERIC_CODES:
        if generic in code_enum.__members__:
            return code_enum[generic]
    raise TypeError(f"{code_enum.__name__} has no member {code!r} and no generic code to fall back on.")


def detail_value(value: Any, field_type: Any) -> Any:
    """A domain detail as the GraphQL field ``field_type`` shows it (see the module docstring)."""
    if isinstance(value, models.Model):
        return to_global_id(type(value).__name__, value.pk)
    if isinstance(value, Enum):
        enum_class = _enum_class(field_type)
        return enum_class(value.value) if enum_class is not None else value.value
    if isinstance(value, list | tuple | set | frozenset):
        return [detail_value(item, field_type) for item in value]
    return value


def to_error(error_type: type[ErrorT], exc: DomainError) -> ErrorT:
    """Build one Saleor error object (``error_type``) from one domain error (not its group)."""
    fields = _fields(error_type)
    code_enum = _enum_class(fields.get("code"))
    if code_enum is None:
        raise TypeError(f"{error_type.__name__}.code must be a GraphQL enum.")
    extra = {
        key: detail_value(value, fields[key])
        for key, value in exc.details.items()
        if key in fields and key not in _BASE_FIELDS
    }
    field = to_camel_case(exc.field) if exc.field else None
    # A strawberry type's generated __init__ takes its fields as keywords; mypy sees only ``object``.
    build = cast(Callable[..., ErrorT], error_type)
    return build(field=field, message=exc.message, code=error_code(code_enum, exc.code), **extra)


def to_errors(error_type: type[ErrorT], exc: DomainError) -> list[ErrorT]:
    """One Saleor error object per domain error that ``exc`` carries (one, or a group's)."""
    return [to_error(error_type, error) for error in exc.errors]


def returns_errors(
    payload_type: type, error_type: type, *exception_types: type[DomainError]
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a mutation resolver: listed domain errors become ``payload_type(errors=[...])``."""
    caught = exception_types or (DomainError,)

    def decorate(resolver: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(resolver)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return resolver(*args, **kwargs)
            except caught as exc:
                return payload_type(errors=to_errors(error_type, exc))

        return wrapper

    return decorate
