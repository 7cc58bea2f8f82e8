"""The catalogue for its staff (``MANAGE_PRODUCTS``): products with their variants, photos and
the production lots that certify their pieces. Creating, editing and deleting a product go
through ``staff_product_create/update/delete``, a new photo through ``product_media_create``; a
variant's page (linked from the product's table of variants) edits its SKU, name, weight, prices
per channel and stock per warehouse through ``staff_variant_update``,
``staff_variant_channel_listings_update`` and ``staff_stocks_set``. Photos and lots are shown here
and managed through their own services elsewhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.fulfil import per_row_formset
from infra.admin.roles import ReadOnlyTabular, holds
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from provenance.certificates.models import ProductionLot
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.media.services import product_media_create
from storefront.catalog.models import Product, ProductMedia, ProductVariant, ProductVariantChannelListing
from storefront.catalog.services.staff_products import (
    ProductFields,
    staff_product_create,
    staff_product_delete,
    staff_product_update,
)
from storefront.catalog.services.staff_variants import (
    VariantFields,
    VariantPrice,
    staff_variant_channel_listings_update,
    staff_variant_update,
)
from storefront.channels.models import Channel
from storefront.core.errors import DomainError
from storefront.inventory.error_codes import StockError
from storefront.inventory.models import Stock, Warehouse
from storefront.inventory.staff_stocks import StockQuantity, staff_stocks_set

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
    fields = ("sku", "name", "weight_kg", "is_one_of_a_kind", "track_inventory", "edit")
    verbose_name = _("variant")
    verbose_name_plural = _("variants")

    @admin.display(description=_("prices and stock"))
    def edit(self, variant: ProductVariant) -> str:
        url = reverse("admin:catalog_product_variant", args=[variant.product_id, variant.pk])
        return format_html('<a class="asal-variant-edit" href="{}">{}</a>', url, gettext("Edit"))


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

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:product_id>/variant/<int:variant_id>/",
                view(self.variant_view),
                name="catalog_product_variant",
            ),
            *super().get_urls(),
        ]

    def variant_view(self, request: HttpRequest, product_id: int, variant_id: int) -> HttpResponse:
        if not holds(request, *CATALOGUE):
            raise PermissionDenied
        variant = get_object_or_404(
            ProductVariant.objects.select_related("product"), pk=variant_id, product_id=product_id
        )
        context = {**self.admin_site.each_context(request), "opts": self.opts, "product": variant.product}
        return variant_page(request, variant, context)


# --- a variant's page: SKU, name, weight, prices per channel, stock per warehouse -----------------
# One save calls, in one transaction, the services behind ``productVariantUpdate``,
# ``productVariantChannelListingUpdate`` and ``productVariantStocksUpdate`` as the staff member
# (they refresh the search document and the cheapest prices, forget cached catalogue responses and
# write the audit log); any refusal rolls all three back and shows on its field.


class VariantForm(forms.Form):
    sku = forms.CharField(label=_("SKU"), required=False, max_length=255)
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    weight = forms.DecimalField(label=_("Weight (kg)"), required=False, min_value=0, decimal_places=3)


class VariantPriceForm(forms.Form):
    price = forms.DecimalField(label=_("Price"), required=False, max_digits=18, decimal_places=3)
    cost_price = forms.DecimalField(label=_("Cost price"), required=False, max_digits=18, decimal_places=3)
    prior_price = forms.DecimalField(label=_("Prior price"), required=False, max_digits=18, decimal_places=3)

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel, self.listing = line
        self.line = line

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.listing is not None and data.get("price") is None and "price" not in self.errors:
            self.add_error("price", gettext("A variant sold in a channel needs a price there."))
        return data


class VariantStockForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), required=False, min_value=0)

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warehouse, self.stock, self.certified = line
        self.line = line
        if self.certified:
            self.fields["quantity"].disabled = True
            self.fields["quantity"].help_text = _("Certified pieces: counted by lot receipt and write-off.")


def _price_rows(variant: ProductVariant) -> list[tuple[Channel, ProductVariantChannelListing | None]]:
    listings = {listing.channel_id: listing for listing in variant.channel_listings.all()}
    channels = Channel.objects.filter(product_listings__product_id=variant.product_id).order_by("name", "pk")
    return [(channel, listings.get(channel.pk)) for channel in channels]


def _stock_rows(variant: ProductVariant) -> list[tuple[Warehouse, Stock | None, bool]]:
    stocks = {stock.warehouse_id: stock for stock in Stock.objects.filter(product_variant=variant)}
    certified = set(ProductionLot.objects.filter(variant=variant).values_list("warehouse_id", flat=True))
    channels = Channel.objects.filter(product_listings__product_id=variant.product_id)
    warehouses = (
        Warehouse.objects.filter(Q(pk__in=list(stocks)) | Q(channels__in=channels))
        .distinct()
        .order_by("name", "pk")
    )
    return [(warehouse, stocks.get(warehouse.pk), warehouse.pk in certified) for warehouse in warehouses]


def _place_errors(
    refused: DomainError, form: forms.Form, prices: Any, stocks: Any, price_rows: list[Any]
) -> list[str]:
    """Each of the services' errors on the field it names; those naming no field, returned."""
    left: list[str] = []
    channel_index = {channel.pk: index for index, (channel, _listing) in enumerate(price_rows)}
    price_fields = {"price": "price", "costPrice": "cost_price", "priorPrice": "prior_price"}
    for error in refused.errors:
        field = error.field or ""
        channels = error.details.get("channels") or ()
        if isinstance(error, StockError) and error.details.get("index") is not None:
            stocks.forms[error.details["index"]].add_error(
                "quantity" if field == "quantity" else None, error.message
            )
        elif field in price_fields and channels:
            for channel in channels:
                prices.forms[channel_index[channel.pk]].add_error(price_fields[field], error.message)
        elif field in ("sku", "name", "weight"):
            form.add_error(field, error.message)
        else:
            left.append(error.message)
    return left


