"""The GraphQL endpoint: GraphiQL on GET, requests authenticated by JWT or app token."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from strawberry.django.views import GraphQLView

from graphql_schema.core.auth import authenticate_request
from graphql_schema.core.context import AsalContext
from graphql_schema.schema import schema


class AsalGraphQLView(GraphQLView):
    graphql_ide = "graphiql"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("schema", schema)
        super().__init__(**kwargs)

    def decode_json(self, data: str | bytes) -> object:
        try:
            return super().decode_json(data)
        except RecursionError:
            # JSON nested deeper than the decoder can follow is bad input (a 400), not a server error.
            raise json.JSONDecodeError("JSON nested too deeply", "", 0) from None

    def get_context(self, request: HttpRequest, response: HttpResponse) -> AsalContext:  # type: ignore[override]
        user, app = authenticate_request(request)
        return AsalContext(request=request, response=response, user=user or AnonymousUser(), app=app)
