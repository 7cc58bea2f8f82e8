"""What a product page costs in statements, whatever its direction or cursor (issue 11).

``last`` pages carry ``totalCount`` in their own statement as ``first`` pages do; a page after (or
before) a cursor knows whether rows lie on the cursor's other side from its own statement; counts
a page cannot carry are kept per catalogue generation and counted afresh after a write; and
``assignedAttribute(slug:)`` reads only the named attribute's rows, one statement for the page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from storefront.catalog.models import Category, Product
from storefront.channels.models import Channel
from tests.graphql.catalog.factories import ChannelFactory, WarehouseFactory, full_product
from tests.graphql.catalog.test_listing_plans import build_catalogue, global_id

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "page-costs"}}

PAGE = """
query($channel: String!, $first: Int, $last: Int, $after: String, $before: String,
      $filter: ProductFilterInput, $search: String) {
  products(channel: $channel, first: $first, last: $last, after: $after, before: $before,
           filter: $filter, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { slug } }
  }
}
"""

CATEGORY_PAGE = """
query($channel: String!, $slug: String!, $first: Int, $after: String) {
  category(slug: $slug) {
    products(channel: $channel, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { slug } }
    }
  }
}
"""

_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


def _run(gql, query: str, variables: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(query, variables)
    assert "errors" not in result, result
    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(_CONTROL)]
    return result["data"], sql


def _page(gql, channel: Channel, **variables: Any) -> tuple[dict[str, Any], list[str]]:
    data, sql = _run(gql, PAGE, {"channel": channel.slug, **variables})
    return data["products"], sql


def _slugs(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in page["edges"]]


def _counts(sql: list[str]) -> list[str]:
    """Statements that count on their own (not a page carrying its count as a subquery)."""
    return [s for s in sql if s.upper().startswith("SELECT COUNT(")]


FILTERS: dict[str, Any] = {
    "unfiltered": {},
    "category": None,  # filled in with the catalogue's category
    "price-range": {"filter": {"price": {"gte": 20, "lte": 30}}},
    "search": {"search": "piece"},  # every product
}


def _filters(category: Category) -> dict[str, dict[str, Any]]:
    cases = dict(FILTERS)
    cases["category"] = {"filter": {"categories": [global_id("Category", category.pk)]}}
    return cases


def test_a_last_page_carries_its_total_count_as_a_first_page_does(gql):
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    for name, variables in _filters(data["categories"][1]).items():
        first, first_sql = _page(gql, channel, first=3, **variables)
        last, last_sql = _page(gql, channel, last=3, **variables)
        assert last["totalCount"] == first["totalCount"] > 0, name
        whole = _slugs(_page(gql, channel, first=100, **variables)[0])
        assert _slugs(last) == whole[-3:], name
        assert len(last_sql) == len(first_sql), (name, last_sql)
        assert not _counts(last_sql), (name, last_sql)
        # A ``before`` cursor too: the same statements, the same total.
        before, before_sql = _page(gql, channel, last=3, before=last["pageInfo"]["startCursor"], **variables)
        assert before["totalCount"] == first["totalCount"], name
        assert _slugs(before) == whole[-6:-3], name
        assert len(before_sql) == len(first_sql), (name, before_sql)
        assert not _counts(before_sql), (name, before_sql)


def test_a_cursor_page_costs_what_a_first_page_costs_and_says_what_lies_behind(gql):
    channel = ChannelFactory()
    build_catalogue(channel, 30, categories=3, analyze=False)
    whole = _slugs(_page(gql, channel, first=100)[0])
    first, first_sql = _page(gql, channel, first=5)
    assert first["pageInfo"]["hasPreviousPage"] is False

    second, second_sql = _page(gql, channel, first=5, after=first["pageInfo"]["endCursor"])
    assert _slugs(second) == whole[5:10]
    assert second["pageInfo"]["hasPreviousPage"] is True and second["pageInfo"]["hasNextPage"] is True
    assert len(second_sql) == len(first_sql), second_sql

    back, back_sql = _page(gql, channel, last=5, before=second["pageInfo"]["startCursor"])
    assert _slugs(back) == whole[:5]
    assert back["pageInfo"]["hasNextPage"] is True and back["pageInfo"]["hasPreviousPage"] is False
    assert len(back_sql) == len(first_sql), back_sql

    # The cursor's own row was deleted meanwhile: rows still precede it, Saleor says so.
    cursor = second["pageInfo"]["endCursor"]
    Product.objects.filter(slug=whole[9]).delete()
    third, _ = _page(gql, channel, first=5, after=cursor)
    assert _slugs(third) == whole[10:15]
    assert third["pageInfo"]["hasPreviousPage"] is True
    # Nothing precedes a cursor once its rows and those before it are gone.
    Product.objects.filter(slug__in=whole[:10]).delete()
    alone, _ = _page(gql, channel, first=5, after=cursor)
    assert _slugs(alone) == whole[10:15]
    assert alone["pageInfo"]["hasPreviousPage"] is False
    # Past the end: an empty page still answers (in a probe of its own).
    end = _page(gql, channel, first=100, after=cursor)[0]["pageInfo"]["endCursor"]
    empty, _ = _page(gql, channel, first=5, after=end)
    assert empty["edges"] == [] and empty["pageInfo"]["hasPreviousPage"] is True


@override_settings(CACHES=LOCMEM, RESPONSE_CACHE_SECONDS=300)
def test_counts_a_page_cannot_carry_are_kept_per_generation_and_a_write_shows_at_once(gql):
    from storefront.core.versioned_cache import catalogue_cache

    catalogue_cache.forget_now()
    channel = ChannelFactory()
    data = build_catalogue(channel, 40, categories=4, analyze=False)
    category = data["categories"][1]
    for name, variables in _filters(category).items():
        if name == "unfiltered":
            continue
        first, _ = _page(gql, channel, first=2, **variables)
        end = _page(gql, channel, first=100, **variables)[0]["pageInfo"]["endCursor"]
        # An empty page past the end carries no count: the count kept for the list answers it.
        past, past_sql = _page(gql, channel, first=2, after=end, **variables)
        assert past["edges"] == [] and past["totalCount"] == first["totalCount"], name
        assert not [s for s in past_sql if "COUNT(" in s.upper()], (name, past_sql)

    def category_page(**variables: Any) -> tuple[dict[str, Any], list[str]]:
        found, sql = _run(gql, CATEGORY_PAGE, {"channel": channel.slug, "slug": category.slug, **variables})
        return found["category"]["products"], sql

    whole, _ = category_page(first=100)
    assert whole["totalCount"] == 10
    past, _ = category_page(first=2, after=whole["pageInfo"]["endCursor"])
    assert past["edges"] == [] and past["totalCount"] == 10
    again, again_sql = category_page(first=2, after=whole["pageInfo"]["endCursor"])
    assert again["totalCount"] == 10
    assert not _counts(again_sql), again_sql

    # A catalogue write (through the signals) is visible at once in every kept count.
    gone = Product.objects.filter(category=category).order_by("pk").first()
    assert gone is not None
    gone.delete()
    after_write, _ = category_page(first=2, after=whole["pageInfo"]["endCursor"])
    assert after_write["totalCount"] == 9
    filtered = _filters(category)["category"]
    last, _ = _page(gql, channel, last=2, **filtered)
    assert last["totalCount"] == 9


ASSIGNED = """
query($first: Int!, $second: String!) {
  products(first: $first, channel: "intl-usd") {
    edges { node { slug ...Card } }
  }
}
fragment Card on Product {
  colour: assignedAttribute(slug: "colour") {
    attribute { slug }
    ... on AssignedSingleChoiceAttribute { value { slug translation(languageCode: ID) } }
  }
  second: assignedAttribute(slug: $second) { attribute { slug } }
}
"""


def test_assigned_attribute_by_slug_reads_only_that_attribute_once_for_the_page(gql):
    from storefront.catalog.models import AssignedProductAttributeValue, Attribute, AttributeValue

    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    others = [Attribute.objects.create(slug=f"other-{i}", name=f"Other {i}") for i in range(3)]
    for _ in range(6):
        product = full_product(channel, warehouse=warehouse)
        for attribute in others:
            value = AttributeValue.objects.create(
                attribute=attribute, slug=f"{attribute.slug}-{product.pk}", name="x"
            )
            AssignedProductAttributeValue.objects.create(product=product, value=value)

    _one, one_sql = _run(gql, ASSIGNED, {"first": 1, "second": "other-0"})
    many, many_sql = _run(gql, ASSIGNED, {"first": 6, "second": "other-0"})

    nodes = [edge["node"] for edge in many["products"]["edges"]]
    assert len(nodes) == 6
    assert all(
        node["colour"]
        == {"attribute": {"slug": "colour"}, "value": {"slug": "natural", "translation": "Alami"}}
        for node in nodes
    )
    assert all(node["second"] == {"attribute": {"slug": "other-0"}} for node in nodes)
    assert len(one_sql) == len(many_sql), many_sql
    assigned = [s for s in many_sql if "assignedproductattributevalue" in s.lower()]
    assert len(assigned) == 1, assigned
    # The statement names the document's two attributes: the others' rows are never read.
    assert "'colour'" in assigned[0] and "'other-0'" in assigned[0], assigned[0]
    assert "'other-1'" not in assigned[0], assigned[0]


def test_assigned_attribute_beside_every_attribute_reads_the_rows_once(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    # The lookups by slug come first, as in the storefront's product page: they still share the
    # one statement that reads every attribute.
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
      colour: assignedAttribute(slug: "colour") { attribute { slug } }
      missing: assignedAttribute(slug: "nope") { attribute { slug } }
      all: assignedAttributes(limit: 10) { attribute { slug } }
    } }"""
    data, sql = _run(gql, query, {"slug": product.slug})
    assert data["product"]["colour"] == {"attribute": {"slug": "colour"}}
    assert data["product"]["missing"] is None
    assert {"attribute": {"slug": "colour"}} in data["product"]["all"]
    assert len([s for s in sql if "assignedproductattributevalue" in s.lower()]) == 1, sql