def variant_page(request: HttpRequest, variant: ProductVariant, context: dict[str, Any]) -> HttpResponse:
    """GET: the variant's fields, prices and stock; POST: save them through the services."""
    price_rows, stock_rows = _price_rows(variant), _stock_rows(variant)
    data = request.POST if request.method == "POST" else None
    form = VariantForm(data, initial={"sku": variant.sku, "name": variant.name, "weight": variant.weight_kg})
    prices = per_row_formset(
        VariantPriceForm,
        data,
        price_rows,
        "prices",
        [
            {
                "price": listing.price_amount,
                "cost_price": listing.cost_price_amount,
                "prior_price": listing.prior_price_amount,
            }
            if listing
            else {}
            for _channel, listing in price_rows
        ],
    )
    stocks = per_row_formset(
        VariantStockForm,
        data,
        stock_rows,
        "stocks",
        [{"quantity": stock.quantity if stock else None} for _warehouse, stock, _certified in stock_rows],
    )
    errors: list[str] = []
    if data is not None:
        if form.is_valid() and prices.is_valid() and stocks.is_valid():
            try:
                _variant_save(request, variant, form, prices, stocks)
            except DomainError as refused:
                errors = _place_errors(refused, form, prices, stocks, price_rows)
            else:
                messages.success(request, gettext("The variant was saved."))
                return HttpResponseRedirect(request.path)
        errors = errors or [gettext("Please correct the errors below.")]
    context.update(
        title=gettext("Variant %(sku)s") % {"sku": variant.sku or variant.name or variant.pk},
        variant=variant,
        form=form,
        prices=prices,
        stocks=stocks,
        price_rows=list(zip(price_rows, prices.forms, strict=True)),
        stock_rows=list(zip(stock_rows, stocks.forms, strict=True)),
        action_errors=errors,
    )
    return TemplateResponse(
        request, "admin/asal/product/variant.html", context, status=400 if errors else 200
    )


def _variant_save(request: HttpRequest, variant: ProductVariant, form: Any, prices: Any, stocks: Any) -> None:
    """The three services in one transaction; every refusal collected, then all rolled back."""
    actor = Actor.of(user=request.user)
    data = form.cleaned_data
    entries = [
        VariantPrice(
            channel=f.channel,
            price=f.cleaned_data["price"],
            cost_price=f.cleaned_data["cost_price"],
            prior_price=f.cleaned_data["prior_price"],
        )
        for f in prices.forms
        if f.cleaned_data.get("price") is not None
    ]
    wanted = [
        StockQuantity(warehouse=f.warehouse, quantity=f.cleaned_data["quantity"])
        for f in stocks.forms
        if not f.certified and f.cleaned_data.get("quantity") is not None
    ]
    steps = [
        lambda: staff_variant_update(
            actor=actor,
            variant=variant,
            fields=VariantFields(sku=data["sku"], name=data["name"], weight=data["weight"]),
        ),
        lambda: (
            entries and staff_variant_channel_listings_update(actor=actor, variant=variant, prices=entries)
        ),
        lambda: wanted and staff_stocks_set(actor=actor, variant=variant, stocks=wanted, creating=False),
    ]
    problems: list[DomainError] = []
    with transaction.atomic():
        for step in steps:
            try:
                with transaction.atomic():
                    step()
            except DomainError as refused:
                problems.extend(refused.errors)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise DomainError.group(problems)
