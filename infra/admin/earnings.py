"""The makers' earnings area (``MANAGE_ORDERS``): the ledger, read-only, and a statement per maker
and period on screen with its CSV (``storefront.orders.statements``, the same numbers as the API's
``makerStatement`` and the CSV download)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import RoleAdmin, holds
from infra.admin.site import site
from provenance.origins.models import Maker
from storefront.accounts.permissions import PermissionCode
from storefront.orders.models import MakerEarning
from storefront.orders.statement_views import MAX_DAYS
from storefront.orders.statements import maker_statement

EARNINGS = (PermissionCode.MANAGE_ORDERS,)


class StatementForm(forms.Form):
    maker = forms.ModelChoiceField(queryset=Maker.objects.order_by("display_name"), label=_("Maker"))
    gte = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    lte = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("gte"), cleaned.get("lte")
        if start and end and (end < start or (end - start).days >= MAX_DAYS):
            raise forms.ValidationError(
                gettext("The period runs forwards and is at most %(days)s days.") % {"days": MAX_DAYS}
            )
        return cleaned


@admin.register(MakerEarning, site=site)
class MakerEarningAdmin(RoleAdmin):
    permission_codes = EARNINGS
    admin_section = "earnings"
    menu_name = _("Earnings ledger")
    list_display = ("created_at", "maker", "order_number", "kind", "quantity", "share", "share_idr")
    list_filter = ("kind", "currency", "maker")
    date_hierarchy = "created_at"
    search_fields = ("maker__display_name", "order_line__product_name")
    list_select_related = ("maker", "order_line__order")
    fields = (
        "maker",
        "kind",
        "quantity",
        "currency",
        "gross_amount",
        "share_amount",
        "exchange_rate",
        "share_settlement_amount",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("order"))
    def order_number(self, entry: MakerEarning) -> str:
        return f"#{entry.order_line.order.number}"

    @admin.display(description=_("share"))
    def share(self, entry: MakerEarning) -> str:
        return f"{entry.share_amount} {entry.currency}"

    @admin.display(description=_("share in rupiah"))
    def share_idr(self, entry: MakerEarning) -> str:
        amount = entry.share_settlement_amount
        return "" if amount is None else f"{amount} {entry.settlement_currency}"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("statement/", view(self.statement_view), name="orders_makerearning_statement"),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        statement_url = reverse("admin:orders_makerearning_statement", current_app=self.admin_site.name)
        return super().changelist_view(request, {"statement_url": statement_url, **(extra_context or {})})

    def statement_view(self, request: HttpRequest) -> HttpResponse:
        """A maker's statement for a period: units, gross and share per sale, totals, and the CSV."""
        if not holds(request, *EARNINGS):
            raise PermissionDenied
        today = datetime.date.today()
        form = StatementForm(request.GET or None, initial={"gte": today.replace(day=1), "lte": today})
        statement = csv_url = None
        if form.is_valid():
            maker, start, end = form.cleaned_data["maker"], form.cleaned_data["gte"], form.cleaned_data["lte"]
            statement = maker_statement(maker=maker, start=start, end=end)
            csv_url = reverse("maker-statement-csv", args=[maker.pk]) + f"?gte={start}&lte={end}"
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Maker's statement"),
            "form": form,
            "statement": statement,
            "csv_url": csv_url,
            "opts": self.model._meta,
        }
        status = 400 if request.GET and not form.is_valid() else 200
        return TemplateResponse(request, "admin/asal/earnings/statement.html", context, status=status)
