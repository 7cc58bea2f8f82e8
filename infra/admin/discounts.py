"""The marketing area: vouchers (``MANAGE_DISCOUNTS``) and gift cards (``MANAGE_GIFT_CARD``; the
marketing team, holding ``MANAGE_DISCOUNTS``, sees them too). Lists and pages are read-only; the
writes offered are actions backed by the same services as the API (``storefront.discounts.services``),
so each is checked and audited there: creating and editing a voucher's rules, dates, limits,
countries and catalogue (``staff_voucher_create``/``update``, ``staff_voucher_catalogues_change``
for what was taken out of the catalogue), deleting it, generating codes for a voucher, activating and
deactivating gift cards. Per-channel values and minimum spend are the API's
(``voucherChannelListingUpdate``) for now: the admin shows them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular, RoleAdmin, holds
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.discounts.error_codes import DiscountError
from storefront.discounts.models import GiftCard, Voucher, VoucherChannelListing, VoucherCode
from storefront.discounts.services import (
    Catalogue,
    VoucherFields,
    staff_gift_card_active_set,
    staff_voucher_catalogues_change,
    staff_voucher_codes_generate,
    staff_voucher_create,
    staff_voucher_delete,
    staff_voucher_update,
)

VOUCHERS = (PermissionCode.MANAGE_DISCOUNTS,)
GIFT_CARDS = (PermissionCode.MANAGE_GIFT_CARD, PermissionCode.MANAGE_DISCOUNTS)


class VoucherCodeInline(ReadOnlyTabular):
    model = VoucherCode
    permission_codes = VOUCHERS
    fields = ("code", "used", "is_active", "created_at")


class VoucherChannelListingInline(ReadOnlyTabular):
    model = VoucherChannelListing
    permission_codes = VOUCHERS
    fields = ("channel", "discount_value", "currency", "min_spent_amount")


EDITABLE = (
    "name",
    "type",
    "discount_value_type",
    "usage_limit",
    "single_use",
    "apply_once_per_order",
    "apply_once_per_customer",
    "only_for_staff",
    "min_checkout_items_quantity",
    "countries",
    "start_date",
    "end_date",
    "products",
    "variants",
    "categories",
    "collections",
)
_CATALOGUE = ("products", "variants", "categories", "collections")


class VoucherForm(ServiceForm):
    countries = forms.CharField(
        required=False,
        label=_("Countries"),
        help_text=_("ISO codes separated by commas (e.g. DE, JP); empty: anywhere."),
    )

    class Meta:
        model = Voucher
        fields = EDITABLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["countries"] = ", ".join(self.instance.countries)

    def service(self, actor: Actor) -> Voucher:
        data = self.cleaned_data
        scalars = {key: data.get(key) for key in EDITABLE if key not in (*_CATALOGUE, "countries")}
        countries = [code.strip() for code in (data.get("countries") or "").split(",") if code.strip()]
        catalogue = {key: list(data.get(key) or []) for key in _CATALOGUE}
        fields = VoucherFields(**scalars, countries=countries, **catalogue)
        if self.instance.pk is None:
            return staff_voucher_create(actor=actor, fields=fields)
        voucher = self.instance
        dropped = {
            key: [row for row in getattr(voucher, key).all() if row not in catalogue[key]]
            for key in _CATALOGUE
        }
        voucher = staff_voucher_update(actor=actor, voucher=voucher, fields=fields)
        if any(dropped.values()):
            voucher = staff_voucher_catalogues_change(
                actor=actor, voucher=voucher, catalogue=Catalogue(**dropped), remove=True
            )
        return voucher


@admin.register(Voucher, site=site)
class VoucherAdmin(ServiceAdmin):
    permission_codes = VOUCHERS
    writes = frozenset({"add", "change", "delete"})
    admin_section = "marketing"
    menu_name = _("Vouchers")
    list_display = ("name", "type", "discount_value_type", "used", "usage_limit", "start_date", "end_date")
    list_filter = ("type", "discount_value_type")
    search_fields = ("name", "codes__code")
    form = VoucherForm
    fields = ("used", *EDITABLE)
    readonly_fields = ("used",)
    filter_horizontal = _CATALOGUE
    inlines = (VoucherChannelListingInline, VoucherCodeInline)
    actions = ("generate_codes",)

    def delete_service(self, actor: Actor, obj: Voucher) -> None:
        staff_voucher_delete(actor=actor, voucher=obj)

    @admin.action(description=_("Generate 10 new codes"))
    def generate_codes(self, request: HttpRequest, queryset: QuerySet[Voucher]) -> None:
        actor = Actor.of(user=request.user)
        for voucher in queryset:
            try:
                staff_voucher_codes_generate(actor=actor, voucher=voucher, quantity=10)
            except DiscountError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return
        self.message_user(request, gettext("New codes generated."), messages.SUCCESS)


@admin.register(GiftCard, site=site)
class GiftCardAdmin(RoleAdmin):
    permission_codes = GIFT_CARDS
    admin_section = "marketing"
    menu_name = _("Gift cards")
    list_display = (
        "display_code",
        "currency",
        "current_balance_amount",
        "initial_balance_amount",
        "is_active",
        "expiry_date",
    )
    list_filter = ("is_active", "currency")
    search_fields = ("code", "used_by_email", "created_by_email")
    fields = (
        "display_code",
        "currency",
        "initial_balance_amount",
        "current_balance_amount",
        "is_active",
        "expiry_date",
        "created_by_email",
        "used_by_email",
        "last_used_on",
        "created_at",
    )
    readonly_fields = fields
    actions = ("activate", "deactivate")

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not holds(request, PermissionCode.MANAGE_GIFT_CARD):
            return {}
        return actions

    def _set_active(self, request: HttpRequest, queryset: QuerySet[GiftCard], active: bool) -> None:
        actor = Actor.of(user=request.user)
        for card in queryset:
            staff_gift_card_active_set(actor=actor, gift_card=card, is_active=active)
        self.message_user(request, gettext("Gift cards updated."), messages.SUCCESS)

    @admin.action(description=_("Activate"))
    def activate(self, request: HttpRequest, queryset: QuerySet[GiftCard]) -> None:
        self._set_active(request, queryset, True)

    @admin.action(description=_("Deactivate"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[GiftCard]) -> None:
        self._set_active(request, queryset, False)
