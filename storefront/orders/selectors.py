"""Order reads: by id (the bearer credential), a buyer's own orders, and the staff list."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from storefront.accounts.models import User
from storefront.orders.choices import OrderChargeStatus, OrderStatus
from storefront.orders.models import Fulfillment, Order

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


def ready_to_fulfill_condition() -> Q:
    """Orders staff can pack now: unfulfilled or partly fulfilled, and paid in full, free, or in a
    channel that allows unpaid orders (the rule ``order_fulfill`` applies)."""
    paid = (
        Q(charge_status__in=(OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED))
        | Q(total_gross_amount__lte=0)
        | Q(channel__allow_unpaid_orders=True)
    )
    return Q(status__in=(OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)) & paid


def _address(prefix: str, condition: dict[str, Any] | None) -> Q:
    found = Q()
    if not condition:
        return found
    if condition.get("countries") is not None:
        found &= Q(**{f"{prefix}__country__in": condition["countries"]})
    if condition.get("not_countries"):
        found &= ~Q(**{f"{prefix}__country__in": condition["not_countries"]}) & Q(
            **{f"{prefix}__isnull": False}
        )
    if condition.get("phones") is not None:
        found &= Q(**{f"{prefix}__phone__in": condition["phones"]})
    return found


def _search(term: str) -> Q:
    """Every word of ``term`` in the order's number, e-mail, buyer's or addressees' names, a line's
    SKU or serial."""
    matches = Q()
    for word in term.split()[:8]:
        found = (
            Q(user_email__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(billing_address__first_name__icontains=word)
            | Q(billing_address__last_name__icontains=word)
            | Q(shipping_address__first_name__icontains=word)
            | Q(shipping_address__last_name__icontains=word)
            | Q(lines__product_sku__iexact=word)
            | Q(lines__serial__iexact=word)
        )
        number = word.lstrip("#")
        if number.isdigit() and len(number) < 10:
            found |= Q(number=int(number))
        matches &= found
    return matches


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
    status_ready_to_fulfill: bool = False,
    ready_to_fulfill: bool | None = None,
    has_fulfillments: bool | None = None,
    shipping_address: dict[str, Any] | None = None,
    billing_address: dict[str, Any] | None = None,
) -> QuerySet[Order]:
    """``queryset`` narrowed by Saleor's order filters (``filter``) and ``where`` conditions."""
    condition = _range("created_at", (created_gte, created_lte)) & _range(
        "updated_at", (updated_gte, updated_lte)
    )
    statuses = list(statuses)
    if status_ready_to_fulfill:  # Saleor's status filter: any of the values named
        condition &= (
            ready_to_fulfill_condition() | Q(status__in=statuses)
            if statuses
            else ready_to_fulfill_condition()
        )
        statuses = []
    simple: list[tuple[str, list[Any]]] = [
        ("status__in", statuses),
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
    if ready_to_fulfill is not None:
        condition &= ready_to_fulfill_condition() if ready_to_fulfill else ~ready_to_fulfill_condition()
    if has_fulfillments is not None:
        has = Q(pk__in=Fulfillment.objects.values("order_id"))
        condition &= has if has_fulfillments else ~has
    condition &= _address("shipping_address", shipping_address) & _address("billing_address", billing_address)
    queryset = queryset.filter(condition)
    if search and search.strip():
        queryset = queryset.filter(pk__in=Order.objects.filter(_search(search.strip())).values("pk"))
    return queryset


def order_for_checkout(*, checkout_token: uuid.UUID) -> Order | None:
    """The order a checkout became (at most one: ``Order.checkout_token`` is unique), if any."""
    return (
        Order.objects.filter(checkout_token=str(checkout_token))
        .exclude(checkout_token="")
        .select_related("channel")
        .first()
    )
