"""Staff's fulfilment mutations, with Saleor's names and payloads: ``orderFulfill``,
``orderFulfillmentUpdateTracking``, ``orderFulfillmentCancel`` and ``orderFulfillmentReturnProducts``.

Each decodes its IDs, calls one service of ``storefront.orders.fulfilment`` (or ``returns``) and
shapes the payload; every refusal is an ``OrderError`` with Saleor's ``OrderErrorCode`` and changes
nothing. Asal's additions: ``serials`` on a fulfil line (name the certified pieces packed; left
out, the service picks them: first expiry for food, else first received) and on a returned line.
``allowStockToBeExceeded: true`` is refused: Asal never ships what a warehouse does not hold.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.errors import returns_errors, to_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.orders.loaders import fulfillments_seen, orders_seen
from graphql_schema.orders.mutations import OrderError, _actor, _order_find
from graphql_schema.orders.types import Fulfillment, Order
from storefront.accounts.permissions import PermissionCode
from storefront.orders.error_codes import OrderError as OrderDomainError
from storefront.orders.error_codes import OrderErrorCode
from storefront.orders.fulfilment import (
    FulfilLine,
    FulfilStock,
    fulfillment_cancel,
    fulfillment_return_products,
    fulfillment_tracking_update,
    order_fulfill,
)
from storefront.orders.models import Fulfillment as FulfillmentModel
from storefront.orders.returns import ReturnLine, ReturnOrderLine

if TYPE_CHECKING:  # the scalar lives with payments, whose API imports this package's types
    from graphql_schema.payments.scalars import PositiveDecimal

_ERRORS = "Use `errors` field instead."
_MANAGE_ORDERS = "\n\nRequires one of the following permissions: MANAGE_ORDERS."
_SERIALS = (
    "Asal: the serials of the certified pieces packed for this line, one per piece, each in the lot of "
    "one of the warehouses named in `stocks`. Left out, the service packs its suggestion (see "
    "`OrderLine.suggestedSerials`): the line's own piece for a one-of-a-kind line, else first expiry "
    "for food and first received otherwise. Ignored for stock without certified pieces (naming serials "
    "there is an error)."
)


# --- inputs ----------------------------------------------------------------------------------------


@strawberry.input(description="Stock from which the line is fulfilled.")
class OrderFulfillStockInput:
    quantity: int = strawberry.field(
        description="The number of line items to be fulfilled from given warehouse."
    )
    warehouse: strawberry.ID = strawberry.field(
        description="ID of the warehouse from which the item will be fulfilled."
    )


@strawberry.input(description="A line of the order to fulfil.")
class OrderFulfillLineInput:
    order_line_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the order line."
    )
    stocks: list[OrderFulfillStockInput] = strawberry.field(description="List of stock items to create.")
    serials: list[str] | None = strawberry.field(default=None, description=_SERIALS)


@strawberry.input(description="Fields required to create a fulfillment.")
class OrderFulfillInput:
    lines: list[OrderFulfillLineInput] = strawberry.field(
        description="List of items informing how to fulfill the order."
    )
    notify_customer: bool | None = strawberry.field(
        default=None, description="If true, send an email notification to the customer (the default)."
    )
    allow_stock_to_be_exceeded: bool | None = strawberry.field(
        default=False,
        description="If true, then allow proceed fulfillment when stock is exceeded. Asal refuses true.",
    )
    tracking_number: str | None = strawberry.field(default=None, description="Fulfillment tracking number.")


@strawberry.input(description="Fields required to update a fulfillment's tracking number.")
class FulfillmentUpdateTrackingInput:
    tracking_number: str | None = strawberry.field(default=None, description="Fulfillment tracking number.")
    notify_customer: bool | None = strawberry.field(
        default=False, description="If true, send an email notification to the customer."
    )


@strawberry.input(description="Fields required to cancel a fulfillment.")
class FulfillmentCancelInput:
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "ID of a warehouse where items will be restocked. Asal: optional; left out, each line goes "
            "back to the warehouse it was packed from (a certified piece always goes back to its lot's)."
        ),
    )


@strawberry.input(description="Fields required to return an unfulfilled line.")
class OrderReturnLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="The ID of the order line to return.")
    quantity: int = strawberry.field(description="The number of items to be returned.")
    replace: bool | None = strawberry.field(
        default=False, description="Determines, if the line should be added to replace order."
    )


@strawberry.input(description="A fulfillment line to return.")
class OrderReturnFulfillmentLineInput:
    fulfillment_line_id: strawberry.ID = strawberry.field(
        description="The ID of the fulfillment line to return."
    )
    quantity: int = strawberry.field(description="The number of items to be returned.")
    replace: bool | None = strawberry.field(
        default=False, description="Determines, if the line should be added to replace order."
    )
    reason: str | None = strawberry.field(
        default=None, description="Reason for returning this fulfillment line."
    )
    serials: list[str] | None = strawberry.field(
        default=None,
        description=(
            "Asal: the serials of the certified pieces coming back, one per piece; left out, the packed "
            "pieces are taken in serial order."
        ),
    )


@strawberry.input(description="Fields required to return products.")
class OrderReturnProductsInput:
    order_lines: list[OrderReturnLineInput] | None = strawberry.field(
        default=None,
        description=(
            "List of unfulfilled lines to return. Asal: they are taken off what is left to ship and "
            "their stock allocations released."
        ),
    )
    fulfillment_lines: list[OrderReturnFulfillmentLineInput] | None = strawberry.field(
        default=None, description="List of fulfilled lines to return."
    )
    amount_to_refund: (
        Annotated[PositiveDecimal, strawberry.lazy("graphql_schema.payments.scalars")] | None
    ) = strawberry.field(
        default=None, description="The total amount of refund when the value is provided manually."
    )
    include_shipping_costs: bool | None = strawberry.field(
        default=False,
        description=(
            "If true, Saleor will refund shipping costs. If amountToRefund is provided"
            "includeShippingCosts will be ignored."
        ),
    )
    refund: bool | None = strawberry.field(
        default=False, description="If true, Saleor will call refund action for all lines."
    )
    reason: str | None = strawberry.field(default=None, description="Reason for returning this order.")


# --- payloads --------------------------------------------------------------------------------------


@strawberry.type(description="Creates new fulfillments for an order.")
class OrderFulfill:
    fulfillments: list[Fulfillment] | None = strawberry.field(
        default=None, description="List of created fulfillments."
    )
    order: Order | None = strawberry.field(default=None, description="Fulfilled order.")
    errors: list[OrderError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def order_errors(self) -> list[OrderError]:
        return self.errors


@strawberry.type(description="Updates a fulfillment for an order.")
class FulfillmentUpdateTracking:
    fulfillment: Fulfillment | None = strawberry.field(
        default=None, description="A fulfillment with updated tracking."
    )
    order: Order | None = strawberry.field(
        default=None, description="Order for which fulfillment was updated."
    )
    errors: list[OrderError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def order_errors(self) -> list[OrderError]:
        return self.errors


@strawberry.type(description="Cancels existing fulfillment and optionally restocks items.")
class FulfillmentCancel:
    fulfillment: Fulfillment | None = strawberry.field(default=None, description="A canceled fulfillment.")
    order: Order | None = strawberry.field(default=None, description="Order which fulfillment was cancelled.")
    errors: list[OrderError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def order_errors(self) -> list[OrderError]:
        return self.errors


@strawberry.type(description="Return products.")
class FulfillmentReturnProducts:
    return_fulfillment: Fulfillment | None = strawberry.field(
        default=None, description="A return fulfillment."
    )
    replace_fulfillment: Fulfillment | None = strawberry.field(
        default=None, description="A replace fulfillment. Asal makes none."
    )
    order: Order | None = strawberry.field(default=None, description="Order which fulfillment was returned.")
    replace_order: Order | None = strawberry.field(
        default=None,
        description="A draft order which was created for products with replace flag. Asal makes none.",
    )
    errors: list[OrderError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_ERRORS)
    def order_errors(self) -> list[OrderError]:
        return self.errors


# --- decoding --------------------------------------------------------------------------------------


def _pk(global_id: str, type_name: str, field: str) -> str:
    try:
        found, pk = from_global_id(global_id)
    except GraphQLError:
        found, pk = "", ""
    if found != type_name:
        raise OrderDomainError(
            OrderErrorCode.GRAPHQL_ERROR, f"Couldn't resolve id: {global_id}.", field=field
        )
    return pk


def _uuid(global_id: str, type_name: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(_pk(global_id, type_name, field))
    except ValueError:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}.", field=field
        ) from None


def _int(global_id: str, type_name: str, field: str) -> int:
    pk = _pk(global_id, type_name, field)
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}.", field=field
        )
    return int(pk)


def _fulfillment_find(global_id: str) -> FulfillmentModel:
    found = FulfillmentModel.objects.filter(pk=_uuid(global_id, "Fulfillment", "id")).first()
    if found is None:
        raise OrderDomainError(
            OrderErrorCode.NOT_FOUND, f"Couldn't resolve to a fulfillment: {global_id}", field="id"
        )
    return found


def _fulfil_lines(lines: list[OrderFulfillLineInput]) -> list[FulfilLine]:
    decoded = []
    for line in lines:
        if line.order_line_id is None:
            raise OrderDomainError(OrderErrorCode.REQUIRED, "Name the order line.", field="order_line_id")
        decoded.append(
            FulfilLine(
                order_line_id=_uuid(line.order_line_id, "OrderLine", "order_line_id"),
                stocks=tuple(
                    FulfilStock(
                        warehouse_id=_int(stock.warehouse, "Warehouse", "warehouse"), quantity=stock.quantity
                    )
                    for stock in line.stocks
                ),
                serials=tuple(serial.strip() for serial in line.serials or ()),
            )
        )
    return decoded


@strawberry.type
class FulfilmentMutations:
    @strawberry.mutation(
        description="Creates new fulfillments for an order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(OrderFulfill, OrderError, OrderDomainError)
    def order_fulfill(
        self,
        info: Info,
        input: Annotated[
            OrderFulfillInput, strawberry.argument(description="Fields required to create a fulfillment.")
        ],
        order: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of the order to be fulfilled.")
        ] = None,
    ) -> OrderFulfill | None:
        if order is None:
            raise OrderDomainError(OrderErrorCode.REQUIRED, "Name the order to fulfil.", field="order")
        if input.allow_stock_to_be_exceeded:
            raise OrderDomainError(
                OrderErrorCode.INVALID,
                "Asal never ships more than a warehouse holds.",
                field="allow_stock_to_be_exceeded",
            )
        found = _order_find(order, "order")
        fulfillments = order_fulfill(
            order=found,
            lines=_fulfil_lines(input.lines),
            actor=_actor(info),
            tracking_number=input.tracking_number or "",
            notify_customer=input.notify_customer is not False,
        )
        found.refresh_from_db()
        orders_seen(info, [found])
        fulfillments_seen(info, fulfillments)
        return OrderFulfill(fulfillments=cast(list[Fulfillment], fulfillments), order=cast(Order, found))

    @strawberry.mutation(
        description="Updates a fulfillment for an order." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(FulfillmentUpdateTracking, OrderError, OrderDomainError)
    def order_fulfillment_update_tracking(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a fulfillment to update.")],
        input: Annotated[
            FulfillmentUpdateTrackingInput,
            strawberry.argument(description="Fields required to update a fulfillment."),
        ],
    ) -> FulfillmentUpdateTracking | None:
        fulfillment = fulfillment_tracking_update(
            fulfillment=_fulfillment_find(id),
            tracking_number=input.tracking_number or "",
            notify_customer=bool(input.notify_customer),
            actor=_actor(info),
        )
        order = fulfillment.order
        orders_seen(info, [order])
        fulfillments_seen(info, [fulfillment])
        return FulfillmentUpdateTracking(fulfillment=cast(Fulfillment, fulfillment), order=cast(Order, order))

    @strawberry.mutation(
        description="Cancels existing fulfillment and optionally restocks items." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(FulfillmentCancel, OrderError, OrderDomainError)
    def order_fulfillment_cancel(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a fulfillment to cancel.")],
        input: Annotated[
            FulfillmentCancelInput | None,
            strawberry.argument(description="Fields required to cancel a fulfillment."),
        ] = None,
    ) -> FulfillmentCancel | None:
        warehouse_id = (
            _int(input.warehouse_id, "Warehouse", "warehouse_id")
            if input is not None and input.warehouse_id is not None
            else None
        )
        fulfillment = fulfillment_cancel(
            fulfillment=_fulfillment_find(id), warehouse_id=warehouse_id, actor=_actor(info)
        )
        order = fulfillment.order
        order.refresh_from_db()
        orders_seen(info, [order])
        fulfillments_seen(info, [fulfillment])
        return FulfillmentCancel(fulfillment=cast(Fulfillment, fulfillment), order=cast(Order, order))

    @strawberry.mutation(
        description="Return products." + _MANAGE_ORDERS,
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    @returns_errors(FulfillmentReturnProducts, OrderError, OrderDomainError)
    def order_fulfillment_return_products(
        self,
        info: Info,
        input: Annotated[
            OrderReturnProductsInput, strawberry.argument(description="Fields required to return products.")
        ],
        order: Annotated[strawberry.ID, strawberry.argument(description="ID of the order to be returned.")],
    ) -> FulfillmentReturnProducts | None:
        if any(line.replace for line in [*(input.fulfillment_lines or ()), *(input.order_lines or ())]):
            raise OrderDomainError(
                OrderErrorCode.INVALID,
                "Asal makes no replacement orders: return the pieces, then place a new order.",
                field="replace",
            )
        found = _order_find(order, "order")
        lines = [
            ReturnLine(
                _int(line.fulfillment_line_id, "FulfillmentLine", "fulfillment_line_id"),
                line.quantity,
                tuple(serial.strip() for serial in line.serials or ()),
                (line.reason or "").strip(),
            )
            for line in input.fulfillment_lines or ()
        ]
        unshipped = [
            ReturnOrderLine(_uuid(line.order_line_id, "OrderLine", "order_line_id"), line.quantity)
            for line in input.order_lines or ()
        ]
        amount = Decimal(input.amount_to_refund) if input.amount_to_refund is not None else None
        outcome = fulfillment_return_products(
            order=found,
            lines=lines,
            refund=bool(input.refund),
            amount_to_refund=amount,
            actor=_actor(info),
            include_shipping_costs=bool(input.include_shipping_costs),
            order_lines=unshipped,
            reason=(input.reason or "").strip(),
        )
        orders_seen(info, [outcome.order])
        fulfillments_seen(info, [outcome.fulfillment])
        # The goods are back either way; a refund the gateway refused is reported beside them.
        errors = to_errors(OrderError, outcome.refund_error) if outcome.refund_error is not None else []
        return FulfillmentReturnProducts(
            return_fulfillment=cast(Fulfillment, outcome.fulfillment),
            order=cast(Order, outcome.order),
            errors=cast(list[OrderError], errors),
        )
