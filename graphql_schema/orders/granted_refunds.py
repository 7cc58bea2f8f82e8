"""Saleor's granted refunds: ``Order.grantedRefunds``, ``orderGrantRefundCreate`` (MANAGE_ORDERS) and
``transactionRequestRefundForGrantedRefund`` (HANDLE_PAYMENTS).

The rules live in ``storefront.orders.granted_refunds``; this module decodes IDs, calls it and
shapes Saleor's payloads. A line's problems come back as Saleor does: one error on ``lines``
whose ``lines`` list each line's ``{field code message lineId}``. Asal has no pages, so
``reasonReference`` is not accepted.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.errors import error_code, to_error
from graphql_schema.core.money import Money
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id, node_id
from graphql_schema.orders.enums import (
    OrderGrantedRefundStatusEnum,
    OrderGrantRefundCreateErrorCode,
    OrderGrantRefundCreateLineErrorCode,
    TransactionRequestRefundForGrantedRefundErrorCode,
)
from graphql_schema.orders.loaders import orders_seen
from graphql_schema.orders.types import Order, OrderLine
from storefront.accounts.actor import Actor
from storefront.accounts.permissions import PermissionCode
from storefront.core import money as domain_money
from storefront.orders.error_codes import OrderError as OrderDomainError
from storefront.orders.granted_refunds import GrantLine, granted_refund_create, granted_refund_request
from storefront.orders.models import Order as OrderModel
from storefront.orders.models import OrderGrantedRefund as GrantModel
from storefront.orders.models import OrderGrantedRefundLine as GrantLineModel

if TYPE_CHECKING:
    from graphql_schema.accounts.types import User
    from graphql_schema.payments.types import TransactionEvent, TransactionItem

GrantRoot = strawberry.Parent[GrantModel]
GrantLineRoot = strawberry.Parent[GrantLineModel]


_MANAGE_ORDERS = "\n\nRequires one of the following permissions: MANAGE_ORDERS."
_HANDLE_PAYMENTS = "\n\nRequires one of the following permissions: HANDLE_PAYMENTS."


# --- types -----------------------------------------------------------------------------------------


@strawberry.type(name="OrderGrantedRefundLine", description="Represents granted refund line.")
class OrderGrantedRefundLine:
    id: strawberry.ID = node_id("OrderGrantedRefundLine")

    @strawberry.field(description="Number of items to refund.")
    def quantity(self, root: GrantLineRoot) -> int:
        return root.quantity

    @strawberry.field(description="Line of the order associated with this granted refund.")
    def order_line(self, root: GrantLineRoot) -> OrderLine:
        line = root.order_line
        return cast(OrderLine, ChannelContext(node=line, channel=line.order.channel))

    @strawberry.field(description="Reason for refunding the line.")
    def reason(self, root: GrantLineRoot) -> str | None:
        return root.reason or None


@strawberry.type(name="OrderGrantedRefund", description="The details of granted refund.")
class OrderGrantedRefund:
    id: strawberry.ID = node_id("OrderGrantedRefund")

    @strawberry.field(description="Time of creation.")
    def created_at(self, root: GrantRoot) -> datetime:
        return root.created_at

    @strawberry.field(description="Time of last update.")
    def updated_at(self, root: GrantRoot) -> datetime:
        return root.updated_at

    @strawberry.field(description="Refund amount.")
    def amount(self, root: GrantRoot) -> Money:
        return Money.from_domain(domain_money.Money(root.amount_value, root.currency))

    @strawberry.field(description="Reason of the refund.")
    def reason(self, root: GrantRoot) -> str | None:
        return root.reason or None

    @strawberry.field(description="User who granted the refund.")
    def user(
        self, root: GrantRoot
    ) -> Annotated[User, strawberry.lazy("graphql_schema.accounts.types")] | None:
        return cast("User | None", root.user)

    @strawberry.field(description="If true, the refunded amount includes the shipping price.")
    def shipping_costs_included(self, root: GrantRoot) -> bool:
        return root.shipping_costs_included

    @strawberry.field(description="Lines assigned to the granted refund.")
    def lines(self, root: GrantRoot) -> list[OrderGrantedRefundLine] | None:
        return cast(list[OrderGrantedRefundLine], list(root.lines.all()))

    @strawberry.field(
        description=(
            "Status of the granted refund calculated based on transactionItem assigned to granted refund."
        )
    )
    def status(self, root: GrantRoot) -> OrderGrantedRefundStatusEnum:
        return OrderGrantedRefundStatusEnum(root.status)

    @strawberry.field(description="List of refund events associated with the granted refund.")
    def transaction_events(
        self, root: GrantRoot
    ) -> list[Annotated[TransactionEvent, strawberry.lazy("graphql_schema.payments.types")]] | None:
        return cast("list[TransactionEvent]", getattr(root, "_refund_events", []))

    @strawberry.field(description="The transaction assigned to the granted refund.")
    def transaction(
        self, root: GrantRoot
    ) -> Annotated[TransactionItem, strawberry.lazy("graphql_schema.payments.types")] | None:
        return cast("TransactionItem | None", root.transaction)


# --- inputs, errors, payloads ----------------------------------------------------------------------


@strawberry.input(description="Lines to assign to granted refund.")
class OrderGrantRefundCreateLineInput:
    id: strawberry.ID = strawberry.field(description="The ID of the order line.")
    quantity: int = strawberry.field(description="The quantity of line items to be marked to refund.")
    reason: str | None = strawberry.field(
        default=None, description="Reason of the granted refund for the line."
    )


@strawberry.input(description="Fields required to create a granted refund for the order.")
class OrderGrantRefundCreateInput:
    amount: Decimal | None = strawberry.field(
        default=None,
        description=(
            "Amount of the granted refund. If not provided, the amount will be calculated automatically "
            "based on provided `lines` and `grantRefundForShipping`."
        ),
    )
    reason: str | None = strawberry.field(default=None, description="Reason of the granted refund.")
    lines: list[OrderGrantRefundCreateLineInput] | None = strawberry.field(
        default=None, description="Lines to assign to granted refund."
    )
    grant_refund_for_shipping: bool | None = strawberry.field(
        default=None, description="Determine if granted refund should include shipping costs."
    )
    transaction_id: strawberry.ID = strawberry.field(
        description="The ID of the transaction item related to the granted refund."
    )


@strawberry.type(name="OrderGrantRefundCreateLineError")
class OrderGrantRefundCreateLineError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: OrderGrantRefundCreateLineErrorCode = strawberry.field(description="The error code.")
    line_id: strawberry.ID = strawberry.field(description="The ID of the line related to the error.")


@strawberry.type(name="OrderGrantRefundCreateError")
class OrderGrantRefundCreateError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: OrderGrantRefundCreateErrorCode = strawberry.field(description="The error code.")
    lines: list[OrderGrantRefundCreateLineError] | None = strawberry.field(
        default=None, description="List of lines which cause the error."
    )


@strawberry.type(name="TransactionRequestRefundForGrantedRefundError")
class TransactionRequestRefundForGrantedRefundError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: TransactionRequestRefundForGrantedRefundErrorCode = strawberry.field(description="The error code.")


@strawberry.type(description="Adds granted refund to the order." + _MANAGE_ORDERS)
class OrderGrantRefundCreate:
    order: Order | None = strawberry.field(
        default=None, description="Order which has assigned new grant refund."
    )
    granted_refund: OrderGrantedRefund | None = strawberry.field(
        default=None, description="Created granted refund."
    )
    errors: list[OrderGrantRefundCreateError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="Request a refund for payment transaction based on granted refund." + _HANDLE_PAYMENTS
)
class TransactionRequestRefundForGrantedRefund:
    transaction: Annotated[TransactionItem, strawberry.lazy("graphql_schema.payments.types")] | None = (
        strawberry.field(default=None, description="The transaction.")
    )
    errors: list[TransactionRequestRefundForGrantedRefundError] = strawberry.field(default_factory=list)


def _create_errors(exc: OrderDomainError) -> list[OrderGrantRefundCreateError]:
    """Saleor's shape: a line's problems listed under one ``lines`` error, with the line's ID."""
    errors = []
    for error in exc.errors:
        lines = [
            OrderGrantRefundCreateLineError(
                field=line.field,
                message=line.message,
                code=error_code(OrderGrantRefundCreateLineErrorCode, line.code),
                line_id=strawberry.ID(str(line.details.get("line_id", ""))),
            )
            for line in error.details.get("lines") or ()
        ]
        plain = to_error(
            OrderGrantRefundCreateError, OrderDomainError(error.code, error.message, field=error.field)
        )
        plain.lines = lines or None
        errors.append(plain)
    return errors


