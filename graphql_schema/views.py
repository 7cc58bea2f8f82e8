"""The GraphQL endpoint: GraphiQL on GET, requests authenticated by JWT or app token.

File uploads follow the GraphQL multipart request spec (``operations`` + ``map`` + file parts), as
Saleor's ``Upload`` scalar does. The view is ``csrf_exempt`` because nothing authenticates by
cookie: a request acts as a user or an app only through an ``Authorization: Bearer`` header.
Multipart is the one content type a cross-site HTML form can send without a CORS preflight
(strawberry disables it by default for that reason, CVE-2024-47082), so a multipart request must
carry that bearer header. A browser never adds a bearer header by itself and a cross-origin page
can only add one after a preflight the server does not grant, so a forged upload cannot get in
even where the browser holds Basic-auth credentials for the site.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException, SyncHTTPRequestAdapter
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from strawberry.django.views import GraphQLView

from graphql_schema.core.auth import authenticate_request, bearer_token
from graphql_schema.core.context import AsalContext
from graphql_schema.schema import schema

MULTIPART_NEEDS_BEARER = "Multipart requests need an 'Authorization: Bearer <token>' header."


class AsalGraphQLView(GraphQLView):
    graphql_ide = "graphiql"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("schema", schema)
        kwargs.setdefault("multipart_uploads_enabled", True)
        super().__init__(**kwargs)

    def decode_json(self, data: str | bytes) -> object:
        try:
            return super().decode_json(data)
        except RecursionError:
            # JSON nested deeper than the decoder can follow is bad input (a 400), not a server error.
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None

    def parse_multipart(self, request: SyncHTTPRequestAdapter) -> dict[str, str]:
        """Refuse a multipart request without a bearer token before its body is even read (CSRF)."""
        django_request: HttpRequest = request.request  # type: ignore[attr-defined]
        if bearer_token(django_request) is None:
            raise HTTPException(403, MULTIPART_NEEDS_BEARER)
        try:
            return super().parse_multipart(request)
        except (AttributeError, IndexError, TypeError, ValueError):
            # A ``map`` that is not an object of paths, or a path that leads nowhere in ``operations``.
            raise HTTPException(400, "The multipart 'map' does not match 'operations'.") from None

    def get_context(self, request: HttpRequest, response: HttpResponse) -> AsalContext:  # type: ignore[override]
        user, app = authenticate_request(request)
        return AsalContext(request=request, response=response, user=user or AnonymousUser(), app=app)
