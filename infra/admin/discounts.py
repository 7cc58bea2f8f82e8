"""The marketing area: vouchers (``MANAGE_DISCOUNTS``) and gift cards (``MANAGE_GIFT_CARD``; the
marketing team, holding ``MANAGE_DISCOUNTS``, sees them too). Lists and pages are read-only; the
writes offered are actions backed by the same services as the API (``storefront.discounts.services``),
so each is checked and audited there: generating codes for a voucher, activating and deactivating
gift cards. Creating and editing vouchers is the API's (``voucherCreate``...)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular, RoleAdmin, holds
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.discounts.error_codes import DiscountError
from storefront.discounts.models import GiftCard, Voucher, VoucherChannelListing, VoucherCode
from storefront.discounts.services import staff_gift_card_active_set, staff_voucher_codes_generate

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


@admin.register(Voucher, site=site)
class VoucherAdmin(RoleAdmin):
    permission_codes = VOUCHERS
    admin_section = "marketing"
    menu_name = _("Vouchers")
    list_display = ("name", "type", "discount_value_type", "used", "usage_limit", "start_date", "end_date")
    list_filter = ("type", "discount_value_type")
    search_fields = ("name", "codes__code")
    fields = (
        "name",
        "type",
        "discount_value_type",
        "used",
        "usage_limit",
        "single_use",
        "apply_once_per_order",
        "apply_once_per_customer",
        "only_for_staff",
        "min_checkout_items_quantity",
        "countries",
        "start_date",
        "end_date",
    )
    readonly_fields = fields
    inlines = (VoucherChannelListingInline, VoucherCodeInline)
    actions = ("generate_codes",)

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