def _decode(global_id: str, type_name: str) -> str | None:
    try:
        found, pk = from_global_id(global_id)
    except GraphQLError:
        return None
    return pk if found == type_name else None


def _uuid_of(global_id: str, type_name: str) -> uuid.UUID | None:
    pk = _decode(global_id, type_name)
    try:
        return uuid.UUID(pk) if pk is not None else None
    except ValueError:
        return None


def _transaction_id(value: str | None) -> uuid.UUID | None:
    """A transaction's global ID (``TransactionItem:<token>``) or its bare token."""
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return _uuid_of(value, "TransactionItem")


def _actor(info: Info) -> Actor:
    return Actor.of(user=info.context.user, app=info.context.app)


@strawberry.type
class GrantedRefundMutations:
    @strawberry.mutation(
        description="Adds granted refund to the order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def order_grant_refund_create(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the order.")],
        input: Annotated[
            OrderGrantRefundCreateInput,
            strawberry.argument(description="Fields required to create a granted refund for the order."),
        ],
    ) -> OrderGrantRefundCreate | None:
        order_pk = _uuid_of(id, "Order")
        order = OrderModel.objects.filter(pk=order_pk).first() if order_pk is not None else None
        if order is None:
            return OrderGrantRefundCreate(
                errors=[
                    OrderGrantRefundCreateError(
                        field="id",
                        message=f"Couldn't resolve to an order: {id}",
                        code=OrderGrantRefundCreateErrorCode.NOT_FOUND,
                    )
                ]
            )
        lines = [
            GrantLine(
                reference=str(line.id),
                order_line_id=_uuid_of(line.id, "OrderLine"),
                quantity=line.quantity,
                reason=(line.reason or "").strip(),
            )
            for line in input.lines or ()
        ]
        try:
            grant = granted_refund_create(
                order=order,
                transaction_id=_transaction_id(input.transaction_id),
                lines=lines,
                amount=input.amount,
                reason=(input.reason or "").strip(),
                grant_refund_for_shipping=bool(input.grant_refund_for_shipping),
                actor=_actor(info),
            )
        except OrderDomainError as exc:
            return OrderGrantRefundCreate(errors=_create_errors(exc))
        order.refresh_from_db()
        orders_seen(info, [order])
        return OrderGrantRefundCreate(
            order=cast(Order, order), granted_refund=cast(OrderGrantedRefund, grant)
        )

    @strawberry.mutation(
        description="Request a refund for payment transaction based on granted refund." + _HANDLE_PAYMENTS,
        extensions=[permission_required(PermissionCode.HANDLE_PAYMENTS)],
    )
    def transaction_request_refund_for_granted_refund(
        self,
        info: Info,
        granted_refund_id: Annotated[
            strawberry.ID, strawberry.argument(description="The ID of the granted refund.")
        ],
        id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description=(
                    "The ID of the transaction. One of field id or token is required, if "
                    "`transactionItem` is not already assigned to the `orderGrantedRefund`. If "
                    "`transactionItem` is already assigned to the grantedRefund the field will be ignored."
                )
            ),
        ] = None,
        token: Annotated[
            uuid.UUID | None,
            strawberry.argument(
                description=(
                    "The token of the transaction. One of field id or token is required, if "
                    "`transactionItem` is not already assigned to the `orderGrantedRefund`. If "
                    "`transactionItem` is already assigned to the grantedRefund the field will be ignored."
                )
            ),
        ] = None,
    ) -> TransactionRequestRefundForGrantedRefund | None:
        pk = _decode(granted_refund_id, "OrderGrantedRefund")
        if pk is None or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
            return TransactionRequestRefundForGrantedRefund(
                errors=[
                    TransactionRequestRefundForGrantedRefundError(
                        field="grantedRefundId",
                        message=f"Couldn't resolve to a granted refund: {granted_refund_id}",
                        code=TransactionRequestRefundForGrantedRefundErrorCode.NOT_FOUND,
                    )
                ]
            )
        try:
            grant = granted_refund_request(
                granted_refund_id=int(pk),
                transaction_id=token if token is not None else _transaction_id(id),
                actor=_actor(info),
            )
        except OrderDomainError as exc:
            return TransactionRequestRefundForGrantedRefund(
                errors=[
                    to_error(TransactionRequestRefundForGrantedRefundError, error) for error in exc.errors
                ]
            )
        transaction = grant.transaction
        if transaction is not None:
            transaction.refresh_from_db()
        return TransactionRequestRefundForGrantedRefund(
            transaction=cast("TransactionItem | None", transaction)
        )
