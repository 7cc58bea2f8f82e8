"""``/feeds/<channel>/<language>/google.xml`` and ``meta.csv``: the stored feed, streamed.

A feed that is not stored yet is not made in the request: its generation is enqueued
(``feed_generate_soon``) and the answer is 503 with ``Retry-After`` (fetchers such as Google's and
Meta's try again), unless the task ran eagerly and the file is there now.
"""

from __future__ import annotations

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
)
from django.views.decorators.http import require_safe

from storefront.marketing.feeds.items import channel_for_feed, language_known
from storefront.marketing.feeds.storage import FEED_KINDS, feed_open
from storefront.marketing.feeds.tasks import feed_generate_soon

RETRY_AFTER_SECONDS = 60

_NOT_FOUND = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Feed not found</title>"
    "<h1>Feed not found</h1><p>No product feed for this channel and language.</p></html>"
)
_PREPARING = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Feed being prepared</title>"
    "<h1>Feed being prepared</h1><p>This product feed is being made; try again in a minute.</p></html>"
)


@require_safe
def feed_view(request: HttpRequest, channel: str, language: str, kind: str) -> HttpResponseBase:
    content_type = FEED_KINDS.get(kind)
    found = channel_for_feed(channel) if content_type is not None and language_known(language) else None
    if found is None or content_type is None:
        return HttpResponseNotFound(_NOT_FOUND)
    stored = feed_open(channel=found, language_code=language, kind=kind)
    if stored is None:
        feed_generate_soon(channel_slug=found.slug, language_code=language)
        stored = feed_open(channel=found, language_code=language, kind=kind)  # made eagerly?
    if stored is None:
        preparing = HttpResponse(_PREPARING, status=503, content_type="text/html; charset=utf-8")
        preparing["Retry-After"] = str(RETRY_AFTER_SECONDS)
        preparing["Cache-Control"] = "no-store"
        return preparing
    response = FileResponse(stored, content_type=content_type)
    response["Cache-Control"] = "public, max-age=600"
    return response
