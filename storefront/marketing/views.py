"""``/c/<code>``: count the visit, remember the attribution, redirect to the storefront (302)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.views.decorators.http import require_safe

from storefront.marketing.attribution import code_clean
from storefront.marketing.links import link_redirect_url, link_visit_record
from storefront.marketing.models import CampaignLink

ATTRIBUTION_COOKIE = "asal_campaign"
ATTRIBUTION_COOKIE_SALT = "storefront.marketing.link"
ATTRIBUTION_COOKIE_DAYS = 30

_NOT_FOUND = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Link not found</title>"
    "<h1>Link not found</h1><p>This campaign link does not exist (any more).</p></html>"
)


@require_safe
def campaign_link_view(request: HttpRequest, code: str) -> HttpResponse:
    clean = code_clean(code)
    link = (
        CampaignLink.objects.select_related("campaign", "product", "collection", "category", "channel")
        .filter(code=clean)
        .first()
        if clean
        else None
    )
    if link is None:
        # A page of our own, not Http404: Django's DEBUG page would list the URL patterns.
        return HttpResponseNotFound(_NOT_FOUND)
    target = link_redirect_url(link)
    if request.method == "GET":
        link_visit_record(link=link, meta=request.META, landing_path=urlsplit(target).path)
    response = HttpResponseRedirect(target)
    response.set_signed_cookie(
        ATTRIBUTION_COOKIE,
        link.code,
        salt=ATTRIBUTION_COOKIE_SALT,
        max_age=ATTRIBUTION_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
