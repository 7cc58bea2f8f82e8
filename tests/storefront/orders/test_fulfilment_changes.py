"""After a parcel: its tracking number, cancelling it (goods back on the shelf), returns and refunds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from payments.models import Transaction
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.models import CustodyEvent, Unit
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock
from storefront.orders.choices import FulfillmentStatus, OrderEmailType, OrderEventType, OrderStatus
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.fulfilment import (
    FulfilLine,
    FulfilStock,
    fulfillment_cancel,
    fulfillment_return_products,
    fulfillment_tracking_update,
    order_fulfill,
)
from storefront.orders.models import Allocation, FulfillmentLine, OrderLine
from storefront.orders.returns import ReturnLine
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.orders.fulfil_setup import line_of, order_paid, shop_create

pytestmark = pytest.mark.django_db


def _shipped(origin, maker, **order_fields):  # noqa: F811
    """A paid order of two baskets and the weaving, fully shipped (two parcels)."""
    shop = shop_create(origin=origin, maker=maker)
    order = order_paid(shop, [(shop.baskets, 2), (shop.weaving, 1)], **order_fields)
    parcels = order_fulfill(
        order=order,
        lines=[
            FulfilLine(line_of(order, shop.baskets).pk, (FulfilStock(shop.home.pk, 2),)),
            FulfilLine(line_of(order, shop.weaving).pk, (FulfilStock(shop.second.pk, 1),)),
        ],
        actor=Actor.system(),
        notify_customer=False,
    )
    return shop, order, parcels


def test_the_tracking_number_is_updated_and_the_buyer_told(
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    _shop, order, (parcel, _other) = _shipped(origin, maker)

    with django_capture_on_commit_callbacks(execute=True):
        updated = fulfillment_tracking_update(
            fulfillment=parcel, tracking_number=" RR000111222ID ", notify_customer=True, actor=Actor.system()
        )

    assert updated.tracking_number == "RR000111222ID"
    event = order.events.get(type=OrderEventType.TRACKING_UPDATED)
    assert event.parameters["tracking_number"] == "RR000111222ID"
    (message,) = mail.outbox
    assert message.subject == f"Tracking number for order #{order.number}" and "RR000111222ID" in message.body
    assert order.events.filter(
        type=OrderEventType.EMAIL_SENT, parameters__email_type=OrderEmailType.TRACKING_UPDATED
    ).exists()
    assert AuditLogEntry.objects.filter(
        action="fulfillment.tracking_updated", object_id=str(parcel.pk)
    ).exists()
    with pytest.raises(OrderError) as refused:
        fulfillment_tracking_update(
            fulfillment=parcel, tracking_number="x" * 256, notify_customer=False, actor=Actor.system()
        )
    assert refused.value.code == OrderErrorCode.INVALID
    parcel.refresh_from_db()
    assert parcel.tracking_number == "RR000111222ID"


def test_cancelling_a_fulfilment_puts_the_goods_back_and_allocates_them_again(
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
):
    shop, order, (baskets_parcel, weaving_parcel) = _shipped(origin, maker)
    units = list(Unit.objects.filter(fulfillment_lines__fulfillment=weaving_parcel))

    canceled = fulfillment_cancel(fulfillment=weaving_parcel, warehouse_id=None, actor=Actor.system())

    assert canceled.status == FulfillmentStatus.CANCELED
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED
    weaving = line_of(order, shop.weaving)
    assert weaving.quantity_fulfilled == 0
    stock = Stock.objects.get(product_variant=shop.weaving, warehouse=shop.second)
    assert (stock.quantity, stock.quantity_allocated) == (1, 1)
    allocation = Allocation.objects.get(order_line=weaving)
    assert allocation.quantity_allocated == 1 and allocation.unit_id == shop.weaving_unit.pk
    (unit,) = units
    unit.refresh_from_db()
    assert unit.status == Unit.Status.IN_STOCK
    assert unit.custody_events.order_by("-sequence").first().type == CustodyEvent.Type.RESTOCKED
    assert custody_chain_verify(unit=unit).ok
    assert order.events.filter(type=OrderEventType.FULFILLMENT_CANCELED).exists()
    assert AuditLogEntry.objects.filter(
        action="fulfillment.canceled", object_id=str(weaving_parcel.pk)
    ).exists()

    # Cancelled once: not again. A certified piece cannot be restocked into another warehouse.
    with pytest.raises(OrderError) as again:
        fulfillment_cancel(fulfillment=weaving_parcel, warehouse_id=None, actor=Actor.system())
    assert again.value.code == OrderErrorCode.CANNOT_CANCEL_FULFILLMENT
    with pytest.raises(OrderError) as elsewhere:
        fulfillment_cancel(fulfillment=baskets_parcel, warehouse_id=shop.second.pk, actor=Actor.system())
    assert elsewhere.value.code == OrderErrorCode.INVALID and elsewhere.value.field == "warehouse_id"
    baskets_parcel.refresh_from_db()
    assert baskets_parcel.status == FulfillmentStatus.FULFILLED

    # The piece can be fulfilled again, now from the shelf it went back to.
    (again_parcel,) = order_fulfill(
        order=order,
        lines=[FulfilLine(weaving.pk, (FulfilStock(shop.second.pk, 1),))],
        actor=Actor.system(),
        notify_customer=False,
    )
    assert list(again_parcel.lines.get().units.all()) == [shop.weaving_unit]
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED


def test_a_return_records_custody_keeps_the_shelf_and_refunds_through_the_gateway(
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
):
    shop, order, (baskets_parcel, _weaving_parcel) = _shipped(origin, maker)
    basket_line = baskets_parcel.lines.get()
    returned_serial = sorted(basket_line.units.values_list("serial", flat=True))[1]
    stock_before = Stock.objects.get(product_variant=shop.baskets, warehouse=shop.home).quantity
    charged = Transaction.objects.get(order_id=order.pk)
    assert charged.charged_amount == order.total_gross_amount

    outcome = fulfillment_return_products(
        order=order,
        lines=[ReturnLine(basket_line.pk, 1, (returned_serial,))],
        refund=True,
        amount_to_refund=None,
        actor=Actor.system(),
    )

    assert outcome.refund_error is None
    assert outcome.fulfillment.status == FulfillmentStatus.REFUNDED_AND_RETURNED
    assert outcome.order.status == OrderStatus.PARTIALLY_RETURNED
    unit = Unit.objects.get(serial=returned_serial)
    assert unit.status == Unit.Status.RETURNED
    assert unit.custody_events.order_by("-sequence").first().type == CustodyEvent.Type.RETURNED
    assert custody_chain_verify(unit=unit).ok
    moved = outcome.fulfillment.lines.get()
    assert moved.quantity == 1 and list(moved.units.all()) == [unit]
    assert FulfillmentLine.objects.get(pk=basket_line.pk).quantity == 1
    # Saleor's returns do not restock.
    assert Stock.objects.get(product_variant=shop.baskets, warehouse=shop.home).quantity == stock_before
    assert OrderLine.objects.get(pk=basket_line.order_line_id).quantity_fulfilled == 2
    # The basket's price went back through the dummy gateway.
    charged.refresh_from_db()
    assert charged.refunded_amount == Decimal("20.00")
    assert order.events.filter(type=OrderEventType.FULFILLMENT_RETURNED).exists()
    assert order.events.filter(type=OrderEventType.FULFILLMENT_REFUNDED).exists()
    assert AuditLogEntry.objects.filter(action="order.products_returned", object_id=str(order.pk)).exists()


def test_returning_everything_makes_the_order_returned_without_a_refund(
    signing_key,  # noqa: F811
    origin,  # noqa: F811
    maker,  # noqa: F811
):
    _shop, order, parcels = _shipped(origin, maker)
    lines = [(parcel.lines.get().pk, parcel.lines.get().quantity, ()) for parcel in parcels]

    outcome = fulfillment_return_products(
        order=order, lines=lines, refund=False, amount_to_refund=None, actor=Actor.system()
    )

    assert outcome.order.status == OrderStatus.RETURNED
    assert outcome.fulfillment.status == FulfillmentStatus.RETURNED
    assert (
        Unit.objects.filter(
            status=Unit.Status.RETURNED, fulfillment_lines__fulfillment=outcome.fulfillment
        ).count()
        == 3
    )
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0


def test_bad_returns_are_refused_and_change_nothing(signing_key, origin, maker):  # noqa: F811
    _shop, order, (baskets_parcel, _weaving_parcel) = _shipped(origin, maker)
    line = baskets_parcel.lines.get()

    cases = [
        ([ReturnLine(line.pk, 3)], False, None, OrderErrorCode.INVALID_QUANTITY),
        ([ReturnLine(line.pk, 0)], False, None, OrderErrorCode.ZERO_QUANTITY),
        ([ReturnLine(999_999, 1)], False, None, OrderErrorCode.NOT_FOUND),
        ([ReturnLine(line.pk, 1, ("NOT-A-SERIAL",))], False, None, OrderErrorCode.INVALID),
        ([ReturnLine(line.pk, 1)], True, Decimal("100000"), OrderErrorCode.CANNOT_REFUND),
        ([], False, None, OrderErrorCode.REQUIRED),
    ]
    for lines, refund, amount, code in cases:
        with pytest.raises(OrderError) as refused:
            fulfillment_return_products(
                order=order, lines=lines, refund=refund, amount_to_refund=amount, actor=Actor.system()
            )
        assert code in {error.code for error in refused.value.errors}, (lines, refused.value.errors)

    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.fulfillments.count() == 2
    assert not Unit.objects.filter(status=Unit.Status.RETURNED).exists()
    assert Transaction.objects.get(order_id=order.pk).refunded_amount == 0
