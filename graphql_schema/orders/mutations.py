"""``checkoutComplete``: the checkout named by its id (or token) becomes an order.

The resolver finds the checkout as the other checkout mutations do (a signed-in buyer's checkout
is only theirs: ``graphql_schema.checkout.lookup``), calls ``complete_checkout`` once and shapes
Saleor's payload: ``order``, ``confirmationNeeded`` (always false until payments need a second
step), ``confirmationData`` and ``errors: [CheckoutError]``. A refusal changes nothing.
"""

from __future__ import annotations

import uuid
from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_for_mutation
from graphql_schema.checkout.types import CheckoutError
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.metadata import MetadataInput
from graphql_schema.core.scalars import JSONString
from graphql_schema.orders.loaders import orders_seen
from graphql_schema.orders.types import Order
from storefront.accounts.actor import Actor
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError as CheckoutDomainError

_ERRORS = "Use `errors` field instead."


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
        checkout = checkout_for_mutation(info, id=id, token=token, checkout_id=checkout_id)
        order = complete_checkout(
            checkout,
            actor=Actor.of(user=info.context.user, app=info.context.app),
            metadata={item.key: item.value for item in metadata or []},
            redirect_url=redirect_url or "",
        )
        orders_seen(info, [order])
        return CheckoutComplete(order=cast(Order, order))
