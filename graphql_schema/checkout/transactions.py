"""The payment transactions of every checkout and order on the page, one statement each.

``Checkout`` and ``Order`` show what was paid (``authorizeStatus``, ``chargeStatus``,
``totalBalance``, ``transactions``) from ``payments.models.Transaction`` rows, which name their
owner by plain columns (``checkout_token``, ``order_id``). The first such field of a response
loads the transactions of every checkout registered in it (``graphql_schema.checkout.roots``), or
of every order (``Order`` peers), at once; the rows then enter the graph as ``Transaction`` peers,
so their events and owners batch too.

It lives here, under both the checkout's and the orders' types that use it, because the payments
API (``graphql_schema.payments``: ``TransactionItem`` and the mutations) stands above them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q
from strawberry.types import Info

from graphql_schema.checkout import roots
from graphql_schema.core.dataloaders import Loader, Scope, peers_in_any_scope, register
from payments.amounts import PaidSums, paid_sums
from payments.models import Transaction
from storefront.orders.models import Order


def _checkout_tokens(info: Info, _scope: Scope) -> list[uuid.UUID]:
    return list(roots._states(info))


def _of_checkouts(info: Info, _scope: Scope, tokens: list[uuid.UUID]) -> dict[uuid.UUID, list[Transaction]]:
    grouped: dict[uuid.UUID, list[Transaction]] = defaultdict(list)
    rows = list(Transaction.objects.filter(checkout_token__in=tokens).order_by("created_at", "id"))
    register(info, Transaction, rows)
    for row in rows:
        if row.checkout_token is not None:
            grouped[row.checkout_token].append(row)
    return grouped


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _of_orders(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Transaction]]:
    """The orders' transactions, and those of the checkouts they came from that no order holds yet
    (completion gives a checkout's transactions to its order; one recorded for the checkout after
    that, or before completion did so, is the order's all the same)."""
    orders = peers_in_any_scope(info, Order)
    order_of_checkout = {
        token: pk for pk in ids if pk in orders and (token := _uuid(orders[pk].checkout_token)) is not None
    }
    grouped: dict[uuid.UUID, list[Transaction]] = defaultdict(list)
    query = Q(order_id__in=ids) | Q(order_id__isnull=True, checkout_token__in=list(order_of_checkout))
    rows = list(Transaction.objects.filter(query).order_by("created_at", "id"))
    register(info, Transaction, rows)
    for row in rows:
        owner = row.order_id
        if owner is None and row.checkout_token is not None:
            owner = order_of_checkout.get(row.checkout_token)
        if owner is not None:
            grouped[owner].append(row)
    return grouped


CHECKOUT_TRANSACTIONS: Loader[uuid.UUID, list[Transaction]] = Loader(
    "checkout-transactions", _of_checkouts, default=list, peers=_checkout_tokens
)
ORDER_TRANSACTIONS: Loader[uuid.UUID, list[Transaction]] = Loader(
    "order-transactions", _of_orders, default=list, peers=Order
)


def checkout_transactions(info: Info, token: uuid.UUID) -> Sequence[Transaction]:
    """The checkout's transactions, oldest first (every checkout of the response loaded at once)."""
    return CHECKOUT_TRANSACTIONS.load(info, token)


def order_transactions(info: Info, order_id: uuid.UUID) -> Sequence[Transaction]:
    """The order's transactions, oldest first: those of its checkout and any started on it."""
    return ORDER_TRANSACTIONS.load(info, order_id)


def order_paid(info: Info, order_id: uuid.UUID) -> PaidSums:
    return paid_sums(order_transactions(info, order_id))


def checkout_paid(info: Info, token: uuid.UUID) -> PaidSums:
    return paid_sums(checkout_transactions(info, token))
