"""Recording a fulfilment's earnings from several threads at once writes them once (PostgreSQL).

The fulfilment lines' rows are locked while their earnings are checked, so a retried task and the
fulfil service racing each other cannot both write a maker's share; reversals of one order line
are serialised on its row, so concurrent refunds never reverse more than was earned.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from storefront.orders.choices import MakerEarningKind
from storefront.orders.earnings import earnings_record_fulfilled, earnings_reverse
from storefront.orders.models import MakerEarning
from tests.storefront.orders.earnings_factories import fulfil, lot_of, makers, order_with_share

THREADS = 6

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def _together(work) -> None:
    start = threading.Event()

    def run(_index: int) -> None:
        try:
            start.wait()
            work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(run, index) for index in range(THREADS)]
        start.set()
        for future in futures:
            future.result()


def test_concurrent_recording_writes_each_makers_share_once_and_refunds_never_overshoot():
    order = order_with_share("USD", price="10.00", quantity=2, share_amount="3.00")
    first, second, third = makers(3)
    fulfillment = fulfil(order, lot_of(order, first, second, third, units=2))
    line = order.lines.get()

    _together(lambda: earnings_record_fulfilled(fulfillment=fulfillment))
    earned = MakerEarning.objects.filter(kind=MakerEarningKind.EARNED)
    assert earned.count() == 3
    assert earned.aggregate(total=Sum("share_amount"))["total"] == Decimal("6.00")

    _together(lambda: earnings_reverse(order_line=line, quantity=1, kind=MakerEarningKind.REFUNDED))

    assert MakerEarning.objects.filter(kind=MakerEarningKind.REFUNDED).count() == 6  # two units, three makers
    assert MakerEarning.objects.aggregate(total=Sum("share_amount"))["total"] == 0
    assert MakerEarning.objects.aggregate(units=Sum("quantity"))["units"] == 0
