"""The orders' granted refunds, loaded for every order on the page at once (``Order.grantedRefunds``)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, register
from payments.models import TransactionEvent as TransactionEventModel
from storefront.orders.models import Order as OrderModel
from storefront.orders.models import OrderGrantedRefund as GrantModel
from storefront.orders.models import OrderLine as OrderLineModel


def _grants(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[GrantModel]]:
    """Every order's grants on the page with their users, transactions, lines (and those lines'
    orders and channels) and refund events: three statements whatever the page holds."""
    rows = list(
        GrantModel.objects.filter(order_id__in=ids)
        .select_related("user", "transaction")
        .prefetch_related("lines__order_line__order__channel")
        .order_by("created_at", "pk")
    )
    references = {(row.transaction_id, row.psp_reference) for row in rows if row.psp_reference}
    events: dict[tuple[object, str], list[TransactionEventModel]] = defaultdict(list)
    if references:
        found = TransactionEventModel.objects.filter(
            transaction_id__in={transaction for transaction, _ in references},
            psp_reference__in={reference for _, reference in references},
        ).order_by("created_at", "pk")
        for event in found:
            events[(event.transaction_id, event.psp_reference)].append(event)
    grouped: dict[uuid.UUID, list[GrantModel]] = defaultdict(list)
    for row in rows:
        row._refund_events = events.get((row.transaction_id, row.psp_reference), [])  # type: ignore[attr-defined]
        grouped[row.order_id].append(row)
    register(info, OrderLineModel, [line.order_line for row in rows for line in row.lines.all()])
    return grouped


GRANTED_REFUNDS: Loader[uuid.UUID, list[GrantModel]] = Loader(
    "order-granted-refunds", _grants, default=list, peers=OrderModel
)


def order_granted_refunds(info: Info, order: OrderModel) -> list[GrantModel]:
    return GRANTED_REFUNDS.load(info, order.pk)
