"""The local file system's stand-in for a presigned URL: a paper served to a valid token only.

On S3 staff get presigned object URLs and never reach this view. Without S3 the private files
sit on the server's disk, and ``fulfillment_document_url`` links here with a signed token that
expires; anything else (no token, a forged, altered or expired one, a paper re-issued since)
is a 403 that says nothing about which papers exist.
"""

from __future__ import annotations

import os

from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.views.decorators.http import require_safe

from storefront.orders.documents.services import document_file, fulfillment_document_for_token


@require_safe
def document_view(request: HttpRequest, token: str) -> HttpResponseBase:
    document = fulfillment_document_for_token(token)
    if document is None:
        return HttpResponseForbidden("This link is not valid or has expired.", content_type="text/plain")
    field_file = document_file(document)
    response = FileResponse(
        field_file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=os.path.basename(str(field_file.name)),
    )
    # A paper names a buyer: no shared cache keeps it, and the browser keeps it no longer than the link.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response
