"""``/newsletter/confirm/<token>``, ``/newsletter/unsubscribe/<token>`` (GET, and POST for mail
clients' one-click unsubscribe) and ``/newsletter/export.csv`` (staff holding MANAGE_USERS, signed
in to the admin): small pages in the subscriber's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseNotFound
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from storefront.accounts.permissions import PermissionCode, permission_name
from storefront.channels.models import Channel
from storefront.marketing.newsletter import newsletter_confirm, newsletter_export_csv, newsletter_unsubscribe
from storefront.marketing.newsletter_emails import email_language


def _page(title: str, text: str, *, status: int = 200, language: str = "en") -> HttpResponse:
    html = (
        f"<!doctype html><html lang={escape(language)}><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(text)}</p></html>"
    )
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _request_language(request: HttpRequest) -> str:
    return email_language(request.GET.get("lang", "") or translation.get_language_from_request(request))


@require_safe
def newsletter_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    row = newsletter_confirm(token)
    language = email_language(row.language_code) if row is not None else _request_language(request)
    with translation.override(language):
        if row is None:
            return _page(
                pgettext("newsletter page", "Link not valid"),
                pgettext(
                    "newsletter page", "This confirmation link is not valid or has expired. Subscribe again."
                ),
                status=404,
                language=language,
            )
        return _page(
            pgettext("newsletter page", "Subscription confirmed"),
            pgettext("newsletter page", "Thank you: you will receive our newsletter."),
            language=language,
        )


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without a form of ours
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    language = _request_language(request)
    if request.method == "HEAD":  # link checkers and previews must not unsubscribe anyone
        return HttpResponse(status=200)
    email = newsletter_unsubscribe(token)
    with translation.override(language):
        if email is None:
            return _page(
                pgettext("newsletter page", "Link not valid"),
                pgettext("newsletter page", "This unsubscribe link is not valid."),
                status=404,
                language=language,
            )
        return _page(
            pgettext("newsletter page", "Unsubscribed"),
            pgettext("newsletter page", "You will receive no more marketing e-mails from us."),
            language=language,
        )


@require_safe
def newsletter_export_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return HttpResponseForbidden("Staff only.")
    if not user.has_perm(permission_name(PermissionCode.MANAGE_USERS)):
        return HttpResponseForbidden("Requires MANAGE_USERS.")
    channel = None
    slug = request.GET.get("channel", "")
    if slug:
        channel = Channel.objects.filter(slug=slug).first() if "\x00" not in slug else None
        if channel is None:
            return HttpResponseNotFound("No such channel.")
    response = HttpResponse(newsletter_export_csv(channel=channel), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-subscribers.csv"'
    response["Cache-Control"] = "no-store"
    return response
