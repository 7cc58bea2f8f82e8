"""order_fulfill: parcels per warehouse, stock and allocations taken, serials packed with their custody."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.verification import certificate_verify
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.inventory.models import Stock
from storefront.orders import fulfilment
from storefront.orders.choices import FulfillmentStatus, OrderEmailType, OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.fulfilment import FulfilLine, FulfilStock, order_fulfill, serials_suggest
from storefront.orders.models import Allocation, Fulfillment, OrderLine
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory, staff_user
from tests.storefront.orders.fulfil_setup import line_of, lot_of, order_paid, shop_create

pytestmark = pytest.mark.django_db


def _stock(variant, warehouse) -> Stock:
    return Stock.objects.get(product_variant=variant, warehouse=warehouse)


def _custody_types(unit: Unit) -> list[str]:
    return list(unit.custody_events.order_by("sequence").values_list("type", flat=True))


def test_two_lines_from_two_warehouses_in_two_partial_fulfilments(
    settings,
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """The whole path: stock, allocations, statuses, units, certificates, custody and e-mails."""
    settings.PUBLIC_URL = "https://asal.example"
    shop = shop_create(origin=origin, maker=maker)
    buyer = UserFactory(email="ani@example.com")
    order = order_paid(
        shop, [(shop.baskets, 2), (shop.weaving, 1)], user=buyer, email=buyer.email, language_code="id"
    )
    baskets, weaving = line_of(order, shop.baskets), line_of(order, shop.weaving)
    assert _stock(shop.baskets, shop.home).quantity_allocated == 2
    assert _stock(shop.weaving, shop.second).quantity_allocated == 1
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    actor = Actor.of(user=staff)
    first_in = sorted(shop.basket_lot.units.values_list("serial", flat=True))
    assert serials_suggest(order_line=baskets, warehouse_id=shop.home.pk, quantity=1) == [
        shop.basket_lot.units.order_by("pk").first().serial
    ]

    # First parcel: one basket from the home warehouse.
    with django_capture_on_commit_callbacks(execute=True):
        (parcel,) = order_fulfill(
            order=order,
            lines=[FulfilLine(baskets.pk, (FulfilStock(shop.home.pk, 1),))],
            actor=actor,
            tracking_number="EE123456789ID",
        )

    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    assert parcel.fulfillment_order == 1 and parcel.status == FulfillmentStatus.FULFILLED
    stock = _stock(shop.baskets, shop.home)
    assert (stock.quantity, stock.quantity_allocated) == (2, 1)
    assert Allocation.objects.get(order_line=baskets).quantity_allocated == 1
    assert OrderLine.objects.get(pk=baskets.pk).quantity_fulfilled == 1
    (packed,) = parcel.lines.get().units.all()
    assert packed.serial in first_in and packed.status == Unit.Status.SHIPPED

    # Second parcel(s): the other basket and the weaving, from two warehouses: two fulfilments.
    with django_capture_on_commit_callbacks(execute=True):
        parcels = order_fulfill(
            order=order,
            lines=[
                FulfilLine(baskets.pk, (FulfilStock(shop.home.pk, 1),)),
                FulfilLine(weaving.pk, (FulfilStock(shop.second.pk, 1),)),
            ],
            actor=actor,
            tracking_number="EE987654321ID",
        )

    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert [p.fulfillment_order for p in parcels] == [2, 3]
    assert {p.lines.get().stock.warehouse_id for p in parcels} == {shop.home.pk, shop.second.pk}
    for variant, warehouse, left in ((shop.baskets, shop.home, 1), (shop.weaving, shop.second, 0)):
        stock = _stock(variant, warehouse)
        assert (stock.quantity, stock.quantity_allocated) == (left, 0)
    assert not Allocation.objects.filter(order_line__order=order).exists()
    assert OrderLine.objects.get(pk=baskets.pk).quantity_fulfilled == 2
    assert OrderLine.objects.get(pk=weaving.pk).quantity_fulfilled == 1
    # Every shipped unit: one certificate each, verifying; custody SOLD then SHIPPED, chain intact.
    shipped = Unit.objects.filter(fulfillment_lines__fulfillment__order=order).order_by("serial")
    assert shipped.count() == 3 and shop.weaving_unit in shipped
    for unit in shipped:
        assert unit.status == Unit.Status.SHIPPED
        assert certificate_verify(unit.certificate.credential).verified
        assert _custody_types(unit)[-2:] == [CustodyEvent.Type.SOLD, CustodyEvent.Type.SHIPPED]
        assert custody_chain_verify(unit=unit).ok
        shipped_event = unit.custody_events.get(type=CustodyEvent.Type.SHIPPED)
        assert shipped_event.private_data["order"] == order.number
        assert shipped_event.public_data == {"destination": "DE"}
    # The one left in the warehouse is still in stock, and the counter agrees with the units.
    assert Unit.objects.filter(lot=shop.basket_lot, status=Unit.Status.IN_STOCK).count() == 1
    # History, audit, and one e-mail per parcel in the buyer's language with the certificate links.
    assert order.events.filter(type=OrderEventType.FULFILLMENT_FULFILLED_ITEMS).count() == 3
    entries = AuditLogEntry.objects.filter(action="order.fulfilled", object_id=str(order.pk))
    assert entries.count() == 2 and all(entry.actor_user == staff for entry in entries)
    shipping_mails = [m for m in mail.outbox if "dikirim" in m.subject]
    assert len(shipping_mails) == 3
    for message in shipping_mails:
        assert message.to == [buyer.email]
        assert message.subject == f"Pesanan #{order.number} telah dikirim"
        assert "Nomor resi" in message.body and "Tracking number" not in message.body
    weaving_mail = next(m for m in shipping_mails if shop.weaving_unit.serial in m.body)
    assert f"https://asal.example/p/{shop.weaving_unit.serial}" in weaving_mail.body
    assert f'href="https://asal.example/p/{shop.weaving_unit.serial}"' in weaving_mail.alternatives[0][0]
    for unit in shipped:
        assert any(f"https://asal.example/p/{unit.serial}" in m.body for m in shipping_mails)
    sent = order.events.filter(
        type=OrderEventType.EMAIL_SENT, parameters__email_type=OrderEmailType.SHIPPING_CONFIRMATION
    )
    assert sent.count() == 3


def test_named_serials_are_packed(signing_key, origin, maker):  # noqa: F811
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.baskets, 2)])
    line = line_of(order, shop.baskets)
    chosen = list(shop.basket_lot.units.order_by("-pk").values_list("serial", flat=True)[:2])

    (parcel,) = order_fulfill(
        order=order,
        lines=[FulfilLine(line.pk, (FulfilStock(shop.home.pk, 2),), serials=tuple(chosen))],
        actor=Actor.system(),
        notify_customer=False,
    )

    assert sorted(parcel.lines.get().units.values_list("serial", flat=True)) == sorted(chosen)
    assert mail.outbox == []


def test_food_is_packed_first_expiry_first(signing_key, origin, maker):  # noqa: F811
    shop = shop_create(origin=origin, maker=maker)
    coffee = shop.plain
    coffee.stocks.all().delete()
    later = lot_of(coffee, shop.home, 2, origin=origin, maker=maker, best_before=datetime.date(2027, 6, 1))
    sooner = lot_of(coffee, shop.home, 2, origin=origin, maker=maker, best_before=datetime.date(2027, 1, 1))
    order = order_paid(shop, [(coffee, 3)])
    line = line_of(order, coffee)

    suggested = serials_suggest(order_line=line, warehouse_id=shop.home.pk, quantity=3)

    assert suggested[:2] == list(sooner.units.order_by("pk").values_list("serial", flat=True))
    assert suggested[2] in set(later.units.values_list("serial", flat=True))
    (parcel,) = order_fulfill(
        order=order, lines=[FulfilLine(line.pk, (FulfilStock(shop.home.pk, 3),))], actor=Actor.system()
    )
    assert sorted(parcel.lines.get().units.values_list("serial", flat=True)) == sorted(suggested)


def test_uncertified_stock_is_fulfilled_by_quantity(signing_key, origin, maker):  # noqa: F811
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.plain, 3)])
    line = line_of(order, shop.plain)

    (parcel,) = order_fulfill(
        order=order, lines=[FulfilLine(line.pk, (FulfilStock(shop.home.pk, 3),))], actor=Actor.system()
    )

    assert parcel.lines.get().quantity == 3 and not parcel.lines.get().units.exists()
    stock = _stock(shop.plain, shop.home)
    assert (stock.quantity, stock.quantity_allocated) == (1, 0)


def _refused(order, lines, code, *, field=None) -> OrderError:
    with pytest.raises(OrderError) as refused:
        order_fulfill(order=order, lines=lines, actor=Actor.system())
    codes = {(error.code, error.field) for error in refused.value.errors}
    assert (code, field) in codes if field else code in {c for c, _ in codes}, codes
    return refused.value


def _unchanged(order, shop):
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert not Fulfillment.objects.filter(order=order).exists()
    assert not order.lines.filter(quantity_fulfilled__gt=0).exists()
    assert Unit.objects.filter(lot=shop.basket_lot, status=Unit.Status.IN_STOCK).count() == 3
    assert _stock(shop.baskets, shop.home).quantity == 3
    assert not AuditLogEntry.objects.filter(action="order.fulfilled").exists()


def test_bad_inputs_are_refused_and_change_nothing(signing_key, origin, maker):  # noqa: F811
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)])
    baskets, weaving = line_of(order, shop.baskets), line_of(order, shop.weaving)
    other = order_paid(shop, [(shop.baskets, 1)], email="other@example.com")
    home, second = shop.home.pk, shop.second.pk
    basket_serials = list(shop.basket_lot.units.order_by("pk").values_list("serial", flat=True))

    # Over-fulfilling.
    _refused(order, [FulfilLine(baskets.pk, (FulfilStock(home, 3),))], OrderErrorCode.FULFILL_ORDER_LINE)
    # Zero and negative quantities.
    _refused(order, [FulfilLine(baskets.pk, (FulfilStock(home, 0),))], OrderErrorCode.ZERO_QUANTITY)
    _refused(order, [FulfilLine(baskets.pk, (FulfilStock(home, -1),))], OrderErrorCode.INVALID_QUANTITY)
    # A warehouse without that stock.
    _refused(order, [FulfilLine(baskets.pk, (FulfilStock(second, 1),))], OrderErrorCode.INSUFFICIENT_STOCK)
    # A line of another order, an unknown warehouse, nothing at all.
    _refused(
        order,
        [FulfilLine(line_of(other, shop.baskets).pk, (FulfilStock(home, 1),))],
        OrderErrorCode.NOT_FOUND,
    )
    _refused(order, [FulfilLine(baskets.pk, (FulfilStock(999_999, 1),))], OrderErrorCode.NOT_FOUND)
    _refused(order, [], OrderErrorCode.REQUIRED)
    # Serial counts that do not match, serials of another variant, serials not in stock.
    _refused(
        order,
        [FulfilLine(baskets.pk, (FulfilStock(home, 2),), serials=(basket_serials[0],))],
        OrderErrorCode.INVALID,
        field="serials",
    )
    _refused(
        order,
        [FulfilLine(baskets.pk, (FulfilStock(home, 1),), serials=(shop.weaving_unit.serial,))],
        OrderErrorCode.INVALID,
        field="serials",
    )
    _refused(
        order,
        [FulfilLine(weaving.pk, (FulfilStock(second, 1),), serials=(basket_serials[0],))],
        OrderErrorCode.INVALID,
        field="serials",
    )
    Unit.objects.filter(serial=basket_serials[1]).update(status=Unit.Status.DAMAGED)
    _refused(
        order,
        [FulfilLine(baskets.pk, (FulfilStock(home, 1),), serials=(basket_serials[1],))],
        OrderErrorCode.INVALID,
        field="serials",
    )
    Unit.objects.filter(serial=basket_serials[1]).update(status=Unit.Status.IN_STOCK)
    # Serials for stock that has no certified pieces.
    plain_order = order_paid(shop, [(shop.plain, 1)], email="plain@example.com")
    _refused(
        plain_order,
        [
            FulfilLine(
                line_of(plain_order, shop.plain).pk, (FulfilStock(home, 1),), serials=(basket_serials[2],)
            )
        ],
        OrderErrorCode.INVALID,
        field="serials",
    )
    _unchanged(order, shop)


def test_a_cancelled_order_and_an_unpaid_one_are_refused(signing_key, origin, maker):  # noqa: F811
    from storefront.orders.cancel import order_cancel

    shop = shop_create(origin=origin, maker=maker, allow_unpaid=True)
    unpaid = order_paid(shop, [(shop.baskets, 1)], pay=False)
    line = line_of(unpaid, shop.baskets)
    # The channel allows unpaid orders: fulfilling one is allowed.
    order_fulfill(
        order=unpaid, lines=[FulfilLine(line.pk, (FulfilStock(shop.home.pk, 1),))], actor=Actor.system()
    )

    strict = shop_create(origin=origin, maker=maker)
    strict.channel.allow_unpaid_orders = True
    strict.channel.save()
    order = order_paid(strict, [(strict.baskets, 1)], pay=False)
    strict.channel.allow_unpaid_orders = False
    strict.channel.save()
    line = line_of(order, strict.baskets)
    lines = [FulfilLine(line.pk, (FulfilStock(strict.home.pk, 1),))]
    _refused(order, lines, OrderErrorCode.CANNOT_FULFILL_UNPAID_ORDER)

    order_cancel(order=order, actor=Actor.system())
    _refused(order, lines, OrderErrorCode.INVALID)
    assert not Fulfillment.objects.filter(order=order).exists()


def test_the_follow_ups_run_for_each_new_fulfilment_inside_the_transaction(
    monkeypatch,
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
):
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.baskets, 1), (shop.weaving, 1)])
    seen = []

    def follow_up(fulfillment, actor):
        seen.append((fulfillment.fulfillment_order, fulfillment.lines.count()))

    def failing(fulfillment, actor):
        raise RuntimeError("documents could not be made")

    monkeypatch.setattr(fulfilment, "FULFILMENT_FOLLOW_UPS", (follow_up,))
    lines = [
        FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 1),)),
        FulfilLine(line_of(order, shop.weaving).pk, (FulfilStock(shop.second.pk, 1),)),
    ]
    monkeypatch.setattr(fulfilment, "FULFILMENT_FOLLOW_UPS", (failing,))
    with pytest.raises(RuntimeError):
        order_fulfill(order=order, lines=lines, actor=Actor.system())
    assert not Fulfillment.objects.filter(order=order).exists()
    assert Unit.objects.filter(pk=shop.weaving_unit.pk, status=Unit.Status.IN_STOCK).exists()

    monkeypatch.setattr(fulfilment, "FULFILMENT_FOLLOW_UPS", (follow_up,))
    order_fulfill(order=order, lines=lines, actor=Actor.system())
    assert seen == [(1, 1), (2, 1)]
