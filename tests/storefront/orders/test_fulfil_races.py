"""Staff racing to pack the same line (PostgreSQL, real threads): a line is never fulfilled twice.

Eight members of staff each call ``orderFulfill``'s service for the whole of the same line (three
certified baskets) at once. The order's row lock queues them: exactly one packs it, every other is
refused with ``FULFILL_ORDER_LINE`` (nothing left to fulfil), and afterwards the stock counter,
the allocations, ``quantity_fulfilled`` and the units agree: three units shipped, each once.
A second race packs two different orders of the same certified variant at once: the stock row's
lock keeps them from packing the same serial.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from provenance.certificates.keys import signing_key_generate
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.inventory.models import Stock
from storefront.orders.error_codes import OrderError
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill
from storefront.orders.models import Allocation, FulfillmentLine, Order, OrderLine
from tests.graphql.catalog.factories import MakerFactory, OriginFactory
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

STAFF = 8
ROUNDS = range(int(os.environ.get("ASAL_RACE_REPEATS", "3")))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def _race(calls) -> list[str]:
    """Run every call at once; each outcome is ``"packed"`` or the sorted codes that refused it."""
    start = threading.Event()

    def run(call) -> str:
        try:
            start.wait()
            call()
            return "packed"
        except OrderError as exc:
            return ",".join(sorted(error.code for error in exc.errors))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        start.set()
        return [future.result() for future in futures]  # an unexpected exception fails here


def _shop(round_):
    signing_key_generate()
    origin = OriginFactory()
    return shop_create(origin=origin, maker=MakerFactory(origin=origin), slug=f"race-fulfil-{round_}")


@pytest.mark.parametrize("round_", ROUNDS)
def test_staff_racing_to_fulfil_the_same_line_pack_it_once(round_):
    shop = _shop(round_)
    # A second line stays unpacked, so the order stays open and the losers meet the line's limit.
    order = order_paid(shop, [(shop.baskets, 3), (shop.plain, 1)])
    line = line_of(order, shop.baskets)
    lines = [FulfilLine(line.pk, (FulfilStock(shop.home.pk, 3),))]

    outcomes = _race(
        [
            lambda: order_fulfill(order=order, lines=lines, actor=Actor.system(), notify_customer=False)
            for _ in range(STAFF)
        ]
    )

    assert outcomes.count("packed") == 1, outcomes
    assert set(outcomes) - {"packed"} == {"FULFILL_ORDER_LINE"}, outcomes
    assert OrderLine.objects.get(pk=line.pk).quantity_fulfilled == 3
    assert FulfillmentLine.objects.filter(order_line=line).count() == 1
    stock = Stock.objects.get(product_variant=shop.baskets, warehouse=shop.home)
    assert (stock.quantity, stock.quantity_allocated) == (0, 0)
    assert not Allocation.objects.filter(order_line=line).exists()
    assert Unit.objects.filter(lot=shop.basket_lot, status=Unit.Status.SHIPPED).count() == 3
    for unit in Unit.objects.filter(lot=shop.basket_lot):
        assert unit.custody_events.filter(type=CustodyEvent.Type.SHIPPED).count() == 1
    assert Order.objects.get(pk=order.pk).status == "PARTIALLY_FULFILLED"


@pytest.mark.parametrize("round_", ROUNDS)
def test_two_orders_of_one_variant_packed_at_once_never_share_a_serial(round_):
    shop = _shop(round_)
    first = order_paid(shop, [(shop.baskets, 2)], email="first@example.com")
    second = order_paid(shop, [(shop.baskets, 1)], email="second@example.com")

    def pack(order, quantity):
        line = line_of(order, shop.baskets)
        return lambda: order_fulfill(
            order=order,
            lines=[FulfilLine(line.pk, (FulfilStock(shop.home.pk, quantity),))],
            actor=Actor.system(),
            notify_customer=False,
        )

    outcomes = _race([pack(first, 2), pack(second, 1)])

    assert outcomes == ["packed", "packed"]
    packed = list(
        FulfillmentLine.objects.filter(order_line__order__in=[first, second]).values_list("units", flat=True)
    )
    assert len(packed) == len(set(packed)) == 3
    stock = Stock.objects.get(product_variant=shop.baskets, warehouse=shop.home)
    assert (stock.quantity, stock.quantity_allocated) == (0, 0)
