"""The GraphQL endpoint: GraphiQL on GET, requests authenticated by JWT or app token.

File uploads follow the GraphQL multipart request spec (``operations`` + ``map`` + file parts), as
Saleor's ``Upload`` scalar does. The view is ``csrf_exempt`` because nothing authenticates by
cookie: a request acts as a user or an app only through an ``Authorization: Bearer`` header.
Multipart is the one content type a cross-site HTML form can send without a CORS preflight
(strawberry disables it by default for that reason, CVE-2024-47082), so a multipart request must
carry that bearer header. A browser never adds a bearer header by itself and a cross-origin page
can only add one after a preflight the server does not grant, so a forged upload cannot get in
even where the browser holds Basic-auth credentials for the site.

Bodies are bounded and uploads authenticated before a body is read (``body_guard.py``): here on
the declared ``Content-Length``, which is as far as Django reads under WSGI; under ASGI the guard
wrapping the application does it. Within an accepted body, each file part is kept only up to
``MEDIA_MAX_UPLOAD_BYTES`` (``upload_limits.py``): a larger one reaches the mutation as an empty
file of its sent size, refused in the payload with ``FILE_SIZE_LIMIT_EXCEEDED``. A body that is not
one JSON object (or a list of them) is a 400 with a plain message.

A request that never reaches a resolver (a syntax error, a document the schema's rules refuse, a
variable that does not coerce, a limit) is a 400 whose body has ``errors`` and no ``data``, as
Saleor answers (its view marks such results ``invalid``). Errors raised while executing carry a
``path``; these never do, which is how they are told apart.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException, SyncHTTPRequestAdapter
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from strawberry.django.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from graphql_schema.body_guard import (
    BAD_CONTENT_LENGTH,
    MULTIPART_NEEDS_BEARER,
    MULTIPART_NEEDS_VALID_TOKEN,
    body_limit,
    too_large,
)
from graphql_schema.core.auth import authenticate, bearer_token
from graphql_schema.core.context import AsalContext
from graphql_schema.core.response_cache import (
    http_cache_headers,
    persisted_query_resolve,
    response_cache_get,
    response_cache_key,
    response_cache_set,
)
from graphql_schema.schema import schema
from graphql_schema.upload_limits import UploadSizeLimitHandler
from storefront.core.versioned_cache import stock_generation

NOT_JSON = "Unable to parse request body as JSON"  # strawberry's words for any other bad JSON
NOT_AN_OBJECT = "The request body must be a JSON object with a `query` (or a list of such objects)."
MUTATION_OVER_GET = "mutations are not allowed when using GET"  # strawberry's words
BAD_OPERATION_NAME = "The GraphQL operation's `operationName` must be a string or null, if provided."


def _reject_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


class AsalGraphQLView(GraphQLView):
    graphql_ide = "graphiql"
    # Django makes one view instance per request, so these are the request's own.
    _authenticated: tuple[Any, Any] = (None, None)
    _invalid = False
    _public = False  # an anonymous catalogue query answered without errors (response_cache.py)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("schema", schema)
        kwargs.setdefault("multipart_uploads_enabled", True)
        super().__init__(**kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(BAD_CONTENT_LENGTH, status=400, content_type="text/plain")
        limit = body_limit(request.content_type or "")
        if limit is not None and declared > limit:
            return HttpResponse(too_large(limit), status=413, content_type="text/plain")
        if request.content_type == "multipart/form-data":
            # No file part is kept past the per-file media limit, however large the body may be.
            request.upload_handlers.insert(0, UploadSizeLimitHandler(request))
        response = super().dispatch(request, *args, **kwargs)
        return http_cache_headers(request, response, public=self._public)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET of a persisted query has ``extensions`` and no ``query``: an operation, not the IDE.
        return super().should_render_graphql_ide(request) and "extensions" not in request.query_params

    def execute_single(
        self,
        request: HttpRequest,
        request_adapter: SyncHTTPRequestAdapter,
        sub_response: Any,
        context: Any,  # strawberry's view is generic in a context it types as None
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Persisted queries, then the public response cache, around strawberry's execution."""
        resolved = persisted_query_resolve(request_data)
        if isinstance(resolved, ExecutionResult):
            return resolved
        key = response_cache_key(resolved, context)
        result = response_cache_get(key) if key is not None else None
        cached = result is not None
        if result is None:
            # Read before executing: a stock write while this runs forgets what it stores.
            stock = stock_generation() if key is not None else None
            try:
                result = super().execute_single(
                    request, request_adapter, sub_response, context, root_value, resolved
                )
            except HTTPException as error:
                if request_adapter.method == "GET" and error.reason == MUTATION_OVER_GET:
                    raise HTTPException(405, error.reason) from None  # GraphQL over HTTP's status
                raise
            cached = key is not None and response_cache_set(
                key, resolved, result, schema=schema._schema, stock=stock
            )
        self._public = cached and not context.user.is_authenticated
        return result

    def decode_json(self, data: str | bytes) -> object:
        try:
            # NaN and Infinity are Python's extensions, not JSON: no amount or page size is either.
            return json.loads(data, parse_constant=_reject_constant)
        except RecursionError:
            # JSON nested deeper than the decoder can follow is bad input (a 400), not a server error.
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None

    def parse_json(self, data: str | bytes) -> Any:
        decoded = super().parse_json(data)
        if not isinstance(decoded, dict | list):
            # ``null``, ``1`` or ``"x"`` is JSON, but not a GraphQL request.
            raise HTTPException(400, NOT_AN_OBJECT)
        return decoded

    def parse_http_body(
        self, request: SyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        try:
            parsed = super().parse_http_body(request)
        except UnicodeDecodeError:  # the adapter decodes the body as UTF-8 before parsing it
            raise HTTPException(400, NOT_JSON) from None
        for data in parsed if isinstance(parsed, list) else [parsed]:
            if not isinstance(data.operation_name, str | None):
                raise HTTPException(400, BAD_OPERATION_NAME)
        return parsed

    def parse_multipart(self, request: SyncHTTPRequestAdapter) -> dict[str, str]:
        """Refuse a multipart request before its body is read unless its token authenticates someone."""
        django_request: HttpRequest = request.request  # type: ignore[attr-defined]
        if bearer_token(django_request) is None:
            raise HTTPException(403, MULTIPART_NEEDS_BEARER)  # what a cross-site form sends (CSRF)
        if self._authenticated == (None, None):
            raise HTTPException(403, MULTIPART_NEEDS_VALID_TOKEN)
        try:
            return super().parse_multipart(request)
        except (AttributeError, IndexError, TypeError, ValueError):
            # A ``map`` that is not an object of paths, or a path that leads nowhere in ``operations``.
            raise HTTPException(400, "The multipart 'map' does not match 'operations'.") from None

    def process_result(self, request: HttpRequest, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = super().process_result(request, result)
        if result.data is None and result.errors and all(error.path is None for error in result.errors):
            self._invalid = True
            response.pop("data", None)
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: HttpResponse
    ) -> HttpResponseBase:
        if self._invalid:
            sub_response.status_code = 400
        return super().create_response(response_data, sub_response)

    def get_context(self, request: HttpRequest, response: HttpResponse) -> AsalContext:  # type: ignore[override]
        # From the headers alone, before the body is parsed (strawberry asks for the context first).
        authentication = authenticate(bearer_token(request))
        user, app = self._authenticated = (authentication.user, authentication.app)
        problem = (authentication.problem, authentication.message) if authentication.problem else None
        return AsalContext(
            request=request, response=response, user=user or AnonymousUser(), app=app, token_problem=problem
        )
