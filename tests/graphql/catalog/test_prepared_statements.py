"""Statements prepared once per shape (``storefront.catalog.sql.prepared``): a buyer's listing and
its batch loads run kept SQL with each request's values, and answer exactly as a fresh build."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from storefront.catalog import sql
from storefront.catalog.models import Product, ProductChannelListing
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_cache
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import build_catalogue, global_id

pytestmark = pytest.mark.django_db

LISTING = """
query($channel: String!) {
  products(channel: $channel, first: 20) {
    totalCount
    edges { node { slug pricing { priceRange { start { gross { amount } } } }
      variants { name attributes { attribute { slug } values { name } } } } }
  }
}
"""


def _slugs(gql, channel: Channel) -> list[str]:
    result = gql(LISTING, {"channel": channel.slug})
    assert "errors" not in result, result
    return [edge["node"]["slug"] for edge in result["data"]["products"]["edges"]]


def _page_plans(channel: Channel) -> list[Any]:
    """The kept plans of ``channel``'s pages of ``products`` (other tests' shapes left out)."""
    return [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][0] == "products" and key[1][1] == channel.pk
    ]


def test_a_kept_listing_statement_sees_every_write_and_never_a_hidden_product(gql):
    channel = ChannelFactory(slug="prepared-usd")
    build_catalogue(channel, 6, categories=2, prefix="prep", analyze=False)
    first = _slugs(gql, channel)
    assert first == [f"prep-{i:06d}" for i in range(6)]
    assert _page_plans(channel) and all(plan is not sql._UNPREPARABLE for plan in _page_plans(channel))

    listings = ProductChannelListing.objects.filter(channel=channel)
    listings.filter(product__slug="prep-000001").update(is_published=False)
    listings.filter(product__slug="prep-000002").update(visible_in_listings=False)
    listings.filter(product__slug="prep-000003").update(published_at=timezone.now() + timedelta(days=1))
    assert _slugs(gql, channel) == ["prep-000000", "prep-000004", "prep-000005"]

    # Another channel's listing is another shape: its own products only.
    other = ChannelFactory(slug="prepared-eur")
    assert _slugs(gql, other) == []


def test_the_instant_of_the_visibility_test_is_the_requests(gql, monkeypatch):
    channel = ChannelFactory(slug="prepared-later")
    build_catalogue(channel, 3, categories=1, prefix="later", analyze=False)
    scheduled = timezone.now() + timedelta(hours=2)
    ProductChannelListing.objects.filter(channel=channel, product__slug="later-000002").update(
        published_at=scheduled
    )
    assert _slugs(gql, channel) == ["later-000000", "later-000001"]
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=3))
    assert _slugs(gql, channel) == ["later-000000", "later-000001", "later-000002"]


def test_prepared_rows_equal_a_fresh_evaluation_and_odd_shapes_fall_back(settings):
    channel = ChannelFactory(slug="prepared-unit")
    build_catalogue(channel, 8, categories=2, prefix="unit", analyze=False)
    pks = list(Product.objects.order_by("pk").values_list("pk", flat=True))

    def build(ids: list[int], slug: str) -> Any:
        return Product.objects.filter(pk__in=ids).exclude(slug=slug).order_by("-pk")

    key = ("test-products", 3)
    assert [p.pk for p in sql.prepared(key, build, pks[:3], "x")] == pks[:3][::-1]
    assert sql._PREPARED[key, False] is not sql._UNPREPARABLE
    assert [p.slug for p in sql.prepared(key, build, pks[3:6], "unit-000004")] == [
        "unit-000005",
        "unit-000003",
    ]

    def dated(ids: list[int]) -> Any:  # reads the clock itself: not preparable, built every time
        return Product.objects.filter(pk__in=ids, created_at__lte=timezone.now()).values("pk")

    clock_key = ("test-clock", 2)
    assert [row["pk"] for row in sql.prepared(clock_key, dated, pks[:2])] == pks[:2]
    assert sql._PREPARED[clock_key, False] is sql._UNPREPARABLE
    assert [row["pk"] for row in sql.prepared(clock_key, dated, pks[2:4])] == pks[2:4]

    empty_key = ("test-empty", 0)
    assert sql.prepared(empty_key, lambda ids: Product.objects.filter(pk__in=ids), []) == []


CATEGORY = """
query($channel: String!, $slug: String!) {
  category(slug: $slug) { products(channel: $channel, first: 5) { totalCount edges { node { slug } } } }
}
"""


@pytest.mark.parametrize("cached", [False, True])
def test_a_category_page_is_prepared_but_never_keeps_a_kept_count(gql, settings, cached):
    settings.RESPONSE_CACHE_SECONDS = 300 if cached else 0
    channel = ChannelFactory(slug=f"prepared-shelf-{cached}")
    build_catalogue(channel, 8, categories=2, prefix=f"shelf{int(cached)}", analyze=False)
    slug = f"shelf{int(cached)}-category-0"

    def shelf() -> tuple[int, list[str]]:
        result = gql(CATEGORY, {"channel": channel.slug, "slug": slug})
        assert "errors" not in result, result
        products = result["data"]["category"]["products"]
        return products["totalCount"], [edge["node"]["slug"] for edge in products["edges"]]

    prefix = f"shelf{int(cached)}"
    assert shelf() == (4, [f"{prefix}-{i:06d}" for i in (0, 2, 4, 6)])
    plans = [
        plan
        for (key, kept), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][0] == "page-alone" and key[1][1] == channel.pk and kept == cached
    ]
    assert plans
    # On PostgreSQL the count reads the categories' counters (``selectors.category_listed_total``):
    # nothing kept, so the page is prepared whether responses are cached or not. Elsewhere it is
    # counted, and kept per catalogue generation while they are: such a statement is built every time.
    counters = connection.vendor == "postgresql"
    assert all((plan is sql._UNPREPARABLE) == (cached and not counters) for plan in plans)
    ProductChannelListing.objects.filter(channel=channel, product__slug=f"{prefix}-000002").update(
        is_published=False
    )
    if cached:
        catalogue_cache.forget_now()  # a new catalogue generation: responses and kept counts
    assert shelf() == (3, [f"{prefix}-{i:06d}" for i in (0, 4, 6)])


def test_padded_ids_match_the_same_rows_in_few_shapes():
    assert sql.padded_ids([]) == []
    assert sql.padded_ids([5, 9]) == [5, 9, -1, -2, -3, -4, -5, -6]
    assert len(sql.padded_ids(list(range(1, 21)))) == 32
    assert sql.padded_ids(list(range(1, 9))) == list(range(1, 9))


SEARCH = """
query($channel: String!, $search: String) {
  products(channel: $channel, first: 10, search: $search) { totalCount edges { node { slug } } }
}
"""


def test_a_searched_listing_is_prepared_with_each_requests_terms(gql):
    channel = ChannelFactory(slug="prepared-search")
    build_catalogue(channel, 16, categories=2, prefix="find", analyze=False)

    def found(search: str | None) -> tuple[int, list[str]]:
        result = gql(SEARCH, {"channel": channel.slug, "search": search})
        assert "errors" not in result, result
        products = result["data"]["products"]
        return products["totalCount"], [edge["node"]["slug"] for edge in products["edges"]]

    # "bamboo" is every 8th product, "songket" the next; "bamb" finds bamboo by its prefix. Equal
    # ranks: the higher id first.
    assert found("bamboo") == (2, ["find-000008", "find-000000"])
    assert found("songket") == (2, ["find-000009", "find-000001"])
    assert found("bamb") == (2, ["find-000008", "find-000000"])
    assert found('"pearl piece"') == (2, ["find-000011", "find-000003"])  # an operator: built as before
    assert found("") == (16, [f"find-{i:06d}" for i in range(10)])
    assert found(None) == (16, [f"find-{i:06d}" for i in range(10)])
    searched = [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][:2] == ("products", channel.pk) and key[1][5]
    ]
    assert any(plan is not sql._UNPREPARABLE for plan in searched)


FILTER_SEARCH = """
query($channel: String!, $search: String, $filter: ProductFilterInput, $sortBy: ProductOrder) {
  products(channel: $channel, first: 10, search: $search, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { slug } }
  }
}
"""


def test_the_storefronts_filter_search_is_the_search_argument_prepared(gql):
    """``filter: {search}`` (how the storefront sends its search box) answers exactly as the
    ``search`` argument, and its page statement is prepared with the request's terms too."""
    channel = ChannelFactory(slug="prepared-filter-search")
    data = build_catalogue(channel, 24, categories=2, prefix="lift", analyze=False)
    Product.objects.filter(slug="lift-000016").update(search_document="bamboo bamboo bamboo piece 16")

    def found(**variables: Any) -> tuple[int, list[str]]:
        result = gql(FILTER_SEARCH, {"channel": channel.slug, **variables})
        assert "errors" not in result, result
        products = result["data"]["products"]
        return products["totalCount"], [edge["node"]["slug"] for edge in products["edges"]]

    rank = {"field": "RANK", "direction": "DESC"}
    # Three "bamboo"s rank first; then equal ranks, the higher id first.
    assert found(filter={"search": "bamboo"}, sortBy=rank) == (
        3,
        ["lift-000016", "lift-000008", "lift-000000"],
    )
    searched = [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][:2] == ("products", channel.pk) and key[1][5]
    ]
    assert searched and all(plan is not sql._UNPREPARABLE for plan in searched)
    for text in ("bamboo", "bamb", "songket", '"pearl piece"', "bamboo -piece", "nothing", "", "piece"):
        for sort in (None, rank, {"field": "NAME", "direction": "ASC"}):
            argument = found(search=text, sortBy=sort)
            assert found(filter={"search": text}, sortBy=sort) == argument, (text, sort)
    # Both given: the argument's text wins, as before.
    assert found(search="songket", filter={"search": "bamboo"}) == found(search="songket")
    # A filter narrowing besides its search is not lifted: it still narrows.
    category = global_id("Category", data["categories"][0].pk)
    assert found(filter={"search": "bamboo", "categories": [category]}) == (
        3,
        [
            "lift-000016",
            "lift-000008",
            "lift-000000",
        ],
    )
    assert found(filter={"search": "songket", "categories": [category]}) == (0, [])
