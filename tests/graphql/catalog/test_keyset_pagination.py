"""Keyset cursors of the product connections: every page of every sort, both ways, stable under
writes between pages; malformed, foreign and old offset cursors; counts kept per generation."""

from __future__ import annotations

import base64
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.catalog.models import Category, Product, ProductChannelListing
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import build_catalogue, global_id, motif

pytestmark = pytest.mark.django_db

PAGE = """
query($channel: String!, $first: Int, $last: Int, $after: String, $before: String,
      $sortBy: ProductOrder, $filter: ProductFilterInput, $search: String) {
  products(channel: $channel, first: $first, last: $last, after: $after, before: $before,
           sortBy: $sortBy, filter: $filter, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug } }
  }
}
"""

CATEGORY_PAGE = """
query($channel: String!, $slug: String!, $first: Int, $last: Int, $after: String, $before: String) {
  category(slug: $slug) {
    products(channel: $channel, first: $first, last: $last, after: $after, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { slug } }
    }
  }
}
"""

SORTS: dict[str, Any] = {
    "default": None,
    "name": {"field": "NAME", "direction": "ASC"},
    "name-desc": {"field": "NAME", "direction": "DESC"},
    "price": {"field": "PRICE", "direction": "ASC"},
    "price-desc": {"field": "PRICE", "direction": "DESC"},
    "created": {"field": "CREATED_AT", "direction": "DESC"},
    "published": {"field": "PUBLISHED_AT", "direction": "ASC"},
    "rank": {"field": "RANK", "direction": "DESC"},
}


def _catalogue(channel: Channel) -> None:
    """45 products with ties in every sort key and a run of listings without a price."""
    build_catalogue(channel, 45, categories=3, analyze=False)
    products = list(Product.objects.order_by("pk"))
    for product in products[:6]:  # equal names: the slug and then the id decide
        Product.objects.filter(pk=product.pk).update(name="Same name")
    listings = ProductChannelListing.objects.filter(channel=channel).order_by("pk")
    pks = list(listings.values_list("pk", flat=True))
    ProductChannelListing.objects.filter(pk__in=pks[10:16]).update(discounted_price_amount=Decimal(20))
    ProductChannelListing.objects.filter(pk__in=pks[30:37]).update(discounted_price_amount=None)


def _page(gql, channel: Channel, **variables: Any) -> dict[str, Any]:
    result = gql(PAGE, {"channel": channel.slug, **variables})
    assert "errors" not in result, result
    return result["data"]["products"]


def _slugs(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in page["edges"]]


def _walk(gql, channel: Channel, size: int, **variables: Any) -> list[str]:
    """Every product, ``size`` at a time forward and then backward; both must agree."""
    forward: list[str] = []
    after = None
    previous = False
    while True:
        page = _page(gql, channel, first=size, after=after, **variables)
        assert page["pageInfo"]["hasPreviousPage"] is previous
        forward += _slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after, previous = page["pageInfo"]["endCursor"], True
    backward: list[str] = []
    before = None
    following = False
    while True:
        page = _page(gql, channel, last=size, before=before, **variables)
        assert page["pageInfo"]["hasNextPage"] is following
        backward = _slugs(page) + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before, following = page["pageInfo"]["startCursor"], True
    assert backward == forward
    return forward


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_sort_pages_through_every_product_once_both_ways(gql, sort):
    channel = ChannelFactory()
    _catalogue(channel)
    variables: dict[str, Any] = {"sortBy": SORTS[sort]}
    if sort == "rank":
        variables["search"] = "piece"
    whole = _slugs(_page(gql, channel, first=100, **variables))
    assert len(whole) == 45
    # Pages of 7; the price sort also by 3, so that pages end inside runs of equal prices and at
    # the edge of the products without a price.
    for size in (7, 3) if sort.startswith("price") else (7,):
        assert _walk(gql, channel, size, **variables) == whole


def test_a_cursor_survives_writes_between_pages(gql):
    channel = ChannelFactory()
    _catalogue(channel)
    name = {"field": "NAME", "direction": "ASC"}
    first = _page(gql, channel, first=10, sortBy=name)
    order = _slugs(_page(gql, channel, first=100, sortBy=name))
    # Before the cursor: a product deleted and one added; neither moves the next page.
    Product.objects.filter(slug=order[2]).delete()
    added = Product.objects.create(
        product_type=Product.objects.first().product_type, name="Aaa first", slug="aaa-first"
    )
    ProductChannelListing.objects.create(
        product=added, channel=channel, currency=channel.currency_code, is_published=True
    )
    second = _page(gql, channel, first=10, after=first["pageInfo"]["endCursor"], sortBy=name)
    assert _slugs(second) == order[10:20]
    # The cursor's own product deleted: the page still starts right after where it stood.
    Product.objects.filter(slug=order[19]).delete()
    third = _page(gql, channel, first=10, after=second["pageInfo"]["endCursor"], sortBy=name)
    assert _slugs(third) == order[20:30]
    assert third["pageInfo"]["hasPreviousPage"] is True


