"""Saleor's order filter and sort inputs (the parts Asal can answer) and their translation to selectors."""

from __future__ import annotations

import datetime
import uuid
from enum import Enum
from typing import Any

import strawberry

from graphql_schema.catalog.filter_inputs import (
    DateRangeInput,
    DateTimeRangeInput,
    GlobalIDFilterInput,
    OrderDirection,
    StringFilterInput,
)
from graphql_schema.core.countries import CountryCode
from graphql_schema.core.relay import from_global_id
from graphql_schema.orders.enums import OrderAuthorizeStatusEnum, OrderChargeStatusEnum, OrderStatusEnum


@strawberry.enum(description="An enumeration.")
class OrderSortField(Enum):
    NUMBER = "NUMBER"
    RANK = "RANK"
    CREATION_DATE = strawberry.enum_value("CREATION_DATE", deprecation_reason="Use `CREATED_AT` instead.")
    CREATED_AT = "CREATED_AT"
    LAST_MODIFIED_AT = "LAST_MODIFIED_AT"
    CUSTOMER = "CUSTOMER"
    PAYMENT = strawberry.enum_value(
        "PAYMENT",
        deprecation_reason=(
            "The legacy Payments API is deprecated and will be removed. Use the Transactions API instead."
        ),
    )
    FULFILLMENT_STATUS = strawberry.enum_value(
        "FULFILLMENT_STATUS", deprecation_reason="Use `STATUS` instead."
    )
    STATUS = "STATUS"


@strawberry.input
class OrderSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort orders."
    )
    field: OrderSortField = strawberry.field(description="Sort orders by the selected field.")


@strawberry.enum(description="An enumeration.")
class OrderStatusFilter(Enum):
    READY_TO_FULFILL = "READY_TO_FULFILL"
    READY_TO_CAPTURE = "READY_TO_CAPTURE"
    UNFULFILLED = "UNFULFILLED"
    UNCONFIRMED = "UNCONFIRMED"
    PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED"
    FULFILLED = "FULFILLED"
    CANCELED = "CANCELED"


@strawberry.input
class OrderFilterInput:
    status: list[OrderStatusFilter] | None = None
    customer: str | None = None
    created: DateRangeInput | None = None
    search: str | None = None
    channels: list[strawberry.ID] | None = None
    authorize_status: list[OrderAuthorizeStatusEnum] | None = None
    charge_status: list[OrderChargeStatusEnum] | None = None
    updated_at: DateTimeRangeInput | None = None
    ids: list[strawberry.ID] | None = None
    checkout_tokens: list[uuid.UUID] | None = None
    numbers: list[str] | None = None


@strawberry.input(description="Define the filtering options for integer fields.")
class IntFilterInput:
    eq: int | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[int] | None = strawberry.field(default=None, description="The value included in.")


@strawberry.input
class OrderStatusEnumFilterInput:
    eq: OrderStatusEnum | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[OrderStatusEnum] | None = strawberry.field(
        default=None, description="The value included in."
    )


@strawberry.input(description="Filter by country code.")
class CountryCodeEnumFilterInput:
    eq: CountryCode | None = strawberry.field(default=None, description="The value equal to.")
    one_of: list[CountryCode] | None = strawberry.field(default=None, description="The value included in.")
    not_one_of: list[CountryCode] | None = strawberry.field(
        default=None, description="The value not included in."
    )


@strawberry.input(description="Filtering options for addresses assigned to the order.")
class AddressFilterInput:
    phone_number: StringFilterInput | None = strawberry.field(
        default=None, description="Filter by phone number."
    )
    country: CountryCodeEnumFilterInput | None = strawberry.field(
        default=None, description="Filter by country."
    )


@strawberry.input
class OrderWhereInput:
    ids: list[strawberry.ID] | None = None
    number: IntFilterInput | None = strawberry.field(default=None, description="Filter by order number.")
    channel_id: GlobalIDFilterInput | None = strawberry.field(default=None, description="Filter by channel.")
    created_at: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Filter order by created at date."
    )
    updated_at: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Filter order by updated at date."
    )
    user_email: StringFilterInput | None = strawberry.field(default=None, description="Filter by user email.")
    status: OrderStatusEnumFilterInput | None = strawberry.field(
        default=None, description="Filter by order status."
    )
    has_fulfillments: bool | None = strawberry.field(
        default=None, description="Filter by whether the order has any fulfillments."
    )
    billing_address: AddressFilterInput | None = strawberry.field(
        default=None, description="Filter by billing address of the order."
    )
    shipping_address: AddressFilterInput | None = strawberry.field(
        default=None, description="Filter by shipping address of the order."
    )
    ready_to_fulfill: bool | None = strawberry.field(
        default=None,
        description=(
            "Asal: orders staff can pack now (true) or not (false): unfulfilled or partly fulfilled, and "
            "paid in full (or free, or in a channel that allows unpaid orders). The same rule as "
            "`filter: {status: READY_TO_FULFILL}`."
        ),
    )


