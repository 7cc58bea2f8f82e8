"""Order queries: ``order(id)`` and ``orderByToken(token)`` (the id is the credential), staff ``orders``,
and the buyer's own ``User.orders`` (``orders_for_user``, used by ``graphql_schema.accounts``)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, cast

import strawberry
from django.db.models import F, QuerySet
from strawberry.types import Info

from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import UNSCOPED
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.nested_pages import page_for_parent
from graphql_schema.core.permissions import PermissionDenied, has_permission, permission_required
from graphql_schema.core.relay import Page, from_global_id, paginate, paginate_per_parent
from graphql_schema.orders.filters import (
    CustomerOrderWhereInput,
    OrderFilterInput,
    OrderSortingInput,
    OrderWhereInput,
    filter_arguments,
)
from graphql_schema.orders.loaders import orders_seen
from graphql_schema.orders.types import Order
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.orders import selectors

_WHERE = "Use `where` filter instead."


def _order_by_uuid(info: Info, value: uuid.UUID | None) -> Order | None:
    if value is None:
        return None
    found = selectors.order_get(order_id=value)
    if found is None:
        return None
    orders_seen(info, [found])
    return cast(Order, found)


def _page(
    info: Info,
    queryset: QuerySet[Any],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    name: str,
) -> CountableConnection[Order]:
    page = paginate(queryset, first=first, last=last, after=after, before=before, connection_name=name)
    orders_seen(info, page.nodes)
    return connection(page, queryset.count)


def orders_for_user(
    info: Info,
    user: User,
    *,
    where: CustomerOrderWhereInput | None,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> CountableConnection[Order] | None:
    """``User.orders``: the owner's own placed orders; staff with ``MANAGE_ORDERS`` or ``MANAGE_STAFF``
    see a customer's too (Saleor's rule); anyone else is refused. Users listed together (the buyers
    of a page of orders) are paged in one windowed query."""
    requester = info.context.user
    is_owner = (
        info.context.app is None and getattr(requester, "is_authenticated", False) and requester.pk == user.pk
    )
    if not is_owner and not has_permission(info, PermissionCode.MANAGE_ORDERS, PermissionCode.MANAGE_STAFF):
        raise PermissionDenied((PermissionCode.MANAGE_STAFF, cast(Any, "OWNER")))
    arguments = filter_arguments(None, where)

    def orders_of(user_ids: list[int]) -> QuerySet[Any]:
        return selectors.order_filter(selectors.order_list_for_users(user_ids=user_ids), **arguments)

    def pages_for(user_ids: list[int]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
        pages, totals = paginate_per_parent(
            orders_of(user_ids),
            parent=F("user_id"),
            first=first,
            last=last,
            after=after,
            before=before,
            connection_name="orders",
        )
        orders_seen(info, [order for page in pages.values() for order in page.nodes])
        return pages, totals

    page, count = page_for_parent(
        info,
        kind=User,
        scope=UNSCOPED,
        parent_id=user.pk,
        arguments=("user-orders", repr((where, before, after, first, last))),
        pages_for=pages_for,
        count_one=lambda: orders_of([user.pk]).count(),
        starts_at_beginning=after is None and before is None,
    )
    return connection(page, count)


@strawberry.type
class OrderQueries:
    @strawberry.field(
        description=(
            "Look up an order by ID or external reference. An order's ID is unguessable and is what the "
            "buyer's storefront keeps after checkout: whoever holds it may read the order."
        )
    )
    def order(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="ID of an order.")] = None,
        external_reference: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "External ID of an order. \n\nRequires one of the following permissions: MANAGE_ORDERS."
                )
            ),
        ] = None,
    ) -> Order | None:
        if id is None:
            return None  # Asal orders carry no external reference
        type_name, pk = from_global_id(id)
        if type_name != "Order":
            return None
        return _order_by_uuid(info, selectors.order_id_parse(pk))

    @strawberry.field(
        description="Look up an order by token.",
        deprecation_reason="Field no longer supported",
    )
    def order_by_token(
        self,
        info: Info,
        token: Annotated[uuid.UUID, strawberry.argument(description="The order's token.")],
    ) -> Order | None:
        return _order_by_uuid(info, token)

    @strawberry.field(
        description="List of orders.\n\nRequires one of the following permissions: MANAGE_ORDERS.",
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def orders(
        self,
        info: Info,
        sort_by: Annotated[OrderSortingInput | None, strawberry.argument(description="Sort orders.")] = None,
        filter: Annotated[
            OrderFilterInput | None,
            strawberry.argument(description=deprecated(_WHERE, "Filtering options for orders.")),
        ] = None,
        where: Annotated[
            OrderWhereInput | None, strawberry.argument(description="Where filtering options for orders.")
        ] = None,
        channel: Annotated[
            str | None,
            strawberry.argument(description="Slug of a channel for which the data should be returned."),
        ] = None,
        search: Annotated[str | None, strawberry.argument(description="Search orders.")] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Order] | None:
        queryset = selectors.order_list(
            sort_field=sort_by.field.value if sort_by is not None else "NUMBER",
            descending=sort_by is None or sort_by.direction == OrderDirection.DESC,
        )
        arguments = filter_arguments(filter, where)
        if search:
            arguments["search"] = search
        if channel:
            queryset = queryset.filter(channel__slug=channel)
        queryset = selectors.order_filter(queryset, **arguments)
        return _page(info, queryset, first=first, last=last, after=after, before=before, name="orders")
