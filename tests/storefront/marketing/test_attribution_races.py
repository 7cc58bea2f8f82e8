"""Several first orders of one registered buyer attributed at once (PostgreSQL): each inside its own
transaction, as checkout completion calls it; none fails, the buyer gets one touch row, every order
its attribution."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from storefront.marketing.attribution import order_attribution_record
from storefront.marketing.models import CustomerAttribution, OrderAttribution
from tests.storefront.accounts.factories import UserFactory
from tests.storefront.marketing.factories import campaign_made
from tests.storefront.orders.factories import order_placed

THREADS = 6

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def test_concurrent_first_orders_of_one_buyer_each_get_their_attribution():
    buyer = UserFactory()
    campaign = campaign_made(utm_campaign="expo")
    orders = [order_placed(user=buyer) for _ in range(THREADS)]
    for order in orders:
        order.metadata = {"utm_campaign": "expo", "utm_source": "qr"}
    start = threading.Event()

    def record(index: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                order_attribution_record(order=orders[index])
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(record, index) for index in range(THREADS)]
        start.set()
        for future in futures:
            future.result()

    assert OrderAttribution.objects.filter(campaign=campaign).count() == THREADS
    touch = CustomerAttribution.objects.get(user=buyer)
    assert (touch.first_campaign, touch.last_campaign) == (campaign, campaign)
