"""A buyer's search keeps its first matches per catalogue generation (``SEARCH_KEPT_MATCHES``,
``graphql_schema.core.relay.kept_order``): a page within them reads its rows by id, and answers
exactly as the search ranked on every request does; any write, and a scheduled publication coming
due, shows in the very next search."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Product, ProductChannelListing, ProductVariantChannelListing
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import build_catalogue
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

SEARCH = """
query($channel: String!, $search: String, $filter: ProductFilterInput, $sortBy: ProductOrder,
      $first: Int, $last: Int, $after: String, $before: String) {
  products(channel: $channel, search: $search, filter: $filter, sortBy: $sortBy,
           first: $first, last: $last, after: $after, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id name slug
        pricing { priceRange { start { gross { amount currency } } } }
        category { id name }
        thumbnail { url }
      }
    }
  }
}
"""

# The limit of the tests: "piece" (every product) reaches past it, one word's products do not.
LIMIT = 12


@pytest.fixture
def kept(settings) -> None:
    """Counts and search matches kept, responses not cached: ``make bench``'s ``uncached`` mode."""
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.CATALOGUE_COUNT_SECONDS = 3600
    settings.SEARCH_KEPT_MATCHES = LIMIT


def _catalogue(channel: Channel, products: int = 48) -> None:
    build_catalogue(channel, products, categories=3, analyze=False)
    # Ranks that differ: some products say "bamboo" more often, some share a rank (ties by id).
    for index, product in enumerate(Product.objects.filter(name__startswith="Bamboo").order_by("pk")):
        product.search_document += " bamboo" * (index % 3)
        product.save()


