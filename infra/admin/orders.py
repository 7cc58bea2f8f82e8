"""Orders for the fulfilment staff (``MANAGE_ORDERS``): the list with the filters they work by,
the order page (lines, allocations, events and notes, fulfilments), and its actions: add a note,
cancel, fulfil, take a return of a parcel (``MANAGE_ORDERS``, as ``orderFulfillmentReturnProducts``),
and refund (also ``HANDLE_PAYMENTS``: a granted refund sent through the gateway, as
``orderGrantRefundCreate`` + ``transactionRequestRefundForGrantedRefund``). Each action calls its
service (``orders.notes``, ``orders.cancel``, ``orders.fulfilment``, ``orders.granted_refunds``) as
the logged-in staff member; the page itself edits nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from infra.admin.labels import event_label, shown
from infra.admin.roles import ReadOnlyTabular, RoleAdmin, holds
from infra.admin.site import site
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.core.errors import DomainError
from storefront.orders.cancel import order_can_cancel, order_cancel
from storefront.orders.choices import (
    FulfillmentDocumentKind,
    FulfillmentStatus,
    GrantedRefundStatus,
    OrderStatus,
)
from storefront.orders.documents.services import fulfillment_document_url, fulfillment_documents_of
from storefront.orders.models import Fulfillment, Order, OrderEvent, OrderGrantedRefund, OrderLine
from storefront.orders.notes import order_note_add

ORDERS = (PermissionCode.MANAGE_ORDERS,)
PAYMENTS = (PermissionCode.HANDLE_PAYMENTS,)
FULFILLABLE = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)
PAID = ("FULL", "OVERCHARGED")


def ready_to_fulfil(queryset: QuerySet[Order]) -> QuerySet[Order]:
    """Orders staff may pack now: paid (or their channel allows unpaid orders), not all sent yet."""
    return queryset.filter(status__in=FULFILLABLE).filter(
        Q(charge_status__in=PAID) | Q(channel__allow_unpaid_orders=True)
    )


class ReadyToFulfilFilter(admin.SimpleListFilter):
    title = _("ready to fulfil")
    parameter_name = "ready"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Ready to fulfil"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Order]) -> QuerySet[Order]:
        return ready_to_fulfil(queryset) if self.value() == "yes" else queryset


class ShippingCountryFilter(admin.SimpleListFilter):
    title = _("shipping country")
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        countries = (
            Order.objects.exclude(shipping_address=None)
            .values_list("shipping_address__country", flat=True)
            .distinct()
            .order_by("shipping_address__country")
        )
        return [(code, code) for code in countries if code]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Order]) -> QuerySet[Order]:
        value = self.value()
        return queryset.filter(shipping_address__country=value) if value else queryset


class OrderLineInline(ReadOnlyTabular):
    model = OrderLine
    permission_codes = ORDERS
    verbose_name = _("line")
    verbose_name_plural = _("lines")
    product_name_ = shown("product_name", _("product"))
    variant_name_ = shown("variant_name", _("variant"))
    product_sku_ = shown("product_sku", _("SKU"))
    serial_ = shown("serial", _("serial"))
    quantity_ = shown("quantity", _("ordered"))
    quantity_fulfilled_ = shown("quantity_fulfilled", _("sent"))
    fields = (
        "product_name_",
        "variant_name_",
        "product_sku_",
        "serial_",
        "quantity_",
        "quantity_fulfilled_",
        "stock",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderLine]:
        return super().get_queryset(request).prefetch_related("allocations__stock__warehouse")

    @admin.display(description=_("allocated"))
    def stock(self, line: OrderLine) -> str:
        return ", ".join(
            f"{allocation.stock.warehouse.name}: {allocation.quantity_allocated}"
            for allocation in line.allocations.all()
        )


class OrderEventInline(ReadOnlyTabular):
    model = OrderEvent
    permission_codes = ORDERS
    verbose_name = _("event")
    verbose_name_plural = _("events and notes")
    date_ = shown("date", _("date"))
    user_ = shown("user", _("staff member"))
    fields = ("date_", "type_", "user_", "message")

    @admin.display(description=_("event"), ordering="type")
    def type_(self, event: OrderEvent) -> str:
        return event_label(event.type)

    @admin.display(description=_("message"))
    def message(self, event: OrderEvent) -> str:
        return str(event.parameters.get("message", ""))


class FulfillmentInline(ReadOnlyTabular):
    model = Fulfillment
    permission_codes = ORDERS
    verbose_name = _("fulfilment")
    verbose_name_plural = _("fulfilments")
    fulfillment_order_ = shown("fulfillment_order", _("number"))
    status_ = shown("status", _("status"))
    tracking_number_ = shown("tracking_number", _("tracking number"))
    invoice_number_ = shown("invoice_number", _("invoice number"))
    created_at_ = shown("created_at", _("date"))
    created_by_ = shown("created_by", _("staff member"))
    fields = (
        "fulfillment_order_",
        "status_",
        "tracking_number_",
        "invoice_number_",
        "created_at_",
        "created_by_",
        "return_",
    )

    @admin.display(description=_("return"))
    def return_(self, fulfillment: Fulfillment) -> str:
        """A link to take a return of a parcel that was sent (the service refuses any other)."""
        if fulfillment.status != FulfillmentStatus.FULFILLED:
            return ""
        url = reverse("admin:orders_order_return", args=[fulfillment.order_id, fulfillment.pk])
        return format_html('<a class="asal-return" href="{}">{}</a>', url, gettext("Take a return"))


class GrantedRefundInline(ReadOnlyTabular):
    model = OrderGrantedRefund
    permission_codes = ORDERS
    verbose_name = _("refund")
    verbose_name_plural = _("refunds")
    created_at_ = shown("created_at", _("date"))
    user_ = shown("user", _("staff member"))
    reason_ = shown("reason", _("reason"))
    fields = ("created_at_", "amount", "status_", "reason_", "user_")

    @admin.display(description=_("amount"))
    def amount(self, grant: OrderGrantedRefund) -> str:
        return f"{grant.amount_value.normalize():f} {grant.currency}"

    @admin.display(description=_("status"))
    def status_(self, grant: OrderGrantedRefund) -> str:
        return gettext(GrantedRefundStatus(grant.status).label)


class NoteForm(forms.Form):
    message = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Order, site=site)
class OrderAdmin(RoleAdmin):
    permission_codes = ORDERS
    admin_section = "orders"
    menu_name = _("Orders")
    change_form_template = "admin/asal/order/change_form.html"
    list_display = (
        "number_display",
        "created_at_",
        "status_",
        "charge_status_",
        "channel_",
        "country",
        "user_email_",
        "total",
    )
    list_filter = (ReadyToFulfilFilter, "status", "channel", ShippingCountryFilter, "created_at")
    search_fields = ("=number", "user_email", "lines__serial")
    list_select_related = ("channel", "shipping_address")
    date_hierarchy = "created_at"
    actions = ["cancel_selected"]
    inlines = (OrderLineInline, FulfillmentInline, GrantedRefundInline, OrderEventInline)
    number_ = shown("number", _("number"))
    status_ = shown("status", _("status"))
    charge_status_ = shown("charge_status", _("payment"))
    channel_ = shown("channel", _("channel"))
    user_email_ = shown("user_email", _("buyer's e-mail"))
    language_code_ = shown("language_code", _("buyer's language"))
    shipping_address_ = shown("shipping_address", _("shipping address"))
    billing_address_ = shown("billing_address", _("billing address"))
    shipping_method_name_ = shown("shipping_method_name", _("shipping method"))
    incoterm_ = shown("incoterm", _("incoterm"))
    customer_note_ = shown("customer_note", _("buyer's note"))
    created_at_ = shown("created_at", _("placed at"))
    fields = (
        "number_",
        "status_",
        "charge_status_",
        "channel_",
        "user_email_",
        "language_code_",
        "shipping_address_",
        "billing_address_",
        "shipping_method_name_",
        "incoterm_",
        "total",
        "customer_note_",
        "created_at_",
    )
    readonly_fields = fields

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        return super().get_search_results(request, queryset, search_term.lstrip("#"))

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, order: Order) -> str:
        return f"#{order.number}"

    @admin.display(description=_("country"), ordering="shipping_address__country")
    def country(self, order: Order) -> str:
        return order.shipping_address.country if order.shipping_address else ""

    @admin.display(description=_("total"))
    def total(self, order: Order) -> str:
        return f"{order.total_gross_amount} {order.currency}"

    # --- the order page and its actions -------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<uuid:order_id>/fulfil/", view(self.fulfil_view), name="orders_order_fulfil"),
            path("<uuid:order_id>/cancel/", view(self.cancel_view), name="orders_order_cancel"),
            path("<uuid:order_id>/note/", view(self.note_view), name="orders_order_note"),
            path("<uuid:order_id>/refund/", view(self.refund_view), name="orders_order_refund"),
            path(
                "<uuid:order_id>/refund/<int:grant_id>/send/",
                view(self.refund_send_view),
                name="orders_order_refund_send",
            ),
            path(
                "<uuid:order_id>/fulfilment/<uuid:fulfillment_id>/return/",
                view(self.return_view),
                name="orders_order_return",
            ),
            *super().get_urls(),
        ]

    def document_links(self, request: HttpRequest, order: Order) -> list[tuple[str, str]]:
        """(label, URL) of the order's printable papers, shown beside "Fulfil" on the order page:
        each fulfilment's commercial invoice, packing list and certificate tags, by URLs valid
        for a few minutes (the papers live on the private storage)."""
        links = []
        for fulfillment in order.fulfillments.exclude(status=FulfillmentStatus.CANCELED).order_by(
            "fulfillment_order"
        ):
            for document in fulfillment_documents_of(fulfillment=fulfillment):
                kind = gettext(FulfillmentDocumentKind(document.kind).label)
                label = f"{kind} #{order.number}-{fulfillment.fulfillment_order}"
                links.append((label, fulfillment_document_url(document)))
        return links

    def grants_to_send(self, request: HttpRequest, order: Order) -> list[OrderGrantedRefund]:
        """Granted refunds not refunded yet (never sent, or refused by the gateway), for staff who
        may send them (``HANDLE_PAYMENTS``)."""
        if not holds(request, *PAYMENTS):
            return []
        return list(
            order.granted_refunds.filter(
                status__in=(GrantedRefundStatus.NONE, GrantedRefundStatus.FAILURE)
            ).order_by("created_at", "pk")
        )

    def can_fulfil(self, request: HttpRequest, order: Order) -> bool:
        return holds(request, *ORDERS) and order.status in FULFILLABLE

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        order = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if order is not None and holds(request, *ORDERS):
            context.update(
                can_fulfil=self.can_fulfil(request, order),
                can_cancel=order_can_cancel(order),
                can_refund=holds(request, *PAYMENTS),
                grants_to_send=self.grants_to_send(request, order),
                document_links=self.document_links(request, order),
                note_form=NoteForm(),
                title=gettext("Order #%(number)s") % {"number": order.number},
            )
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": gettext("Orders"), **(extra_context or {})})

    def _order_for_action(self, request: HttpRequest, order_id: Any) -> Order:
        if not holds(request, *ORDERS):
            raise PermissionDenied
        return get_object_or_404(Order, pk=order_id)

    def _order_url(self, order: Order) -> str:
        return reverse("admin:orders_order_change", args=[order.pk], current_app=self.admin_site.name)

    def note_view(self, request: HttpRequest, order_id: Any) -> HttpResponse:
        order = self._order_for_action(request, order_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._order_url(order))
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                order_note_add(
                    order=order, message=form.cleaned_data["message"], actor=Actor.of(user=request.user)
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, gettext("The note was added."))
        else:
            messages.error(request, gettext("A note needs a message."))
        return HttpResponseRedirect(self._order_url(order))

    def cancel_view(self, request: HttpRequest, order_id: Any) -> HttpResponse:
        order = self._order_for_action(request, order_id)
        if request.method == "POST":
            self._cancel(request, order)
        return HttpResponseRedirect(self._order_url(order))

    def _cancel(self, request: HttpRequest, order: Order) -> bool:
        try:
            order_cancel(order=order, actor=Actor.of(user=request.user))
        except DomainError as error:
            messages.error(request, f"#{order.number}: {error.message}")
            return False
        messages.success(request, gettext("Order #%(number)s was canceled.") % {"number": order.number})
        return True

    @admin.action(description=_("Cancel the selected orders"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        for order in queryset.order_by("number"):
            self._cancel(request, order)

    def fulfil_view(self, request: HttpRequest, order_id: Any) -> HttpResponse:
        from infra.admin.fulfil import fulfil_page  # the fulfilment service is imported there, lazily

        order = self._order_for_action(request, order_id)
        if not self.can_fulfil(request, order):
            if order.status not in FULFILLABLE:
                messages.error(request, gettext("This order has nothing left to fulfil."))
                return HttpResponseRedirect(self._order_url(order))
            raise Http404
        context = {**self.admin_site.each_context(request), "opts": self.opts, "order": order}
        return fulfil_page(request, order=order, context=context, done_url=self._order_url(order))

    def _order_for_refund(self, request: HttpRequest, order_id: Any) -> Order:
        order = self._order_for_action(request, order_id)
        if not holds(request, *PAYMENTS):
            raise PermissionDenied
        return order

    def _page_context(self, request: HttpRequest, order: Order) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.opts, "order": order}

    def refund_view(self, request: HttpRequest, order_id: Any) -> HttpResponse:
        from infra.admin.fulfil import refund_page

        order = self._order_for_refund(request, order_id)
        context = self._page_context(request, order)
        return refund_page(request, order=order, context=context, done_url=self._order_url(order))

    def refund_send_view(self, request: HttpRequest, order_id: Any, grant_id: int) -> HttpResponse:
        from infra.admin.fulfil import refund_send

        order = self._order_for_refund(request, order_id)
        grant = get_object_or_404(OrderGrantedRefund, pk=grant_id, order=order)
        if request.method == "POST":
            refund_send(request, grant_id=grant.pk, actor=Actor.of(user=request.user))
        return HttpResponseRedirect(self._order_url(order))

    def return_view(self, request: HttpRequest, order_id: Any, fulfillment_id: Any) -> HttpResponse:
        from infra.admin.fulfil import return_page

        order = self._order_for_action(request, order_id)
        fulfillment = get_object_or_404(
            Fulfillment.objects.select_related("order"), pk=fulfillment_id, order=order
        )
        context = self._page_context(request, order)
        return return_page(request, fulfillment=fulfillment, context=context, done_url=self._order_url(order))
