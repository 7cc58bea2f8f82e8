"""Kept statements prepared on PostgreSQL's side too (``storefront.catalog.sql``): planned once per
connection, their rows exactly a fresh evaluation's, and a statement PostgreSQL refuses or has lost
run bound on the client as before. SQLite (the embedded default) never binds on the server."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import CharField, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import JSONObject
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.catalog import sql
from storefront.catalog.models import Product, ProductChannelListing
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import build_catalogue

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")


def _listed(ids: list[int], currency: str) -> Any:
    """Rows of every kind the catalogue's statements carry: decimals, aware instants, JSON."""
    listings = (
        ProductChannelListing.objects.filter(product_id=OuterRef("pk"), currency=currency)
        .order_by()
        .values("product_id")
        .annotate(result=sql.JSONArray(JSONObject(price="discounted_price_amount", since="published_at")))
    )
    return (
        Product.objects.filter(pk__in=ids)
        .annotate(listings=Subquery(listings.values("result")[:1]))
        .order_by("-pk")
        .values("pk", "slug", "created_at", "listings")
    )


def _server_statements(text: str) -> list[tuple[str, int]]:
    """The connection's prepared statements whose text contains ``text``: (name, generic plans)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans FROM pg_prepared_statements WHERE statement LIKE %s ORDER BY name",
            [f"%{text}%"],
        )
        return list(cursor.fetchall())


def _catalogue(prefix: str) -> tuple[list[int], str]:
    channel = ChannelFactory(slug=f"server-{prefix}")
    build_catalogue(channel, 6, categories=2, prefix=prefix, analyze=False)
    ProductChannelListing.objects.filter(channel=channel).update(discounted_price_amount=Decimal("12.50"))
    pks = list(Product.objects.filter(slug__startswith=prefix).order_by("pk").values_list("pk", flat=True))
    return pks, channel.currency_code


@postgresql
@pytest.mark.django_db
def test_a_kept_statement_is_prepared_on_the_server_and_answers_as_a_fresh_build():
    pks, currency = _catalogue("srv")
    key = ("test-server-listed", 8)
    first = sql.prepared(key, _listed, sql.padded_ids(pks[:3]), currency)
    second = sql.prepared(key, _listed, sql.padded_ids(pks[3:6]), currency)
    assert sql._PREPARED[key, False].bound is True
    # The same statement (the number of ids padded alike), prepared once on this connection and
    # planned once (a generic plan) for both runs.
    prepared = _server_statements('AS "listings" FROM "catalog_product"')
    assert len(prepared) == 1 and prepared[0][1] == 2

    for rows, ids in ((first, pks[:3]), (second, pks[3:6])):
        assert rows == list(_listed(ids, currency))  # the rows of a fresh evaluation, bound on the client
        assert [row["pk"] for row in rows] == ids[::-1]
        row = rows[0]
        assert row["created_at"].tzinfo is not None and row["created_at"] <= timezone.now()
        assert isinstance(row["listings"], list) and row["listings"][0]["price"] == 12.5


@postgresql
@pytest.mark.django_db
def test_the_query_log_shows_a_server_bound_statement_with_its_values():
    pks, currency = _catalogue("log")
    key = ("test-server-log", 8)
    sql.prepared(key, _listed, sql.padded_ids(pks[:2]), currency)
    with CaptureQueriesContext(connection) as captured:
        sql.prepared(key, _listed, sql.padded_ids(pks[2:4]), currency)
    (query,) = captured.captured_queries
    assert "$1" not in query["sql"] and f"{pks[2]}" in query["sql"] and f"'{currency}'" in query["sql"]


@postgresql
@pytest.mark.django_db
def test_a_statement_postgresql_refuses_with_bound_values_runs_bound_on_the_client():
    pks, _ = _catalogue("left")

    def tagged(ids: list[int], suffix: str) -> Any:  # concat(varchar, unknown): an indeterminate type
        tag = Func(F("slug"), Value(suffix), function="CONCAT", output_field=CharField())
        return Product.objects.filter(pk__in=ids).annotate(tag=tag).order_by("pk").values("tag")

    key = ("test-server-refused", 8)
    # Inside the test's transaction: the refusal is rolled back to a savepoint, the transaction goes on.
    assert sql.prepared(key, tagged, sql.padded_ids(pks[:2]), "-a") == [
        {"tag": "left-000000-a"},
        {"tag": "left-000001-a"},
    ]
    assert sql._PREPARED[key, False].bound is False
    assert sql.prepared(key, tagged, sql.padded_ids(pks[2:3]), "-b") == [{"tag": "left-000002-b"}]
    assert Product.objects.filter(pk__in=pks).count() == 6


@postgresql
@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_gone_bad_is_forgotten_and_run_again():
    pks, currency = _catalogue("stale")
    key = ("test-server-stale", 8)
    marker = 'AS "listings" FROM "catalog_product"'
    expected = list(_listed(pks[:2], currency))

    def run() -> list[Any]:
        return sql.prepared(key, _listed, sql.padded_ids(pks[:2]), currency)

    run()
    assert len(_server_statements(marker)) == 1
    # The server loses it behind psycopg's back (a pooler's DISCARD ALL): "does not exist".
    connection.connection.pgconn.exec_(b"DEALLOCATE ALL")
    assert run() == expected
    assert run() == expected
    assert len(_server_statements(marker)) == 1  # prepared afresh

    # A migration from another connection changes a selected column's type: "cached plan must not
    # change result type" until the statement is prepared again.
    import psycopg

    dsn = connection.get_connection_params()
    other = psycopg.connect(
        dbname=dsn["dbname"],
        user=dsn.get("user"),
        host=dsn.get("host"),
        port=dsn.get("port"),
        password=dsn.get("password"),
        autocommit=True,
    )
    length = Product._meta.get_field("slug").max_length
    try:
        other.execute('ALTER TABLE "catalog_product" ALTER COLUMN "slug" TYPE text')
        assert run() == expected
        assert run() == expected
        assert len(_server_statements(marker)) == 1
    finally:
        other.execute(f'ALTER TABLE "catalog_product" ALTER COLUMN "slug" TYPE varchar({length})')
        other.close()
    assert run() == expected


@postgresql
@pytest.mark.django_db
def test_without_db_prepared_statements_every_statement_is_bound_on_the_client(monkeypatch):
    pks, currency = _catalogue("off")
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold")
    assert not sql.binds_on_server(connection)
    key = ("test-server-off", 8)
    assert sql.prepared(key, _listed, sql.padded_ids(pks[:2]), currency) == list(_listed(pks[:2], currency))
    assert sql.prepared(key, _listed, sql.padded_ids(pks[2:4]), currency) == list(_listed(pks[2:4], currency))
    assert sql._PREPARED[key, False].bound is None
    assert _server_statements('AS "listings" FROM "catalog_product"') == []


def test_sqlite_never_binds_on_the_server():
    class SQLite:
        vendor = "sqlite"
        settings_dict = {"OPTIONS": {"prepare_threshold": 1}}

    assert not sql.binds_on_server(SQLite())
    assert sql.binds_on_server(connection) == (connection.vendor == "postgresql")


def test_kept_shapes_forget_the_least_recently_used_past_their_limit():
    """Shapes a client invents cannot grow the process, nor keep the buyers' shapes out for good."""
    kept = sql.KeptShapes(3)
    for name in ("a", "b", "c"):
        kept.keep(name, name.upper())
    assert kept.found("a") == "A"  # now the most recently used
    kept.keep("d", "D")  # "b" is forgotten, not "a"
    assert list(kept) == ["c", "a", "d"]
    assert kept.found("b") is sql.KeptShapes._MISSING
    for invented in range(100):
        kept.keep(("invented", invented), None)
    assert len(kept) == 3
    kept.keep("a", "A")
    assert kept.found("a") == "A"
