"""The one mapping from a domain's ``DomainError`` to Saleor's mutation error objects.

A domain raises ``<Domain>Error(code, message, field=None, **details)`` (see
``storefront/core/errors.py``); a mutation payload answers with
``errors: [<Domain>Error!]!``, each ``{ field code message ... }``, the code a GraphQL
enum whose values are the domain's ``StrEnum`` values. How to use it in a domain module:

1. Mirror the domain's codes once as a GraphQL enum::

       ProductErrorCodeEnum = graphql_enum(error_codes.ProductErrorCode, name="ProductErrorCode")

2. Declare Saleor's error type with ``code: ProductErrorCodeEnum`` (extra Saleor fields such
   as ``attributes`` or ``variants`` are filled from the exception's ``details`` by name).

3. In the mutation, either catch and convert::

       try:
           product = services.product_update(...)
       except CatalogError as exc:
           return ProductUpdate(errors=[to_error(ProductError, exc)])

   or decorate the resolver, which does the same for the listed exception types::

       @strawberry.mutation
       @returns_errors(ProductUpdate, ProductError, CatalogError)
       def product_update(self, info: Info, ...) -> ProductUpdate | None: ...

The domain's ``field`` may be snake_case (``first_name``); the API shows Saleor's
camelCase (``firstName``). Only expected failures are mapped: any other exception is a
bug and stays a GraphQL error (and a failing test).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Any, TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from storefront.core.errors import DomainError

ErrorT = TypeVar("ErrorT")
_BASE_FIELDS = {"field", "message", "code"}


def graphql_enum(domain_enum: type[StrEnum], *, name: str, description: str | None = None) -> Any:
    """A strawberry enum named ``name`` with exactly the members of ``domain_enum``.

    The domain keeps its plain ``StrEnum`` (domain packages never import strawberry);
    this copy is what the schema shows, so the two can never drift apart.
    """
    mirrored = Enum(name, [(member.name, member.value) for member in domain_enum])  # type: ignore[misc]
    return strawberry.enum(mirrored, name=name, description=description)


def _code_enum(error_type: type) -> type[Enum]:
    field = error_type.__strawberry_definition__.get_field("code")  # type: ignore[attr-defined]
    field_type = field.type if field is not None else None
    if not isinstance(field_type, StrawberryEnumDefinition):
        raise TypeError(f"{error_type.__name__}.code must be a non-null GraphQL enum.")
    return field_type.wrapped_cls


def to_error(error_type: type[ErrorT], exc: DomainError) -> ErrorT:
    """Build one Saleor error object (``error_type``) from a domain exception.

    A code the GraphQL enum lacks is a programming error (the enum mirrors the domain's
    codes), so it raises rather than inventing a code.
    """
    code = _code_enum(error_type)(exc.code)
    field_names = {f.python_name for f in error_type.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    extra = {key: value for key, value in exc.details.items() if key in field_names - _BASE_FIELDS}
    field = to_camel_case(exc.field) if exc.field else None
    return error_type(field=field, message=exc.message, code=code, **extra)


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
                return payload_type(errors=[to_error(error_type, exc)])

        return wrapper

    return decorate