def _run(gql, variables: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(SEARCH, variables)
    assert "errors" not in result, (variables, result)
    return result["data"]["products"], [q["sql"] for q in captured.captured_queries]


def _searched(statements: list[str]) -> list[str]:
    """The statements that match the terms (rank and sort the matches)."""
    marker = "@@" if connection.vendor == "postgresql" else "LIKE"
    return [sql for sql in statements if marker in sql]


SORTS: dict[str, Any] = {
    "default": None,
    "rank-desc": {"field": "RANK", "direction": "DESC"},
    "rank-asc": {"field": "RANK", "direction": "ASC"},
    "name": {"field": "NAME", "direction": "ASC"},
    "price-desc": {"field": "PRICE", "direction": "DESC"},
    "created": {"field": "CREATED_AT", "direction": "DESC"},
}


def _walk(gql, base: dict[str, Any], size: int) -> list[dict[str, Any]]:
    """Every page of a list forward by ``first``/``after``, back by ``last``/``before``, then its
    ``last`` page without a cursor and a page bounded by both cursors."""
    pages = []
    after = None
    while True:
        page, _ = _run(gql, {**base, "first": size, "after": after})
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"] or len(pages) > 20:
            break
        after = page["pageInfo"]["endCursor"]
    before = pages[-1]["pageInfo"]["startCursor"]
    while before is not None and len(pages) < 45:
        page, _ = _run(gql, {**base, "last": size, "before": before})
        pages.append(page)
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    pages.append(_run(gql, {**base, "last": size})[0])
    edges = pages[0]["edges"]
    if len(edges) >= 2:
        between = {"after": edges[0]["cursor"], "before": edges[-1]["cursor"]}
        pages.append(_run(gql, {**base, "first": size, **between})[0])
        pages.append(_run(gql, {**base, "last": 1, **between})[0])
    return pages


def test_kept_pages_answer_exactly_as_ranked_ones(gql, kept, settings):
    channel = ChannelFactory()
    _catalogue(channel)
    cases = []
    for word in ("bamboo", "silver piece", "piece", "nothingmatches"):
        for name, sort in SORTS.items():
            for size in (1, 5, 12):
                cases.append(({"channel": channel.slug, "search": word, "sortBy": sort}, size))
    # The storefront's ``filter: {search}`` is the same list.
    cases.append(({"channel": channel.slug, "filter": {"search": "bamboo"}, "sortBy": SORTS["rank-desc"]}, 3))

    settings.SEARCH_KEPT_MATCHES = 0
    ranked = [_walk(gql, variables, size) for variables, size in cases]
    settings.CATALOGUE_COUNT_SECONDS = 0
    counted = [_walk(gql, variables, size) for variables, size in cases[::7]]
    assert counted == ranked[::7]  # (counts kept or not, the same answers)

    settings.CATALOGUE_COUNT_SECONDS = 3600
    settings.SEARCH_KEPT_MATCHES = LIMIT
    for (variables, size), expected in zip(cases, ranked, strict=True):
        assert json.dumps(_walk(gql, variables, size)) == json.dumps(expected), (variables, size)
    # The walks covered what they must: long lists, both directions, more than one rank.
    assert any(page["totalCount"] == 48 for pages in ranked for page in pages)
    assert any(len(pages) > 6 for pages in ranked)


def test_a_kept_search_ranks_only_once_per_generation(gql, kept):
    channel = ChannelFactory()
    _catalogue(channel)
    variables = {"channel": channel.slug, "search": "bamboo", "sortBy": SORTS["rank-desc"], "first": 4}
    first, statements = _run(gql, variables)
    # The first ranks every match once: the kept matches and the total in one statement.
    assert first["totalCount"] == 6 and len(_searched(statements)) == 1
    # Again, and the next page, and the last: no statement matches the terms any more.
    again, statements = _run(gql, variables)
    assert again == first and not _searched(statements)
    after = first["pageInfo"]["endCursor"]
    second, statements = _run(gql, {**variables, "after": after})
    assert [edge["node"]["slug"] for edge in second["edges"]] and not _searched(statements)
    last, statements = _run(gql, {**{k: v for k, v in variables.items() if k != "first"}, "last": 2})
    assert last["edges"] == second["edges"] and not _searched(statements)
    # Past the kept matches of a longer list: ranked as before.
    piece = {**variables, "search": "piece", "first": LIMIT}
    page, statements = _run(gql, piece)
    # LIMIT + 1 rows needed: the kept matches, then the page ranked as before (its total kept).
    assert page["pageInfo"]["hasNextPage"] and page["totalCount"] == 48
    assert len(_searched(statements)) == 2
    page, statements = _run(gql, {**piece, "first": LIMIT - 1})
    assert not _searched(statements)
    page, statements = _run(gql, {**piece, "first": 5, "after": page["pageInfo"]["endCursor"]})
    assert len(page["edges"]) == 5 and _searched(statements)


def test_the_statements_do_not_grow_with_the_page(gql, kept):
    channel = ChannelFactory()
    _catalogue(channel)
    base = {"channel": channel.slug, "search": "piece", "sortBy": SORTS["rank-desc"]}
    _run(gql, {**base, "first": 1})  # kept
    counts = set()
    for size in (1, 4, 11):
        page, statements = _run(gql, {**base, "first": size})
        assert len(page["edges"]) == size
        counts.add(len(statements))
    assert len(counts) == 1, counts


def _slugs(gql, channel: Channel, word: str, sort: Any = None) -> list[str]:
    page, _ = _run(gql, {"channel": channel.slug, "search": word, "sortBy": sort, "first": 10})
    return [edge["node"]["slug"] for edge in page["edges"]]


def test_every_write_shows_in_the_next_search(gql, kept):
    channel = ChannelFactory()
    _catalogue(channel)
    before = _slugs(gql, channel, "bamboo")
    assert len(before) == 6 and _slugs(gql, channel, "bamboo") == before  # kept

    # Renamed (its search document with it): found by its new word, gone from the old.
    product = Product.objects.get(slug=before[0])
    product.name = "Kingfisher"
    product.search_document = "kingfisher piece"
    product.save()
    assert _slugs(gql, channel, "kingfisher") == [product.slug]
    assert _slugs(gql, channel, "bamboo") == before[1:]

    # Unpublished.
    listing = ProductChannelListing.objects.get(product__slug=before[1], channel=channel)
    listing.is_published = False
    listing.save()
    assert _slugs(gql, channel, "bamboo") == before[2:]

    # A price change reorders a search sorted by price.
    by_price = {"field": "PRICE", "direction": "ASC"}
    cheapest = _slugs(gql, channel, "bamboo", by_price)
    dearest = cheapest[-1]
    listing = ProductChannelListing.objects.get(product__slug=dearest, channel=channel)
    listing.discounted_price_amount = Decimal(1)
    listing.save()
    for variant_listing in ProductVariantChannelListing.objects.filter(
        channel=channel, variant__product__slug=dearest
    ):
        variant_listing.price_amount = Decimal(1)
        variant_listing.save()
    assert _slugs(gql, channel, "bamboo", by_price) == [dearest, *cheapest[:-1]]


def test_a_scheduled_product_appears_when_its_time_comes(gql, kept, monkeypatch):
    channel = ChannelFactory()
    _catalogue(channel)
    everything = _slugs(gql, channel, "bamboo")
    soon = timezone.now() + timezone.timedelta(hours=1)
    listing = ProductChannelListing.objects.get(product__slug=everything[2], channel=channel)
    listing.published_at = soon
    listing.save()
    waiting = [slug for slug in everything if slug != everything[2]]
    assert _slugs(gql, channel, "bamboo") == waiting
    assert _slugs(gql, channel, "bamboo") == waiting  # kept until then

    later = soon + timezone.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page, statements = _run(gql, {"channel": channel.slug, "search": "bamboo", "first": 10})
    assert [edge["node"]["slug"] for edge in page["edges"]] == everything
    assert page["totalCount"] == 6 and _searched(statements)  # ranked afresh
    assert not _searched(_run(gql, {"channel": channel.slug, "search": "bamboo", "first": 10})[1])


def test_staff_searches_are_not_kept(gql, kept):
    channel = ChannelFactory()
    _catalogue(channel)
    headers = bearer(staff_user(PermissionCode.MANAGE_PRODUCTS))
    variables = {"channel": channel.slug, "search": "bamboo", "first": 4}
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            result = gql(SEARCH, variables, headers=headers)
        assert "errors" not in result, result
        assert _searched([q["sql"] for q in captured.captured_queries])


@pytest.mark.postgres_only
def test_a_kept_search_reads_the_same_statements_and_only_its_page_at_100_and_2000_products(
    gql, kept, settings
):
    from storefront.core.versioned_cache import catalogue_changed
    from tests.graphql.catalog.test_listing_plans import HOT_TABLES, normalised, rows_read

    settings.SEARCH_KEPT_MATCHES = 500
    channel = ChannelFactory()
    variables = {"channel": channel.slug, "search": "bamboo", "sortBy": SORTS["rank-desc"], "first": 10}

    def repeated() -> tuple[dict[str, Any], list[str]]:
        _run(gql, variables)  # the first of the generation ranks and keeps the matches
        page, statements = _run(gql, variables)
        assert len(page["edges"]) == 10 and not _searched(statements)
        return page, [sql for sql in statements if not sql.upper().startswith(("SAVEPOINT", "RELEASE"))]

    build_catalogue(channel, 100, categories=5, analyze=False)
    small, small_statements = repeated()
    assert small["totalCount"] == 13
    build_catalogue(channel, 1900, categories=5, prefix="more", analyze=False)
    catalogue_changed()  # ``bulk_create`` sends no signal
    with connection.cursor() as cursor:  # the planner sees the real sizes (no VACUUM in a transaction)
        for table in HOT_TABLES:
            cursor.execute(f"ANALYZE {table}")
    large, large_statements = repeated()
    assert large["totalCount"] == 13 + 238
    assert [normalised(sql) for sql in large_statements] == [normalised(sql) for sql in small_statements]
    for sql in large_statements:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            (row,) = cursor.fetchone()
        plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
        # The page's ten rows (the statement's 16 ids: ``padded_ids``) and their variants.
        heavy = [scan for scan in rows_read(plan) if scan[2] > 40]
        assert not heavy, (heavy, sql[:300])
