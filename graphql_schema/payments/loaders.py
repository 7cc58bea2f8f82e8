"""The transactions' per-request loaders: the events, orders and checkouts of every transaction on
the page in one query each (``graphql_schema.core.dataloaders``).

Transactions are peers of kind ``Transaction``, registered wherever they enter the graph
(``graphql_schema.checkout.transactions`` for a checkout's or order's list, ``transactions_seen``
for a mutation's payload).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from strawberry.types import Info

from graphql_schema.checkout import roots
from graphql_schema.checkout.lookup import checkout_queryset, may_see
from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, register
from graphql_schema.orders.loaders import orders_seen
from payments.models import Transaction, TransactionEvent
from storefront.checkout.models import Checkout
from storefront.orders.choices import OrderStatus
from storefront.orders.models import Order


def transactions_seen(info: Info, rows: Iterable[Transaction]) -> None:
    """Register transactions entering the graph, so their relations load for all of them at once."""
    register(info, Transaction, rows)


def _events(_info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[TransactionEvent]]:
    grouped: dict[uuid.UUID, list[TransactionEvent]] = defaultdict(list)
    rows = TransactionEvent.objects.filter(transaction_id__in=ids).order_by(
        "transaction_id", "created_at", "id"
    )
    for event in rows:
        grouped[event.transaction_id].append(event)
    return grouped


EVENTS: Loader[uuid.UUID, list[TransactionEvent]] = Loader(
    "transaction-events", _events, default=list, peers=Transaction
)


def _orders(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, Order]:
    """The placed orders the transactions pay (an order's id is its bearer credential, as for
    ``order(id)``; drafts never show)."""
    rows = list(Order.objects.filter(pk__in=ids).exclude(status=OrderStatus.DRAFT).select_related("channel"))
    orders_seen(info, rows)
    return {order.pk: order for order in rows}


ORDERS: Loader[uuid.UUID, Order | None] = Loader(
    "transaction-orders", _orders, default=lambda: None, peers=foreign_keys((Transaction, "order_id"))
)


def _checkouts(info: Info, _scope: Scope, tokens: list[uuid.UUID]) -> dict[uuid.UUID, Checkout]:
    """The checkouts, each registered as a checkout root of the response (one already there is
    kept), so their lines and prices load together."""
    rows = checkout_queryset().filter(pk__in=tokens)
    return {checkout.pk: roots.state(info, checkout).checkout for checkout in rows}


CHECKOUTS: Loader[uuid.UUID, Checkout | None] = Loader(
    "transaction-checkouts",
    _checkouts,
    default=lambda: None,
    peers=foreign_keys((Transaction, "checkout_token")),
)


def visible_checkout(info: Info, token: uuid.UUID) -> Checkout | None:
    """The transaction's checkout, if it still exists (completion deletes it) and the caller may
    see it."""
    checkout = CHECKOUTS.load(info, token)
    if checkout is None or not may_see(info, checkout):
        return None
    return checkout
