"""Provenance for its staff (``MANAGE_PROVENANCE``, certificates also ``MANAGE_CERTIFICATES``):
receiving a production lot with its workshop photos (``lot_receive``: stock, units, signed
certificates, audit), revoking a certificate (``certificate_revoke``), and the makers and
origin villages, shown (their writes belong to the catalogue's consent services), except a maker's
portrait and its alt text, changed through ``maker_portrait_update`` (``makerPortraitUpdate``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular, RoleAdmin, holds
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from provenance.certificates.models import LotPhoto, OriginCertificate, ProductionLot, Unit
from provenance.certificates.services import LotPhotoUpload, MakerRole, lot_receive
from provenance.certificates.status_changes import certificate_revoke
from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.media import maker_portrait_update
from storefront.catalog.media.portraits import KEEP
from storefront.catalog.models import ProductVariant
from storefront.core.errors import DomainError
from storefront.inventory.models import Warehouse

PROVENANCE = (PermissionCode.MANAGE_PROVENANCE,)
CERTIFICATES = (PermissionCode.MANAGE_PROVENANCE, PermissionCode.MANAGE_CERTIFICATES)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


LOT_FIELDS = (
    "code",
    "variant",
    "warehouse",
    "quantity",
    "origin",
    "makers",
    "maker_role",
    "production_started_on",
    "production_finished_on",
    "harvested_on",
    "best_before",
    "materials",
    "techniques",
    "motif",
    "workshop",
    "notes",
    "photos",
    "photo_caption",
)


class LotReceiveForm(ServiceForm):
    variant = forms.ModelChoiceField(
        label=_("Variant"), queryset=ProductVariant.objects.select_related("product").order_by("sku")
    )
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.order_by("name"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    origin = forms.ModelChoiceField(label=_("Origin village"), queryset=Origin.objects.order_by("name"))
    makers = forms.ModelMultipleChoiceField(
        label=_("Makers"), queryset=Maker.objects.order_by("display_name")
    )
    maker_role = forms.CharField(label=_("Makers' role"), initial="maker", max_length=64)
    production_started_on = forms.DateField(label=_("Production started on"), widget=AdminDateWidget)
    production_finished_on = forms.DateField(label=_("Production finished on"), widget=AdminDateWidget)
    harvested_on = forms.DateField(label=_("Harvested on"), required=False, widget=AdminDateWidget)
    best_before = forms.DateField(label=_("Best before"), required=False, widget=AdminDateWidget)
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials"), required=False, queryset=Material.objects.order_by("name")
    )
    techniques = forms.ModelMultipleChoiceField(
        label=_("Techniques"), required=False, queryset=Technique.objects.order_by("name")
    )
    photos = MultipleFileField(label=_("Workshop photos"), required=False)
    photo_caption = forms.CharField(label=_("Photo caption"), required=False, max_length=255)
    error_fields = {"makers": "makers", "unit_makers": "makers"}

    class Meta:
        model = ProductionLot
        fields = ("code", "motif", "workshop", "notes")

    def service(self, actor: Actor) -> ProductionLot:
        data = self.cleaned_data
        role = data["maker_role"]
        return lot_receive(
            actor=actor,
            code=data["code"],
            variant=data["variant"],
            warehouse=data["warehouse"],
            quantity=data["quantity"],
            origin=data["origin"],
            makers=[MakerRole(maker=maker, role=role) for maker in data["makers"]],
            production_started_on=data["production_started_on"],
            production_finished_on=data["production_finished_on"],
            harvested_on=data.get("harvested_on"),
            best_before=data.get("best_before"),
            materials=list(data.get("materials") or ()),
            techniques=list(data.get("techniques") or ()),
            motif=data.get("motif") or "",
            workshop=data.get("workshop") or "",
            notes=data.get("notes") or "",
            photos=[
                LotPhotoUpload(file=file, caption=data.get("photo_caption") or "") for file in data["photos"]
            ],
        )


class UnitInline(ReadOnlyTabular):
    model = Unit
    permission_codes = PROVENANCE
    fields = ("serial", "status", "maker", "created_at")
    verbose_name = _("piece")
    verbose_name_plural = _("pieces")


class LotPhotoInline(ReadOnlyTabular):
    model = LotPhoto
    permission_codes = PROVENANCE
    fields = ("image", "caption", "sort_order")
    verbose_name = _("workshop photo")
    verbose_name_plural = _("workshop photos")


LOT_VIEW_FIELDS = (
    "code",
    "variant",
    "warehouse",
    "quantity",
    "origin",
    "workshop",
    "motif",
    "production_started_on",
    "production_finished_on",
    "harvested_on",
    "best_before",
    "received_at",
    "notes",
)


@admin.register(ProductionLot, site=site)
class ProductionLotAdmin(ServiceAdmin):
    permission_codes = PROVENANCE
    writes = frozenset({"add"})
    admin_section = "provenance"
    menu_name = _("Production lots")
    form = LotReceiveForm
    list_display = ("code", "variant", "warehouse", "quantity", "origin", "received_at")
    list_filter = ("warehouse", "origin")
    search_fields = ("code", "variant__sku", "units__serial")
    list_select_related = ("variant__product", "warehouse", "origin")
    inlines = (UnitInline, LotPhotoInline)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return LOT_FIELDS if obj is None else LOT_VIEW_FIELDS

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else LOT_VIEW_FIELDS

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else ()


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept private, in the custody chain and the audit log."),
    )


@admin.register(OriginCertificate, site=site)
class OriginCertificateAdmin(RoleAdmin):
    permission_codes = CERTIFICATES
    admin_section = "provenance"
    menu_name = _("Certificates")
    change_form_template = "admin/asal/certificate/change_form.html"
    list_display = ("serial", "check_code", "issued_at", "state")
    search_fields = ("unit__serial", "credential_id")
    list_select_related = ("unit",)
    fields = ("serial", "credential_id", "check_code", "issued_at", "state", "revoked_at", "suspended_at")
    readonly_fields = fields

    @admin.display(description=_("serial"), ordering="unit__serial")
    def serial(self, certificate: OriginCertificate) -> str:
        return certificate.unit.serial

    @admin.display(description=_("status"))
    def state(self, certificate: OriginCertificate) -> str:
        if certificate.revoked_at:
            return str(_("revoked"))
        if certificate.suspended_at:
            return str(_("suspended"))
        return str(_("valid"))

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:certificate_id>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="certificates_origincertificate_revoke",
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
        certificate = self.get_object(request, object_id)
        context = {
            **(extra_context or {}),
            "can_revoke": certificate is not None and not certificate.revoked_at,
        }
        return super().change_view(request, object_id, form_url, context)

    def revoke_view(self, request: HttpRequest, certificate_id: int) -> HttpResponse:
        if not holds(request, *CERTIFICATES):
            raise PermissionDenied
        certificate = get_object_or_404(OriginCertificate.objects.select_related("unit"), pk=certificate_id)
        done = reverse("admin:certificates_origincertificate_change", args=[certificate.pk])
        form = RevokeForm(request.POST or None)
        error = ""
        if request.method == "POST" and form.is_valid():
            try:
                certificate_revoke(
                    certificate=certificate,
                    reason=form.cleaned_data["reason"],
                    actor=Actor.of(user=request.user),
                )
            except DomainError as refused:
                error = refused.message
            else:
                messages.success(
                    request,
                    gettext("The certificate of %(serial)s was revoked.")
                    % {"serial": certificate.unit.serial},
                )
                return HttpResponseRedirect(done)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "certificate": certificate,
            "form": form,
            "error": error,
            "title": gettext("Revoke the certificate of %(serial)s") % {"serial": certificate.unit.serial},
        }
        return TemplateResponse(
            request, "admin/asal/certificate/revoke.html", context, status=400 if error else 200
        )


class MakerPortraitForm(forms.Form):
    """A maker's portrait (a new photo, checked and re-encoded) and its alt text."""

    new_portrait = forms.FileField(
        label=_("New portrait"),
        required=False,
        help_text=_("JPEG, PNG, WEBP or AVIF; checked and re-encoded."),
    )
    portrait_alt = forms.CharField(
        label=_("Portrait description (alt text)"),
        required=False,
        max_length=250,
        help_text=_("What the portrait shows, read aloud by screen readers."),
    )


