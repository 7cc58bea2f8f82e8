"""Stock rows are locked in one place, in primary-key order, the stock rows only."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from storefront.catalog import services as catalog
from storefront.catalog.models import ProductVariant
from storefront.inventory import locks, services
from storefront.inventory.models import Stock, Warehouse


def _variant(sku: str) -> ProductVariant:
    product_type = catalog.product_type_upsert(slug="pottery", name="Pottery", hs_code="6913")
    product = catalog.product_create(product_type=product_type, name=f"Kendi {sku}", slug=f"kendi-{sku}")
    return catalog.variant_upsert(product=product, sku=sku)


@pytest.mark.django_db
def test_a_missing_row_is_not_created_by_stock_lock() -> None:
    warehouse = services.warehouse_upsert(slug="loyok", name="Loyok")

    with transaction.atomic():
        assert locks.stock_lock(warehouse=warehouse, variant=_variant("ASL-L1")) is None

    assert not Stock.objects.exists()


@pytest.mark.django_db
def test_stock_lock_or_create_creates_an_empty_row_once() -> None:
    warehouse = services.warehouse_upsert(slug="loyok", name="Loyok")
    variant = _variant("ASL-L2")

    with transaction.atomic():
        first, created = locks.stock_lock_or_create(warehouse=warehouse, variant=variant)
        again, created_again = locks.stock_lock_or_create(warehouse=warehouse, variant=variant)

    assert (created, created_again, first.pk, first.quantity) == (True, False, again.pk, 0)


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_rows_are_locked_for_update_of_the_stock_table_only_in_primary_key_order() -> None:
    warehouses = [services.warehouse_upsert(slug=f"w{i}", name=f"W{i}") for i in range(3)]
    variant = _variant("ASL-L3")
    for warehouse in reversed(warehouses):
        services.stock_set(warehouse=warehouse, variant=variant, quantity=1)

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = list(locks.stocks_select_for_update(Stock.objects.filter(product_variant=variant)))

    (sql,) = [query["sql"] for query in queries.captured_queries]
    assert 'ORDER BY "inventory_stock"."id" ASC' in sql
    assert sql.endswith('FOR UPDATE OF "inventory_stock"')
    assert [stock.pk for stock in locked] == sorted(stock.pk for stock in locked)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
def test_simultaneous_receipts_of_a_new_pair_add_up() -> None:
    """Four threads create and increase the same (variant, warehouse) counter at once."""
    warehouse = Warehouse.objects.create(name="Loyok", slug="loyok-race")
    variant = _variant("ASL-L4")
    workers = 4
    barrier = threading.Barrier(workers)
    failures: list[BaseException] = []

    def receive() -> None:
        try:
            barrier.wait()
            services.stock_increase(warehouse=warehouse, variant=variant, quantity=2)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 2 * workers
