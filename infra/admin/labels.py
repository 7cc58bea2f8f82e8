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
)


def shown(name: str, label: Any, *, ordering: bool = True) -> Callable[[Any, Any], Any]:
    """A read-only display of the model field ``name`` under ``label`` (its choice label translated)."""

    def display(_admin: Any, obj: Any) -> Any:
        choice_label = getattr(obj, f"get_{name}_display", None)
        if choice_label is not None:
            return pgettext("status", str(choice_label()))
        return getattr(obj, name)

    display.__name__ = f"{name}_shown"
    return admin.display(description=label, ordering=name if ordering else None)(display)
