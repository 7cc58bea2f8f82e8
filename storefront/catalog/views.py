"""The thumbnail view: renders a thumbnail on its first fetch, then redirects to the stored file.

It is what makes ``thumbnail_url`` cheap: the API hands out this URL for thumbnails not yet
rendered, so rendering happens in a plain GET that browsers and CDNs cache, never in GraphQL.
The signed token means only images this shop stored can be rendered; a bad token, size or format
is the client's mistake (404/400), never a 500.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.views.decorators.http import require_GET

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media.thumbnails import (
    THUMBNAIL_SIZES,
    thumbnail_format_parse,
    thumbnail_get_or_create,
    thumbnail_storage_url,
    thumbnail_token_read,
)

# The stored file never changes once made, but the redirect target is public storage: keep it a
# day, not forever, so a moved bucket or CDN domain is picked up.
_REDIRECT_MAX_AGE = 24 * 3600


@require_GET
def thumbnail_view(request: HttpRequest, token: str, size: int, format: str) -> HttpResponse:
    try:
        original_name = thumbnail_token_read(token=token)
    except signing.BadSignature as exc:
        raise Http404("Unknown image.") from exc
    if size not in THUMBNAIL_SIZES:
        return HttpResponseBadRequest(f"Size must be one of {', '.join(map(str, THUMBNAIL_SIZES))}.")
    try:
        fmt = thumbnail_format_parse(format)
        thumbnail = thumbnail_get_or_create(original_name=original_name, size=size, format=fmt)
    except CatalogError as exc:
        if exc.code == ProductErrorCode.INVALID:
            return HttpResponseBadRequest(exc.message)
        raise Http404(exc.message) from exc  # the original is gone or not an image any more
    response = HttpResponseRedirect(thumbnail_storage_url(thumbnail=thumbnail))
    response["Cache-Control"] = f"public, max-age={_REDIRECT_MAX_AGE}"
    return response
