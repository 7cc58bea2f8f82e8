"""A maker's statement as a CSV download, for staff signed in to the back office (session).

``GET statement/maker/<id>.csv?gte=YYYY-MM-DD&lte=YYYY-MM-DD`` answers the same CSV as the
``makerStatement`` query's ``csv`` field (``storefront.orders.statements``). Only active staff
holding ``MANAGE_ORDERS`` may download it (403 otherwise); the file is private and never cached.
The URL is wired in ``infra/urls.py`` by including ``storefront.orders.statement_urls``.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.http import require_GET

from provenance.origins.models import Maker
from storefront.accounts.permissions import PermissionCode, permission_name
from storefront.orders.statements import maker_statement, maker_statement_csv

MAX_DAYS = 366


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


@require_GET
def maker_statement_csv_view(request: HttpRequest, maker_id: int) -> HttpResponse:
    user = request.user
    if not (user.is_authenticated and user.is_active and getattr(user, "is_staff", False)):
        return HttpResponseForbidden("Staff only.")
    if not user.has_perm(permission_name(PermissionCode.MANAGE_ORDERS)):
        return HttpResponseForbidden("Requires MANAGE_ORDERS.")
    start, end = _date(request.GET.get("gte")), _date(request.GET.get("lte"))
    if start is None or end is None or end < start or (end - start).days >= MAX_DAYS:
        return HttpResponseBadRequest(f"Give gte and lte as YYYY-MM-DD, at most {MAX_DAYS} days apart.")
    maker = Maker.objects.filter(pk=maker_id).first()
    if maker is None:
        raise Http404("No such maker.")
    body = maker_statement_csv(maker_statement(maker=maker, start=start, end=end))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"statement-{maker.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
