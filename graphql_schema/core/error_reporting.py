"""How the API logs the errors of a request, and what it lets callers read of them.

Two kinds of error reach a GraphQL response:

- expected ones: the request was refused (``PermissionDenied``, a limit, a bad ID, a validation
  rule, a value a scalar cannot parse). They are the caller's to fix, they are many on a public
  endpoint, and they say nothing new about the server: one line each at INFO, no traceback.
- anything else is a bug (a 500 in spirit, though GraphQL answers 200): logged at ERROR with its
  traceback, and its message replaced by ``INTERNAL_ERROR`` in the response, so a database error
  or a Python exception never shows its text (SQL, class names, internal values) to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graphql_schema.core.permissions import PermissionDenied

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Internal server error."


def is_expected(error: GraphQLError) -> bool:
    """True for a refusal of the request; False for a failure of the server (see the module doc)."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError | PermissionDenied):
        return True
    # Before execution (no path), graphql-core keeps what a scalar's parser raised for a bad literal.
    return error.path is None and isinstance(original, ValueError | TypeError | ArithmeticError)


def is_internal(error: GraphQLError) -> bool:
    return not is_expected(error)


def log_errors(errors: Sequence[GraphQLError]) -> None:
    for error in errors:
        if is_expected(error):
            where = ".".join(str(key) for key in error.path) if error.path else "request"
            # One line, whatever the caller put in the message (an ID, a slug).
            logger.info("GraphQL refused (%s): %s", where, error.message.replace("\n", " "))
        else:
            logger.error("GraphQL failed: %s", error.message, exc_info=error.original_error)


class MaskInternalErrors(MaskErrors):
    """Strawberry's ``MaskErrors`` for failures only; a class, so each request gets its own."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal, error_message=INTERNAL_ERROR)
