"""The discounts and the voucher of every order on the page, one query each (Saleor's
``Order.discounts`` and ``Order.voucher``): what ``checkoutComplete`` recorded on the order."""

from __future__ import annotations

import uuid
from collections import defaultdict

from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, register
from storefront.discounts.models import Voucher
from storefront.orders.models import Order, OrderDiscount


def _discounts(_info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OrderDiscount]]:
    grouped: dict[uuid.UUID, list[OrderDiscount]] = defaultdict(list)
    for row in OrderDiscount.objects.filter(order_id__in=ids).order_by("order_id", "pk"):
        grouped[row.order_id].append(row)
    return grouped


ORDER_DISCOUNTS: Loader[uuid.UUID, list[OrderDiscount]] = Loader(
    "order-discounts", _discounts, default=list, peers=Order
)


def _vouchers(info: Info, _scope: Scope, ids: list[int]) -> dict[int, Voucher]:
    rows = list(Voucher.objects.filter(pk__in=ids))
    register(info, Voucher, rows)  # their codes and listings then load together
    return {voucher.pk: voucher for voucher in rows}


ORDER_VOUCHERS: Loader[int, Voucher | None] = Loader(
    "order-vouchers", _vouchers, default=lambda: None, peers=foreign_keys((Order, "voucher_id"))
)
