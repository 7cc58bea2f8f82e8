"""Saleor's Transaction API types: ``TransactionItem``, ``TransactionEvent``, the gateways' configs,
the enums and the error types of the payment mutations.

Root values are the payments models themselves (``payments.models.Transaction`` and
``TransactionEvent``). A transaction's events, order and checkout load for every transaction of
the response at once (``graphql_schema.payments.loaders``).

Who sees a transaction: whoever reached it. A buyer reaches one only through a mutation on a
checkout or order they hold (``transactionInitialize``, ``transactionProcess``); lists of them
(``Checkout.transactions``, ``Order.transactions``) are staff's, as in Saleor. Its ``checkout``
is shown only to whoever may see that checkout (a buyer's checkout only to its owner).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.money import Money
from graphql_schema.core.relay import Node, model_type_check, node_id
from graphql_schema.payments import loaders
from payments.contract import FlowStrategy, TransactionEventType
from payments.error_codes import (
    PaymentGatewayInitializeErrorCode,
    TransactionInitializeErrorCode,
    TransactionProcessErrorCode,
    TransactionRequestActionErrorCode,
)
from payments.models import Transaction as TransactionModel
from payments.models import TransactionEvent as TransactionEventModel
from payments.services import ActionType
from storefront.core.money import Money as DomainMoney

if TYPE_CHECKING:  # mypy sees plain strings; the schema sees Saleor's enums
    from graphql_schema.checkout.types import Checkout
    from graphql_schema.orders.types import Order

    TransactionEventTypeEnum = TransactionEventType
    TransactionActionEnum = ActionType
    TransactionFlowStrategyEnum = FlowStrategy
    TransactionInitializeErrorCodeEnum = str
    TransactionProcessErrorCodeEnum = str
    TransactionRequestActionErrorCodeEnum = str
    PaymentGatewayInitializeErrorCodeEnum = str
else:
    TransactionEventTypeEnum = graphql_enum(
        TransactionEventType,
        name="TransactionEventTypeEnum",
        description="What a payment gateway (or staff) reported about a transaction.",
    )
    TransactionActionEnum = graphql_enum(
        ActionType,
        name="TransactionActionEnum",
        description="What can be done to a transaction: charge (capture), refund or cancel.",
    )
    TransactionFlowStrategyEnum = graphql_enum(
        FlowStrategy,
        name="TransactionFlowStrategyEnum",
        description="Authorise the payment only (capture later), or charge it at once.",
    )
    TransactionInitializeErrorCodeEnum = graphql_enum(
        TransactionInitializeErrorCode, name="TransactionInitializeErrorCode"
    )
    TransactionProcessErrorCodeEnum = graphql_enum(
        TransactionProcessErrorCode, name="TransactionProcessErrorCode"
    )
    TransactionRequestActionErrorCodeEnum = graphql_enum(
        TransactionRequestActionErrorCode, name="TransactionRequestActionErrorCode"
    )
    PaymentGatewayInitializeErrorCodeEnum = graphql_enum(
        PaymentGatewayInitializeErrorCode, name="PaymentGatewayInitializeErrorCode"
    )

CheckoutType = Annotated["Checkout", strawberry.lazy("graphql_schema.checkout.types")]
OrderType = Annotated["Order", strawberry.lazy("graphql_schema.orders.types")]
TransactionRoot = strawberry.Parent[TransactionModel]
EventRoot = strawberry.Parent[TransactionEventModel]

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't associated "
    "with a particular field."
)


@strawberry.enum(name="PaymentGatewayConfigErrorCode")
class PaymentGatewayConfigErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"


@strawberry.type
class PaymentGatewayInitializeError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PaymentGatewayInitializeErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type
class PaymentGatewayConfigError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: PaymentGatewayConfigErrorCode = strawberry.field(description="The error code.")


@strawberry.type
class TransactionInitializeError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: TransactionInitializeErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type
class TransactionProcessError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: TransactionProcessErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type
class TransactionRequestActionError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: TransactionRequestActionErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type
class PaymentGatewayConfig:
    id: str = strawberry.field(description="The payment gateway's identifier.")
    data: JSON | None = strawberry.field(
        default=None, description="What the browser needs to start paying with this gateway."
    )
    errors: list[PaymentGatewayConfigError] | None = strawberry.field(default=None)


def _money(row: TransactionModel | TransactionEventModel, amount: Decimal) -> Money:
    return Money.from_domain(DomainMoney(amount, row.currency))


def transaction_actions(row: TransactionModel) -> list[ActionType]:
    """What staff can do now: capture or cancel what is authorised, refund what is charged."""
    actions = []
    if row.authorized_amount > 0:
        actions.append(ActionType.CHARGE)
    if row.charged_amount > 0:
        actions.append(ActionType.REFUND)
    if row.authorized_amount > 0:
        actions.append(ActionType.CANCEL)
    return actions


@strawberry.type(description="Something a payment gateway (or staff) reported about a transaction.")
class TransactionEvent(Node):
    is_type_of = model_type_check(TransactionEventModel)
    id: strawberry.ID = node_id("TransactionEvent")

    @strawberry.field(description="Date and time at which the event was recorded.")
    def created_at(self, root: EventRoot) -> datetime:
        return root.created_at

    @strawberry.field(description="The payment gateway's reference of what the event reports.")
    def psp_reference(self, root: EventRoot) -> str:
        return root.psp_reference

    @strawberry.field(description="The gateway's message about the event.")
    def message(self, root: EventRoot) -> str:
        return root.message

    @strawberry.field(description="A link to the event on the payment gateway's dashboard.")
    def external_url(self, root: EventRoot) -> str:
        return root.external_url

    @strawberry.field(description="The amount the event concerns.")
    def amount(self, root: EventRoot) -> Money:
        return _money(root, root.amount_value)

    @strawberry.field(description="What happened.")
    def type(self, root: EventRoot) -> TransactionEventTypeEnum | None:
        return cast(TransactionEventTypeEnum, TransactionEventTypeEnum(root.type))


@strawberry.type(description="One payment at one payment gateway, and what happened to it.")
class TransactionItem(Node, ObjectWithMetadata):
    is_type_of = model_type_check(TransactionModel)
    id: strawberry.ID = node_id("TransactionItem")

    @strawberry.field(description="The transaction's token.")
    def token(self, root: TransactionRoot) -> uuid.UUID:
        return root.pk

    @strawberry.field(description="Date and time at which the transaction was created.")
    def created_at(self, root: TransactionRoot) -> datetime:
        return root.created_at

    @strawberry.field(description="Date and time at which the transaction was last modified.")
    def modified_at(self, root: TransactionRoot) -> datetime:
        return root.modified_at

    @strawberry.field(description="What can be done to the transaction now.")
    def actions(self, root: TransactionRoot) -> list[TransactionActionEnum]:
        return [
            cast(TransactionActionEnum, TransactionActionEnum(a.value)) for a in transaction_actions(root)
        ]

    @strawberry.field(description="Amount authorised and not yet charged or canceled.")
    def authorized_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.authorized_amount)

    @strawberry.field(description="Amount of the authorisations still waiting for their outcome.")
    def authorize_pending_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.authorize_pending_amount)

    @strawberry.field(description="Amount refunded.")
    def refunded_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.refunded_amount)

    @strawberry.field(description="Amount of the refunds still waiting for their outcome.")
    def refund_pending_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.refund_pending_amount)

    @strawberry.field(description="Amount canceled.")
    def canceled_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.canceled_amount)

    @strawberry.field(description="Amount of the cancelations still waiting for their outcome.")
    def cancel_pending_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.cancel_pending_amount)

    @strawberry.field(description="Amount charged (less what was refunded or charged back).")
    def charged_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.charged_amount)

    @strawberry.field(description="Amount of the charges still waiting for their outcome.")
    def charge_pending_amount(self, root: TransactionRoot) -> Money:
        return _money(root, root.charge_pending_amount)

    @strawberry.field(description="Name of the transaction: the payment gateway's.")
    def name(self, root: TransactionRoot) -> str:
        return root.name

    @strawberry.field(description="The payment gateway's reference of the payment.")
    def psp_reference(self, root: TransactionRoot) -> str:
        return root.psp_reference

    @strawberry.field(description="The order the transaction pays.")
    def order(self, info: Info, root: TransactionRoot) -> OrderType | None:
        if root.order_id is None:
            return None
        return cast("Order | None", loaders.ORDERS.load(info, root.order_id))

    @strawberry.field(
        description=(
            "The checkout the transaction was started for, while it is not yet an order (null to "
            "callers who may not see the checkout)."
        )
    )
    def checkout(self, info: Info, root: TransactionRoot) -> CheckoutType | None:
        if root.checkout_token is None:
            return None
        return cast("Checkout | None", loaders.visible_checkout(info, root.checkout_token))

    @strawberry.field(description="Every event of the transaction, oldest first.")
    def events(self, info: Info, root: TransactionRoot) -> list[TransactionEvent]:
        return cast(list[TransactionEvent], loaders.EVENTS.load(info, root.pk))
