"""The base of every domain's expected failures.

A domain raises ``<Domain>Error(code, message, field=None, **details)`` with a
code from its ``error_codes.py``; the API layer maps it once into Saleor's
``errors { field code message ... }`` shape. Bugs stay ordinary exceptions.

A service that checks a whole input collects its problems and raises them together,
so the caller fixes everything in one round trip (Saleor answers every invalid address
field at once, for instance)::

    problems = []
    if quantity <= 0:
        problems.append(StockError(StockErrorCode.INVALID, "At least one.", field="quantity"))
    if not warehouse.is_active:
        problems.append(StockError(StockErrorCode.INVALID, "Closed.", field="warehouse"))
    if problems:
        raise StockError.group(problems)

``details`` fill Saleor's extra error fields by name (``variants=[variant]``,
``address_type=AddressType.SHIPPING``); they stay domain values (model instances, enums),
and the API converts them (global IDs, GraphQL enum members).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Self


class DomainError(Exception):
    """An expected failure the caller should show to the user; possibly several at once.

    ``errors`` lists every failure the exception carries: ``(self,)`` for a single one.
    A group (see :meth:`group`) answers ``code``, ``message``, ``field`` and ``details``
    with its first error's, so code that handles one error at a time still sees a real one.
    """

    def __init__(self, code: StrEnum | str, message: str, *, field: str | None = None, **details: Any):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field
        self.details = details
        self.errors: tuple[DomainError, ...] = (self,)

    @classmethod
    def group(cls, errors: Iterable[DomainError]) -> Self:
        """One exception of this domain carrying every error of ``errors`` (groups are flattened).

        A single error of this class is returned as it is. Raise the result.
        """
        members = tuple(member for error in errors for member in error.errors)
        if not members:
            raise ValueError("A group of errors needs at least one error.")
        if len(members) == 1 and isinstance(members[0], cls):
            return members[0]
        first = members[0]
        grouped = cls(first.code, first.message, field=first.field, **first.details)
        grouped.args = (f"{first.message} (and {len(members) - 1} more)",)
        grouped.errors = members
        return grouped

    def __repr__(self) -> str:
        more = f", errors={len(self.errors)}" if len(self.errors) > 1 else ""
        return (
            f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r}{more})"
        )
