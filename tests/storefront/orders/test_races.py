"""Buyers racing for the last pieces (PostgreSQL, real threads): no piece is ever sold twice.

Fifty buyers each create a checkout, add the line, choose shipping and complete, in parallel
threads (at most ``WORKERS`` at a time, each closing its connection), for a variant with three
pieces: exactly three orders, every other buyer refused with ``INSUFFICIENT_STOCK`` wherever the
refusal happens (adding the line while others hold reservations, or completing when reservations
have expired), and the counters agree afterwards. A second race is for one certified
one-of-a-kind piece: one order, its serial allocated once.

These tests are marked ``race``: they run one at a time (``xdist_group``), ``make test`` repeats
each ``ASAL_RACE_REPEATS`` times (3), ``make stress`` 20 times.
"""

from __future__ import annotations

import datetime
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from provenance.certificates.keys import signing_key_generate
from provenance.certificates.services import MakerRole, lot_receive
from storefront.accounts.actor import Actor
from storefront.checkout import services
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError
from storefront.checkout.lines import LineInput
from storefront.inventory.models import Reservation, Stock
from storefront.orders.models import Allocation, Order, OrderLine
from tests.graphql.catalog.factories import MakerFactory, OriginFactory
from tests.storefront.checkout.factories import (
    channel_create,
    product_create,
    shipping_method_of,
    warehouse_of,
)
from tests.storefront.orders.checkouts import BERLIN

BUYERS = 50
WORKERS = 8
ROUNDS = range(int(os.environ.get("ASAL_RACE_REPEATS", "3")))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


def _race(channel, variant) -> list[str]:
    """Every buyer's outcome: ``"order"`` or the sorted codes that refused them."""
    method = shipping_method_of(channel)
    start = threading.Event()

    def buy(index: int) -> str:
        try:
            start.wait()
            checkout = services.checkout_create(
                channel=channel,
                email=f"buyer-{index}@example.com",
                shipping_address=BERLIN,
                billing_address=BERLIN,
            )
            services.checkout_lines_add(checkout=checkout, lines=[LineInput(variant.pk, 1)])
            services.checkout_delivery_method_update(checkout=checkout, shipping_method_id=method.pk)
            complete_checkout(checkout, actor=Actor.system())
            return "order"
        except CheckoutError as exc:
            return ",".join(sorted(error.code for error in exc.errors))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(buy, index) for index in range(BUYERS)]
        start.set()
        return [future.result() for future in futures]  # an unexpected exception fails here


def _assert_consistent(variant, *, sold: int) -> None:
    stock = Stock.objects.get(product_variant=variant)
    allocated = Allocation.objects.filter(stock=stock).aggregate(total=Sum("quantity_allocated"))["total"]
    active = Reservation.objects.filter(stock=stock, reserved_until__gt=timezone.now()).count()
    assert stock.quantity_allocated == allocated == sold
    assert stock.quantity_allocated <= stock.quantity
    assert active == 0, "a buyer who bought or was refused still holds stock"


@pytest.mark.parametrize("round_", ROUNDS)
@pytest.mark.parametrize(
    "reservation_minutes", [20, 0], ids=["refused-when-adding", "refused-when-completing"]
)
def test_fifty_buyers_race_for_three_pieces(settings, reservation_minutes, round_):
    settings.CHECKOUT_RESERVATION_MINUTES = reservation_minutes  # 0: every reservation expires at once
    channel = channel_create(allow_unpaid_orders=True)  # these races are about stock
    variant = product_create(channel, stock=3)

    outcomes = _race(channel, variant)

    assert outcomes.count("order") == 3, outcomes
    assert sorted(set(outcomes) - {"order"}) == ["INSUFFICIENT_STOCK"], outcomes
    assert Order.objects.count() == 3
    _assert_consistent(variant, sold=3)


@pytest.mark.parametrize("round_", ROUNDS)
def test_fifty_buyers_race_for_one_certified_piece(round_):
    channel = channel_create(allow_unpaid_orders=True)  # these races are about stock
    variant = product_create(channel, stock=0)
    variant.is_one_of_a_kind = True
    variant.save()
    signing_key_generate()
    origin = OriginFactory()
    lot = lot_receive(
        actor=Actor.system(),
        code=f"LOT-RACE-{round_}",
        variant=variant,
        warehouse=warehouse_of(channel),
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=MakerFactory(origin=origin), role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    unit = lot.units.get()

    outcomes = _race(channel, variant)

    assert outcomes.count("order") == 1, outcomes
    assert sorted(set(outcomes) - {"order"}) == ["INSUFFICIENT_STOCK"], outcomes
    assert OrderLine.objects.filter(serial=unit.serial).count() == 1
    assert Allocation.objects.filter(unit=unit).count() == 1
    _assert_consistent(variant, sold=1)