@admin.register(Maker, site=site)
class MakerAdmin(RoleAdmin):
    """Makers are shown; their portrait and its alt text change through ``maker_portrait_update``
    (the form below the page, posted to ``portrait/``)."""

    permission_codes = PROVENANCE
    admin_section = "provenance"
    menu_name = _("Makers")
    change_form_template = "admin/asal/maker/change_form.html"
    list_display = ("display_name", "origin", "group", "consent_to_publish")
    list_filter = ("origin", "consent_to_publish")
    search_fields = ("display_name", "slug")
    list_select_related = ("origin", "group")
    fields = (
        "display_name",
        "slug",
        "origin",
        "group",
        "bio",
        "consent_to_publish",
        "consent_recorded_at",
        "portrait_preview",
        "portrait_alt",
    )
    readonly_fields = fields

    @admin.display(description=_("portrait"))
    def portrait_preview(self, maker: Maker) -> str:
        if not maker.portrait:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" class="asal-thumb" width="96">',
            maker.portrait.url,
            maker.portrait_alt or maker.display_name,
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:maker_id>/portrait/",
                self.admin_site.admin_view(self.portrait_view),
                name="origins_maker_portrait",
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
        context = dict(extra_context or {})
        maker = self.get_object(request, object_id)
        if maker is not None and holds(request, *PROVENANCE):
            context["portrait_form"] = MakerPortraitForm(initial={"portrait_alt": maker.portrait_alt})
        return super().change_view(request, object_id, form_url, context)

    def portrait_view(self, request: HttpRequest, maker_id: int) -> HttpResponse:
        if not holds(request, *PROVENANCE):
            raise PermissionDenied
        maker = get_object_or_404(Maker, pk=maker_id)
        done = HttpResponseRedirect(reverse("admin:origins_maker_change", args=[maker.pk]))
        if request.method != "POST":
            return done
        form = MakerPortraitForm(request.POST, request.FILES)
        if not form.is_valid():
            for message in form.errors.get_json_data().values():
                for problem in message:
                    messages.error(request, str(problem["message"]))
            return done
        new = form.cleaned_data["new_portrait"]
        try:
            maker_portrait_update(
                actor=Actor.of(user=request.user),
                maker=maker,
                file=new if new else KEEP,
                alt=form.cleaned_data["portrait_alt"],
            )
        except DomainError as refused:
            for problem in refused.errors:
                messages.error(request, problem.message)
        else:
            messages.success(request, gettext("The portrait was saved."))
        return done


@admin.register(Origin, site=site)
class OriginAdmin(RoleAdmin):
    permission_codes = PROVENANCE
    admin_section = "provenance"
    menu_name = _("Origin villages")
    list_display = ("name", "village", "district", "regency", "province", "country")
    search_fields = ("name", "village", "regency")
    fields = (
        "name",
        "slug",
        "village",
        "district",
        "regency",
        "province",
        "country",
        "latitude",
        "longitude",
        "description",
    )
    readonly_fields = fields
