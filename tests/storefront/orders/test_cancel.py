"""order_cancel: an unfulfilled order gives its stock and certified pieces back, once, and keeps its money."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from provenance.certificates.services import MakerRole, lot_receive
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.inventory.models import Stock
from storefront.orders.cancel import order_cancel
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.models import Allocation, Order
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, staff_user
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db


def _one_of_a_kind(channel, origin, maker):  # noqa: F811
    """A one-of-a-kind variant with its single certified unit in the channel's warehouse."""
    variant = product_create(channel, stock=0)
    variant.is_one_of_a_kind = True
    variant.save()
    lot = lot_receive(
        actor=Actor.system(),
        code="LOT-CANCEL-1",
        variant=variant,
        warehouse=warehouse_of(channel),
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    return variant, lot.units.get()


def test_cancelling_frees_the_certified_piece_for_another_buyer(signing_key, origin, maker):  # noqa: F811
    channel = channel_create(allow_unpaid_orders=True)
    piece, unit = _one_of_a_kind(channel, origin, maker)
    basket = product_create(channel, stock=5)
    first = complete_checkout(
        checkout_ready(channel, [(piece, 1), (basket, 2)], user=UserFactory()), actor=Actor.system()
    )
    # While the first order holds it, nobody else can buy the piece.
    with pytest.raises(CheckoutError) as sold_out:
        complete_checkout(checkout_ready(channel, [(piece, 1)], user=UserFactory()), actor=Actor.system())
    assert sold_out.value.code == CheckoutErrorCode.INSUFFICIENT_STOCK
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    canceled = order_cancel(order=first, actor=Actor.of(user=staff))

    assert canceled.status == OrderStatus.CANCELED
    assert not Allocation.objects.filter(order_line__order=first).exists()
    assert Stock.objects.get(product_variant=piece).quantity_allocated == 0
    assert Stock.objects.get(product_variant=basket).quantity_allocated == 0
    event = first.events.get(type=OrderEventType.CANCELED)
    assert event.user == staff
    entry = AuditLogEntry.objects.get(action="order.canceled", object_id=str(first.pk))
    assert entry.actor_user == staff and entry.payload["units_freed"] == [unit.pk]
    assert entry.payload["status"] == {"before": OrderStatus.UNFULFILLED, "after": OrderStatus.CANCELED}

    second = complete_checkout(
        checkout_ready(channel, [(piece, 1), (basket, 5)], user=UserFactory()), actor=Actor.system()
    )

    lines = {line.variant_id: line for line in second.lines.all()}
    assert lines[piece.pk].unit_id == unit.pk and lines[piece.pk].serial == unit.serial
    assert Allocation.objects.get(order_line=lines[piece.pk]).unit_id == unit.pk
    # The counters agree with the allocations that remain: the second order's only.
    for variant, held in ((piece, 1), (basket, 5)):
        stock = Stock.objects.get(product_variant=variant)
        assert stock.quantity_allocated == held == sum(a.quantity_allocated for a in stock.allocations.all())


def test_a_second_cancel_is_refused_and_changes_nothing():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=3)
    order = complete_checkout(checkout_ready(channel, [(variant, 2)]), actor=Actor.system())
    order_cancel(order=order, actor=Actor.system())
    # Stock sold to someone else since: a second cancel must not release it a second time.
    other = complete_checkout(checkout_ready(channel, [(variant, 3)]), actor=Actor.system())

    with pytest.raises(OrderError) as refused:
        order_cancel(order=order, actor=Actor.system())

    assert refused.value.code == OrderErrorCode.CANNOT_CANCEL_ORDER
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 3
    assert other.lines.get().allocations.get().quantity_allocated == 3
    assert order.events.filter(type=OrderEventType.CANCELED).count() == 1
    assert AuditLogEntry.objects.filter(action="order.canceled", object_id=str(order.pk)).count() == 1


@pytest.mark.parametrize(
    "status",
    [OrderStatus.PARTIALLY_FULFILLED, OrderStatus.FULFILLED, OrderStatus.RETURNED, OrderStatus.DRAFT],
)
def test_an_order_not_waiting_for_fulfilment_cannot_be_canceled(status):
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=3)
    order = complete_checkout(checkout_ready(channel, [(variant, 2)]), actor=Actor.system())
    Order.objects.filter(pk=order.pk).update(status=status)

    with pytest.raises(OrderError) as refused:
        order_cancel(order=order, actor=Actor.system())

    assert refused.value.code == OrderErrorCode.CANNOT_CANCEL_ORDER
    order.refresh_from_db()
    assert order.status == status
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2
    assert not order.events.filter(type=OrderEventType.CANCELED).exists()


def test_an_unfulfilled_order_with_a_line_partly_shipped_is_refused():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=3)
    order = complete_checkout(checkout_ready(channel, [(variant, 2)]), actor=Actor.system())
    order.lines.update(quantity_fulfilled=1)

    with pytest.raises(OrderError) as refused:
        order_cancel(order=order, actor=Actor.system())

    assert refused.value.code == OrderErrorCode.CANNOT_CANCEL_ORDER
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2


def test_an_unconfirmed_order_can_be_canceled():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=3)
    order = complete_checkout(checkout_ready(channel, [(variant, 1)]), actor=Actor.system())
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.UNCONFIRMED)

    assert order_cancel(order=order, actor=Actor.system()).status == OrderStatus.CANCELED
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@pytest.mark.race
@pytest.mark.xdist_group("races")
def test_staff_cancelling_the_same_order_at_once_release_its_stock_once():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=5)
    order = complete_checkout(checkout_ready(channel, [(variant, 2)]), actor=Actor.system())
    kept = complete_checkout(checkout_ready(channel, [(variant, 3)]), actor=Actor.system())
    start = threading.Event()

    def cancel(_index: int) -> str:
        try:
            start.wait()
            order_cancel(order=Order.objects.get(pk=order.pk), actor=Actor.system())
            return "canceled"
        except OrderError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(cancel, index) for index in range(6)]
        start.set()
        outcomes = sorted(future.result() for future in futures)

    assert outcomes == ["CANNOT_CANCEL_ORDER"] * 5 + ["canceled"]
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 3
    assert kept.lines.get().allocations.get().quantity_allocated == 3
    assert Order.objects.get(pk=order.pk).events.filter(type=OrderEventType.CANCELED).count() == 1
