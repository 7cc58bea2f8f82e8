"""The order page's fulfilment form: per line still to send, the warehouse (from the line's
allocations), the quantity, and the serials packed (suggested by the service), then one call of
``orders.fulfilment.order_fulfill`` as the staff member. The service decides everything; a
refusal shows its messages on the same form, and nothing is written."""

from __future__ import annotations

import importlib
import re
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
