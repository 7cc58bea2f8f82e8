"""The marketing area: vouchers (``MANAGE_DISCOUNTS``) and gift cards (``MANAGE_GIFT_CARD``; the
marketing team, holding ``MANAGE_DISCOUNTS``, sees them too). Lists and pages are read-only; the
writes offered are actions backed by the same services as the API (``storefront.discounts.services``),
so each is checked and audited there: creating and editing a voucher's rules, dates, limits,
countries and catalogue (``staff_voucher_create``/``update``, ``staff_voucher_catalogues_change``
for what was taken out of the catalogue), deleting it, generating codes for a voucher, activating and
deactivating gift cards. A voucher's value and minimum spend per channel are edited on its page
(one pair of fields per channel, through ``staff_voucher_channel_listing_update``, the service of
``voucherChannelListingUpdate``: a value set lists the voucher in the channel, a value emptied takes
it out). Staff holding ``MANAGE_GIFT_CARD`` issue gift cards (``staff_gift_card_create``, the
service of ``giftCardCreate``); the new card's code is shown once, in the confirmation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.roles import ReadOnlyTabular, holds
from infra.admin.services import ServiceAdmin, ServiceForm
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel
from storefront.discounts.error_codes import DiscountError
from storefront.discounts.models import GiftCard, Voucher, VoucherChannelListing, VoucherCode
from storefront.discounts.services import (
    Catalogue,
    ListingInput,
    VoucherFields,
    staff_gift_card_active_set,
    staff_gift_card_create,
    staff_voucher_catalogues_change,
    staff_voucher_channel_listing_update,
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


def _value_field(channel: Channel) -> str:
    return f"channel_{channel.pk}_discount_value"


def _min_spent_field(channel: Channel) -> str:
    return f"channel_{channel.pk}_min_spent"


def _channels() -> list[Channel]:
    return list(Channel.objects.order_by("slug"))


class VoucherChannelsForm(VoucherForm):
    """The voucher's form with its value and minimum spend in each channel (fields added per
    channel by :meth:`VoucherAdmin.get_form`). Only channels whose fields were posted change: a
    value set lists the voucher there, an emptied value takes it out of the channel."""

    channels: ClassVar[list[Channel]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for listing in self.instance.channel_listings.all():
                self.initial[f"channel_{listing.channel_id}_discount_value"] = listing.discount_value
                self.initial[f"channel_{listing.channel_id}_min_spent"] = listing.min_spent_amount

    def _listing_changes(self) -> tuple[list[ListingInput], list[Channel]]:
        add: list[ListingInput] = []
        remove: list[Channel] = []
        listed = (
            set(self.instance.channel_listings.values_list("channel_id", flat=True))
            if self.instance.pk
            else set()
        )
        for channel in self.channels:
            if _value_field(channel) not in self.data and _min_spent_field(channel) not in self.data:
                continue
            value: Decimal | None = self.cleaned_data.get(_value_field(channel))
            min_spent: Decimal | None = self.cleaned_data.get(_min_spent_field(channel))
            if value is None and min_spent is None:
                if channel.pk in listed:
                    remove.append(channel)
                continue
            add.append(ListingInput(channel=channel, discount_value=value, min_amount_spent=min_spent))
        return add, remove

    def service(self, actor: Actor) -> Voucher:
        add, remove = self._listing_changes()
        voucher = super().service(actor)
        if add or remove:
            try:
                voucher = staff_voucher_channel_listing_update(
                    actor=actor, voucher=voucher, add=add, remove=remove
                )
            except DiscountError as refused:
                raise DiscountError.group([_on_channel_field(error) for error in refused.errors]) from None
        return voucher


def _on_channel_field(error: Any) -> DiscountError:
    """The service's error on the form field of the one channel it names (else as it is)."""
    channels = error.details.get("channels") or []
    if len(channels) == 1 and error.field in ("discount_value", "min_amount_spent"):
        field = (_value_field if error.field == "discount_value" else _min_spent_field)(channels[0])
        return DiscountError(error.code, f"{channels[0].name}: {error.message}", field=field)
    return DiscountError(error.code, error.message, field=error.field)


