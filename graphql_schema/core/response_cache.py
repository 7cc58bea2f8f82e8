"""Public catalogue responses cached whole, persisted queries, and HTTP caching of GET responses.

**What is cached.** A query (never a mutation or subscription) from a caller with no staff
power: no token at all, or a customer's token (an active user who is not staff; only staff hold
permissions, ``graphql_schema.core.permissions``). Never an app, a staff user, or a token that
authenticated nobody. Every root field of the operation (through fragments on ``Query``) must be
in ``PUBLIC_ROOT_FIELDS``: catalogue reads only, so ``me``, ``checkout``, ``order``, ``user``,
``shop`` and anything added later are not cached until someone adds them on purpose. Only a
result without errors is stored.

**The key** is a SHA-256 of the query text, the operation name, the variables as canonical JSON
(sorted keys) and the audience (anonymous or customer: a field for authenticated users must not
leak to anonymous callers). The channel and the language are arguments, so they are in the text
or the variables: the API never reads ``Accept-Language`` or the host (prices, names and
translations are chosen by ``channel`` and ``languageCode`` arguments only).

**Invalidation.** Entries live under ``storefront.core.versioned_cache.catalogue_cache``, one
generation for the whole catalogue (why not per channel: see that module). Every catalogue and
channel write bumps it, so the next public read after a write runs afresh. Stock-only writes
(reservations, allocations, stock counts) bump the stock generation instead
(``versioned_cache.stock_changed``): an entry whose document can show stock
(``graphql_schema.core.stock_reads``: ``quantityAvailable``, ``isAvailable``, a
``stockAvailability`` filter…) holds the stock generation read before it was computed and is
served only while that is still current; the others survive a buyer's checkout. Reservations
expire by the clock with no write; a cached ``quantityAvailable`` may undercount for at most
``RESPONSE_CACHE_SECONDS`` after a reservation lapses.

**Persisted queries** (Apollo's automatic persisted queries): a request whose
``extensions.persistedQuery`` has ``version: 1`` and a ``sha256Hash`` either carries the query
(the hash is checked, then the text is remembered) or not (the remembered text is used, or the
standard ``PersistedQueryNotFound`` error asks the client to send it).

**HTTP.** A public GET answered without errors carries ``Cache-Control: public, max-age=…``
(``RESPONSE_CACHE_HTTP_MAX_AGE``; a CDN cannot be told of a write, so keep it short) and an ETag
of its body, and ``If-None-Match`` gets a 304. Every other response of the endpoint carries
``Cache-Control: private, no-store``. A mutation over GET is a 405 (GraphQL over HTTP; the
view turns strawberry's 400 into it).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import parse_etags, quote_etag
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from graphql_schema.core.document_cache import MAX_CACHED_LENGTH, document_parse
from graphql_schema.core.stock_reads import document_reads_stock
from storefront.core.versioned_cache import catalogue_cache, stock_generation

# Root fields whose answers depend only on the catalogue (and the arguments): nothing personal,
# nothing outside the catalogue's invalidation (``shop`` and certificates are not bumped by it).
PUBLIC_ROOT_FIELDS = frozenset(
    {
        "products",
        "product",
        "productVariant",
        "productVariants",
        "categories",
        "category",
        "collections",
        "collection",
        "attributes",
        "attribute",
        "channels",
        "channel",
        "__typename",
    }
)

PERSISTED_QUERY_NOT_FOUND = "PersistedQueryNotFound"
PERSISTED_QUERY_HASH_MISMATCH = "provided sha does not match query"
PERSISTED_QUERY_UNSUPPORTED = "Unsupported persisted query version"
PERSISTED_QUERY_SECONDS = 7 * 24 * 3600  # a forgotten text costs the client one more request
NO_STORE = "private, no-store"


# --- persisted queries ---------------------------------------------------------------------------


def _persisted_error(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


def _persisted_key(sha256: str) -> str:
    return f"apq:{sha256}"


def persisted_query_resolve(data: GraphQLRequestData) -> GraphQLRequestData | ExecutionResult:
    """The request with its query text filled in from a persisted query, or the error to answer."""
    persisted = (data.extensions or {}).get("persistedQuery")
    if persisted is None:
        return data
    if not isinstance(persisted, Mapping) or persisted.get("version") != 1:
        return _persisted_error(PERSISTED_QUERY_UNSUPPORTED, "PERSISTED_QUERY_NOT_SUPPORTED")
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or len(sha256) != 64:
        return _persisted_error(PERSISTED_QUERY_HASH_MISMATCH, "BAD_REQUEST")
    sha256 = sha256.lower()
    if data.query is None:
        query = cache.get(_persisted_key(sha256))
        if not isinstance(query, str):
            return _persisted_error(PERSISTED_QUERY_NOT_FOUND, "PERSISTED_QUERY_NOT_FOUND")
        return GraphQLRequestData(
            query=query,
            variables=data.variables,
            operation_name=data.operation_name,
            extensions=data.extensions,
        )
    if hashlib.sha256(data.query.encode()).hexdigest() != sha256:
        return _persisted_error(PERSISTED_QUERY_HASH_MISMATCH, "BAD_REQUEST")
    if len(data.query) <= MAX_CACHED_LENGTH and _parses(data.query):
        cache.set(_persisted_key(sha256), data.query, timeout=PERSISTED_QUERY_SECONDS)
    return data


def _parses(query: str) -> bool:
    try:
        document_parse(query)
    except GraphQLError:
        return False
    return True


# --- which requests are cached -------------------------------------------------------------------


def _audience(context: Any) -> str | None:
    """``"anonymous"`` or ``"customer"`` when the caller has no staff power, else None."""
    if context.app is not None or context.token_problem is not None:
        return None
    user = context.user
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    if user.is_active and not user.is_staff and not user.is_superuser:
        return "customer"
    return None


def _only_public_fields(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: set[str]
) -> bool:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value not in PUBLIC_ROOT_FIELDS:
                return False
        elif isinstance(selection, InlineFragmentNode):
            if not _only_public_fields(selection.selection_set, fragments, seen):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None:
                return False
            if name in seen:
                continue
            seen.add(name)
            if not _only_public_fields(fragment.selection_set, fragments, seen):
                return False
        else:  # pragma: no cover - graphql-core has no other selection kinds
            return False
    return True


def _public_query(
    query: str, operation_name: str | None
) -> tuple[DocumentNode, OperationDefinitionNode] | None:
    """The parsed document and its operation when it is a public catalogue query, else None."""
    try:
        document = document_parse(query)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, operation_name)
    if not isinstance(operation, OperationDefinitionNode) or operation.operation != OperationType.QUERY:
        return None
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    if not _only_public_fields(operation.selection_set, fragments, set()):
        return None
    return document, operation


def response_cache_key(data: GraphQLRequestData, context: Any) -> str | None:
    """Where this request's response would be cached, or None when its caller must not share one.

    Nothing is parsed here: an entry exists only if ``response_cache_set`` found the document
    public, and the key holds the whole text, the operation name and the audience, so a hit needs
    no second look at the document.
    """
    if not settings.RESPONSE_CACHE_SECONDS:
        return None
    audience = _audience(context)
    query = data.query
    if audience is None or not query or len(query) > MAX_CACHED_LENGTH:
        return None
    if not isinstance(data.operation_name, str | None) or not isinstance(data.variables, dict | None):
        return None
    try:
        variables = json.dumps(data.variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256()
    for part in (query, data.operation_name or "", variables, audience):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"response:{digest.hexdigest()}"


def response_cache_get(key: str) -> ExecutionResult | None:
    """The cached result under ``key`` at the catalogue's current generation (and the stock
    generation's, for a document that can show stock), or None."""
    stored = catalogue_cache.get(key)
    if not isinstance(stored, dict):
        return None
    if "stock" in stored and stored["stock"] != stock_generation():
        return None
    return ExecutionResult(data=stored["data"], errors=None, extensions=stored.get("extensions"))


