"""Inventory services: warehouses by slug, stock counters that never drop below allocations."""

from __future__ import annotations

import pytest

from storefront.catalog import services as catalog
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.inventory import services
from storefront.inventory.error_codes import StockError, StockErrorCode
from storefront.inventory.models import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant() -> ProductVariant:
    product_type = catalog.product_type_upsert(slug="pottery", name="Pottery", hs_code="6913")
    product = catalog.product_create(product_type=product_type, name="Kendi", slug="kendi")
    return catalog.variant_upsert(product=product, sku="ASL-INV-001")


def test_warehouse_upsert_links_channels_and_is_a_no_op_the_second_time() -> None:
    channel = Channel.objects.create(name="USD", slug="inv-usd", currency_code="USD", default_country="US")
    first = services.warehouse_upsert(slug="loyok", name="Loyok", channels=[channel], city="Lombok Timur")
    again = services.warehouse_upsert(slug="loyok", name="Loyok", channels=[channel], city="Lombok Timur")
    assert first.pk == again.pk
    assert list(again.channels.all()) == [channel]


def test_stock_set_creates_then_changes_the_counter(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="mataram", name="Mataram")
    services.stock_set(warehouse=warehouse, variant=variant, quantity=5)
    services.stock_set(warehouse=warehouse, variant=variant, quantity=7)
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 7


def test_stock_cannot_go_below_what_orders_hold(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="mataram", name="Mataram")
    stock = services.stock_set(warehouse=warehouse, variant=variant, quantity=5)
    Stock.objects.filter(pk=stock.pk).update(quantity_allocated=3)
    with pytest.raises(StockError) as error:
        services.stock_set(warehouse=warehouse, variant=variant, quantity=2)
    assert error.value.code == StockErrorCode.INSUFFICIENT_STOCK
    assert Stock.objects.get(pk=stock.pk).quantity == 5


def test_negative_stock_is_refused(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="mataram", name="Mataram")
    with pytest.raises(StockError) as error:
        services.stock_set(warehouse=warehouse, variant=variant, quantity=-1)
    assert error.value.code == StockErrorCode.INVALID
    assert not Stock.objects.exists()


def test_stock_increase_adds_received_goods_to_the_counter(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="loyok", name="Loyok")
    services.stock_increase(warehouse=warehouse, variant=variant, quantity=3)
    services.stock_increase(warehouse=warehouse, variant=variant, quantity=2)
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 5


def test_stock_increase_refuses_nothing_received(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="loyok", name="Loyok")
    with pytest.raises(StockError) as error:
        services.stock_increase(warehouse=warehouse, variant=variant, quantity=0)
    assert error.value.code == StockErrorCode.INVALID
    assert not Stock.objects.exists()


def test_stock_decrease_beyond_what_is_free_names_the_variant(variant: ProductVariant) -> None:
    warehouse = services.warehouse_upsert(slug="loyok", name="Loyok")
    services.stock_set(warehouse=warehouse, variant=variant, quantity=2)
    Stock.objects.filter(warehouse=warehouse).update(quantity_allocated=2)

    with pytest.raises(StockError) as error:
        services.stock_decrease(warehouse=warehouse, variant=variant, quantity=1)

    assert (error.value.code, error.value.details) == (
        StockErrorCode.INSUFFICIENT_STOCK,
        {"variants": [variant]},
    )
    assert Stock.objects.get(warehouse=warehouse).quantity == 2
