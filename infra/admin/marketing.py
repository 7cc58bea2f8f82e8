"""The marketing area (``MANAGE_DISCOUNTS``): campaigns and their links, written through
``storefront.marketing.services``; a campaign's report for a period on screen (with a chart of
orders per day drawn as inline SVG) and as CSV; the printable QR sheet of its links (PDF); the
newsletter's subscribers, read-only (``MANAGE_USERS`` or ``MANAGE_DISCOUNTS``; the CSV export
needs ``MANAGE_USERS``); the categories' Google product category for the product feeds
(``MANAGE_DISCOUNTS``; nothing else of a category is edited here)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from infra.admin.roles import ReadOnlyTabular, RoleAdmin, holds
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Category, Collection, Product
from storefront.catalog.services.structure import category_google_product_category_set
from storefront.checkout.models import Checkout
from storefront.marketing.error_codes import CampaignError
from storefront.marketing.models import Campaign, CampaignLink, CampaignLinkTarget, NewsletterSubscription
from storefront.marketing.qr_sheet import campaign_qr_sheet_pdf, link_absolute_url
from storefront.marketing.reports import (
    MAX_DAYS,
    CampaignReport,
    DayCount,
    campaign_report,
    campaign_report_csv,
    period_problem,
)
from storefront.marketing.services import (
    CampaignFields,
    campaign_create,
    campaign_delete,
    campaign_link_create,
    campaign_link_delete,
    campaign_update,
)

MARKETING = (PermissionCode.MANAGE_DISCOUNTS,)
EDITABLE = (
    "name",
    "slug",
    "channels",
    "starts_at",
    "ends_at",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "budget_note",
    "collections",
    "vouchers",
)


class CampaignForm(ServiceForm):
    class Meta:
        model = Campaign
        fields = EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Made from the name when left empty.")

    def service(self, actor: Actor) -> Campaign:
        data = self.cleaned_data
        fields = CampaignFields(**{key: data.get(key) for key in EDITABLE})
        fields.slug = data.get("slug") or None
        fields.channels = list(data.get("channels") or [])
        fields.collections = list(data.get("collections") or [])
        fields.vouchers = list(data.get("vouchers") or [])
        if self.instance.pk is None:
            return campaign_create(actor=actor, fields=fields)
        return campaign_update(actor=actor, campaign=self.instance, fields=fields)


class LinkForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=200)
    target = forms.ChoiceField(label=_("Opens"), choices=CampaignLinkTarget.choices)
    product = forms.ModelChoiceField(
        queryset=Product.objects.order_by("name"), required=False, label=_("Product")
    )
    collection = forms.ModelChoiceField(
        queryset=Collection.objects.order_by("name"), required=False, label=_("Collection")
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"), required=False, label=_("Category")
    )


class ReportForm(forms.Form):
    gte = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    lte = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("gte"), cleaned.get("lte")
        if start and end and period_problem(start, end) is not None:
            raise forms.ValidationError(
                gettext("The period runs forwards and is at most %(days)s days.") % {"days": MAX_DAYS}
            )
        return cleaned


class LinkInline(ReadOnlyTabular):
    model = CampaignLink
    permission_codes = MARKETING
    fields = ("label", "code", "target", "short_url")
    readonly_fields = ("short_url",)
    verbose_name = _("link")
    verbose_name_plural = _("links")

    @admin.display(description=_("short link"))
    def short_url(self, link: CampaignLink) -> str:
        return link_absolute_url(link)


def orders_per_day_svg(days: list[DayCount]) -> SafeString:
    """Bars of orders per day (and a line of visits), as an SVG the page carries inline: no script."""
    width, height, pad = 720, 200, 24
    peak = max([day.orders for day in days] + [1])
    visit_peak = max([day.visits for day in days] + [1])
    step = (width - 2 * pad) / max(len(days), 1)
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#417690"><title>{}: {}</title></rect>',
        (
            (
                f"{pad + index * step + step * 0.1:.1f}",
                f"{height - pad - (height - 2 * pad) * day.orders / peak:.1f}",
                f"{step * 0.8:.1f}",
                f"{(height - 2 * pad) * day.orders / peak:.1f}",
                day.date.isoformat(),
                day.orders,
            )
            for index, day in enumerate(days)
        ),
    )
    points = " ".join(
        f"{pad + (index + 0.5) * step:.1f},{height - pad - (height - 2 * pad) * day.visits / visit_peak:.1f}"
        for index, day in enumerate(days)
    )
    first = days[0].date.isoformat() if days else ""
    last = days[-1].date.isoformat() if days else ""
    return format_html(
        '<svg id="campaign-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-label="{}">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>{}'
        '<polyline points="{}" fill="none" stroke="#e0a000" stroke-width="1.5"/>'
        '<text x="{}" y="{}" font-size="11">{}</text>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>'
        '<text x="{}" y="14" font-size="11">{} {}</text></svg>',
        width,
        height,
        gettext("Orders per day (bars) and visits (line)"),
        pad,
        height - pad,
        width - pad,
        height - pad,
        bars,
        points,
        pad,
        height - 6,
        first,
        width - pad,
        height - 6,
        last,
        pad,
        gettext("Most orders in a day:"),
        peak,
    )


@admin.register(Campaign, site=site)
class CampaignAdmin(ServiceAdmin):
    permission_codes = MARKETING
    writes = frozenset({"add", "change", "delete"})
    admin_section = "marketing"
    menu_name = _("Campaigns")
    form = CampaignForm
    fields = EDITABLE
    filter_horizontal = ("channels", "collections", "vouchers")
    list_display = ("name", "utm_campaign", "starts_at", "ends_at", "created_at")
    search_fields = ("name", "slug", "utm_campaign")
    inlines = (LinkInline,)
    change_form_template = "admin/asal/marketing/change_form.html"

    def delete_service(self, actor: Actor, obj: Campaign) -> None:
        campaign_delete(actor=actor, campaign=obj)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/report/", view(self.report_view), name="marketing_campaign_report"),
            path("<int:pk>/report.csv", view(self.report_csv_view), name="marketing_campaign_report_csv"),
            path("<int:pk>/qr-sheet.pdf", view(self.qr_sheet_view), name="marketing_campaign_qr_sheet"),
            path(
                "<int:pk>/links/",
                view(require_POST(self.link_create_view)),
                name="marketing_campaign_link_add",
            ),
            path(
                "<int:pk>/links/<int:link_pk>/delete/",
                view(require_POST(self.link_delete_view)),
                name="marketing_campaign_link_delete",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        campaign = Campaign.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        links = list(campaign.links.order_by("created_at", "pk")) if campaign is not None else []
        context = {"link_form": LinkForm(), "campaign_links": links, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def _campaign(self, request: HttpRequest, pk: int) -> Campaign:
        if not holds(request, *MARKETING):
            raise PermissionDenied
        campaign = Campaign.objects.filter(pk=pk).first()
        if campaign is None:
            raise Http404
        return campaign

    def _report(self, request: HttpRequest, campaign: Campaign) -> tuple[ReportForm, CampaignReport | None]:
        today = datetime.date.today()
        initial_start = (
            campaign.starts_at.date() if campaign.starts_at else today - datetime.timedelta(days=29)
        )
        form = ReportForm(request.GET or None, initial={"gte": initial_start, "lte": today})
        if not form.is_valid():
            return form, None
        report = campaign_report(
            campaign=campaign,
            start=form.cleaned_data["gte"],
            end=form.cleaned_data["lte"],
            open_checkouts=Checkout.objects.all(),
        )
        return form, report

    def report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The campaign's report for a period: the figures, a chart of orders per day, the CSV link."""
        campaign = self._campaign(request, pk)
        form, report = self._report(request, campaign)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Campaign report: %(name)s") % {"name": campaign.name},
            "form": form,
            "report": report,
            "chart": orders_per_day_svg(report.days) if report is not None else "",
            "csv_url": (
                reverse("admin:marketing_campaign_report_csv", args=[campaign.pk])
                + f"?gte={report.start}&lte={report.end}"
                if report is not None
                else None
            ),
            "opts": self.model._meta,
            "original": campaign,
        }
        status = 400 if request.GET and not form.is_valid() else 200
        return TemplateResponse(request, "admin/asal/marketing/report.html", context, status=status)

    def report_csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self._campaign(request, pk)
        _form, report = self._report(request, campaign)
        if report is None:
            return HttpResponse(
                f"Give gte and lte as YYYY-MM-DD, at most {MAX_DAYS} days apart.",
                status=400,
                content_type="text/plain",
            )
        response = HttpResponse(campaign_report_csv(report), content_type="text/csv; charset=utf-8")
        filename = f"campaign-{campaign.pk}-{report.start.isoformat()}-{report.end.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response

    def qr_sheet_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self._campaign(request, pk)
        response = HttpResponse(campaign_qr_sheet_pdf(campaign=campaign), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="campaign-{campaign.pk}-qr.pdf"'
        response["Cache-Control"] = "no-store"
        return response

    def link_create_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self._campaign(request, pk)
        form = LinkForm(request.POST)
        if form.is_valid():
            try:
                campaign_link_create(
                    actor=Actor.of(user=request.user), campaign=campaign, **form.cleaned_data
                )
            except CampaignError as refused:
                for error in refused.errors:
                    messages.error(request, error.message)
            else:
                messages.success(request, gettext("Link added."))
        else:
            messages.error(request, gettext("The link was not added: check its fields."))
        return HttpResponseRedirect(reverse("admin:marketing_campaign_change", args=[campaign.pk]))

    def link_delete_view(self, request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
        campaign = self._campaign(request, pk)
        link = campaign.links.filter(pk=link_pk).first()
        if link is None:
            raise Http404
        campaign_link_delete(actor=Actor.of(user=request.user), link=link)
        messages.success(request, gettext("Link deleted."))
        return HttpResponseRedirect(reverse("admin:marketing_campaign_change", args=[campaign.pk]))


# --- newsletter subscribers (issue 12) -------------------------------------------------------------
# Read-only: consent is given and withdrawn by the subscribers themselves (double opt-in links);
# staff see who is subscribed, filter by status, and (holding MANAGE_USERS) export the confirmed
# subscribers as CSV through ``/newsletter/export.csv``, which checks that permission itself.
NEWSLETTER = (PermissionCode.MANAGE_USERS, PermissionCode.MANAGE_DISCOUNTS)


@admin.register(NewsletterSubscription, site=site)
class NewsletterSubscriptionAdmin(RoleAdmin):
    permission_codes = NEWSLETTER
    admin_section = "marketing"
    menu_name = _("Newsletter subscribers")
    change_list_template = "admin/asal/newsletter/change_list.html"
    list_display = ("email", "status", "source", "channel", "language_code", "requested_at", "confirmed_at")
    list_filter = ("status", "source", "channel")
    search_fields = ("email",)
    list_select_related = ("channel",)
    fields = (
        "email",
        "status",
        "source",
        "channel",
        "language_code",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
    )
    readonly_fields = fields

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        export = reverse("newsletter-export") if holds(request, PermissionCode.MANAGE_USERS) else ""
        return super().changelist_view(request, {"newsletter_export_url": export, **(extra_context or {})})


# The product feeds' Google taxonomy per category: the marketing team sets it; a category without
# one takes its nearest ancestor's. Categories are created and renamed elsewhere.


class FeedCategoryForm(ServiceForm):
    class Meta:
        model = Category
        fields = ("google_product_category",)

    def service(self, actor: Actor) -> Category:
        return category_google_product_category_set(
            category=self.instance, value=self.cleaned_data.get("google_product_category") or ""
        )


@admin.register(Category, site=site)
class FeedCategoryAdmin(ServiceAdmin):
    permission_codes = MARKETING
    writes = frozenset({"change"})
    admin_section = "marketing"
    menu_name = _("Feed categories")
    form = FeedCategoryForm
    fields = ("name", "slug", "parent", "google_product_category")
    readonly_fields = ("name", "slug", "parent")
    list_display = ("name", "slug", "parent", "google_product_category")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "google_product_category")
