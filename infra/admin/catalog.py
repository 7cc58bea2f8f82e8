"""The catalogue for its staff (``MANAGE_PRODUCTS``): products with their variants, photos and
the production lots that certify their pieces. Creating, editing and deleting a product go
through ``staff_product_create/update/delete``, a new photo through ``product_media_create``;
variants, photos and lots are shown here and managed through their own services elsewhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from provenance.certificates.models import ProductionLot
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.media.services import product_media_create
from storefront.catalog.models import Product, ProductMedia, ProductVariant
from storefront.catalog.services.staff_products import (
    ProductFields,
    staff_product_create,
    staff_product_delete,
    staff_product_update,
)

CATALOGUE = (PermissionCode.MANAGE_PRODUCTS,)
EDITABLE = ("name", "slug", "category", "seo_title", "seo_description", "weight_kg")


class ProductForm(ServiceForm):
    new_photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        help_text=_("JPEG, PNG, WEBP or AVIF; checked and re-encoded."),
    )
    new_photo_alt = forms.CharField(label=_("Photo description"), required=False, max_length=250)
    error_fields = {"weight": "weight_kg", "id": "name"}

    class Meta:
        model = Product
        fields = ("product_type", *EDITABLE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Made from the name when left empty.")

    def service(self, actor: Actor) -> Product:
        data = self.cleaned_data
        fields = ProductFields(
            name=data["name"],
            slug=data["slug"] or None,
            category=data.get("category"),
            seo_title=data.get("seo_title") or "",
            seo_description=data.get("seo_description") or "",
            weight=data.get("weight_kg"),
        )
        if self.instance.pk is None:
            product = staff_product_create(actor=actor, product_type=data["product_type"], fields=fields)
        else:
            product = staff_product_update(actor=actor, product=self.instance, fields=fields)
        if data.get("new_photo"):
            product_media_create(product=product, file=data["new_photo"], alt=data.get("new_photo_alt") or "")
        return product


class VariantInline(ReadOnlyTabular):
    model = ProductVariant
    permission_codes = CATALOGUE
    fields = ("sku", "name", "weight_kg", "is_one_of_a_kind", "track_inventory")
    verbose_name = _("variant")
    verbose_name_plural = _("variants")


class MediaInline(ReadOnlyTabular):
    model = ProductMedia
    permission_codes = CATALOGUE
    fields = ("preview", "alt", "sort_order")
    verbose_name = _("photo")
    verbose_name_plural = _("photos")

    @admin.display(description=_("photo"))
    def preview(self, media: ProductMedia) -> str:
        if not media.image:
            return media.external_url
        return format_html(
            '<img src="{}" alt="{}" class="asal-thumb" width="96">', media.image.url, media.alt
        )


@admin.register(Product, site=site)
class ProductAdmin(ServiceAdmin):
    permission_codes = CATALOGUE
    writes = frozenset({"add", "change", "delete"})
    admin_section = "catalogue"
    menu_name = _("Products")
    form = ProductForm
    list_display = ("name", "slug", "product_type", "category", "updated_at")
    list_filter = ("product_type", "category")
    search_fields = ("name", "slug", "variants__sku")
    list_select_related = ("product_type", "category")
    inlines = (VariantInline, MediaInline)
    readonly_fields = ("provenance",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("product_type", *EDITABLE, "new_photo", "new_photo_alt")
        return (*EDITABLE, "new_photo", "new_photo_alt", "provenance")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return super().get_queryset(request).select_related("product_type", "category", "origin")

    @admin.display(description=_("provenance"))
    def provenance(self, product: Product) -> str:
        """The product's origin and the lots its pieces were received in, linked to their pages."""
        lots = ProductionLot.objects.filter(variant__product=product).order_by("-received_at")
        origin = product.origin.name if product.origin else "—"
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:certificates_productionlot_change", args=[lot.pk]), lot.code, lot.quantity)
                for lot in lots
            ),
        )
        return format_html("{}: {}<br>{}: {}", _("Origin"), origin, _("Lots"), links or "—")

    def delete_service(self, actor: Actor, obj: Product) -> None:
        staff_product_delete(actor=actor, product=obj)
