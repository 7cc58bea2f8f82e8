"""Reads of stock: how many of a variant a buyer can still order in a channel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.inventory.models import Reservation, Stock

# Saleor's MAX_CHECKOUT_LINE_QUANTITY: what a variant without stock tracking reports as available,
# and the most ``quantityAvailable`` ever says (it is a hint for a quantity picker, not a count).
MAX_CHECKOUT_LINE_QUANTITY = 50


def variant_annotate_stock(
    qs: QuerySet[ProductVariant], *, channel: Channel, now: datetime | None = None
) -> QuerySet[ProductVariant]:
    """Add ``stock_available``: what buyers can still take in the channel's warehouses.

    Per stock row: quantity minus allocations minus active checkout reservations, never below
    zero; summed over the rows of the channel's warehouses (``Warehouse.channels``). Reservations
    count while ``reserved_until`` is after ``now`` (the present unless given).
    """
    now = now or timezone.now()
    reserved = (
        Reservation.objects.filter(stock=OuterRef("pk"), reserved_until__gt=now)
        .order_by()
        .values("stock")
        .annotate(total=Sum("quantity_reserved"))
        .values("total")
    )
    free = Greatest(
        F("quantity")
        - F("quantity_allocated")
        - Coalesce(Subquery(reserved[:1]), 0, output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )
    stocks = (
        Stock.objects.filter(product_variant=OuterRef("pk"), warehouse__channels=channel)
        .annotate(free=free)
        .order_by()
        .values("product_variant")
        .annotate(available=Sum("free"))
        .values("available")
    )
    return qs.annotate(stock_available=Coalesce(Subquery(stocks[:1]), 0, output_field=IntegerField()))


def variant_quantity_available(
    *, stock_available: int, track_inventory: bool, quantity_limit_per_customer: int | None
) -> int:
    """What Saleor's ``quantityAvailable`` says: stock left, capped for the quantity picker.

    A variant that does not track inventory is always available up to the cap.
    """
    cap = MAX_CHECKOUT_LINE_QUANTITY
    if quantity_limit_per_customer:
        cap = min(cap, quantity_limit_per_customer)
    if not track_inventory:
        return cap
    return max(0, min(stock_available, cap))


def stocks_for_variants(*, variant_ids: Iterable[int], channel: Channel | None) -> dict[int, list[Stock]]:
    """Stock rows per variant (staff only), limited to the channel's warehouses when given."""
    qs = Stock.objects.filter(product_variant_id__in=list(variant_ids)).select_related("warehouse")
    if channel is not None:
        qs = qs.filter(warehouse__channels=channel)
    result: dict[int, list[Stock]] = defaultdict(list)
    for stock in qs.order_by("product_variant_id", "warehouse__slug"):
        result[stock.product_variant_id].append(stock)
    return result
