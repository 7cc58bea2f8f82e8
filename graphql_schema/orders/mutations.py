"""``checkoutComplete``: the checkout named by its id (or token) becomes an order.

The resolver finds the checkout as the other checkout mutations do (a signed-in buyer's checkout
is only theirs: ``graphql_schema.checkout.lookup``), calls ``complete_checkout`` once and shapes
Saleor's payload: ``order``, ``confirmationNeeded`` (always false: a payment's extra step, such
as 3-D Secure, happens before, in ``transactionProcess``), ``confirmationData`` and
``errors: [CheckoutError]``. A refusal changes nothing.

A checkout already completed (a second tab, or the payment handler after the payment was
recorded) no longer exists; as in Saleor, the order it became is returned with no error, to a
caller who could have seen the checkout: anyone holding its id for a guest's, only its buyer
(or staff with ``MANAGE_CHECKOUTS``/``MANAGE_ORDERS``) for a signed-in buyer's. To anyone else
it is ``NOT_FOUND``, like a checkout that never was.
"""

from __future__ import annotations

import uuid
from typing import Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_for_mutation
from graphql_schema.checkout.types import CheckoutError
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.metadata import MetadataInput
from graphql_schema.core.permissions import has_permission
from graphql_schema.core.relay import from_global_id
from graphql_schema.core.scalars import JSONString
from graphql_schema.orders.loaders import orders_seen
from graphql_schema.orders.types import Order
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError as CheckoutDomainError
from storefront.checkout.error_codes import CheckoutErrorCode
from storefront.orders.models import Order as OrderModel
from storefront.orders.selectors import order_for_checkout

_ERRORS = "Use `errors` field instead."


def _checkout_token(global_id: str | None, token: uuid.UUID | None) -> uuid.UUID | None:
    if global_id is None:
        return token
    try:
        type_name, pk = from_global_id(global_id)
        return uuid.UUID(pk) if type_name == "Checkout" else None
    except (GraphQLError, ValueError):
        return None


def _completed_order(info: Info, token: uuid.UUID | None) -> OrderModel | None:
    """The order the named checkout already became, if the caller could have seen the checkout."""
    order = order_for_checkout(checkout_token=token) if token is not None else None
    if order is None or order.user_id is None:
        return order
    user = info.context.user
    if getattr(user, "is_authenticated", False) and user.pk == order.user_id:
        return order
    if has_permission(info, PermissionCode.MANAGE_CHECKOUTS) or has_permission(
        info, PermissionCode.MANAGE_ORDERS
    ):
        return order
    return None


@strawberry.type(
    description=(
        "Completes the checkout. As a result a new order is created. The mutation allows to create the "
        "unpaid order when setting `orderSettings.allowUnpaidOrders` for given `Channel` is set to `true`."
    )
)
class CheckoutComplete:
    order: Order | None = strawberry.field(default=None, description="Placed order.")
    confirmation_needed: bool = strawberry.field(
        default=False, description="Set to true if payment needs to be confirmed before checkout is complete."
    )
    confirmation_data: JSONString | None = strawberry.field(
        default=None, description="Confirmation data used to process additional authorization steps."
    )
    errors: list[CheckoutError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def checkout_errors(self) -> list[CheckoutError]:
        return self.errors


@strawberry.type
class OrderMutations:
    @strawberry.mutation(
        description=(
            "Completes the checkout. As a result a new order is created. The mutation allows to create the "
            "unpaid order when setting `orderSettings.allowUnpaidOrders` for given `Channel` is set to "
            "`true`. When it is `false`, checkout can be completed only when payments cover its total."
        )
    )
    @returns_errors(CheckoutComplete, CheckoutError, CheckoutDomainError)
    def checkout_complete(
        self,
        info: Info,
        checkout_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The ID of the checkout. Deprecated: use `id` instead."),
        ] = None,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="The checkout's ID.")] = None,
        metadata: Annotated[
            list[MetadataInput] | None,
            strawberry.argument(
                description=(
                    "Fields required to update the checkout metadata. Can be read by any API client "
                    "authorized to read the object it's attached to.\n\nWarning: never store sensitive "
                    "information, including financial data such as credit card details."
                )
            ),
        ] = None,
        payment_data: Annotated[
            JSONString | None,
            strawberry.argument(description="Client-side generated data required to finalize the payment."),
        ] = None,
        redirect_url: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "URL of a view where users should be redirected to see the order details. URL in RFC "
                    "1808 format."
                )
            ),
        ] = None,
        store_source: Annotated[
            bool | None,
            strawberry.argument(
                description=(
                    "Determines whether to store the payment source for future usage. Deprecated: use "
                    "checkoutPaymentCreate for this action."
                )
            ),
        ] = False,
        token: Annotated[
            uuid.UUID | None,
            strawberry.argument(description="Checkout token. Deprecated: use `id` instead."),
        ] = None,
    ) -> CheckoutComplete | None:
        try:
            checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        except CheckoutDomainError as exc:
            completed = (
                _completed_order(info, _checkout_token(id if id is not None else checkout_id, token))
                if exc.code == CheckoutErrorCode.NOT_FOUND
                else None
            )
            if completed is None:
                raise
            orders_seen(info, [completed])
            return CheckoutComplete(order=cast(Order, completed))
        order = complete_checkout(
            checkout,
            actor=Actor.of(user=info.context.user, app=info.context.app),
            metadata={item.key: item.value for item in metadata or []},
            redirect_url=redirect_url or "",
        )
        orders_seen(info, [order])
        return CheckoutComplete(order=cast(Order, order))
