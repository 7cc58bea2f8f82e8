"""The Saleor storefront's catalogue documents run unchanged against Asal and return the data.

The documents are the storefront's own files (``tests/graphql/storefront_documents``): product
listing, search, category, collection, product page and variant pickers, with the fragments
they spread, deprecated fields included. Each must be a valid document for Saleor's schema (so
the copies are faithful) and for Asal's, and must execute through ``/graphql/`` without errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, validate

from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema as asal_schema
from storefront.catalog.models import Collection, CollectionChannelListing, CollectionProduct
from storefront.catalog.services import (
    product_channel_listing_discounted_price_update,
    product_search_document_update,
)
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, WarehouseFactory, full_product
from tests.graphql.compat.storefront import operation_document, operation_names, operation_text

SALEOR_SDL = Path(__file__).with_name("saleor-schema.graphql")
CATALOGUE_OPERATIONS = {
    "ProductDetails",
    "ProductListByCategory",
    "ProductListByCollection",
    "ProductListPaginated",
    "ProductVariantForPdp",
    "ProductVariantsForPdp",
    "SearchProducts",
}


def test_the_copied_documents_are_the_catalogue_documents():
    assert set(operation_names()) == CATALOGUE_OPERATIONS


@pytest.mark.parametrize("name", sorted(CATALOGUE_OPERATIONS))
def test_document_is_valid_for_saleors_schema(name):
    """Guards the copies: a document Saleor itself would refuse was copied wrong."""
    errors = validate(build_schema(SALEOR_SDL.read_text()), operation_document(name))

    assert errors == []


@pytest.mark.parametrize("name", sorted(CATALOGUE_OPERATIONS))
def test_document_is_valid_for_asals_schema(name):
    errors = validate(asal_schema._schema, operation_document(name))

    assert [error.message for error in errors] == []


# --- execution with data ----------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    channel = ChannelFactory()
    category = CategoryFactory(name="Baskets", slug="baskets")
    warehouse = WarehouseFactory()
    basket = full_product(channel, warehouse=warehouse, category=category, name="Loyok bamboo basket")
    tray = full_product(channel, warehouse=warehouse, category=category, name="Rattan tray")
    for product in (basket, tray):  # the factories bypass the services that keep the read models
        product_search_document_update(product=product)
        product_channel_listing_discounted_price_update(product=product)
    collection = Collection.objects.create(name="Featured", slug="featured")
    CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
    CollectionProduct.objects.create(collection=collection, product=tray, sort_order=0)
    CollectionProduct.objects.create(collection=collection, product=basket, sort_order=1)
    return {
        "channel": channel,
        "category": category,
        "basket": basket,
        "tray": tray,
        "collection": collection,
    }


def run(gql, name: str, variables: dict) -> dict:
    response = gql(operation_text(name), variables)
    assert "errors" not in response, response.get("errors")
    return response["data"]


def base_variables(catalogue) -> dict:
    return {"channel": catalogue["channel"].slug, "languageCode": "ID"}


def test_product_list_paginated(gql, catalogue):
    data = run(gql, "ProductListPaginated", {**base_variables(catalogue), "first": 1})

    products = data["products"]
    assert products["totalCount"] == 2
    assert products["pageInfo"]["hasNextPage"] is True
    node = products["edges"][0]["node"]
    assert node["slug"] in {catalogue["basket"].slug, catalogue["tray"].slug}
    assert node["category"]["name"] == "Baskets"
    assert node["pricing"]["priceRange"]["start"]["gross"] == {"amount": 20.0, "currency": "USD"}
    assert node["productVariants"]["totalCount"] == 2
    assert node["translation"]["name"].startswith("Keranjang")

    after = run(
        gql,
        "ProductListPaginated",
        {**base_variables(catalogue), "first": 1, "after": products["pageInfo"]["endCursor"]},
    )
    assert after["products"]["edges"][0]["node"]["slug"] != node["slug"]


def test_product_list_with_saleor_filter_and_sort(gql, catalogue):
    variables = {
        **base_variables(catalogue),
        "first": 10,
        "sortBy": {"field": "NAME", "direction": "DESC"},
        "filter": {"categories": [to_global_id("Category", catalogue["category"].pk)]},
    }

    data = run(gql, "ProductListPaginated", variables)

    assert [edge["node"]["name"] for edge in data["products"]["edges"]] == [
        "Rattan tray",
        "Loyok bamboo basket",
    ]


@pytest.mark.parametrize("bound", [25, "25.00", 25.5])
def test_product_list_with_saleor_where_decimal_range(gql, catalogue, bound):
    """Saleor's ``Decimal`` scalar takes a JSON number or a string; both filter the same way."""
    variables = {
        **base_variables(catalogue),
        "first": 10,
        "where": {"minimalPrice": {"range": {"lte": bound}}},
    }

    data = run(gql, "ProductListPaginated", variables)

    assert data["products"]["totalCount"] == 2  # both start at 20.00


