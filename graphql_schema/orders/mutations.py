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
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_for_mutation
from graphql_schema.checkout.types import CheckoutError
from graphql_schema.core.address import AddressTypeEnum
from graphql_schema.core.errors import graphql_enum, returns_errors
from graphql_schema.core.metadata import MetadataInput
from graphql_schema.core.permissions import has_permission, permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.core.scalars import JSONString
from graphql_schema.orders.loaders import orders_seen
from graphql_schema.orders.types import Order, OrderEvent
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError as CheckoutDomainError
from storefront.checkout.error_codes import CheckoutErrorCode
from storefront.orders import error_codes
from storefront.orders.cancel import order_cancel
from storefront.orders.error_codes import OrderError as OrderDomainError
from storefront.orders.error_codes import OrderErrorCode
from storefront.orders.models import Order as OrderModel
from storefront.orders.models import OrderEvent as OrderEventModel
from storefront.orders.notes import order_note_add, order_note_update
from storefront.orders.selectors import order_for_checkout

_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't associated "
    "with a particular field."
)

if TYPE_CHECKING:  # mypy sees plain strings; the schema sees Saleor's enums
    OrderErrorCodeEnum = str
    OrderNoteAddErrorCodeEnum = str
    OrderNoteUpdateErrorCodeEnum = str
else:
    OrderErrorCodeEnum = graphql_enum(error_codes.OrderErrorCode, name="OrderErrorCode")
    OrderNoteAddErrorCodeEnum = graphql_enum(error_codes.OrderNoteAddErrorCode, name="OrderNoteAddErrorCode")
    OrderNoteUpdateErrorCodeEnum = graphql_enum(
        error_codes.OrderNoteUpdateErrorCode, name="OrderNoteUpdateErrorCode"
    )


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


# --- staff's order mutations: cancel and notes (storefront/orders/cancel.py, notes.py) ----------


@strawberry.type(description="Represents errors in order mutations.")
class OrderError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: OrderErrorCodeEnum = strawberry.field(description="The error code.")
    warehouse: strawberry.ID | None = strawberry.field(
        default=None, description="Warehouse ID which causes the error."
    )
    order_lines: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of order line IDs that cause the error."
    )
    variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of product variants that are associated with the error"
    )
    address_type: AddressTypeEnum | None = strawberry.field(
        default=None, description="A type of address that causes the error."
    )


@strawberry.type(description="Represents errors in adding a note to an order.")
class OrderNoteAddError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: OrderNoteAddErrorCodeEnum | None = strawberry.field(default=None, description="The error code.")


@strawberry.type(description="Represents errors in updating a note of an order.")
class OrderNoteUpdateError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: OrderNoteUpdateErrorCodeEnum | None = strawberry.field(default=None, description="The error code.")


@strawberry.input(description="Fields required to create a note for the order.")
class OrderNoteInput:
    message: str = strawberry.field(description="Note message.")


@strawberry.type(description="Cancel an order.")
class OrderCancel:
    order: Order | None = strawberry.field(default=None, description="Canceled order.")
    errors: list[OrderError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def order_errors(self) -> list[OrderError]:
        return self.errors


@strawberry.type(description="Adds note to the order.")
class OrderNoteAdd:
    order: Order | None = strawberry.field(default=None, description="Order with the note added.")
    event: OrderEvent | None = strawberry.field(default=None, description="Order note created.")
    errors: list[OrderNoteAddError] = strawberry.field(default_factory=list)


@strawberry.type(description="Updates note of an order.")
class OrderNoteUpdate:
    order: Order | None = strawberry.field(default=None, description="Order with the note updated.")
    event: OrderEvent | None = strawberry.field(default=None, description="Order note updated.")
    errors: list[OrderNoteUpdateError] = strawberry.field(default_factory=list)


def _pk_of(global_id: str, type_name: str, field: str) -> str:
    """The primary key in ``global_id``, a payload error if it is not an id of ``type_name``."""
    try:
        found, pk = from_global_id(global_id)
    except GraphQLError:
        found, pk = "", ""
    if found != type_name:
        raise OrderDomainError(
            OrderErrorCode.GRAPHQL_ERROR, f"Couldn't resolve id: {global_id}.", field=field
        )
    return pk


def _order_find(global_id: str, field: str) -> OrderModel:
    pk = _pk_of(global_id, "Order", field)
    try:
        order = OrderModel.objects.filter(pk=uuid.UUID(pk)).first()
    except ValueError:
        order = None
    if order is None:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to an order: {global_id}", field=field
        )
    return order


def _note_find(global_id: str) -> OrderEventModel:
    pk = _pk_of(global_id, "OrderEvent", "note")
    note = (
        OrderEventModel.objects.select_related("order").filter(pk=int(pk)).first() if pk.isdigit() else None
    )
    if note is None:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to a note: {global_id}", field="note"
        )
    return note


def _actor(info: Info) -> Actor:
    return Actor.of(user=info.context.user, app=info.context.app)


_MANAGE_ORDERS = "\n\nRequires one of the following permissions: MANAGE_ORDERS."


@strawberry.type
class OrderStaffMutations:
    @strawberry.mutation(
        description="Cancel an order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(OrderCancel, OrderError, OrderDomainError)
    def order_cancel(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the order to cancel.")],
    ) -> OrderCancel | None:
        order = order_cancel(order=_order_find(id, "id"), actor=_actor(info))
        orders_seen(info, [order])
        return OrderCancel(order=cast(Order, order))

    @strawberry.mutation(
        description="Adds note to the order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(OrderNoteAdd, OrderNoteAddError, OrderDomainError)
    def order_note_add(
        self,
        info: Info,
        order: Annotated[
            strawberry.ID, strawberry.argument(description="ID of the order to add a note for.")
        ],
        input: Annotated[
            OrderNoteInput, strawberry.argument(description="Fields required to create a note for the order.")
        ],
    ) -> OrderNoteAdd | None:
        found = _order_find(order, "order")
        event = order_note_add(order=found, message=input.message, actor=_actor(info))
        orders_seen(info, [found])
        return OrderNoteAdd(order=cast(Order, found), event=cast(OrderEvent, event))

    @strawberry.mutation(
        description="Updates note of an order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(OrderNoteUpdate, OrderNoteUpdateError, OrderDomainError)
    def order_note_update(
        self,
        info: Info,
        note: Annotated[strawberry.ID, strawberry.argument(description="ID of the note.")],
        input: Annotated[
            OrderNoteInput, strawberry.argument(description="Fields required to create a note for the order.")
        ],
    ) -> OrderNoteUpdate | None:
        found = _note_find(note)
        event = order_note_update(note=found, message=input.message, actor=_actor(info))
        orders_seen(info, [found.order])
        return OrderNoteUpdate(order=cast(Order, found.order), event=cast(OrderEvent, event))


@strawberry.type
class OrderMutations(OrderStaffMutations):
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