@strawberry.input
class CustomerOrderWhereInput:
    ids: list[strawberry.ID] | None = None
    number: IntFilterInput | None = strawberry.field(default=None, description="Filter by order number.")
    created_at: DateTimeRangeInput | None = strawberry.field(
        default=None, description="Filter order by created at date."
    )
    status: OrderStatusEnumFilterInput | None = strawberry.field(
        default=None, description="Filter by order status."
    )


def order_ids(values: list[strawberry.ID] | None) -> list[uuid.UUID]:
    """Order global IDs as UUIDs; an ID of another type or not a UUID matches nothing."""
    found: list[uuid.UUID] = []
    for value in values or []:
        type_name, pk = from_global_id(value)
        if type_name == "Order":
            try:
                found.append(uuid.UUID(pk))
            except ValueError:
                continue
    return found


_STATUS_FILTER = {
    OrderStatusFilter.READY_TO_CAPTURE: ("UNFULFILLED", "UNCONFIRMED"),
}


def _address_filter(value: AddressFilterInput | None) -> dict[str, Any] | None:
    """An address condition as plain values: countries in, countries out, phone numbers."""
    if value is None:
        return None
    found: dict[str, Any] = {}
    if value.country is not None:
        if value.country.eq is not None:
            found["countries"] = [value.country.eq.value]
        elif value.country.one_of is not None:
            found["countries"] = [code.value for code in value.country.one_of]
        if value.country.not_one_of is not None:
            found["not_countries"] = [code.value for code in value.country.not_one_of]
    if value.phone_number is not None:
        phone = value.phone_number
        found["phones"] = [phone.eq] if phone.eq is not None else list(phone.one_of or [])
    return found


def _day_bounds(value: DateRangeInput | None) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    if value is None:
        return None, None
    start = (
        datetime.datetime.combine(value.gte, datetime.time.min, tzinfo=datetime.UTC) if value.gte else None
    )
    end = datetime.datetime.combine(value.lte, datetime.time.max, tzinfo=datetime.UTC) if value.lte else None
    return start, end


def filter_arguments(
    filter: OrderFilterInput | None, where: OrderWhereInput | CustomerOrderWhereInput | None
) -> dict[str, Any]:
    """Keyword arguments of ``storefront.orders.selectors.order_filter`` for the inputs given."""
    found: dict[str, Any] = {}
    if filter is not None:
        statuses: list[str] = []
        for status in filter.status or []:
            if status == OrderStatusFilter.READY_TO_FULFILL:
                found["status_ready_to_fulfill"] = True
            else:
                statuses.extend(_STATUS_FILTER.get(status, (status.value,)))
        found["statuses"] = statuses
        found["customer"] = filter.customer
        found["search"] = filter.search
        found["created_gte"], found["created_lte"] = _day_bounds(filter.created)
        found["numbers"] = filter.numbers or []
        found["ids"] = order_ids(filter.ids)
        found["charge_statuses"] = [value.value for value in filter.charge_status or []]
        found["authorize_statuses"] = [value.value for value in filter.authorize_status or []]
        found["checkout_tokens"] = [str(token) for token in filter.checkout_tokens or []]
        found["channel_ids"] = [from_global_id(value)[1] for value in filter.channels or []]
        if filter.updated_at is not None:
            found["updated_gte"], found["updated_lte"] = filter.updated_at.gte, filter.updated_at.lte
    if where is not None:
        found["where_ids"] = order_ids(where.ids) if where.ids is not None else None
        if where.number is not None:
            numbers = [where.number.eq] if where.number.eq is not None else list(where.number.one_of or [])
            found["where_numbers"] = numbers
        if where.created_at is not None:
            found["where_created"] = (where.created_at.gte, where.created_at.lte)
        if where.status is not None:
            values = [where.status.eq] if where.status.eq is not None else list(where.status.one_of or [])
            found["where_statuses"] = [value.value for value in values]
        if isinstance(where, OrderWhereInput):
            if where.updated_at is not None:
                found["where_updated"] = (where.updated_at.gte, where.updated_at.lte)
            if where.user_email is not None:
                emails = [where.user_email.eq] if where.user_email.eq is not None else where.user_email.one_of
                found["where_emails"] = list(emails or [])
            if where.channel_id is not None:
                ids = [where.channel_id.eq] if where.channel_id.eq is not None else where.channel_id.one_of
                found["where_channel_ids"] = [from_global_id(value)[1] for value in ids or []]
            if where.has_fulfillments is not None:
                found["has_fulfillments"] = where.has_fulfillments
            if where.ready_to_fulfill is not None:
                found["ready_to_fulfill"] = where.ready_to_fulfill
            found["shipping_address"] = _address_filter(where.shipping_address)
            found["billing_address"] = _address_filter(where.billing_address)
    return found
