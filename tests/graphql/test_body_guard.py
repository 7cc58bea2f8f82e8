"""The ASGI guard (graphql_schema/body_guard.py): under ASGI, Django reads a whole body before any
view runs, so oversized bodies and uploads by strangers are refused from their headers."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.test import override_settings

from graphql_schema.body_guard import MULTIPART_NEEDS_BEARER, MULTIPART_NEEDS_VALID_TOKEN, GraphQLBodyGuard
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create

pytestmark = pytest.mark.django_db


class Downstream:
    """Stands for Django's ASGI application: records whether it ran and reads the whole body."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""

    async def __call__(self, scope, receive, send) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _call(headers: dict[str, str], chunks: list[bytes], path: str = "/graphql/"):
    downstream = Downstream()
    guard = GraphQLBodyGuard(downstream)
    pending = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    read: list[dict] = []
    sent: list[dict] = []

    async def receive():
        message = pending.pop(0) if pending else {"type": "http.disconnect"}
        read.append(message)
        return message

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    async_to_sync(guard)(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body.decode(), downstream, read


MULTIPART = "multipart/form-data; boundary=x"


def test_an_upload_without_a_bearer_token_is_refused_unread():
    status, text, downstream, read = _call(
        {"Content-Type": MULTIPART, "Content-Length": "10"}, [b"0123456789"]
    )

    assert (status, text) == (403, MULTIPART_NEEDS_BEARER)
    assert not downstream.called and read == []


def test_an_upload_with_an_unknown_token_is_refused_unread():
    headers = {"Content-Type": MULTIPART, "Content-Length": "10", "Authorization": "Bearer not-a-token"}

    status, text, downstream, read = _call(headers, [b"0123456789"])

    assert (status, text) == (403, MULTIPART_NEEDS_VALID_TOKEN)
    assert not downstream.called and read == []


def test_an_upload_by_an_app_goes_through():
    _app, token = app_create(name="Lot intake", permissions=[PermissionCode.MANAGE_PROVENANCE])
    headers = {"Content-Type": MULTIPART, "Content-Length": "10", "Authorization": f"Bearer {token}"}

    status, _text, downstream, _read = _call(headers, [b"0123456789"])

    assert status == 200 and downstream.body == b"0123456789"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_declared_length_over_the_limit_is_refused_unread():
    headers = {"Content-Type": "application/json", "Content-Length": "101"}

    status, text, downstream, read = _call(headers, [b"x" * 101])

    assert (status, text) == (413, "The request body is larger than 100 bytes.")
    assert not downstream.called and read == []


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_body_without_a_length_is_cut_off_past_the_limit():
    status, text, _downstream, read = _call({"Content-Type": "application/json"}, [b"x" * 60] * 10)

    assert (status, text) == (413, "The request body is larger than 100 bytes.")
    assert len(read) == 2  # the chunk that crossed the limit was the last one read


def test_other_paths_pass_through_untouched():
    status, _text, downstream, _read = _call({"Content-Type": MULTIPART}, [b"form"], path="/p/ASL-1/claim")

    assert status == 200 and downstream.called
