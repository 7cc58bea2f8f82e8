"""Query-count budgets of the storefront's catalogue documents (every statement but transaction
control counts). A page of 1 and a page of 100 must cost the same: no query per product."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, WarehouseFactory, full_product

pytestmark = pytest.mark.django_db

# The selection of the Saleor storefront's ProductListItem fragment (saleor/storefront,
# src/graphql/ProductListItem.graphql) as the issue names it, plus Asal's provenance.
PRODUCT_LIST = """
query ProductList($first: Int!, $channel: String!) {
  products(first: $first, channel: $channel) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        name
        slug
        thumbnail(size: 1024, format: WEBP) { url alt }
        category { id name }
        pricing {
          onSale
          priceRange { start { gross { amount currency } } stop { gross { amount currency } } }
          priceRangeUndiscounted { start { gross { amount currency } } stop { gross { amount currency } } }
        }
        provenance { origin { village } makers { displayName } materials { name } }
      }
    }
  }
}
"""

PRODUCT_PAGE = """
query ProductDetails($slug: String!, $channel: String!) {
  product(slug: $slug, channel: $channel) {
    id name slug description seoTitle seoDescription
    thumbnail(size: 1024, format: WEBP) { url alt }
    category { id name }
    media { url(size: 512, format: WEBP) alt type }
    attributes { attribute { name slug } values { name } }
    translation(languageCode: ID) { name slug }
    pricing { priceRange { start { gross { amount currency } } } }
    provenance {
      origin { village district latitude longitude }
      makers { displayName bio group { name } }
      materials { name originArea }
      techniques { name }
    }
    variants {
      id name sku quantityAvailable
      attributes(variantSelection: ALL) { attribute { name slug } values { name value } }
      media { url(size: 1024, format: WEBP) alt }
      pricing { onSale price { gross { currency amount } } priceUndiscounted { gross { amount } } }
    }
  }
}
"""


def _statements(captured: CaptureQueriesContext) -> list[str]:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(skip)]


def _run(gql, query: str, variables: dict) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(query, variables)
    assert "errors" not in result, result
    return result, _statements(captured)


def test_product_list_costs_the_same_for_1_and_100_products_and_at_most_6(gql):
    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    for _ in range(100):
        full_product(channel, warehouse=warehouse)

    one, one_sql = _run(gql, PRODUCT_LIST, {"first": 1, "channel": channel.slug})
    many, many_sql = _run(gql, PRODUCT_LIST, {"first": 100, "channel": channel.slug})

    assert len(one["data"]["products"]["edges"]) == 1
    assert len(many["data"]["products"]["edges"]) == 100
    assert many["data"]["products"]["totalCount"] == 100
    node = many["data"]["products"]["edges"][-1]["node"]
    assert node["thumbnail"]["url"].endswith(".webp")
    assert node["provenance"]["makers"] == [{"displayName": node["provenance"]["makers"][0]["displayName"]}]
    assert len(one_sql) == len(many_sql), "\n\n".join(many_sql)
    assert len(many_sql) <= 6, "\n\n".join(many_sql)


def test_product_page_costs_at_most_8_queries(gql):
    channel = ChannelFactory()
    product = full_product(channel)

    result, sql = _run(gql, PRODUCT_PAGE, {"slug": product.slug, "channel": channel.slug})

    page = result["data"]["product"]
    assert page["slug"] == product.slug
    assert len(page["variants"]) == 2
    assert page["variants"][0]["quantityAvailable"] == 4
    assert page["variants"][0]["attributes"][0]["attribute"]["slug"] == "size"
    assert page["translation"]["name"] == f"Keranjang {product.slug}"
    assert [m["displayName"] for m in page["provenance"]["makers"]] == [
        product.makers.get(consent_to_publish=True).display_name
    ]
    assert len(sql) <= 8, "\n\n".join(sql)


# The storefront's newer ProductListItem also asks for every product's media.
LIST_ITEM = """
fragment Item on Product {
  id name slug
  thumbnail(size: 1024, format: WEBP) { url alt }
  media { url(size: 512, format: WEBP) alt type }
  category { id name }
  pricing { onSale priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
  provenance { origin { village } makers { displayName portrait(size: 64) { url } } materials { name } }
  translation(languageCode: ID) { name slug }
}
"""
# Everything else a product card could show, each relation with its translations.
RICH_ITEM = """
fragment Rich on Product {
  category { translation(languageCode: ID) { name } }
  collections { slug translation(languageCode: ID) { name } }
  assignedAttributes(limit: 5) {
    attribute { slug translation(languageCode: ID) { name } }
    ... on AssignedSingleChoiceAttribute { value { name translation(languageCode: ID) } }
  }
  variants { sku attributes { values { translation(languageCode: ID) { name } } } }
}
"""
LIST_DOCUMENTS = {
    "products_rich": (
        'query($first: Int!) { products(first: $first, channel: "intl-usd") '
        "{ edges { node { ...Item ...Rich } } } }" + RICH_ITEM,
        14,
    ),
    "products": (
        'query($first: Int!) { products(first: $first, channel: "intl-usd") '
        "{ totalCount edges { node { ...Item } } } }",
        6,
    ),
    "category": (
        'query($first: Int!) { category(slug: "shared") { name '
        'products(first: $first, channel: "intl-usd") { totalCount edges { node { ...Item } } } } }',
        8,
    ),
    "collection": (
        'query($first: Int!) { collection(slug: "featured", channel: "intl-usd") { name '
        "products(first: $first) { totalCount edges { node { ...Item } } } } }",
        7,
    ),
    "variants": (
        'query($first: Int!) { productVariants(first: $first, channel: "intl-usd") { totalCount '
        "edges { node { sku quantityAvailable pricing { price { gross { amount } } } "
        "product { ...Item } } } } }",
        7,
    ),
}


@pytest.mark.parametrize("document", sorted(LIST_DOCUMENTS))
def test_every_listing_document_costs_the_same_for_1_and_20_items(gql, document):
    from storefront.catalog.models import Collection, CollectionChannelListing, CollectionProduct

    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    category = CategoryFactory(slug="shared")
    collection = Collection.objects.create(name="Featured", slug="featured")
    CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
    for index in range(20):
        product = full_product(channel, warehouse=warehouse, category=category)
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=index)
    query, budget = LIST_DOCUMENTS[document]

    _one, one_sql = _run(gql, query + LIST_ITEM, {"first": 1})
    _many, many_sql = _run(gql, query + LIST_ITEM, {"first": 20})

    assert len(one_sql) == len(many_sql), "\n\n".join(many_sql)
    assert len(many_sql) <= budget, "\n\n".join(many_sql)
