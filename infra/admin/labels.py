"""Columns and fields of the admin under translated labels.

The domain models name their fields in plain English (they are not the admin's), so the admin
shows them through small display functions with labels from Asal's catalogue; choice labels
("Unfulfilled") are translated when the catalogue has them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.utils.translation import pgettext, pgettext_lazy

# The choice labels the admin shows, for makemessages (translated at display time).
CHOICE_LABELS = (
    pgettext_lazy("status", "Draft"),
    pgettext_lazy("status", "Unconfirmed"),
    pgettext_lazy("status", "Unfulfilled"),
    pgettext_lazy("status", "Partially fulfilled"),
    pgettext_lazy("status", "Partially returned"),
    pgettext_lazy("status", "Returned"),
    pgettext_lazy("status", "Fulfilled"),
    pgettext_lazy("status", "Canceled"),
    pgettext_lazy("status", "Expired"),
    pgettext_lazy("status", "None"),
    pgettext_lazy("status", "Partial"),
    pgettext_lazy("status", "Full"),
    pgettext_lazy("status", "Overcharged"),
    # A fulfilment's statuses (Saleor's FulfillmentStatus).
    pgettext_lazy("status", "Refunded"),
    pgettext_lazy("status", "Refunded and returned"),
    pgettext_lazy("status", "Replaced"),
    pgettext_lazy("status", "Waiting for approval"),
)

# What an order's history says happened (Saleor's OrderEventsEnum values the services write, and a
# few more); a type without a label is shown as its value, spelled out.
EVENT_LABELS: dict[str, Any] = {
    "PLACED": pgettext_lazy("order event", "Order placed"),
    "PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT": pgettext_lazy(
        "order event", "Order placed from a paid checkout"
    ),
    "ORDER_FULLY_PAID": pgettext_lazy("order event", "Order fully paid"),
    "CANCELED": pgettext_lazy("order event", "Order canceled"),
    "EXPIRED": pgettext_lazy("order event", "Order expired"),
    "CONFIRMED": pgettext_lazy("order event", "Order confirmed"),
    "EMAIL_SENT": pgettext_lazy("order event", "E-mail sent"),
    "NOTE_ADDED": pgettext_lazy("order event", "Note added"),
    "NOTE_UPDATED": pgettext_lazy("order event", "Note updated"),
    "TRACKING_UPDATED": pgettext_lazy("order event", "Tracking number updated"),
    "FULFILLMENT_FULFILLED_ITEMS": pgettext_lazy("order event", "Items fulfilled"),
    "FULFILLMENT_CANCELED": pgettext_lazy("order event", "Fulfilment canceled"),
    "FULFILLMENT_RESTOCKED_ITEMS": pgettext_lazy("order event", "Items restocked"),
    "FULFILLMENT_RETURNED": pgettext_lazy("order event", "Items returned"),
    "FULFILLMENT_REFUNDED": pgettext_lazy("order event", "Returned items refunded"),
    "TRANSACTION_EVENT": pgettext_lazy("order event", "Payment event"),
    "TRANSACTION_CHARGE_REQUESTED": pgettext_lazy("order event", "Capture requested"),
    "TRANSACTION_REFUND_REQUESTED": pgettext_lazy("order event", "Refund requested"),
    "TRANSACTION_CANCEL_REQUESTED": pgettext_lazy("order event", "Payment cancelation requested"),
    "INVOICE_GENERATED": pgettext_lazy("order event", "Invoice issued"),
    "OTHER": pgettext_lazy("order event", "Other"),
}


def event_label(event_type: str) -> str:
    """An order event's type as staff read it, in their language."""
    label = EVENT_LABELS.get(event_type)
    return str(label) if label is not None else event_type.replace("_", " ").capitalize()


def shown(name: str, label: Any, *, ordering: bool = True) -> Callable[[Any, Any], Any]:
    """A read-only display of the model field ``name`` under ``label`` (its choice label translated)."""

    def display(_admin: Any, obj: Any) -> Any:
        choice_label = getattr(obj, f"get_{name}_display", None)
        if choice_label is not None:
            return pgettext("status", str(choice_label()))
        return getattr(obj, name)

    display.__name__ = f"{name}_shown"
    return admin.display(description=label, ordering=name if ordering else None)(display)