COLLECTION_PAGE = """
query($channel: String!, $slug: String!, $first: Int, $after: String) {
  collection(slug: $slug, channel: $channel) {
    products(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { slug } }
    }
  }
}
"""


@override_settings(CACHES=LOCMEM, RESPONSE_CACHE_SECONDS=300)
def test_a_category_or_collection_page_reads_its_page_and_a_kept_count_not_every_product(gql):
    from storefront.core.versioned_cache import catalogue_cache

    catalogue_cache.forget_now()
    channel = ChannelFactory()
    data = build_catalogue(channel, 60, categories=3, analyze=False)
    category, collection = data["categories"][1], data["collection"]
    for query, slug, field, expected in (
        (CATEGORY_PAGE, category.slug, "category", 20),
        (COLLECTION_PAGE, collection.slug, "collection", 2),
    ):
        variables = {"channel": channel.slug, "slug": slug}
        whole = _run(gql, query, {**variables, "first": 100})[0][field]["products"]
        assert whole["totalCount"] == len(whole["edges"]) == expected, field
        first, first_sql = _run(gql, query, {**variables, "first": 1})
        page = first[field]["products"]
        assert page["totalCount"] == expected and page["pageInfo"]["hasNextPage"] is True, field
        # No window over the parent's products, and the count kept from the first request (a
        # collection) or read from the categories' counters (a category, on PostgreSQL: its
        # ``COUNT(*)`` reads the scheduled listings only, see ``selectors.category_listed_total``).
        assert not [s for s in first_sql if " OVER (" in s.upper()], first_sql
        assert not [s for s in first_sql if "asal_counted" in s], first_sql
        second, second_sql = _run(
            gql, query, {**variables, "first": 1, "after": page["pageInfo"]["endCursor"]}
        )
        page = second[field]["products"]
        assert [e["node"]["slug"] for e in page["edges"]] == [e["node"]["slug"] for e in whole["edges"]][1:2]
        assert page["pageInfo"]["hasPreviousPage"] is True and page["totalCount"] == expected, field
        assert len(second_sql) == len(first_sql), second_sql
    # A write is visible at once.
    gone = Product.objects.filter(category=category).order_by("pk").first()
    assert gone is not None
    gone.delete()
    after_write = _run(gql, CATEGORY_PAGE, {"channel": channel.slug, "slug": category.slug, "first": 1})[0]
    assert after_write["category"]["products"]["totalCount"] == 19
