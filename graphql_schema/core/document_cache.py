"""Parse and validate each distinct document once per process, not once per request.

A storefront sends the same few documents (its listing, product page, search) over and over;
graphql-core would otherwise lex, parse and run every validation rule over the whole document
on each request, which for the storefront's listing costs more than the SQL it leads to. The
answers of both steps depend only on the query text and the rules (the schema is fixed per
process), so they are kept in bounded LRU caches keyed by the text: a repeated document skips
both, a changed one (even by a character) is parsed and validated afresh, and a stream of
distinct documents can only evict, never grow the memory.

Only the schema's own rules are cached. Whatever depends on the variables (the query limits:
page sizes multiply the cost) is still checked on every request by ``QueryLimits``, which
adds its errors to the cached ones. Syntax errors are not cached (an exception is not a value
for ``lru_cache``); they fail early and cheaply anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

# Distinct documents kept: far more than a storefront sends, few enough to bound the memory.
CACHE_SIZE = 256
# Longer texts are parsed and validated every time rather than pinned in the cache.
MAX_CACHED_LENGTH = 100_000


@lru_cache(maxsize=CACHE_SIZE)
def document_parse(query: str) -> DocumentNode:
    """The parsed document of ``query``; the same object for the same text while cached."""
    return parse(query)


@lru_cache(maxsize=CACHE_SIZE)
def _document_validate(
    schema: GraphQLSchema, query: str, rules: tuple[type[ASTValidationRule], ...]
) -> tuple[GraphQLError, ...]:
    return tuple(validate_document(schema, document_parse(query), rules))


def document_validate(
    schema: GraphQLSchema, query: str, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """The validation errors of ``query`` against ``schema`` (strawberry's rules included)."""
    return list(_document_validate(schema, query, rules))


def document_cache_clear() -> None:
    document_parse.cache_clear()
    _document_validate.cache_clear()


class DocumentCache(SchemaExtension):
    """Serves the parse and validation steps from the caches above.

    Must come before ``QueryLimits`` in the schema's extensions: the limits add their errors to
    the ones this sets. Documents handed over already parsed (``graphql_document`` set) and
    oversized texts take the ordinary uncached path.
    """

    _query: str | None = None  # the text whose document came from the cache, this request

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if (
            context.graphql_document is None
            and query
            and len(query) <= MAX_CACHED_LENGTH
            and not context.parse_options
        ):
            context.graphql_document = document_parse(query)
            self._query = query
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self._query is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = document_validate(
                context.schema._schema, self._query, tuple(context.validation_rules)
            )
        yield


__all__ = ["DocumentCache", "document_cache_clear", "document_parse", "document_validate"]
