"""``/feeds/<channel>/<language>/google.xml`` and ``meta.csv``: the stored feed, streamed."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseNotFound
from django.views.decorators.http import require_safe

from storefront.marketing.feeds.items import channel_for_feed, language_known
from storefront.marketing.feeds.storage import FEED_KINDS, feed_open

_NOT_FOUND = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Feed not found</title>"
    "<h1>Feed not found</h1><p>No product feed for this channel and language.</p></html>"
)


@require_safe
def feed_view(request: HttpRequest, channel: str, language: str, kind: str) -> HttpResponseBase:
    content_type = FEED_KINDS.get(kind)
    found = channel_for_feed(channel) if content_type is not None and language_known(language) else None
    if found is None or content_type is None:
        return HttpResponseNotFound(_NOT_FOUND)
    response = FileResponse(
        feed_open(channel=found, language_code=language, kind=kind), content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=600"
    return response
