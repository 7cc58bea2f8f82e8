"""A filtered list's ``totalCount`` is kept for the catalogue's generation whether or not responses
are cached (``CATALOGUE_COUNT_SECONDS``, ``storefront.catalog.sql.CountOf``), and stays exact: any
catalogue write, and a scheduled publication coming due, shows in the very next request."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from storefront.catalog.models import Product, ProductChannelListing, ProductVariantChannelListing
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import TOTAL, build_catalogue, global_id

pytestmark = pytest.mark.django_db

PAGE = """
query($channel: String!, $first: Int, $filter: ProductFilterInput, $sortBy: ProductOrder, $search: String) {
  products(channel: $channel, first: $first, filter: $filter, sortBy: $sortBy, search: $search) {
    totalCount
    edges { node { slug } }
  }
}
"""

CATEGORY_PAGE = """
query($slug: String!, $channel: String!, $first: Int) {
  category(slug: $slug) { products(channel: $channel, first: $first) { totalCount edges { node { slug } } } }
}
"""


@pytest.fixture
def kept(settings) -> None:
    """Counts kept, responses not cached: the ``uncached`` mode of ``make bench``."""
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.CATALOGUE_COUNT_SECONDS = 3600


def _total(gql, channel: Channel, **variables: Any) -> tuple[int, list[str]]:
    """The list's ``totalCount`` and the counting statements the request ran."""
    with CaptureQueriesContext(connection) as captured:
        result = gql(PAGE, {"channel": channel.slug, "first": 2, **variables})
    assert "errors" not in result, result
    return result["data"]["products"]["totalCount"], _counting(captured)


