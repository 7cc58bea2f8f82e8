"""The storefront listing's SQL at catalogue scale: every statement of ``ProductListPaginated`` (first
20, the storefront's sorts and filters) is planned by PostgreSQL on 10,000 products, and no plan
reads the products, variants or listings tables end to end (``Seq Scan``). The rows are written
with ``bulk_create`` and ``ANALYZE``d, so the planner sees the real sizes."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.catalog.models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory

# Committed rows (``transaction=True``): ``VACUUM ANALYZE`` then gives the planner the sizes and the
# visibility map a live database has, so index-only scans are costed as they run in production.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

HOT_TABLES = {
    Product._meta.db_table,
    ProductVariant._meta.db_table,
    ProductChannelListing._meta.db_table,
    ProductVariantChannelListing._meta.db_table,
}

# Saleor's storefront's ProductListPaginated (src/graphql/ProductList.graphql), with the sort and the
# filters its pages pass.
LISTING = """
query ProductListPaginated(
  $first: Int!, $after: String, $channel: String!, $sortBy: ProductOrder, $filter: ProductFilterInput,
  $search: String
) {
  products(
    first: $first, after: $after, channel: $channel, sortBy: $sortBy, filter: $filter, search: $search
  ) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      node {
        id
        name
        slug
        pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
        category { id name }
        thumbnail(size: 1024, format: WEBP) { url alt }
      }
    }
  }
}
"""

_SKIP = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


def build_catalogue(
    channel: Channel, products: int, *, categories: int = 20, prefix: str = "bulk", analyze: bool = True
) -> dict[str, Any]:
    """``products`` published products (two priced variants each) in ``channel``, by ``bulk_create``.

    Returns the categories and the collection (every 50th product) for the filters. ``analyze``
    (``VACUUM ANALYZE``) needs committed rows: a test in a transaction passes ``False``.
    """
    product_type, _ = ProductType.objects.get_or_create(slug="bulk-type", defaults={"name": "Bulk"})
    cats = Category.objects.bulk_create(
        [Category(name=f"{prefix} category {i}", slug=f"{prefix}-category-{i}") for i in range(categories)]
    )
    collection = Collection.objects.create(name=f"{prefix} picks", slug=f"{prefix}-picks")
    CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
    words = ("bamboo", "songket", "pottery", "pearl", "rattan", "ikat", "woodcarving", "silver")
    # A buyer's search term matches a few dozen products, not an eighth of the catalogue:
    # ``motif`` words ("motifaa" … "motifhr", 200 of them) each belong to every 200th product.
    rows = [
        Product(
            product_type=product_type,
            name=f"{words[i % len(words)].title()} piece {i:06d}",
            slug=f"{prefix}-{i:06d}",
            category=cats[i % categories],
            search_document=f"{words[i % len(words)]} piece {i} {motif(i)}",
            search_index_dirty=False,
        )
        for i in range(products)
    ]
    Product.objects.bulk_create(rows, batch_size=2000)
    since = timezone.now() - timezone.timedelta(days=1)
    ProductChannelListing.objects.bulk_create(
        [
            ProductChannelListing(
                product=p,
                channel=channel,
                currency=channel.currency_code,
                is_published=True,
                published_at=since,
                visible_in_listings=True,
                available_for_purchase_at=since,
                discounted_price_amount=Decimal(10 + i % 500),
            )
            for i, p in enumerate(rows)
        ],
        batch_size=2000,
    )
    variants = [
        ProductVariant(product=p, sku=f"{prefix}-{i:06d}-{size}", name=size, sort_order=n)
        for i, p in enumerate(rows)
        for n, size in enumerate(("S", "L"))
    ]
    ProductVariant.objects.bulk_create(variants, batch_size=2000)
    ProductVariantChannelListing.objects.bulk_create(
        [
            ProductVariantChannelListing(
                variant=v,
                channel=channel,
                currency=channel.currency_code,
                price_amount=Decimal(10 + (i // 2) % 500 + 5 * v.sort_order),
            )
            for i, v in enumerate(variants)
        ],
        batch_size=2000,
    )
    CollectionProduct.objects.bulk_create(
        [CollectionProduct(collection=collection, product=p, sort_order=i) for i, p in enumerate(rows[::50])]
    )
    if not analyze:
        return {"categories": cats, "collection": collection}
    with connection.cursor() as cursor:
        for model in (
            Product,
            ProductChannelListing,
            ProductVariant,
            ProductVariantChannelListing,
            CollectionProduct,
        ):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return {"categories": cats, "collection": collection}


def motif(index: int) -> str:
    n = index % 200
    return "motif" + chr(ord("a") + n // 26) + chr(ord("a") + n % 26)


def listing_statements(gql, variables: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(LISTING, variables)
    assert "errors" not in result, result
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(_SKIP)]
    return result, statements


def seq_scans(plan: dict[str, Any], *, skip_total: bool = False) -> list[str]:
    """The hot tables a plan (``EXPLAIN (FORMAT JSON)``'s ``Plan``) reads by sequential scan.

    ``skip_total`` leaves out the ``InitPlan``s of the statement's top node: ``totalCount``'s
    subquery, evaluated once (see ``FILTERED_COUNTS``).
    """
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in HOT_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        if skip_total and child.get("Parent Relationship") == "InitPlan":
            continue
        found += seq_scans(child)
    return found


def explain(sql: str) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (row,) = cursor.fetchone()
    document = json.loads(row) if isinstance(row, str) else row
    return document[0]["Plan"]


def global_id(kind: str, pk: int) -> str:
    import base64

    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def storefront_variables(channel: Channel, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    base = {"first": 20, "channel": channel.slug}
    return {
        "default": base,
        "name": {**base, "sortBy": {"field": "NAME", "direction": "ASC"}},
        "price": {**base, "sortBy": {"field": "PRICE", "direction": "ASC"}},
        "price-desc": {**base, "sortBy": {"field": "PRICE", "direction": "DESC"}},
        "created": {**base, "sortBy": {"field": "CREATED_AT", "direction": "DESC"}},
        "category": {**base, "filter": {"categories": [global_id("Category", data["categories"][3].pk)]}},
        "collection": {**base, "filter": {"collections": [global_id("Collection", data["collection"].pk)]}},
        "price-range": {**base, "filter": {"price": {"gte": 100, "lte": 120}}},
        # The storefront's search box: ``filter: {search}``, by relevance.
        "search-filter": {**base, "filter": {"search": motif(7)}, "sortBy": RANK},
        # make bench's ``filtered``: one category and a price range, by price.
        "filtered": {
            **base,
            "filter": {
                "categories": [global_id("Category", data["categories"][3].pk)],
                "price": {"gte": 100, "lte": 200},
            },
            "sortBy": {"field": "PRICE", "direction": "ASC"},
        },
        "search": {**base, "search": motif(7)},  # last: test_the_listing_sql_is_the_same… reads its total
    }


RANK = {"field": "RANK", "direction": "DESC"}


# The totalCount of a list filtered by category or by price range counts every match (5% of the
# catalogue here) the first time it is asked for in a catalogue generation (then it is kept, see
# ``test_keyset_pagination``): the planner rightly joins their listings by reading those whole.
# The page itself, and every other count (the unfiltered listing's counter, a collection, a
# search), must still read no table whole.
FILTERED_COUNTS = {"category", "price-range", "filtered"}

# make bench's ``category`` (the storefront's ``CategoryShelf``): a category's own page, whose
# ``totalCount`` reads the categories' counters (migration ``catalog.0010``), so no statement of
# it, count included, reads a table whole.
CATEGORY_PAGE = """
query CategoryShelf($slug: String!, $channel: String!, $first: Int) {
  category(slug: $slug) {
    id
    name
    products(channel: $channel, first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name slug category { id name } thumbnail(size: 1024, format: WEBP) { url alt } } }
    }
  }
}
"""


def test_no_sequential_scan_over_the_catalogue_in_any_listing_statement(gql):
    channel = ChannelFactory()
    started = time.monotonic()
    data = build_catalogue(channel, 10_000)
    print(f"built in {time.monotonic() - started:.1f}s")
    # price 100–120: a small variant (10 + i % 500) or a large one (15 + i % 500) in range: 26 of 500.
    # category 3 (i % 20 == 3) within 100–200: i % 500 in 103, 123, … 183 (either variant).
    expected = {
        "category": 500,
        "collection": 200,
        "price-range": 520,
        "search": 50,
        "search-filter": 50,
        "filtered": 100,
    }
    expected = {name: expected.get(name, 10_000) for name in storefront_variables(channel, data)}
    scans: dict[str, list[str]] = {}
    for name, variables in storefront_variables(channel, data).items():
        result, statements = listing_statements(gql, variables)
        edges = result["data"]["products"]["edges"]
        assert len(edges) == 20, name
        assert result["data"]["products"]["totalCount"] == expected[name], name
        for sql in statements:
            if name == "category" and "LIMIT 21" in sql:
                # The categories below the filter's are resolved before the statement (one id
                # here), not joined level by level in an ``EXISTS``.
                assert '"catalog_product"."category_id" IN (' in sql and "EXISTS" not in sql, sql
            found = seq_scans(explain(sql), skip_total=name in FILTERED_COUNTS)
            if found:
                scans.setdefault(name, []).append(f"{found}: {sql[:300]}")
    category = data["categories"][3]
    with CaptureQueriesContext(connection) as captured:
        result = gql(CATEGORY_PAGE, {"slug": category.slug, "channel": channel.slug, "first": 20})
    assert "errors" not in result, result
    products = result["data"]["category"]["products"]
    assert (len(products["edges"]), products["totalCount"]) == (20, 500)
    statements = [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(_SKIP)]
    assert any("catalog_category_listed_counter" in sql for sql in statements)
    for sql in statements:
        found = seq_scans(explain(sql))
        if found:
            scans.setdefault("category page", []).append(f"{found}: {sql[:300]}")
    assert not scans, json.dumps(scans, indent=1)
    # A word an eighth of the catalogue has (1,250 products): ranking by relevance reads every
    # match, once, and ranks it from its kept vector (``search_vector``), never parsing its
    # document again (``to_tsvector``) nor reading the products it does not match.
    common = {"channel": channel.slug, "first": 20, "filter": {"search": "bamboo"}, "sortBy": RANK}
    result, statements = listing_statements(gql, common)
    assert result["data"]["products"]["totalCount"] == 1250
    page = next(sql for sql in statements if "LIMIT 21" in sql)
    assert "to_tsvector" not in page and '"search_vector" @@' in page, page
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + page)
        (row,) = cursor.fetchone()
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    products = [rows for _, table, rows in rows_read(plan) if table == Product._meta.db_table]
    assert products and max(products) <= 1250 + 21, rows_read(plan)
    # make bench's ``filtered`` (one category, a price range, by price), a buyer's filter prepared
    # once per shape: the page walks that category's listings in price order
    # (``catalog_pcl_category_price_idx``), not the channel's listings filtered by category.
    result, statements = listing_statements(gql, storefront_variables(channel, data)["filtered"])
    assert result["data"]["products"]["totalCount"] == 100
    page = next(sql for sql in statements if "LIMIT 21" in sql)
    # One category is one id (``= id``), not a padded ``IN`` list: PostgreSQL 15 cannot walk the
    # index in price order under ``= ANY`` of several ids, and at 100,000 products the padded page
    # read up to 39,000 listings of other categories (``make bench``, 2026-12-01).
    category = data["categories"][3].pk
    assert f'listing."product_category_id" IN ({category}))' in page, page
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + page)
        (row,) = cursor.fetchone()
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    # Its totalCount rides along here (counts are not kept in tests): an ``InitPlan`` of its own.
    plan = {
        **plan,
        "Plans": [child for child in plan.get("Plans", []) if child.get("Parent Relationship") != "InitPlan"],
    }
    listings = [rows for _, table, rows in rows_read(plan) if table == ProductChannelListing._meta.db_table]
    assert listings and max(listings) <= 500 + 21, rows_read(plan)


TOTAL = "query($channel: String!) { products(first: 1, channel: $channel) { totalCount } }"
TOTAL_LAST = "query($channel: String!) { products(last: 1, channel: $channel) { totalCount } }"


def test_the_counter_follows_every_change_of_the_listings(gql):
    channel, other = ChannelFactory(), ChannelFactory(slug="other", name="Other")
    build_catalogue(channel, 30, categories=3)
    listings = ProductChannelListing.objects.filter(channel=channel).order_by("pk")

    def totals() -> tuple[int, int]:
        first = gql(TOTAL, {"channel": channel.slug})["data"]["products"]["totalCount"]
        last = gql(TOTAL_LAST, {"channel": channel.slug})["data"]["products"]["totalCount"]
        return first, last

    assert totals() == (30, 30)
    pks = list(listings.values_list("pk", flat=True))
    ProductChannelListing.objects.filter(pk=pks[0]).update(is_published=False)
    ProductChannelListing.objects.filter(pk=pks[1]).update(visible_in_listings=False)
    ProductChannelListing.objects.filter(pk=pks[2]).update(
        published_at=timezone.now() + timezone.timedelta(days=2)
    )
    ProductChannelListing.objects.filter(pk=pks[3]).update(channel=other)
    ProductChannelListing.objects.filter(pk=pks[4]).delete()
    ProductChannelListing.objects.filter(pk=pks[5]).update(discounted_price_amount=Decimal(1))  # no change
    Product.objects.filter(pk=listings.get(pk=pks[6]).product_id).delete()  # the cascade deletes its listing
    assert totals() == (24, 24)
    ProductChannelListing.objects.filter(pk=pks[0]).update(is_published=True)
    assert totals() == (25, 25)
    assert gql(TOTAL, {"channel": other.slug})["data"]["products"]["totalCount"] == 1
    visible = listings.filter(is_published=True, visible_in_listings=True, published_at__lte=timezone.now())
    assert visible.count() == 25


def normalised(sql: str) -> str:
    """A statement without its values: literals, and lists of them, become ``?``."""
    sql = re.sub(r"'(?:[^']|'')*'(::\w+)?", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(, \?)*\)", "(?...)", sql)


def subplan_loops(plan: dict[str, Any]) -> list[int]:
    """How often each correlated subquery (``SubPlan``) of an ``EXPLAIN ANALYZE`` plan ran."""
    loops = [plan["Actual Loops"]] if plan.get("Parent Relationship") == "SubPlan" else []
    for child in plan.get("Plans", []):
        loops += subplan_loops(child)
    return loops


SECOND_PAGES = ("default", "name", "price", "price-desc", "created", "category")


def second_page(gql, variables: dict[str, Any]) -> list[str]:
    first, _ = listing_statements(gql, variables)
    after = first["data"]["products"]["pageInfo"]["endCursor"]
    return listing_statements(gql, {**variables, "after": after})[1]


def test_the_listing_sql_is_the_same_at_100_and_2000_products(gql):
    channel = ChannelFactory()
    data = build_catalogue(channel, 100, categories=5)
    cases = storefront_variables(channel, data)
    small = {name: listing_statements(gql, variables)[1] for name, variables in cases.items()}
    second = {name: second_page(gql, cases[name]) for name in SECOND_PAGES}
    build_catalogue(channel, 1900, categories=5, prefix="more")
    # The page after the first's cursor: a keyset, so the same statements at both sizes too.
    for name in SECOND_PAGES:
        large = second_page(gql, cases[name])
        assert [normalised(sql) for sql in large] == [normalised(sql) for sql in second[name]], name
    for name, variables in cases.items():
        result, large = listing_statements(gql, variables)
        assert len(large) == len(small[name]), name
        assert [normalised(sql) for sql in large] == [normalised(sql) for sql in small[name]], name
        # The page's per-row subqueries (prices, thumbnail, translations) run for the page's rows
        # (20, and the one telling whether a next page exists), never for every listed product.
        page_sql = next(sql for sql in large if "LIMIT 21" in sql)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + page_sql)
            (row,) = cursor.fetchone()
        plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
        loops = subplan_loops(plan)
        assert loops, name
        assert max(loops) <= 21, (name, loops)
    # The search: every 200th product of each batch (one of the first 100, ten of the next 1,900).
    assert result["data"]["products"]["totalCount"] == 11


def rows_read(plan: dict[str, Any]) -> list[tuple[str, str, int]]:
    """Each scan of a hot table in an ``EXPLAIN ANALYZE`` plan: its node, table and rows read
    (kept or filtered out), over all its loops."""
    found = []
    if plan.get("Relation Name") in HOT_TABLES:
        per_loop = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
        found.append((plan["Node Type"], plan["Relation Name"], int(per_loop * plan.get("Actual Loops", 1))))
    for child in plan.get("Plans", []):
        found += rows_read(child)
    return found


DEEP_SORTS = {
    "default": None,
    "name": {"field": "NAME", "direction": "ASC"},
    "price": {"field": "PRICE", "direction": "ASC"},
    "price-desc": {"field": "PRICE", "direction": "DESC"},
    "created": {"field": "CREATED_AT", "direction": "DESC"},
}


def test_page_50_of_10000_reads_about_a_page_of_rows_through_the_indexes(gql):
    """Keyset cursors: the 50th page (after 980 products) starts at its cursor in the sort's index,
    where an ``OFFSET`` would read and discard the 980 rows before it."""
    channel = ChannelFactory()
    build_catalogue(channel, 10_000)
    for name, sort in DEEP_SORTS.items():
        variables: dict[str, Any] = {"channel": channel.slug, "sortBy": sort}
        after = None
        for size in (100,) * 9 + (80,):  # 980 products, through the API's own cursors
            result, _ = listing_statements(gql, {**variables, "first": size, "after": after})
            after = result["data"]["products"]["pageInfo"]["endCursor"]
        result, statements = listing_statements(gql, {**variables, "first": 20, "after": after})
        page = result["data"]["products"]
        assert len(page["edges"]) == 20 and page["totalCount"] == 10_000, name
        assert page["pageInfo"]["hasPreviousPage"] and page["pageInfo"]["hasNextPage"], name
        assert not any("OFFSET" in sql.upper() for sql in statements), name
        for sql in statements:
            assert not seq_scans(explain(sql)), (name, sql[:300])
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                (row,) = cursor.fetchone()
            plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
            # A page's 21 rows, and for the price sort the products sharing the boundary prices
            # (20 per price here) sorted by name; never the 980 before the cursor.
            heavy = [scan for scan in rows_read(plan) if scan[2] > 200]
            assert not heavy, (name, heavy, sql[:300])
