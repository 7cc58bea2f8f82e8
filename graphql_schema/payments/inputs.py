"""What the payment mutations take: the gateway input, and the checks of their arguments.

Every refusal is a ``PaymentError`` with a code whose value each payload's error enum holds
(``NOT_FOUND``, ``INVALID``, ``GRAPHQL_ERROR``; ``REQUIRED`` becomes ``INVALID`` where the enum
lacks it), so one helper serves the four mutations. Nothing here writes.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_find
from graphql_schema.core.permissions import PermissionDenied, has_permission
from graphql_schema.core.relay import from_global_id
from payments.error_codes import PaymentError, TransactionRequestActionErrorCode
from payments.models import Transaction
from payments.services import PaymentOwner
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.payment_events import checkout_payment_owner, order_payment_owner
from storefront.core.money import Money, currency_precision, quantize_amount
from storefront.orders import selectors as order_selectors

# Codes by value: every payment payload's enum has these three.
NOT_FOUND = "NOT_FOUND"
INVALID = "INVALID"
GRAPHQL_ERROR = "GRAPHQL_ERROR"
REQUIRED = TransactionRequestActionErrorCode.REQUIRED
# The amount columns hold 17 digits before the decimal point; no payment comes near.
MAX_AMOUNT = Decimal(10) ** 15


@strawberry.input(description="A payment gateway to initialise, and what to tell it.")
class PaymentGatewayToInitialize:
    id: str = strawberry.field(description="The identifier of the payment gateway to initialise.")
    data: JSON | None = strawberry.field(
        default=None, description="Data passed to the payment gateway (its own shape per gateway)."
    )


def _refused(code: str, message: str, field: str) -> PaymentError:
    return PaymentError(code, message, field=field)


def owner_find(info: Info, global_id: str) -> PaymentOwner:
    """The checkout or order a mutation's ``id`` names, as payments sees it.

    A checkout is reached as by every checkout mutation (a buyer's only by its owner); an order
    by its id, which is its bearer credential as for ``order(id)``. Anything else is
    ``NOT_FOUND`` (a malformed id ``GRAPHQL_ERROR``), on ``id``.
    """
    try:
        type_name, pk = from_global_id(global_id)
        if type_name == "Checkout":
            checkout = checkout_find(info, id=global_id)
            if checkout is not None:
                return checkout_payment_owner(checkout)
        elif type_name == "Order":
            order_id = order_selectors.order_id_parse(pk)
            order = order_selectors.order_get(order_id=order_id) if order_id is not None else None
            if order is not None:
                return order_payment_owner(order)
        else:
            raise _refused(
                GRAPHQL_ERROR,
                f"Invalid ID: {global_id}. Expected: Checkout or Order, received: {type_name}.",
                "id",
            )
    except GraphQLError as exc:
        raise _refused(GRAPHQL_ERROR, exc.message, "id") from None
    raise _refused(NOT_FOUND, f"Couldn't resolve to a node: {global_id}", "id")


def transaction_find(id: str | None, token: uuid.UUID | None) -> Transaction:
    """The transaction named by its global ``id`` (``TransactionItem:<token>``), by ``token``, or by
    a bare token given as ``id``. Holding the id is what lets a caller process it, as in Saleor:
    it is a random UUID nobody can guess."""
    if id is None and token is None:
        raise _refused(REQUIRED, "One of `id` or `token` is required.", "id")
    if id is not None:
        try:
            token = uuid.UUID(id)
        except ValueError:
            try:
                type_name, pk = from_global_id(id)
            except GraphQLError as exc:
                raise _refused(GRAPHQL_ERROR, exc.message, "id") from None
            if type_name != "TransactionItem":
                raise _refused(
                    GRAPHQL_ERROR,
                    f"Invalid ID: {id}. Expected: TransactionItem, received: {type_name}.",
                    "id",
                ) from None
            try:
                token = uuid.UUID(pk)
            except ValueError:
                raise _refused(GRAPHQL_ERROR, f"Couldn't resolve id: {id}.", "id") from None
    found = Transaction.objects.filter(pk=token).first() if token is not None else None
    if found is None:
        raise _refused(
            NOT_FOUND, f"Couldn't resolve to a transaction: {id or token}", "id" if id else "token"
        )
    return found


def amount_of(amount: Decimal | None, currency: str) -> Money | None:
    """``amount`` in ``currency``; ``INVALID`` when it has more decimals than the currency (a JPY
    amount with sen, a USD amount with a tenth of a cent) or is beyond any payment."""
    if amount is None:
        return None
    if amount >= MAX_AMOUNT:
        raise _refused(INVALID, "The amount is too large.", "amount")
    if quantize_amount(amount, currency) != amount:
        digits = currency_precision(currency)
        raise _refused(INVALID, f"{currency} amounts have at most {digits} decimal places.", "amount")
    return Money(amount, currency)


def gateway_data(data: Any, field: str = "payment_gateway") -> Mapping[str, Any]:
    """The gateway's data: a JSON object (or nothing)."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise _refused(INVALID, "The payment gateway's data must be a JSON object.", field)
    return data


def clean_text(value: str, field: str, *, limit: int = 512) -> str:
    """A string that may be stored: no NUL, no unpaired surrogate, at most ``limit`` characters."""
    if "\x00" in value or len(value) > limit:
        raise _refused(INVALID, f"Give at most {limit} characters, without NUL.", field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _refused(INVALID, "The text is not valid Unicode.", field) from None
    return value


def guarded_payment_arguments(info: Info, **arguments: Any) -> None:
    """``action`` and ``customerIpAddress`` are for apps (and staff) holding ``HANDLE_PAYMENTS``,
    as Saleor says: a buyer may not pick the flow the channel decided, nor speak for another's
    address. Anyone else sending one is refused with Saleor's ``PermissionDenied``."""
    if any(value is not None for value in arguments.values()) and not has_permission(
        info, PermissionCode.HANDLE_PAYMENTS
    ):
        raise PermissionDenied((PermissionCode.HANDLE_PAYMENTS,))


def customer_ip_check(value: str | None) -> None:
    """A customer IP address must be IPv4 or IPv6. Asal's gateways do not use it yet."""
    if value is None:
        return
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise _refused(
            INVALID, "The customer's IP address must be IPv4 or IPv6.", "customer_ip_address"
        ) from None
