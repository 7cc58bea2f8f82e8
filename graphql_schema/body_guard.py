"""Bounds on the bodies of GraphQL requests, and an ASGI guard that applies them before reading one.

A body is bounded by its kind: a multipart (upload) request by ``GRAPHQL_MAX_UPLOAD_BYTES``, any
other by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``. A multipart request is read only for a caller
its bearer token authenticates: only staff and apps upload, so a stranger's 200 MB is refused
from the headers alone.

Under WSGI (``runserver``, the test client) Django reads a body only when the view asks for it, so
the view checks these rules first (``graphql_schema/views.py``). Under ASGI (uvicorn, production)
Django reads the whole body before any view runs, so ``GraphQLBodyGuard`` wraps the ASGI
application (``infra/asgi.py``) and applies the same rules to the headers first, then counts the
bytes of a body sent without a ``Content-Length``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings

from graphql_schema.core.auth import authenticate_token, bearer_token_from_header

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

GRAPHQL_PATHS = ("/graphql/", "/graphql")
MULTIPART = "multipart/form-data"
MULTIPART_NEEDS_BEARER = "Multipart requests need an 'Authorization: Bearer <token>' header."
MULTIPART_NEEDS_VALID_TOKEN = "Multipart requests need a valid token: this one is unknown or expired."
BAD_CONTENT_LENGTH = "Invalid Content-Length header."


def body_limit(content_type: str) -> int | None:
    """The most bytes a body of this media type may hold (``None``: no limit, as Django allows)."""
    if content_type == MULTIPART:
        return int(settings.GRAPHQL_MAX_UPLOAD_BYTES)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return None if limit is None else int(limit)


def too_large(limit: int) -> str:
    return f"The request body is larger than {limit} bytes."


async def _respond(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GraphQLBodyGuard:
    """ASGI middleware: a GraphQL POST is refused on its headers, or cut off past its limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in GRAPHQL_PATHS or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]
        }
        content_type = headers.get("content-type", "").partition(";")[0].strip().lower()
        limit = body_limit(content_type)
        refusal = await self._refusal(headers, content_type, limit)
        if refusal is not None:
            await _respond(send, *refusal)
            return
        received = 0
        cut_off = False

        async def bounded_receive() -> Message:
            # A body sent without a Content-Length (chunked) is counted as it arrives.
            nonlocal received, cut_off
            message = await receive()
            if message["type"] == "http.request" and limit is not None:
                received += len(message.get("body", b""))
                if received > limit:
                    cut_off = True
                    return {"type": "http.disconnect"}  # Django stops reading and answers nothing
            return message

        await self.app(scope, bounded_receive, send)
        if cut_off:
            await _respond(send, 413, too_large(limit or 0))

    async def _refusal(
        self, headers: dict[str, str], content_type: str, limit: int | None
    ) -> tuple[int, str] | None:
        declared = headers.get("content-length")
        try:
            size = int(declared) if declared else None
        except ValueError:
            return 400, BAD_CONTENT_LENGTH
        if limit is not None and size is not None and size > limit:
            return 413, too_large(limit)
        if content_type != MULTIPART:
            return None
        token = bearer_token_from_header(headers.get("authorization", ""))
        if token is None:
            return 403, MULTIPART_NEEDS_BEARER
        if await sync_to_async(authenticate_token)(token) == (None, None):
            return 403, MULTIPART_NEEDS_VALID_TOKEN
        return None
