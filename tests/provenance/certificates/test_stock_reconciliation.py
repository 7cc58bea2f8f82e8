"""The stock counters against the certified units (stock_reconciliation.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.certificates.models import Unit
from provenance.certificates.status_changes import unit_write_off
from provenance.certificates.stock_reconciliation import StockMismatch, stock_mismatch_list
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductVariant
from storefront.inventory.models import Stock, Warehouse
from storefront.inventory.services import stock_set

pytestmark = pytest.mark.django_db


def test_a_received_lot_agrees_with_its_counter(received):
    assert stock_mismatch_list() == []


def test_a_write_off_keeps_them_agreeing(received):
    unit = received.units.first()

    unit_write_off(unit=unit, status=Unit.Status.DAMAGED, reason="Cracked", actor=Actor.system())

    assert stock_mismatch_list() == []


def test_a_counter_set_by_hand_on_certified_stock_is_reported(received, variant, warehouse):
    stock_set(warehouse=warehouse, variant=variant, quantity=5)

    assert stock_mismatch_list() == [
        StockMismatch(variant_id=variant.pk, warehouse_id=warehouse.pk, stock_quantity=5, units_in_stock=3)
    ]


def test_a_unit_status_changed_around_the_services_is_reported(received, variant, warehouse):
    Unit.objects.filter(pk=received.units.first().pk).update(status=Unit.Status.LOST)

    assert stock_mismatch_list() == [
        StockMismatch(variant_id=variant.pk, warehouse_id=warehouse.pk, stock_quantity=3, units_in_stock=2)
    ]


def test_certified_units_without_a_counter_count_as_zero_stock(received, variant, warehouse):
    Stock.objects.filter(product_variant=variant).delete()

    assert stock_mismatch_list() == [
        StockMismatch(variant_id=variant.pk, warehouse_id=warehouse.pk, stock_quantity=0, units_in_stock=3)
    ]


def test_uncertified_stock_has_nothing_to_compare_and_is_not_reported(received, variant):
    other_warehouse = Warehouse.objects.create(name="Mataram", slug="mataram-uncertified")
    other_variant = ProductVariant.objects.create(product=variant.product, sku="LYK-BSK-PLAIN")
    stock_set(warehouse=other_warehouse, variant=variant, quantity=4)
    stock_set(warehouse=other_warehouse, variant=other_variant, quantity=7)

    assert stock_mismatch_list() == []


def test_the_check_can_be_limited_to_some_variants(received, variant, warehouse):
    stock_set(warehouse=warehouse, variant=variant, quantity=5)

    assert stock_mismatch_list(variant_ids=[variant.pk + 1000]) == []
    assert len(stock_mismatch_list(variant_ids=[variant.pk])) == 1


def test_it_costs_two_queries(received, receive_lot, variant, warehouse):
    receive_lot(code="LOT-SECOND", quantity=2)
    stock_set(warehouse=warehouse, variant=variant, quantity=1)

    with CaptureQueriesContext(connection) as queries:
        stock_mismatch_list()

    assert len(queries) == 2