def test_product_list_where_by_maker(gql, catalogue):
    maker = catalogue["basket"].makers.first()
    variables = {
        **base_variables(catalogue),
        "first": 10,
        "where": {"makers": {"eq": to_global_id("Maker", maker.pk)}},
    }

    data = run(gql, "ProductListPaginated", variables)

    assert [edge["node"]["slug"] for edge in data["products"]["edges"]] == [catalogue["basket"].slug]


def test_search_products(gql, catalogue):
    variables = {
        **base_variables(catalogue),
        "search": "loyok",
        "sortBy": "RANK",
        "sortDirection": "DESC",
        "first": 10,
    }

    data = run(gql, "SearchProducts", variables)

    assert [edge["node"]["slug"] for edge in data["products"]["edges"]] == [catalogue["basket"].slug]
    assert data["products"]["totalCount"] == 1


def test_product_list_by_category(gql, catalogue):
    variables = {**base_variables(catalogue), "slug": "baskets", "first": 10}

    data = run(gql, "ProductListByCategory", variables)

    category = data["category"]
    assert category["name"] == "Baskets"
    assert category["products"]["totalCount"] == 2
    assert len(category["products"]["edges"]) == 2


def test_product_list_by_collection_keeps_the_collection_order(gql, catalogue):
    variables = {
        **base_variables(catalogue),
        "slug": "featured",
        "first": 10,
        "sortBy": {"field": "COLLECTION", "direction": "ASC"},
    }

    data = run(gql, "ProductListByCollection", variables)

    slugs = [edge["node"]["slug"] for edge in data["collection"]["products"]["edges"]]
    assert slugs == [catalogue["tray"].slug, catalogue["basket"].slug]


def test_product_details(gql, catalogue):
    basket = catalogue["basket"]

    data = run(gql, "ProductDetails", {**base_variables(catalogue), "slug": basket.slug})

    product = data["product"]
    assert product["name"] == "Loyok bamboo basket"
    assert product["isAvailable"] is True
    assert product["productVariants"]["totalCount"] == 2
    assert product["category"]["slug"] == "baskets"
    assert product["pricing"]["priceRange"]["stop"]["gross"]["amount"] == 30.0
    assert any(attribute["attribute"]["slug"] == "colour" for attribute in product["assignedAttributes"])


def test_product_details_by_translated_slug(gql, catalogue):
    basket = catalogue["basket"]
    translated = basket.translations.get(language_code="id").slug

    data = run(
        gql,
        "ProductDetails",
        {**base_variables(catalogue), "slug": translated, "slugLanguageCode": "ID"},
    )

    assert data["product"]["slug"] == basket.slug


def test_product_variants_for_pdp(gql, catalogue):
    basket = catalogue["basket"]

    data = run(gql, "ProductVariantsForPdp", {**base_variables(catalogue), "slug": basket.slug, "first": 10})

    variants = [edge["node"] for edge in data["product"]["productVariants"]["edges"]]
    assert len(variants) == 2
    assert variants[0]["pricing"]["price"]["gross"] == {"currency": "USD", "amount": 20.0}
    assert variants[0]["quantityAvailable"] == 4
    assert variants[0]["selectionAttributes"][0]["attribute"]["slug"] == "size"


def test_product_variant_for_pdp_by_sku(gql, catalogue):
    variant = catalogue["basket"].variants.order_by("sort_order").first()

    data = run(gql, "ProductVariantForPdp", {**base_variables(catalogue), "sku": variant.sku})

    assert data["productVariant"]["sku"] == variant.sku
    assert data["productVariant"]["product"]["slug"] == catalogue["basket"].slug
