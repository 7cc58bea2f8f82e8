"""complete_checkout: a checkout becomes an order with copies of everything, or nothing changes.

Channels here refuse unpaid orders (Saleor's default) unless a test is about something else;
checkouts are paid with the dummy gateway through the payment services.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from provenance.certificates.services import MakerRole, lot_receive
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductTranslation
from storefront.checkout.complete import complete_checkout
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.inventory.models import Reservation, Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.models import Allocation, Order
from tests.provenance.certificates.conftest import maker, origin, signing_key  # noqa: F401  (fixtures)
from tests.storefront.accounts.factories import UserFactory
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

pytestmark = pytest.mark.django_db


def _codes(exc: CheckoutError) -> list[str]:
    return sorted(error.code for error in exc.errors)


def test_completing_places_the_order_with_copies_and_allocations(django_capture_on_commit_callbacks):
    channel = channel_create(shipping_price="7.00")
    basket, cloth = product_create(channel, price="12.50", stock=5), product_create(channel, price="30.00")
    ProductTranslation.objects.create(product=basket.product, language_code="id", name="Keranjang")
    buyer = UserFactory()
    checkout = checkout_ready(channel, [(basket, 2), (cloth, 1)], user=buyer, language_code="id")
    token = checkout.pk
    payment = checkout_pay(checkout)

    with django_capture_on_commit_callbacks(execute=True):
        order = complete_checkout(checkout, actor=Actor.of(user=buyer), metadata={"source": "test"})

    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert (order.user, order.user_email, order.language_code) == (buyer, "buyer@example.com", "id")
    assert order.checkout_token == str(token)
    assert order.metadata == {"source": "test"}
    assert order.subtotal.gross.amount == Decimal("55.00")
    assert order.shipping_price.gross.amount == Decimal("7.00")
    assert order.total.gross.amount == Decimal("62.00")
    assert order.shipping_method_name == "Post"
    assert order.shipping_address.city.upper() == "BERLIN" and order.shipping_address.user_id is None
    lines = {line.variant_id: line for line in order.lines.all()}
    assert lines[basket.pk].quantity == 2 and lines[basket.pk].total_price_gross_amount == Decimal("25.00")
    assert lines[basket.pk].translated_product_name == "Keranjang"
    assert lines[basket.pk].hs_code == "6304" and lines[basket.pk].country_of_origin == "ID"
    assert lines[basket.pk].product_sku == basket.sku
    stock = Stock.objects.get(product_variant=basket)
    assert stock.quantity_allocated == 2
    assert Allocation.objects.get(order_line=lines[basket.pk]).quantity_allocated == 2
    assert not Checkout.objects.filter(pk=token).exists()
    assert not CheckoutLine.objects.filter(checkout_id=token).exists()
    assert not Reservation.objects.exists()
    assert (order.total_charged_amount, order.charge_status, order.authorize_status) == (
        Decimal("62.00"),
        "FULL",
        "FULL",
    )
    payment.refresh_from_db()
    assert payment.order_id == order.pk and payment.checkout_token == token
    assert list(order.events.values_list("type", flat=True)) == [
        OrderEventType.PLACED,
        OrderEventType.TRANSACTION_EVENT,
        OrderEventType.ORDER_FULLY_PAID,
        OrderEventType.EMAIL_SENT,
    ]
    (message,) = mail.outbox
    assert message.to == ["buyer@example.com"] and str(order.number) in message.subject


def test_an_incomplete_checkout_is_refused_with_every_reason_and_nothing_changes():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel)
    checkout = checkout_ready(channel, [(variant, 1)], email=None, method=False)
    Checkout.objects.filter(pk=checkout.pk).update(billing_address=None)

    with pytest.raises(CheckoutError) as error:
        complete_checkout(checkout, actor=Actor.system())

    assert _codes(error.value) == sorted(
        [
            CheckoutErrorCode.EMAIL_NOT_SET,
            CheckoutErrorCode.SHIPPING_METHOD_NOT_SET,
            CheckoutErrorCode.BILLING_ADDRESS_NOT_SET,
        ]
    )
    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert Reservation.objects.filter(checkout_line__checkout=checkout).count() == 1


def test_a_product_unpublished_since_it_was_added_is_refused():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel)
    checkout = checkout_ready(channel, [(variant, 1)])
    variant.product.channel_listings.update(is_published=False)

    with pytest.raises(CheckoutError) as error:
        complete_checkout(checkout, actor=Actor.system())

    assert _codes(error.value) == [CheckoutErrorCode.PRODUCT_NOT_PUBLISHED]
    assert error.value.errors[0].details["variants"] == [variant]


def test_stock_sold_to_someone_else_after_the_reservation_expired_is_insufficient(settings):
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=1)
    first = checkout_ready(channel, [(variant, 1)])
    Reservation.objects.update(reserved_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    second = checkout_ready(channel, [(variant, 1)])
    complete_checkout(second, actor=Actor.system())

    with pytest.raises(CheckoutError) as error:
        complete_checkout(first, actor=Actor.system())

    assert _codes(error.value) == [CheckoutErrorCode.INSUFFICIENT_STOCK]
    assert Order.objects.count() == 1
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 1


def test_an_expired_reservation_still_completes_when_the_stock_is_free():
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=1)
    checkout = checkout_ready(channel, [(variant, 1)])
    Reservation.objects.update(reserved_until=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    order = complete_checkout(checkout, actor=Actor.system())

    assert order.lines.get().allocations.get().quantity_allocated == 1


def test_a_certified_piece_is_sold_by_its_serial_once(signing_key, origin, maker):  # noqa: F811
    channel = channel_create(allow_unpaid_orders=True)
    variant = product_create(channel, stock=0)
    variant.is_one_of_a_kind = True
    variant.save()
    lot = lot_receive(
        actor=Actor.system(),
        code="LOT-ONE-1",
        variant=variant,
        warehouse=warehouse_of(channel),
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    unit = lot.units.get()
    checkout = checkout_ready(channel, [(variant, 1)])

    order = complete_checkout(checkout, actor=Actor.system())

    line = order.lines.get()
    assert (line.unit_id, line.serial, line.certificate_id) == (unit.pk, unit.serial, unit.certificate.pk)
    assert line.origin["village"] == origin.village
    assert line.makers == [{"id": str(maker.public_id), "name": maker.display_name, "role": "weaver"}]
    assert Allocation.objects.get(order_line=line).unit_id == unit.pk


@pytest.mark.django_db(transaction=True)
def test_a_crash_after_the_first_write_leaves_no_order_and_the_checkout_intact(monkeypatch):
    channel = channel_create()
    variant = product_create(channel, stock=3)
    checkout = checkout_ready(channel, [(variant, 2)])

    def explode(*args, **kwargs):
        raise RuntimeError("the database went away")

    # By then the order number is taken and the order, its lines and allocations are written, and
    # the payment attached to it. (The payment handler's own attempt explodes the same way.)
    monkeypatch.setattr("storefront.orders.placement._stock_counters_add", explode)
    payment = checkout_pay(checkout)
    with pytest.raises(RuntimeError):
        complete_checkout(checkout, actor=Actor.system())

    assert not Order.objects.exists()
    payment.refresh_from_db()
    assert payment.order_id is None and payment.charged_amount == Decimal("25.00")
    assert not Allocation.objects.exists()
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 0
    assert CheckoutLine.objects.get(checkout_id=checkout.pk).quantity == 2
    assert Reservation.objects.get(checkout_line__checkout=checkout).quantity_reserved == 2