def _category_total(gql, channel: Channel, slug: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(CATEGORY_PAGE, {"slug": slug, "channel": channel.slug, "first": 2})
    assert "errors" not in result, result
    return result["data"]["category"]["products"]["totalCount"], _counting(captured)


def _counting(captured: CaptureQueriesContext) -> list[str]:
    """The statements that count a list's products (``CountOf``'s subquery or statement)."""
    return [q["sql"] for q in captured.captured_queries if "asal_counted" in q["sql"]]


def _cases(data: dict[str, Any]) -> dict[str, tuple[dict[str, Any], int]]:
    category = data["categories"][1]
    categories = [global_id("Category", category.pk)]
    price_sort = {"field": "PRICE", "direction": "ASC"}
    return {
        "category": ({"filter": {"categories": categories}}, 10),
        "price-range": ({"filter": {"price": {"gte": 20, "lte": 30}}}, 16),
        # make bench's ``filtered``: a category, a price range, by price.
        "filtered": (
            {"filter": {"categories": categories, "price": {"gte": 20, "lte": 30}}, "sortBy": price_sort},
            4,
        ),
    }
    # (A search's count is asked for apart, so that its page stays prepared once per shape:
    # ``test_a_search_count_is_kept_apart_and_its_page_stays_prepared``.)


def test_filtered_counts_are_kept_without_the_response_cache(gql, kept):
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    for name, (variables, expected) in _cases(data).items():
        total, counted = _total(gql, channel, **variables)
        assert total == expected, name
        assert counted, name  # the first request of the generation counts
        # Again, and in another order: the kept number rides in the statement, nothing is counted.
        total, counted = _total(gql, channel, **variables)
        assert (total, counted) == (expected, []), name
        total, counted = _total(
            gql, channel, **{**variables, "sortBy": {"field": "NAME", "direction": "DESC"}}
        )
        assert (total, counted) == (expected, []), name
    # A category's page reads the categories' counters (PostgreSQL), nothing to keep.
    slug = data["categories"][1].slug
    with CaptureQueriesContext(connection) as captured:
        assert _category_total(gql, channel, slug) == (10, [])
    if connection.vendor == "postgresql":
        assert any("catalog_category_listed_counter" in q["sql"] for q in captured.captured_queries)


def test_a_search_count_is_kept_apart_and_its_page_stays_prepared(gql, kept, settings):
    # Its matches not kept (a list longer than ``SEARCH_KEPT_MATCHES``): a list whose every match is
    # kept takes its total from them (``test_kept_search.py``).
    settings.SEARCH_KEPT_MATCHES = 0
    channel = ChannelFactory()
    build_catalogue(channel, 40, categories=4, analyze=False)
    total, counted = _total(gql, channel, search="piece")
    # The first request of the generation counts, in a statement of its own (not in the page's).
    assert total == 40
    assert counted and all(sql.upper().startswith("SELECT COUNT(*) FROM (") for sql in counted)
    assert _total(gql, channel, search="piece") == (40, [])
    # The storefront's ``filter: {search}`` is the same list: the same kept count.
    assert _total(gql, channel, filter={"search": "piece"}) == (40, [])
    # A write shows at once.
    listing = ProductChannelListing.objects.filter(channel=channel).order_by("pk").first()
    assert listing is not None
    listing.is_published = False
    listing.save()
    total, counted = _total(gql, channel, search="piece")
    assert total == 39 and counted
    assert _total(gql, channel, search="piece", sortBy={"field": "NAME", "direction": "ASC"}) == (39, [])


def test_without_kept_counts_every_request_counts(gql, settings):
    settings.CATALOGUE_COUNT_SECONDS = 0
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    variables, expected = _cases(data)["filtered"]
    for _ in range(2):
        total, counted = _total(gql, channel, **variables)
        assert total == expected and counted


def test_every_catalogue_write_shows_in_the_next_count(gql, kept):
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    cases = _cases(data)
    category = data["categories"][1]

    def totals() -> dict[str, int]:
        found = {name: _total(gql, channel, **variables)[0] for name, (variables, _) in cases.items()}
        found["category page"] = _category_total(gql, channel, category.slug)[0]
        return found

    before = totals()
    assert before == {**{name: expected for name, (_, expected) in cases.items()}, "category page": 10}
    assert totals() == before  # kept

    # Unlisting a product of the category (a model save: the catalogue's signals).
    product = Product.objects.filter(category=category).order_by("pk").first()
    assert product is not None
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    listing.is_published = False
    listing.save()
    assert totals()["category"] == 9 and totals()["category page"] == 9

    # Moving a product into the category.
    moved = Product.objects.exclude(category=category).order_by("pk").first()
    assert moved is not None
    moved.category = category
    moved.save()
    assert totals()["category"] == 10 and totals()["category page"] == 10

    # A variant's price leaving the range (prices 10 + i % 500 and 5 more: product 10 is 20 and 25).
    inside = ProductVariantChannelListing.objects.filter(
        channel=channel, variant__product__slug="bulk-000010"
    ).order_by("pk")
    assert [v.price_amount for v in inside] == [Decimal(20), Decimal(25)]
    for variant_listing in inside:
        variant_listing.price_amount = Decimal(99)
        variant_listing.save()
    assert totals()["price-range"] == 15

    # A product deleted (its listings go with it).
    Product.objects.get(slug="bulk-000011").delete()
    after = totals()
    assert after["price-range"] == 14
    assert after == totals()  # and kept again


def test_a_scheduled_publication_shows_when_it_comes_due(gql, kept, monkeypatch):
    """No write happens when a publication date passes: the kept count holds only until then."""
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    variables, expected = _cases(data)["category"]
    category = data["categories"][1]
    soon = timezone.now() + timezone.timedelta(hours=1)
    product = Product.objects.filter(category=category).order_by("pk").first()
    assert product is not None
    listing = ProductChannelListing.objects.get(product=product, channel=channel)
    listing.published_at = soon
    listing.save()
    assert _total(gql, channel, **variables)[0] == expected - 1
    assert _total(gql, channel, **variables) == (expected - 1, [])  # kept until then
    assert _category_total(gql, channel, category.slug)[0] == expected - 1

    later = soon + timezone.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    total, counted = _total(gql, channel, **variables)
    assert total == expected and counted  # counted afresh
    assert _total(gql, channel, **variables) == (expected, [])  # and kept: nothing else is scheduled
    assert _category_total(gql, channel, category.slug)[0] == expected


RECOUNT = """
SELECT l.channel_id, p.category_id, count(*)
FROM catalog_productchannellisting l JOIN catalog_product p ON p.id = l.product_id
WHERE l.is_published AND l.visible_in_listings AND p.category_id IS NOT NULL
GROUP BY l.channel_id, p.category_id
"""


def _counters() -> dict[tuple[int, int], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT channel_id, category_id, listed FROM catalog_category_listed_counter")
        kept = {(channel, category): listed for channel, category, listed in cursor.fetchall() if listed}
        cursor.execute(RECOUNT)
        counted = {(channel, category): listed for channel, category, listed in cursor.fetchall()}
    assert kept == counted
    return kept


@pytest.mark.postgres_only
def test_the_category_counters_follow_every_change_of_listings_and_products(gql):
    """Writes without signals (``QuerySet.update``, cascades): the triggers alone keep the counters."""
    from storefront.catalog.models import Category

    channel, other = ChannelFactory(), ChannelFactory(slug="other", name="Other")
    data = build_catalogue(channel, 30, categories=3, analyze=False)
    first, second, third = data["categories"]
    child = Category.objects.create(name="Child", slug="child", parent=first)
    assert _counters() == {
        (channel.pk, first.pk): 10,
        (channel.pk, second.pk): 10,
        (channel.pk, third.pk): 10,
    }

    def page_total(category: Category) -> int:
        return _category_total(gql, channel, category.slug)[0]

    listings = ProductChannelListing.objects.filter(channel=channel, product__category=first).order_by("pk")
    pks = list(listings.values_list("pk", flat=True))
    ProductChannelListing.objects.filter(pk=pks[0]).update(is_published=False)
    ProductChannelListing.objects.filter(pk=pks[1]).update(visible_in_listings=False)
    ProductChannelListing.objects.filter(pk=pks[2]).update(channel=other)
    ProductChannelListing.objects.filter(pk=pks[3]).delete()
    ProductChannelListing.objects.filter(pk=pks[4]).update(discounted_price_amount=Decimal(1))  # no change
    assert _counters()[(channel.pk, first.pk)] == 6
    assert _counters()[(other.pk, first.pk)] == 1
    # A product moved to the child category: still under ``first``'s page, on the child's own.
    moved = Product.objects.filter(category=first, channel_listings__pk=pks[5])
    moved.update(category=child)
    assert (page_total(first), page_total(child)) == (6, 1)
    # A product deleted (Django deletes its listings first), a category emptied by deletion.
    Product.objects.filter(channel_listings__pk=pks[6]).delete()
    assert page_total(first) == 5
    second.delete()  # its products' category becomes NULL
    assert (channel.pk, second.pk) not in _counters()
    # A product with no category placed into one, and one of ``third``'s listings published again.
    orphan = Product.objects.filter(category__isnull=True).order_by("pk").first()
    assert orphan is not None
    Product.objects.filter(pk=orphan.pk).update(category=third)
    assert page_total(third) == 11
    # A scheduled listing is counted by the counter and subtracted until its date comes.
    later = timezone.now() + timezone.timedelta(days=1)
    scheduled = ProductChannelListing.objects.filter(channel=channel, product__category=third).order_by("pk")[
        0
    ]
    ProductChannelListing.objects.filter(pk=scheduled.pk).update(published_at=later)
    assert page_total(third) == 10
    _counters()
    # Deferred foreign keys: a product deleted before its listings within one transaction.
    with connection.cursor() as cursor:
        victim = Product.objects.filter(category=third).order_by("pk").last()
        assert victim is not None
        cursor.execute("DELETE FROM catalog_product WHERE id = %s", [victim.pk])
        cursor.execute("DELETE FROM catalog_productchannellisting WHERE product_id = %s", [victim.pk])
        variants = "SELECT id FROM catalog_productvariant WHERE product_id = %s"
        cursor.execute(
            f"DELETE FROM catalog_productvariantchannellisting WHERE variant_id IN ({variants})",
            [victim.pk],
        )
        cursor.execute("DELETE FROM catalog_productvariant WHERE product_id = %s", [victim.pk])
    assert page_total(third) == 9
    _counters()


@pytest.mark.postgres_only
def test_the_price_sort_reads_the_name_kept_on_each_listing(gql):
    """``sortBy: PRICE`` orders equal prices by name through the listing's copy of the name
    (migration ``catalog.0011``): it follows every rename, however written."""
    channel = ChannelFactory()
    build_catalogue(channel, 6, categories=1, analyze=False)
    ProductChannelListing.objects.filter(channel=channel).update(discounted_price_amount=Decimal(7))
    names = dict(
        ProductChannelListing.objects.filter(channel=channel).values_list("product__name", "product_name")
    )
    assert all(name == kept for name, kept in names.items())

    def order() -> list[str]:
        result = gql(
            PAGE, {"channel": channel.slug, "first": 6, "sortBy": {"field": "PRICE", "direction": "ASC"}}
        )
        assert "errors" not in result, result
        return [edge["node"]["slug"] for edge in result["data"]["products"]["edges"]]

    assert order() == [f"bulk-{i:06d}" for i in (0, 5, 3, 2, 4, 1)]  # Bamboo, Ikat, Pearl…: by name
    last = Product.objects.get(slug="bulk-000005")
    last.name = "Aardvark"  # through the model
    last.save()
    Product.objects.filter(slug="bulk-000000").update(name="Zebra")  # without signals
    # A writer cannot put another name on the listing.
    ProductChannelListing.objects.filter(channel=channel, product__slug="bulk-000003").update(
        product_name="A"
    )
    assert order() == [f"bulk-{i:06d}" for i in (5, 3, 2, 4, 1, 0)]
    assert ProductChannelListing.objects.get(channel=channel, product=last).product_name == "Aardvark"


def _counter_writes() -> int:
    """Rows this transaction inserted into or updated in the two counters' tables so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_xact_user_tables"
            " WHERE relname IN ('catalog_listed_counter', 'catalog_category_listed_counter')"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.postgres_only
def test_the_counters_are_written_once_per_statement_not_once_per_listing(gql):
    """Migration ``catalog.0012``: a statement writing 120 listings writes each counter row it
    changes once (a bulk import no longer rewrites the same row once per listing), and one that
    changes no listing's visibility, channel or product writes none."""
    channel, other = ChannelFactory(), ChannelFactory(slug="other", name="Other")
    before = _counter_writes()
    data = build_catalogue(channel, 120, categories=4, analyze=False)  # one bulk INSERT of listings
    assert _counter_writes() - before == 1 + 4
    assert _counters() == {(channel.pk, category.pk): 30 for category in data["categories"]}

    listings = ProductChannelListing.objects.filter(channel=channel)
    before = _counter_writes()
    listings.update(discounted_price_amount=Decimal(3))  # a price change: no counter written
    assert _counter_writes() == before

    moved = ProductChannelListing.objects.filter(pk__in=list(listings.values_list("pk", flat=True)[:50]))
    before = _counter_writes()
    moved.update(channel=other)  # one statement: both channels' rows and their categories'
    written = _counter_writes() - before
    assert written <= 2 + 2 * 4, written
    totals = _counters()
    assert sum(n for (chan, _), n in totals.items() if chan == channel.pk) == 70
    assert sum(n for (chan, _), n in totals.items() if chan == other.pk) == 50
    assert gql(TOTAL, {"channel": other.slug})["data"]["products"]["totalCount"] == 50

    before = _counter_writes()
    ProductChannelListing.objects.filter(channel=other).delete()
    assert _counter_writes() - before <= 1 + 4
    assert gql(TOTAL, {"channel": other.slug})["data"]["products"]["totalCount"] == 0
    assert gql(TOTAL, {"channel": channel.slug})["data"]["products"]["totalCount"] == 70
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'catalog_productchannellisting'::regclass"
            " AND NOT tgisinternal AND tgtype & 1 = 1 AND tgname LIKE '%%counter%%'"
        )
        assert cursor.fetchall() == []  # no counter trigger left firing once per row
