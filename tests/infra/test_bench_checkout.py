"""``make bench``'s guest checkout runs the storefront's documents end to end and counts each step."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema
from infra import bench_checkout
from infra.bench_checkout import PAID_STEPS, STEPS, Results, report, statements_per_step
from payments.models import Transaction
from storefront.orders.models import Order
from tests.storefront.checkout.factories import channel_create, product_create


@pytest.mark.parametrize("step", PAID_STEPS)
def test_each_step_is_a_valid_storefront_document(step: str) -> None:
    assert not validate(schema._schema, parse(bench_checkout._documents()[step]))


@pytest.mark.django_db
def test_one_flow_places_an_order_and_counts_every_step() -> None:
    channel = channel_create(bench_checkout.CHANNEL, "USD", allow_unpaid_orders=True)  # the unpaid flow
    variant = product_create(channel, price="42.00", stock=5)

    counts = statements_per_step(to_global_id("ProductVariant", variant.pk))

    assert set(counts) == set(STEPS)
    assert all(count > 0 for count in counts.values())
    order = Order.objects.get(user_email="counting@example.com")
    assert order.lines.get().quantity == 1
    assert order.shipping_address.city == "BERLIN"


@pytest.mark.django_db
def test_the_paid_flow_charges_the_checkout_with_the_dummy_gateway_before_placing_the_order() -> None:
    channel = channel_create(bench_checkout.CHANNEL, "USD")
    variant = product_create(channel, price="42.00", stock=5)

    counts = statements_per_step(to_global_id("ProductVariant", variant.pk), paid=True)

    assert list(counts) == list(PAID_STEPS)
    assert all(count > 0 for count in counts.values())
    order = Order.objects.get(user_email="counting@example.com")
    transaction = Transaction.objects.get()
    assert transaction.charged_amount == order.total_gross_amount > 0
    assert transaction.gateway == bench_checkout.DUMMY_GATEWAY


def test_the_report_shows_each_step_and_the_whole_flow() -> None:
    results = Results()
    results.record(dict.fromkeys(STEPS, 0.01))
    results.record(None, "CartAddOne: INSUFFICIENT_STOCK")

    table = report([(1, results, 2.0)], dict.fromkeys(STEPS, 3))

    assert "| CheckoutPlaceOrder | 3 | 10 | 10 |" in table
    assert "| **whole flow** | **24** | **80** | 80 |" in table
    assert "1 orders in 2.0 s" in table and "1 failed flows; first: CartAddOne" in table


def test_the_checkout_bench_runs_on_its_catalogue_size_s_own_database(monkeypatch) -> None:
    """As ``infra.bench``'s sizes: ``…/asal_bench`` with ``--products 5000`` is ``…/asal_bench_5000``."""
    args = bench_checkout._arguments(["--db", "postgres://u@h:5432/asal_bench", "--products", "1000"])
    assert args.database_url == "postgres://u@h:5432/asal_bench_1000"
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    assert bench_checkout._arguments([]).database_url == "postgres://postgres@127.0.0.1:5432/asal_bench_5000"