def response_cache_set(
    key: str,
    data: GraphQLRequestData,
    result: ExecutionResult,
    *,
    schema: GraphQLSchema,
    stock: str | None = None,
) -> bool:
    """Store an error-free result of a public catalogue query; return whether it was stored.

    ``schema`` (graphql-core's) tells whether the document can show stock (``stock_reads``);
    ``stock``: the stock generation read before the result was computed (``stock_generation()``),
    kept with such a result, so a stock write made while it was computed forgets it; read now
    when not given.
    """
    if result.errors or result.data is None or not data.query:
        return False
    public = _public_query(data.query, data.operation_name)
    if public is None:
        return False
    stored: dict[str, Any] = {"data": result.data}
    if document_reads_stock(schema, *public, data.variables):
        stored["stock"] = stock if stock is not None else stock_generation()
    if result.extensions:
        stored["extensions"] = result.extensions
    catalogue_cache.set(key, stored, timeout=settings.RESPONSE_CACHE_SECONDS)
    return True


# --- HTTP ----------------------------------------------------------------------------------------


def http_cache_headers(request: HttpRequest, response: HttpResponseBase, *, public: bool) -> HttpResponseBase:
    """Mark ``response`` cacheable by anyone (a public GET) or by no one; answer ``If-None-Match``."""
    response.headers["Vary"] = _vary_with(response.headers.get("Vary"), "Authorization")
    max_age = settings.RESPONSE_CACHE_HTTP_MAX_AGE
    if not (public and max_age > 0 and request.method == "GET" and response.status_code == 200):
        response.headers.setdefault("Cache-Control", NO_STORE)  # a resolver's own (``no-store``) stays
        return response
    body = bytes(getattr(response, "content", b""))  # an HttpResponse: strawberry streams nothing here
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    cache_control = f"public, max-age={max_age}"
    if etag in {tag.removeprefix("W/") for tag in parse_etags(request.headers.get("If-None-Match", ""))}:
        not_modified = HttpResponseNotModified()
        not_modified.headers["ETag"] = etag
        not_modified.headers["Cache-Control"] = cache_control
        not_modified.headers["Vary"] = response.headers["Vary"]
        return not_modified
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = cache_control
    return response


def _vary_with(current: str | None, header: str) -> str:
    values = [value.strip() for value in (current or "").split(",") if value.strip()]
    if header.lower() not in {value.lower() for value in values}:
        values.append(header)
    return ", ".join(values)


__all__ = [
    "PERSISTED_QUERY_NOT_FOUND",
    "PUBLIC_ROOT_FIELDS",
    "http_cache_headers",
    "persisted_query_resolve",
    "response_cache_get",
    "response_cache_key",
    "response_cache_set",
]
