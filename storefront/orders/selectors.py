"""Order reads: by id (the bearer credential), a buyer's own orders, and the staff list."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from storefront.accounts.models import User
from storefront.orders.choices import OrderStatus
from storefront.orders.models import Order

# Saleor hides drafts from the storefront: a draft is the staff's work in progress.
_PLACED = ~Q(status=OrderStatus.DRAFT)


def order_id_parse(value: str) -> uuid.UUID | None:
    """An order id (or token) as a UUID; ``None`` for anything else (it matches no order)."""
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        return None


def order_get(*, order_id: uuid.UUID) -> Order | None:
    """The placed order with this id, if any: holding the id is what lets a guest read it."""
    return Order.objects.filter(_PLACED, pk=order_id).select_related("channel").first()


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    """The buyer's own placed orders, newest first."""
    return order_list_for_users(user_ids=[user.pk])


def order_list_for_users(*, user_ids: Iterable[int]) -> QuerySet[Order]:
    """The placed orders of these buyers, each buyer's newest first."""
    return (
        Order.objects.filter(_PLACED, user_id__in=list(user_ids))
        .select_related("channel")
        .order_by("user_id", "-number")
    )


SORT_FIELDS: dict[str, tuple[str, ...]] = {
    "NUMBER": ("number",),
    "RANK": ("number",),
    "CREATED_AT": ("created_at", "number"),
    "CREATION_DATE": ("created_at", "number"),
    "LAST_MODIFIED_AT": ("updated_at", "number"),
    "CUSTOMER": ("user_email", "number"),
    "PAYMENT": ("charge_status", "number"),
    "FULFILLMENT_STATUS": ("status", "number"),
    "STATUS": ("status", "number"),
}


def order_list(*, sort_field: str = "NUMBER", descending: bool = True) -> QuerySet[Order]:
    """Every order (staff), sorted as Saleor's ``orders`` query allows; newest number first by default."""
    fields = SORT_FIELDS.get(sort_field, SORT_FIELDS["NUMBER"])
    return Order.objects.select_related("channel").order_by(
        *(f"-{name}" if descending else name for name in fields)
    )


def _digits(values: Iterable[object]) -> list[int]:
    return [int(str(value).lstrip("#")) for value in values if str(value).lstrip("#").isdigit()]


def _range(field: str, bounds: tuple[datetime | None, datetime | None] | None) -> Q:
    condition = Q()
    if bounds is None:
        return condition
    start, end = bounds
    if start is not None:
        condition &= Q(**{f"{field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field}__lte": end})
    return condition


def order_filter(
    queryset: QuerySet[Order],
    *,
    statuses: Iterable[str] = (),
    customer: str | None = None,
    search: str | None = None,
    created_gte: datetime | None = None,
    created_lte: datetime | None = None,
    updated_gte: datetime | None = None,
    updated_lte: datetime | None = None,
    numbers: Iterable[object] = (),
    ids: Iterable[uuid.UUID] = (),
    charge_statuses: Iterable[str] = (),
    authorize_statuses: Iterable[str] = (),
    checkout_tokens: Iterable[str] = (),
    channel_ids: Iterable[object] = (),
    where_ids: Iterable[uuid.UUID] | None = None,
    where_numbers: Iterable[object] | None = None,
    where_created: tuple[datetime | None, datetime | None] | None = None,
    where_updated: tuple[datetime | None, datetime | None] | None = None,
    where_statuses: Iterable[str] | None = None,
    where_emails: Iterable[str] | None = None,
    where_channel_ids: Iterable[object] | None = None,
) -> QuerySet[Order]:
    """``queryset`` narrowed by Saleor's order filters (``filter``) and ``where`` conditions."""
    condition = _range("created_at", (created_gte, created_lte)) & _range(
        "updated_at", (updated_gte, updated_lte)
    )
    simple: list[tuple[str, list[Any]]] = [
        ("status__in", list(statuses)),
        ("number__in", _digits(numbers)),
        ("pk__in", list(ids)),
        ("charge_status__in", list(charge_statuses)),
        ("authorize_status__in", list(authorize_statuses)),
        ("checkout_token__in", list(checkout_tokens)),
        ("channel_id__in", _digits(channel_ids)),
    ]
    for lookup, values in simple:
        if values:
            condition &= Q(**{lookup: values})
    where: list[tuple[str, Iterable[Any] | None]] = [
        ("pk__in", where_ids),
        ("number__in", where_numbers),
        ("status__in", where_statuses),
        ("user_email__in", where_emails),
        ("channel_id__in", _digits(where_channel_ids) if where_channel_ids is not None else None),
    ]
    for lookup, maybe in where:
        if maybe is not None:
            condition &= Q(**{lookup: list(maybe)})
    condition &= _range("created_at", where_created) & _range("updated_at", where_updated)
    if customer:
        condition &= (
            Q(user_email__icontains=customer)
            | Q(user__first_name__icontains=customer)
            | Q(user__last_name__icontains=customer)
        )
    queryset = queryset.filter(condition)
    if search:
        term = search.strip()
        matches = (
            Q(user_email__icontains=term) | Q(lines__product_sku__iexact=term) | Q(lines__serial__iexact=term)
        )
        if term.lstrip("#").isdigit():
            matches |= Q(number=int(term.lstrip("#")))
        queryset = queryset.filter(pk__in=Order.objects.filter(matches).values("pk"))
    return queryset


def order_for_checkout(*, checkout_token: uuid.UUID) -> Order | None:
    """The order a checkout became (at most one: ``Order.checkout_token`` is unique), if any."""
    return (
        Order.objects.filter(checkout_token=str(checkout_token))
        .exclude(checkout_token="")
        .select_related("channel")
        .first()
    )