def test_malformed_foreign_and_offset_cursors(gql):
    channel = ChannelFactory()
    _catalogue(channel)
    by_name = _page(gql, channel, first=5, sortBy={"field": "NAME", "direction": "ASC"})
    cursor = by_name["pageInfo"]["endCursor"]
    values = json.loads(base64.b64decode(cursor))
    assert len(values) == 4 and values[0].startswith("k:")  # the order's tag, name, slug, id
    bad_cases = {
        "not base64": "%%%",
        "not JSON": base64.b64encode(b"[1,").decode(),
        "not a list": base64.b64encode(b'{"a": 1}').decode(),
        "too short": base64.b64encode(json.dumps(values[:2]).encode()).decode(),
        "not an id": base64.b64encode(json.dumps([*values[:3], "x"]).encode()).decode(),
        "numbers": base64.b64encode(json.dumps([values[0], 1, 2, 3]).encode()).decode(),
        "huge id": base64.b64encode(json.dumps([*values[:3], "9" * 30]).encode()).decode(),
        "NUL": base64.b64encode(json.dumps([values[0], "a\x00", *values[2:]]).encode()).decode(),
    }
    for name, bad in bad_cases.items():
        result = gql(PAGE, {"channel": channel.slug, "first": 5, "after": bad})
        assert result["data"] == {"products": None}, name
        assert result["errors"][0]["message"] == "Received cursor in `after` is invalid.", name
    price = {"field": "PRICE", "direction": "ASC"}
    by_price = _page(gql, channel, first=5, sortBy=price)["pageInfo"]["endCursor"]
    price_values = json.loads(base64.b64decode(by_price))
    for number in ("NaN", "sNaN", "Infinity", "1e999999999"):
        odd = base64.b64encode(json.dumps([price_values[0], number, *price_values[2:]]).encode()).decode()
        result = gql(PAGE, {"channel": channel.slug, "first": 5, "after": odd, "sortBy": price})
        assert result["errors"][0]["message"] == "Received cursor in `after` is invalid.", number
    foreign = gql(
        PAGE,
        {
            "channel": channel.slug,
            "last": 5,
            "before": cursor,
            "sortBy": {"field": "PRICE", "direction": "ASC"},
        },
    )
    assert "belongs to another list or sort order" in foreign["errors"][0]["message"]
    assert foreign["errors"][0]["extensions"]["code"] == "GRAPHQL_ERROR"
    # An offset cursor of old (``arrayconnection:<index>``) still reads the page after it.
    old = base64.b64encode(b"arrayconnection:4").decode()
    whole = _slugs(_page(gql, channel, first=100))
    assert _slugs(_page(gql, channel, first=5, after=old)) == whole[5:10]


def test_category_products_page_with_keyset_cursors(gql):
    channel = ChannelFactory()
    _catalogue(channel)
    category = Category.objects.order_by("pk").first()
    assert category is not None
    child = Category.objects.create(name="Child", slug="child", parent=category)
    Product.objects.filter(pk__in=Product.objects.order_by("-pk").values("pk")[:2]).update(category=child)

    def page(**variables: Any) -> dict[str, Any]:
        result = gql(CATEGORY_PAGE, {"channel": channel.slug, "slug": category.slug, **variables})
        assert "errors" not in result, result
        return result["data"]["category"]["products"]

    whole = [edge["node"]["slug"] for edge in page(first=100)["edges"]]
    assert len(whole) == page(first=1)["totalCount"] == 17  # 15 of its own, 2 of its child
    seen: list[str] = []
    after = None
    while True:
        current = page(first=4, after=after)
        assert current["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert current["totalCount"] == 17
        seen += [edge["node"]["slug"] for edge in current["edges"]]
        if not current["pageInfo"]["hasNextPage"]:
            break
        after = current["pageInfo"]["endCursor"]
    assert seen == whole
    tail = page(last=4)
    assert [edge["node"]["slug"] for edge in tail["edges"]] == whole[-4:]
    assert tail["pageInfo"]["hasPreviousPage"] is True and tail["pageInfo"]["hasNextPage"] is False
    before = page(last=4, before=tail["pageInfo"]["startCursor"])
    assert [edge["node"]["slug"] for edge in before["edges"]] == whole[-8:-4]
    assert before["pageInfo"]["hasNextPage"] is True
    between = page(first=10, after=current_cursor(page, 2), before=tail["pageInfo"]["startCursor"])
    assert [edge["node"]["slug"] for edge in between["edges"]] == whole[3:-4][:10]


def current_cursor(page, index: int) -> str:
    """The cursor of the product at ``index`` of the category's list."""
    return page(first=index + 1)["pageInfo"]["endCursor"]


def test_a_filtered_count_is_kept_per_generation_and_a_write_shows_at_once(gql, settings):
    settings.RESPONSE_CACHE_SECONDS = 300
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    category = data["categories"][1]
    cases = {
        "category": ({"filter": {"categories": [global_id("Category", category.pk)]}}, 10),
        "price-range": ({"filter": {"price": {"gte": 20, "lte": 30}}}, 16),
        "search": ({"search": motif(3)}, 1),
    }
    for name, (variables, expected) in cases.items():
        assert _page(gql, channel, first=2, **variables)["totalCount"] == expected, name
        # Another page and another order of the same list: the count is not computed again.
        with CaptureQueriesContext(connection) as captured:
            page = _page(gql, channel, first=2, sortBy={"field": "NAME", "direction": "DESC"}, **variables)
        assert page["totalCount"] == expected, name
        # (A search in a new order ranks its matches once to keep them, its total a window count in
        # that statement, ``test_kept_search.py``: no count of its own, none in the page.)
        counted = [
            q["sql"]
            for q in captured.captured_queries
            if "COUNT(" in q["sql"].upper() and "COUNT(*) OVER ()" not in q["sql"].upper()
        ]
        assert not counted, name
    product = Product.objects.filter(category=category).order_by("pk").first()
    assert product is not None
    # A write through the catalogue's signals: the next request counts afresh.
    product.delete()
    filtered = cases["category"][0]
    assert _page(gql, channel, first=2, **filtered)["totalCount"] == 9
    Product.objects.filter(
        pk=Product.objects.exclude(category=category).order_by("pk").values("pk")[:1]
    ).first()
    moved = Product.objects.exclude(category=category).order_by("pk").first()
    assert moved is not None
    moved.category = category
    moved.save()
    assert _page(gql, channel, first=2, **filtered)["totalCount"] == 10