def _channel_form(base: type[VoucherChannelsForm]) -> type[VoucherChannelsForm]:
    """``base`` with a value and a minimum spend field for every channel, as of now."""
    channels = _channels()
    attrs: dict[str, Any] = {"channels": channels}
    for channel in channels:
        attrs[_value_field(channel)] = forms.DecimalField(
            required=False,
            min_value=Decimal(0),
            max_digits=20,
            decimal_places=3,
            label=_("%(channel)s: value (percent or %(currency)s)")
            % {"channel": channel.name, "currency": channel.currency_code},
        )
        attrs[_min_spent_field(channel)] = forms.DecimalField(
            required=False,
            min_value=Decimal(0),
            max_digits=20,
            decimal_places=3,
            label=_("%(channel)s: minimum spend (%(currency)s)")
            % {"channel": channel.name, "currency": channel.currency_code},
        )
    return cast(type[VoucherChannelsForm], type(base.__name__, (base,), attrs))


@admin.register(Voucher, site=site)
class VoucherAdmin(ServiceAdmin):
    permission_codes = VOUCHERS
    writes = frozenset({"add", "change", "delete"})
    admin_section = "marketing"
    menu_name = _("Vouchers")
    list_display = ("name", "type", "discount_value_type", "used", "usage_limit", "start_date", "end_date")
    list_filter = ("type", "discount_value_type")
    search_fields = ("name", "codes__code")
    form = VoucherChannelsForm
    fields = ("used", *EDITABLE)
    readonly_fields = ("used",)
    filter_horizontal = _CATALOGUE
    inlines = (VoucherChannelListingInline, VoucherCodeInline)
    actions = ("generate_codes",)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        channel_fields = [
            name for channel in _channels() for name in (_value_field(channel), _min_spent_field(channel))
        ]
        return [
            (None, {"fields": self.fields}),
            (_("Value and minimum spend per channel"), {"fields": channel_fields}),
        ]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        kwargs.setdefault("form", _channel_form(VoucherChannelsForm))
        return super().get_form(request, obj, change=change, **kwargs)

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


ISSUE_FIELDS = ("amount", "currency", "is_active", "expiry_date", "tags", "note")


class GiftCardIssueForm(ServiceForm):
    """Issue a gift card: balance, currency, active, expiry date, tags and a note (the ISSUED
    event's message), checked by ``staff_gift_card_create`` as ``giftCardCreate`` is."""

    amount = forms.DecimalField(label=_("Balance"), max_digits=20, decimal_places=3)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("ISO code, e.g. USD, EUR, IDR.")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    error_fields: ClassVar[dict[str, str]] = {"balance": "amount", "add_tags": "tags"}

    class Meta:
        model = GiftCard
        fields = ("is_active", "expiry_date")

    def service(self, actor: Actor) -> GiftCard:
        data = self.cleaned_data
        return staff_gift_card_create(
            actor=actor,
            amount=data["amount"],
            currency=data["currency"],
            is_active=bool(data.get("is_active")),
            expiry_date=data.get("expiry_date"),
            tags=[tag.strip() for tag in (data.get("tags") or "").split(",") if tag.strip()],
            note=(data.get("note") or "").strip(),
        )


@admin.register(GiftCard, site=site)
class GiftCardAdmin(ServiceAdmin):
    permission_codes = GIFT_CARDS
    writes = frozenset({"add"})
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

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        """Issuing needs ``MANAGE_GIFT_CARD`` itself (seeing the list, the marketing area's code)."""
        return holds(request, PermissionCode.MANAGE_GIFT_CARD)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ISSUE_FIELDS if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = GiftCardIssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def response_add(
        self, request: HttpRequest, obj: GiftCard, post_url_continue: Any = None
    ) -> HttpResponse:
        """The code is shown once, to the staff member who issued the card, to hand over."""
        self.message_user(
            request,
            gettext("Gift card issued: %(code)s (%(amount)s %(currency)s).")
            % {"code": obj.code, "amount": obj.initial_balance_amount, "currency": obj.currency},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

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
