"""A buyer's filtered ``products`` list as a statement prepared once per shape: the filter's shape
(fields set, ids padded) in the key, its values as the statement's (``filters.filter_lifted``).

Every answer is compared with the path that builds the statement per request (``filter_lifted``
turned off): the same products in the same order, the same cursors and ``totalCount``, forward,
backward and ``last``, for several filter combinations, with counts kept and counted."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_schema.catalog import resolvers
from storefront.catalog import sql
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeValue,
    Category,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
)
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_cache
from tests.graphql.catalog.factories import ChannelFactory
from tests.graphql.catalog.test_listing_plans import build_catalogue, global_id

pytestmark = pytest.mark.django_db

LIST = """
query($channel: String!, $filter: ProductFilterInput, $sortBy: ProductOrder,
      $first: Int, $last: Int, $after: String, $before: String) {
  products(channel: $channel, filter: $filter, sortBy: $sortBy, first: $first, last: $last,
           after: $after, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { slug category { slug } pricing { priceRange { start { gross { amount } } } } } }
  }
}
"""


def _catalogue(prefix: str) -> tuple[Channel, dict[str, Any]]:
    """36 products in 3 categories (one with a subcategory holding some of its products), two
    product types, a collection, untracked variants, a colour attribute and prices 10 to 45."""
    channel = ChannelFactory(slug=f"{prefix}-channel")
    data = build_catalogue(channel, 36, categories=3, prefix=prefix, analyze=False)
    cats = data["categories"]
    child = Category.objects.create(name=f"{prefix} child", slug=f"{prefix}-child", parent=cats[0])
    Product.objects.filter(slug__in=[f"{prefix}-{i:06d}" for i in (3, 9, 15)]).update(category=child)
    other_type = ProductType.objects.create(name=f"{prefix} other", slug=f"{prefix}-other")
    Product.objects.filter(slug__in=[f"{prefix}-{i:06d}" for i in range(0, 36, 4)]).update(
        product_type=other_type
    )
    products = {p.slug: p for p in Product.objects.filter(slug__startswith=f"{prefix}-0")}
    collection = data["collection"]
    CollectionProduct.objects.bulk_create(
        [
            CollectionProduct(collection=collection, product=products[f"{prefix}-{i:06d}"], sort_order=i)
            for i in range(5, 36, 5)
        ]
    )
    ProductVariant.objects.filter(product__slug__in=[f"{prefix}-{i:06d}" for i in range(0, 36, 3)]).update(
        track_inventory=False
    )
    colour = Attribute.objects.create(name="Colour", slug=f"{prefix}-colour")
    red = AttributeValue.objects.create(attribute=colour, name="Red", slug="red")
    blue = AttributeValue.objects.create(attribute=colour, name="Blue", slug="blue")
    AssignedProductAttributeValue.objects.bulk_create(
        [
            AssignedProductAttributeValue(product=products[f"{prefix}-{i:06d}"], value=red if i % 2 else blue)
            for i in range(0, 36, 3)
        ]
    )
    # Prices repeat so the order needs its tie-breakers; one listing not yet available for purchase.
    for i, product in enumerate(sorted(products.values(), key=lambda p: p.slug)):
        ProductChannelListing.objects.filter(product=product, channel=channel).update(
            discounted_price_amount=Decimal(10 + (i * 7) % 36)
        )
    ProductChannelListing.objects.filter(product=products[f"{prefix}-000007"], channel=channel).update(
        available_for_purchase_at=timezone.now() + timedelta(days=2)
    )
    catalogue_cache.forget_now()
    ids = {
        "cat0": global_id("Category", cats[0].pk),
        "cat1": global_id("Category", cats[1].pk),
        "cat2": global_id("Category", cats[2].pk),
        "child": global_id("Category", child.pk),
        "collection": global_id("Collection", collection.pk),
        "type": global_id("ProductType", other_type.pk),
        "colour": colour.slug,
    }
    return channel, ids


def _filters(ids: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"categories": [ids["cat0"]], "price": {"gte": 5, "lte": 150}},
        {"categories": [ids["cat1"]], "price": {"gte": 20, "lte": 30.5}},
        {"categories": [ids["cat0"], ids["cat2"]], "price": {"lte": 25}},
        {"categories": [ids["child"]]},
        {"price": {"gte": 33}},
        {"collections": [ids["collection"]], "isAvailable": True},
        {"isAvailable": False},
        {"productTypes": [ids["type"]], "stockAvailability": "IN_STOCK"},
        {"stockAvailability": "OUT_OF_STOCK", "categories": [ids["cat1"], ids["cat1"]]},
        {"attributes": [{"slug": ids["colour"], "values": ["red", "red"]}], "price": {"gte": 12}},
        {"minimalPrice": {"gte": 15, "lte": 40}, "hasCategory": True, "giftCard": False},
        {"isPublished": True, "isVisibleInListing": True, "categories": [ids["cat2"]]},
    ]


SORTS = [
    {"field": "PRICE", "direction": "ASC"},
    {"field": "PRICE", "direction": "DESC"},
    None,
]


def _answer(gql, channel: Channel, variables: dict[str, Any]) -> dict[str, Any]:
    result = gql(LIST, {"channel": channel.slug, **variables})
    assert "errors" not in result, result
    return result["data"]["products"]


def _walk(gql, channel: Channel, variables: dict[str, Any]) -> list[dict[str, Any]]:
    """The first page, the page after it, the last page and the page before that one."""
    first = _answer(gql, channel, {**variables, "first": 4})
    pages = [first]
    if first["pageInfo"]["endCursor"]:
        pages.append(
            _answer(gql, channel, {**variables, "first": 4, "after": first["pageInfo"]["endCursor"]})
        )
    last = _answer(gql, channel, {**variables, "last": 3})
    pages.append(last)
    if last["pageInfo"]["startCursor"]:
        pages.append(
            _answer(gql, channel, {**variables, "last": 3, "before": last["pageInfo"]["startCursor"]})
        )
    return pages


def _filtered_plans(channel: Channel) -> list[Any]:
    return [
        plan
        for (key, _), plan in sql._PREPARED.items()
        if key[0] == "page" and key[1][:2] == ("products", channel.pk) and key[1][-1] is not None
    ]


@pytest.mark.parametrize("kept", [False, True])
def test_a_prepared_filtered_list_answers_as_the_list_built_per_request(gql, settings, monkeypatch, kept):
    settings.CATALOGUE_COUNT_SECONDS = 3600 if kept else 0
    channel, ids = _catalogue(f"pf{int(kept)}")
    cases = [(given, sort) for given in _filters(ids) for sort in SORTS]
    prepared = [_walk(gql, channel, {"filter": given, "sortBy": sort}) for given, sort in cases]
    plans = _filtered_plans(channel)
    assert plans and all(plan is not sql._UNPREPARABLE for plan in plans)

    with monkeypatch.context() as patched:
        patched.setattr(resolvers, "filter_lifted", lambda value: None)
        sql._PREPARED.clear()
        built = [_walk(gql, channel, {"filter": given, "sortBy": sort}) for given, sort in cases]
        assert not _filtered_plans(channel)
    for (given, sort), mine, theirs in zip(cases, prepared, built, strict=True):
        assert mine == theirs, (given, sort)
    # The cases are not vacuous: each filter keeps some products and leaves out others.
    totals = {repr(given): mine[0]["totalCount"] for (given, _), mine in zip(cases, prepared, strict=True)}
    assert all(0 < total < 36 for total in totals.values()), totals
    assert totals[repr({"categories": [ids["child"]]})] == 3


def test_one_plan_serves_every_value_of_a_shape_and_a_write_shows_at_once(gql, settings, monkeypatch):
    settings.CATALOGUE_COUNT_SECONDS = 3600
    channel, ids = _catalogue("pfshape")
    sort = {"field": "PRICE", "direction": "ASC"}

    def page(category: str, gte: float, lte: float) -> tuple[int, list[str]]:
        found = _answer(
            gql,
            channel,
            {
                "first": 20,
                "sortBy": sort,
                "filter": {"categories": [ids[category]], "price": {"gte": gte, "lte": lte}},
            },
        )
        return found["totalCount"], [edge["node"]["slug"] for edge in found["edges"]]

    first = page("cat1", 5, 150)
    assert first[0] == 12
    before = set(sql._PREPARED)
    second = page("cat2", 11, 40)
    third = page("cat2", 20.5, 30)
    # Other categories and bounds, the same shape (one category, without categories below it:
    # one id; both bounds): no new plan.
    assert set(sql._PREPARED) == before
    assert len(_filtered_plans(channel)) == 1 and _filtered_plans(channel)[0] is not sql._UNPREPARABLE
    # Bound on the client, planned for each request's values (never tried as a server-side plan).
    assert _filtered_plans(channel)[0].bound is None
    assert second != first and third not in (first, second)
    assert third[0] == len(third[1]) > 0

    # Asked again, a list of known values is neither built nor compiled: its page is the kept
    # statement, its count the one kept for the catalogue's generation (``kept_count_for``).
    settings.PREPARED_STATEMENTS_VERIFY = False  # (which builds every prepared statement afresh)
    built: list[Any] = []
    listed = resolvers._listed
    monkeypatch.setattr(
        resolvers, "_listed", lambda *args, **kwargs: built.append(1) or listed(*args, **kwargs)
    )
    with CaptureQueriesContext(connection) as captured:
        assert page("cat2", 11, 40) == second
    assert built == []
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert page("cat2", 10, 40)[0] > 0
    assert built == [1]  # another list of the same shape: built once, for its count's key

    # A write shows at once: the cheapest of the first page unpublished, its count with it.
    ProductChannelListing.objects.filter(channel=channel, product__slug=first[1][0]).update(
        is_published=False
    )
    catalogue_cache.forget_now()
    assert page("cat1", 5, 150) == (first[0] - 1, first[1][1:])


def test_a_bad_filter_value_still_gives_the_apis_error(gql):
    channel, ids = _catalogue("pfbad")
    for given, message in (
        ({"categories": ["not-an-id"]}, None),
        ({"categories": [ids["collection"]]}, None),
        ({"collections": [ids["cat0"]], "price": {"lte": 10}}, None),
    ):
        result = gql(LIST, {"channel": channel.slug, "first": 5, "filter": given})
        assert result["data"] is None or result["data"]["products"] is None, result
        (error,) = result["errors"]
        assert error["extensions"]["code"] == "GRAPHQL_ERROR", error
        if message is not None:
            assert error["message"] == message
    # A literal too large for a float parses to infinity: refused as before.
    infinite = LIST.replace("$filter: ProductFilterInput, ", "").replace(
        "filter: $filter", f'filter: {{categories: ["{ids["cat0"]}"], price: {{gte: 1e400}}}}'
    )
    result = gql(infinite, {"channel": channel.slug, "first": 5})
    (error,) = result["errors"]
    assert error["message"] == "`price.gte` must be a finite number.", error
    assert error["extensions"]["code"] == "GRAPHQL_ERROR"
