"""Placing an order copies what was sold and holds its stock; numbers come from a sequence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from storefront.accounts.models import Address
from storefront.inventory.models import Stock
from storefront.orders.choices import OrderEventType, OrderStatus
from storefront.orders.models import Allocation, OrderEvent
from storefront.orders.numbers import order_number_next
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import UserFactory
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db


def test_an_order_copies_names_prices_customs_and_provenance_into_its_lines():
    channel = ChannelFactory()
    variant = stocked_variant(channel, amount="42.50")
    product = variant.product

    order = order_placed(channel=channel, variants=[variant], quantity=2)

    line = order.lines.get()
    assert (line.product_name, line.variant_name, line.product_sku) == (
        product.name,
        variant.name,
        variant.sku,
    )
    assert line.unit_price_gross_amount == Decimal("42.50")
    assert line.total_price_gross_amount == Decimal("85.00")
    assert line.hs_code == product.product_type.hs_code
    assert line.country_of_origin == "ID"
    assert line.origin["village"] == product.origin.village
    named = sorted(maker["name"] for maker in line.makers)
    consenting = product.makers.get(consent_to_publish=True)
    assert named == ["", consenting.display_name]  # the maker without consent is kept by public id only
    assert {maker["id"] for maker in line.makers} == {str(m.public_id) for m in product.makers.all()}
    assert order.subtotal.gross.amount == Decimal("85.00")
    assert order.total.gross.amount == Decimal("90.00")
    assert order.status == OrderStatus.UNFULFILLED


def test_a_copied_line_survives_changes_to_the_catalogue_and_address_book():
    channel = ChannelFactory()
    variant = stocked_variant(channel)
    order = order_placed(channel=channel, variants=[variant])

    variant.product.name = "Renamed"
    variant.product.save()
    variant.delete()

    line = order.lines.get()
    assert line.variant_id is None
    assert line.product_name != "Renamed"


def test_addresses_are_copies_owned_by_nobody():
    buyer = UserFactory()
    order = order_placed(user=buyer)

    assert order.shipping_address.user is None
    assert order.billing_address_id != order.shipping_address_id
    assert Address.objects.filter(pk=order.shipping_address_id).exists()


def test_placing_allocates_the_stock_and_records_the_event():
    channel = ChannelFactory()
    variant = stocked_variant(channel, quantity=5)

    order = order_placed(channel=channel, variants=[variant], quantity=3)

    stock = Stock.objects.get(product_variant=variant)
    assert stock.quantity_allocated == 3
    allocation = Allocation.objects.get(order_line__order=order)
    assert (allocation.stock_id, allocation.quantity_allocated) == (stock.pk, 3)
    assert list(OrderEvent.objects.filter(order=order).values_list("type", flat=True)) == [
        OrderEventType.PLACED
    ]


def test_orders_are_unconfirmed_when_the_channel_does_not_confirm_them():
    channel = ChannelFactory(automatically_confirm_all_new_orders=False)

    order = order_placed(channel=channel)

    assert order.status == OrderStatus.UNCONFIRMED


def test_order_numbers_increase_and_are_never_reused():
    first = order_placed()
    burnt = order_number_next()  # a number taken by a transaction that then rolled back
    second = order_placed()

    assert first.number < burnt < second.number
