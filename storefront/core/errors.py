"""The base of every domain's expected failures.

A domain raises ``<Domain>Error(code, message, field=None, **details)`` with a
code from its ``error_codes.py``; the API layer maps it once into Saleor's
``errors { field code message }`` shape. Bugs stay ordinary exceptions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class DomainError(Exception):
    """An expected failure the caller should show to the user."""

    def __init__(self, code: StrEnum | str, message: str, *, field: str | None = None, **details: Any):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field
        self.details = details

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"
