"""Order numbers: one increasing number per order, never reused, safe under concurrency.

PostgreSQL hands them out from a sequence (``orders_order_number_seq``, created by migration
0002): ``nextval`` never blocks and never returns a number twice, even to transactions that
roll back (the number is burnt, leaving a gap, as with Saleor's sequence). ``max(number) + 1``
would give two concurrent checkouts the same number.

SQLite (the demo) has no sequences; there the counter row is incremented by an ``UPDATE``,
which takes the database's write lock until the transaction ends, so numbers are unique too.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from storefront.orders.models import OrderNumberCounter

SEQUENCE = "orders_order_number_seq"


def order_number_next() -> int:
    """The next order number; call it inside the transaction that creates the order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s)", [SEQUENCE])
            row = cursor.fetchone()
        assert row is not None
        return int(row[0])
    updated = OrderNumberCounter.objects.filter(pk=1).update(last=F("last") + 1)
    if not updated:
        OrderNumberCounter.objects.create(pk=1, last=1)
        return 1
    return OrderNumberCounter.objects.values_list("last", flat=True).get(pk=1)
