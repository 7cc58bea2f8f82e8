"""The order page's forms. Fulfil: per line still to send, the warehouse (from the line's
allocations), the quantity, and the serials packed (suggested by the service), then one call of
``orders.fulfilment.order_fulfill`` as the staff member. Refund (a granted refund, then sent
through the gateway) and take a return of a parcel: see below. The services decide everything; a
refusal shows its messages on the same form, and nothing is written."""

from __future__ import annotations

import importlib
import re
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from storefront.accounts.actor import Actor
from storefront.core.errors import DomainError
from storefront.inventory.models import Stock
from storefront.orders.models import Order, OrderLine

SERIAL_SEPARATORS = re.compile(r"[\s,;]+")


def serials_parse(text: str) -> tuple[str, ...]:
    return tuple(serial for serial in SERIAL_SEPARATORS.split(text.strip()) if serial)


class FulfilLineForm(forms.Form):
    warehouse = forms.TypedChoiceField(label=_("Warehouse"), coerce=int)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0)
    serials = forms.CharField(
        label=_("Serials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
        help_text=_("One serial per packed piece, separated by spaces or new lines."),
    )

    def __init__(self, *args: Any, line: OrderLine, warehouses: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.remaining = line.quantity - line.quantity_fulfilled
        self.fields["warehouse"].choices = warehouses  # type: ignore[attr-defined]
        self.fields["quantity"].widget.attrs["max"] = self.remaining

    def clean_quantity(self) -> int:
        quantity: int = self.cleaned_data["quantity"]
        if quantity > self.remaining:
            raise forms.ValidationError(
                gettext("At most %(remaining)s are left to fulfil.") % {"remaining": self.remaining}
            )
        return quantity


class FulfilForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=255)
    notify_customer = forms.BooleanField(
        label=_("Send the buyer the shipping e-mail"), required=False, initial=True
    )


def _lines_to_fulfil(order: Order) -> list[OrderLine]:
    return list(
        order.lines.filter(quantity_fulfilled__lt=F("quantity"))
        .prefetch_related("allocations__stock__warehouse")
        .order_by("sort_order", "pk")
    )


def _warehouses(line: OrderLine) -> list[tuple[int, str]]:
    """Where the line's goods wait: its allocations' warehouses, else any holding its variant."""
    choices = {
        allocation.stock.warehouse_id: f"{allocation.stock.warehouse.name} ({allocation.quantity_allocated})"
        for allocation in line.allocations.all()
    }
    if not choices and line.variant_id is not None:
        for stock in Stock.objects.filter(product_variant_id=line.variant_id).select_related("warehouse"):
            choices[stock.warehouse_id] = (
                f"{stock.warehouse.name} ({stock.quantity - stock.quantity_allocated})"
            )
    return list(choices.items())


def _initial(line: OrderLine, warehouses: list[tuple[int, str]], suggest: Any) -> dict[str, Any]:
    remaining = line.quantity - line.quantity_fulfilled
    allocated = {a.stock.warehouse_id: a.quantity_allocated for a in line.allocations.all()}
    warehouse_id = warehouses[0][0] if warehouses else None
    quantity = min(remaining, allocated.get(warehouse_id, remaining)) if warehouse_id else remaining
    serials: list[str] = []
    if warehouse_id is not None and quantity:
        try:
            serials = list(suggest(order_line=line, warehouse_id=warehouse_id, quantity=quantity))
        except DomainError:
            serials = [line.serial] if line.serial else []
    return {
        "warehouse": warehouse_id,
        "quantity": quantity,
        "serials": "\n".join(serials),
    }


def fulfil_page(
    request: HttpRequest, *, order: Order, context: dict[str, Any], done_url: str
) -> HttpResponse:
    """GET: the form, prefilled; POST: fulfil through the service, or show why not."""
    # The fulfilment service (storefront/orders/fulfilment.py), imported when a form is used.
    fulfilment: Any = importlib.import_module("storefront.orders.fulfilment")

    lines = _lines_to_fulfil(order)
    choices = {line.pk: _warehouses(line) for line in lines}
    errors: list[str] = []
    if request.method == "POST":
        form = FulfilForm(request.POST)
        formset = _line_formset(request.POST, lines, choices)
        if form.is_valid() and formset.is_valid():
            wanted = [
                fulfilment.FulfilLine(
                    order_line_id=line_form.line.pk,
                    stocks=(
                        fulfilment.FulfilStock(
                            warehouse_id=line_form.cleaned_data["warehouse"],
                            quantity=line_form.cleaned_data["quantity"],
                        ),
                    ),
                    serials=serials_parse(line_form.cleaned_data["serials"]),
                )
                for line_form in formset.forms
                if line_form.cleaned_data.get("quantity")
            ]
            if not wanted:
                errors.append(gettext("Enter a quantity for at least one line."))
            else:
                try:
                    fulfilment.order_fulfill(
                        order=order,
                        lines=wanted,
                        actor=Actor.of(user=request.user),
                        tracking_number=form.cleaned_data["tracking_number"].strip(),
                        notify_customer=form.cleaned_data["notify_customer"],
                    )
                except DomainError as refused:
                    errors.extend(error.message for error in refused.errors)
                else:
                    done = gettext("Order #%(number)s was fulfilled.") % {"number": order.number}
                    messages.success(request, done)
                    return HttpResponseRedirect(done_url)
        else:
            errors.append(gettext("Please correct the errors below."))
    else:
        form = FulfilForm()
        initial = [_initial(line, choices[line.pk], fulfilment.serials_suggest) for line in lines]
        formset = _line_formset(None, lines, choices, initial=initial)
    context.update(
        title=gettext("Fulfil order #%(number)s") % {"number": order.number},
        form=form,
        formset=formset,
        rows=list(zip(lines, formset.forms, strict=True)),
        fulfil_errors=errors,
    )
    return TemplateResponse(request, "admin/asal/order/fulfil.html", context, status=400 if errors else 200)


def _line_formset(
    data: Any, lines: list[OrderLine], choices: dict[Any, list[tuple[int, str]]], initial: Any = None
) -> Any:
    """A formset whose n-th form is the n-th line still to send (its warehouses, what is left)."""

    class LineFormSet(formset_factory(FulfilLineForm, extra=0)):  # type: ignore[misc]
        def _construct_form(self, i: int, **kwargs: Any) -> Any:
            kwargs.update(line=lines[i], warehouses=choices[lines[i].pk])
            return super()._construct_form(i, **kwargs)

        def total_form_count(self) -> int:
            return len(lines)

    return LineFormSet(data, initial=initial, prefix="lines")


# --- refunds and returns ----------------------------------------------------------------------
# Both pages call the services the GraphQL mutations call, as the staff member: a granted refund
# (``orders.granted_refunds``: ``orderGrantRefundCreate`` then
# ``transactionRequestRefundForGrantedRefund``) and a return (``orders.fulfilment``'s
# ``fulfillment_return_products``, ``orderFulfillmentReturnProducts``). A refusal is shown on the
# same form and nothing is written; the gateway is called only after the grant or the return is
# committed, so a gateway's refusal leaves them recorded (the grant ``FAILURE``, to send again).


def domain_messages(refused: DomainError) -> list[str]:
    """Every message a refusal carries, the nested per-line ones too (a grant's ``lines``)."""
    found: list[str] = []
    for error in refused.errors:
        nested = error.details.get("lines") or ()
        if nested:
            found.extend(line.message for line in nested)
        else:
            found.append(error.message)
    return found


class RefundForm(forms.Form):
    transaction = forms.TypedChoiceField(label=_("Payment"), coerce=str)
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=Decimal("0.001"),
        max_digits=18,
        decimal_places=3,
        help_text=_("Leave empty to refund the chosen lines' prices (and the shipping, if ticked)."),
    )
    grant_refund_for_shipping = forms.BooleanField(label=_("Refund the shipping paid"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )

    def __init__(self, *args: Any, transactions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["transaction"]
        field.choices = transactions


class RefundLineForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, initial=0)

    def __init__(self, *args: Any, line: OrderLine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.fields["quantity"].widget.attrs["max"] = line.quantity


def _transactions(order: Order) -> list[tuple[str, str]]:
    from payments.models import Transaction

    rows = Transaction.objects.filter(order_id=order.pk).order_by("created_at", "pk")
    return [
        (
            str(row.pk),
            f"{row.name or row.gateway}: {row.charged_amount} {row.currency} "
            + gettext("charged, %(refunded)s refunded") % {"refunded": row.refunded_amount},
        )
        for row in rows
    ]


class RowsFormSet(forms.BaseFormSet):
    """A formset whose n-th form is about ``rows[n]`` (handed to the form as ``line``)."""

    rows: list[Any] = []

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"line": self.rows[index]} if index is not None else {}

    def total_form_count(self) -> int:
        return len(self.rows)


def per_row_formset(form_class: Any, data: Any, rows: list[Any], prefix: str, initial: Any = None) -> Any:
    """``form_class``'s formset over ``rows`` (one form per row, none added or removed)."""
    formset_class: Any = formset_factory(form_class, formset=RowsFormSet, extra=0)
    formset = formset_class(data, prefix=prefix, initial=initial)
    formset.rows = rows
    return formset


def refund_page(
    request: HttpRequest, *, order: Order, context: dict[str, Any], done_url: str
) -> HttpResponse:
    """GET: the form; POST: grant the refund, then send it through the payment's gateway."""
    from storefront.orders.granted_refunds import GrantLine, granted_refund_create

    lines = list(order.lines.order_by("sort_order", "pk"))
    transactions = _transactions(order)
    errors: list[str] = []
    data = request.POST if request.method == "POST" else None
    form = RefundForm(data, transactions=transactions)
    formset = per_row_formset(RefundLineForm, data, lines, "lines")
    if data is not None:
        if form.is_valid() and formset.is_valid():
            wanted = [
                GrantLine(
                    reference=str(f.line.pk), order_line_id=f.line.pk, quantity=f.cleaned_data["quantity"]
                )
                for f in formset.forms
                if f.cleaned_data.get("quantity")
            ]
            actor = Actor.of(user=request.user)
            try:
                grant = granted_refund_create(
                    order=order,
                    transaction_id=uuid.UUID(form.cleaned_data["transaction"]),
                    lines=wanted,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"].strip(),
                    grant_refund_for_shipping=form.cleaned_data["grant_refund_for_shipping"],
                    actor=actor,
                )
            except DomainError as refused:
                errors.extend(domain_messages(refused))
            else:
                refund_send(request, grant_id=grant.pk, actor=actor)
                return HttpResponseRedirect(done_url)
        else:
            errors.append(gettext("Please correct the errors below."))
    if not transactions:
        errors.append(gettext("This order has no payment to refund."))
    context.update(
        title=gettext("Refund order #%(number)s") % {"number": order.number},
        form=form,
        formset=formset,
        rows=list(zip(lines, formset.forms, strict=True)),
        action_errors=errors,
    )
    status = 400 if errors and data is not None else 200
    return TemplateResponse(request, "admin/asal/order/refund.html", context, status=status)


def refund_send(request: HttpRequest, *, grant_id: int, actor: Actor) -> bool:
    """Send a granted refund through its payment's gateway; the outcome as an admin message."""
    from storefront.orders.choices import GrantedRefundStatus
    from storefront.orders.granted_refunds import granted_refund_request

    try:
        grant = granted_refund_request(granted_refund_id=grant_id, transaction_id=None, actor=actor)
    except DomainError as refused:
        messages.error(
            request,
            gettext(
                "The refund was not sent: %(reason)s It stays granted; send it again from the order page."
            )
            % {"reason": " ".join(domain_messages(refused))},
        )
        return False
    amount = f"{grant.amount_value.normalize():f} {grant.currency}"
    if grant.status == GrantedRefundStatus.SUCCESS:
        messages.success(request, gettext("%(amount)s were refunded.") % {"amount": amount})
    else:
        messages.info(
            request,
            gettext("The refund of %(amount)s was sent; the payment provider has not confirmed it yet.")
            % {"amount": amount},
        )
    return True


class ReturnLineForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, initial=0)
    serials = forms.CharField(
        label=_("Serials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
        help_text=_("The serials coming back; left empty, the packed ones are taken in serial order."),
    )

    def __init__(self, *args: Any, line: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.fields["quantity"].widget.attrs["max"] = line.quantity

    def clean_quantity(self) -> int:
        quantity: int = self.cleaned_data["quantity"]
        if quantity > self.line.quantity:
            raise forms.ValidationError(
                gettext("At most %(quantity)s were sent in this parcel.") % {"quantity": self.line.quantity}
            )
        return quantity


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    refund = forms.BooleanField(label=_("Refund the returned pieces"), required=False)
    amount_to_refund = forms.DecimalField(
        label=_("Amount to refund"),
        required=False,
        min_value=Decimal("0.001"),
        max_digits=18,
        decimal_places=3,
        help_text=_("Leave empty to refund the returned lines' prices."),
    )
    include_shipping_costs = forms.BooleanField(label=_("Refund the shipping paid too"), required=False)


def return_page(
    request: HttpRequest, *, fulfillment: Any, context: dict[str, Any], done_url: str
) -> HttpResponse:
    """GET: the parcel's lines; POST: take the return through the service behind
    ``orderFulfillmentReturnProducts`` (custody ``RETURNED``, earnings reversed, optional refund)."""
    fulfilment: Any = importlib.import_module("storefront.orders.fulfilment")

    order = fulfillment.order
    lines = list(fulfillment.lines.select_related("order_line").order_by("pk"))
    errors: list[str] = []
    data = request.POST if request.method == "POST" else None
    form = ReturnForm(data)
    formset = per_row_formset(ReturnLineForm, data, lines, "lines")
    if data is not None:
        if form.is_valid() and formset.is_valid():
            wanted = [
                fulfilment.ReturnLine(
                    f.line.pk, f.cleaned_data["quantity"], serials_parse(f.cleaned_data["serials"])
                )
                for f in formset.forms
                if f.cleaned_data.get("quantity")
            ]
            if not wanted:
                errors.append(gettext("Enter a quantity for at least one line."))
            else:
                try:
                    outcome = fulfilment.fulfillment_return_products(
                        order=order,
                        lines=wanted,
                        refund=form.cleaned_data["refund"],
                        amount_to_refund=form.cleaned_data["amount_to_refund"],
                        include_shipping_costs=form.cleaned_data["include_shipping_costs"],
                        reason=form.cleaned_data["reason"].strip(),
                        actor=Actor.of(user=request.user),
                    )
                except DomainError as refused:
                    errors.extend(domain_messages(refused))
                else:
                    messages.success(request, gettext("The return was recorded."))
                    if outcome.refund_error is not None:
                        messages.error(
                            request,
                            gettext("The refund was not made: %(reason)s")
                            % {"reason": outcome.refund_error.message},
                        )
                    elif outcome.refunded is not None:
                        amount = f"{outcome.refunded.amount.normalize():f} {outcome.refunded.currency}"
                        messages.success(request, gettext("%(amount)s were refunded.") % {"amount": amount})
                    return HttpResponseRedirect(done_url)
        else:
            errors.append(gettext("Please correct the errors below."))
    context.update(
        title=gettext("Take a return of parcel #%(number)s-%(parcel)s")
        % {"number": order.number, "parcel": fulfillment.fulfillment_order},
        fulfillment=fulfillment,
        form=form,
        formset=formset,
        rows=list(zip(lines, formset.forms, strict=True)),
        action_errors=errors,
    )
    return TemplateResponse(request, "admin/asal/order/return.html", context, status=400 if errors else 200)
