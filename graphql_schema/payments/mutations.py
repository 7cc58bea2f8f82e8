"""Saleor's Transaction API mutations, as Saleor's storefront drives them.

``paymentGatewayInitialize`` answers each gateway's browser config; ``transactionInitialize``
starts a payment for a checkout (or an order) and ``transactionProcess`` records what the
browser did; staff capture, refund or cancel with ``transactionRequestAction``. Each resolver
checks its arguments (``inputs``), calls one service of ``payments.services`` and shapes the
payload; a ``PaymentError`` becomes the payload's ``errors``. None of them opens a database
transaction: the services commit the transaction row before calling the gateway and record its
answer in a short transaction of their own, so no lock is held while a gateway is called.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.payments import inputs
from graphql_schema.payments.inputs import PaymentGatewayToInitialize
from graphql_schema.payments.loaders import transactions_seen
from graphql_schema.payments.scalars import PositiveDecimal
from graphql_schema.payments.types import (
    PaymentGatewayConfig,
    PaymentGatewayConfigError,
    PaymentGatewayConfigErrorCode,
    PaymentGatewayInitializeError,
    TransactionActionEnum,
    TransactionEvent,
    TransactionFlowStrategyEnum,
    TransactionInitializeError,
    TransactionItem,
    TransactionProcessError,
    TransactionRequestActionError,
)
from payments import services
from payments.contract import FlowStrategy
from payments.error_codes import PaymentError, TransactionInitializeErrorCode, TransactionProcessErrorCode
from payments.services import ActionType, TransactionOutcome
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import checkout_completion_in_progress
from storefront.orders.payment_state import order_transaction_action_requested

_AMOUNT = (
    "The amount to pay. If not given, what is left to pay: the checkout's (or order's) total less what "
    "its transactions already authorised or charged."
)
_ID = "The ID of the checkout or order."
_IP = (
    "The customer's IP address (IPv4 or IPv6). For apps and staff holding HANDLE_PAYMENTS only; the "
    "gateways Asal has do not use it yet."
)
_TRANSACTION_ID = "The ID of the transaction. One of field id or token is required."
_TRANSACTION_TOKEN = "The token of the transaction. One of field id or token is required."


@strawberry.type(description="The payment gateways' configurations for a checkout or order.")
class PaymentGatewayInitialize:
    gateway_configs: list[PaymentGatewayConfig] | None = strawberry.field(
        default=None, description="One configuration per payment gateway asked for."
    )
    errors: list[PaymentGatewayInitializeError] = strawberry.field(default_factory=list)


@strawberry.type(description="A payment started at a payment gateway.")
class TransactionInitialize:
    transaction: TransactionItem | None = strawberry.field(default=None, description="The transaction.")
    transaction_event: TransactionEvent | None = strawberry.field(
        default=None, description="The event the gateway reported for this call."
    )
    data: JSON | None = strawberry.field(
        default=None, description="What the browser needs to finish the payment (the gateway's own shape)."
    )
    errors: list[TransactionInitializeError] = strawberry.field(default_factory=list)


@strawberry.type(description="What the browser did for a payment, recorded.")
class TransactionProcess:
    transaction: TransactionItem | None = strawberry.field(default=None, description="The transaction.")
    transaction_event: TransactionEvent | None = strawberry.field(
        default=None, description="The event the gateway reported for this call."
    )
    data: JSON | None = strawberry.field(
        default=None, description="What the browser needs next (the gateway's own shape)."
    )
    errors: list[TransactionProcessError] = strawberry.field(default_factory=list)


@strawberry.type(
    description=(
        "A capture, refund or cancelation of a transaction, asked of its payment gateway.\n\n"
        "Requires one of the following permissions: HANDLE_PAYMENTS."
    )
)
class TransactionRequestAction:
    transaction: TransactionItem | None = strawberry.field(default=None, description="The transaction.")
    errors: list[TransactionRequestActionError] = strawberry.field(default_factory=list)


def _outcome_parts(info: Info, outcome: TransactionOutcome) -> dict[str, Any]:
    transactions_seen(info, [outcome.transaction])
    return {
        "transaction": cast(TransactionItem, outcome.transaction),
        "transaction_event": cast(TransactionEvent | None, outcome.event),
        "data": dict(outcome.data) if outcome.data else None,
    }


def _completion_not_in_progress(
    token: uuid.UUID | None, codes: type[TransactionInitializeErrorCode] | type[TransactionProcessErrorCode]
) -> None:
    """Saleor's ``CHECKOUT_COMPLETION_IN_PROGRESS``: no payment starts for a cart that another
    request is turning into an order right now (its row is locked)."""
    if token is not None and checkout_completion_in_progress(token):
        raise PaymentError(
            codes.CHECKOUT_COMPLETION_IN_PROGRESS,
            "The checkout is being completed right now; try again in a moment.",
            field="id",
        )


def _caller_label(info: Info) -> str:
    """Who asked, as a transaction event records it."""
    app = info.context.app
    if app is not None:
        return f"app:{app.name}"[:255]
    user = info.context.user
    return f"user:{getattr(user, 'email', '')}"[:255]


@strawberry.type
class PaymentMutations:
    @strawberry.mutation(
        description=(
            "The configuration each payment gateway's browser code needs to start paying for a checkout "
            "or order: the gateways asked for, or every gateway available for it."
        )
    )
    @returns_errors(PaymentGatewayInitialize, PaymentGatewayInitializeError, PaymentError)
    def payment_gateway_initialize(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        amount: Annotated[PositiveDecimal | None, strawberry.argument(description=_AMOUNT)] = None,
        payment_gateways: Annotated[
            list[PaymentGatewayToInitialize] | None,
            strawberry.argument(description="The payment gateways to initialise."),
        ] = None,
    ) -> PaymentGatewayInitialize | None:
        owner = inputs.owner_find(info, id)
        currency = owner.total.currency
        inputs.amount_of(amount, currency)
        available = {gateway.id: gateway for gateway in services.gateways_for(owner)}
        wanted = [each.id for each in payment_gateways] if payment_gateways is not None else list(available)
        configs = []
        for gateway_id in wanted:
            gateway = available.get(gateway_id)
            if gateway is None:
                error = PaymentGatewayConfigError(
                    field="id",
                    message="This payment gateway is not available for this checkout.",
                    code=PaymentGatewayConfigErrorCode.NOT_FOUND,
                )
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[error]))
                continue
            try:
                config = gateway.config(currency)
            except PaymentError as exc:
                error = PaymentGatewayConfigError(
                    field=None, message=exc.message, code=PaymentGatewayConfigErrorCode.INVALID
                )
                configs.append(PaymentGatewayConfig(id=gateway_id, data=None, errors=[error]))
                continue
            configs.append(PaymentGatewayConfig(id=gateway_id, data=cast(JSON, config), errors=[]))
        return PaymentGatewayInitialize(gateway_configs=configs)

    @strawberry.mutation(
        description=(
            "Start a payment for a checkout or order at a payment gateway. A retry with the same "
            "idempotency key (or, without one, for the same gateway and amount while that payment moved "
            "no money) takes up the same payment."
        )
    )
    @returns_errors(TransactionInitialize, TransactionInitializeError, PaymentError)
    def transaction_initialize(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description=_ID)],
        payment_gateway: Annotated[
            PaymentGatewayToInitialize,
            strawberry.argument(description="The payment gateway to pay with, and what to tell it."),
        ],
        action: Annotated[
            TransactionFlowStrategyEnum | None,
            strawberry.argument(
                description=(
                    "Authorise only, or charge at once. By default, the channel's transaction flow "
                    "strategy. For apps and staff holding HANDLE_PAYMENTS only."
                )
            ),
        ] = None,
        amount: Annotated[PositiveDecimal | None, strawberry.argument(description=_AMOUNT)] = None,
        customer_ip_address: Annotated[str | None, strawberry.argument(description=_IP)] = None,
        idempotency_key: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "The key of this payment: a retry with the same key starts no second payment. If not "
                    "given, one is derived from the gateway and amount. An empty key is INVALID."
                )
            ),
        ] = None,
    ) -> TransactionInitialize | None:
        inputs.guarded_payment_arguments(info, action=action, customer_ip_address=customer_ip_address)
        inputs.customer_ip_check(customer_ip_address)
        owner = inputs.owner_find(info, id)
        _completion_not_in_progress(owner.checkout_token, TransactionInitializeErrorCode)
        outcome = services.transaction_initialize(
            owner=owner,
            gateway_id=payment_gateway.id,
            amount=inputs.amount_of(amount, owner.total.currency),
            data=inputs.gateway_data(payment_gateway.data),
            idempotency_key=(
                inputs.clean_text(idempotency_key, "idempotency_key") if idempotency_key is not None else None
            ),
            action=FlowStrategy(action.value) if action is not None else None,
        )
        return TransactionInitialize(**_outcome_parts(info, outcome))

    @strawberry.mutation(
        description=(
            "Record what the browser did for a payment (a card confirmed, 3-D Secure passed): the gateway "
            "reads the payment again and its events are recorded."
        )
    )
    @returns_errors(TransactionProcess, TransactionProcessError, PaymentError)
    def transaction_process(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description=_TRANSACTION_ID)] = None,
        token: Annotated[uuid.UUID | None, strawberry.argument(description=_TRANSACTION_TOKEN)] = None,
        data: Annotated[
            JSON | None, strawberry.argument(description="Data passed to the payment gateway.")
        ] = None,
        customer_ip_address: Annotated[str | None, strawberry.argument(description=_IP)] = None,
    ) -> TransactionProcess | None:
        inputs.guarded_payment_arguments(info, customer_ip_address=customer_ip_address)
        inputs.customer_ip_check(customer_ip_address)
        row = inputs.transaction_find(id, token)
        if row.order_id is None:
            _completion_not_in_progress(row.checkout_token, TransactionProcessErrorCode)
        outcome = services.transaction_process(transaction_row=row, data=inputs.gateway_data(data, "data"))
        return TransactionProcess(**_outcome_parts(info, outcome))

    @strawberry.mutation(
        description=(
            "Capture, refund or cancel (part of) a transaction through its payment gateway.\n\n"
            "Requires one of the following permissions: HANDLE_PAYMENTS."
        ),
        extensions=[permission_required(PermissionCode.HANDLE_PAYMENTS)],
    )
    @returns_errors(TransactionRequestAction, TransactionRequestActionError, PaymentError)
    def transaction_request_action(
        self,
        info: Info,
        action_type: Annotated[TransactionActionEnum, strawberry.argument(description="The action.")],
        amount: Annotated[
            PositiveDecimal | None,
            strawberry.argument(
                description=(
                    "The amount. If not given, the most the action can take: what is authorised (capture, "
                    "cancel) or charged (refund)."
                )
            ),
        ] = None,
        id: Annotated[strawberry.ID | None, strawberry.argument(description=_TRANSACTION_ID)] = None,
        refund_reason: Annotated[
            str | None,
            strawberry.argument(description="Why the refund is made (Asal does not record it yet)."),
        ] = None,
        refund_reason_reference: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="A page explaining the refund: Asal has no pages, so none is found."
            ),
        ] = None,
        token: Annotated[uuid.UUID | None, strawberry.argument(description=_TRANSACTION_TOKEN)] = None,
    ) -> TransactionRequestAction | None:
        if refund_reason is not None:
            inputs.clean_text(refund_reason, "refund_reason", limit=2000)
        if refund_reason_reference is not None:
            raise PaymentError(
                inputs.NOT_FOUND, "Asal has no pages to refer to.", field="refund_reason_reference"
            )
        row = inputs.transaction_find(id, token)
        requested = inputs.amount_of(amount, row.currency)
        outcome = services.transaction_action_request(
            transaction_row=row,
            action=ActionType(action_type.value),
            amount=requested,
            created_by=_caller_label(info),
        )
        asked = outcome.event.amount.amount if outcome.event is not None else requested
        order_transaction_action_requested(
            row, action=action_type.value, amount=str(asked), actor=request_actor(info)
        )
        transactions_seen(info, [outcome.transaction])
        return TransactionRequestAction(transaction=cast(TransactionItem, outcome.transaction))
