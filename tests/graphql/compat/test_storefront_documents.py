"""The storefront's requests against Asal: valid as a code generator sees Asal, and run with data.

The documents (``tests/graphql/storefront_documents``) are ours, written to select what Saleor's
storefront selects: the catalogue (listing, search, category and collection pages, the product page
and its variant pickers, category look-up and channel picker), the cart, the checkout application
and the buyer's account. Each must be valid for Saleor's schema and for Asal's schema as a code
generator builds it (the default introspection query), select exactly the committed
``selections.txt``, and the catalogue's execute through ``/graphql/`` without errors (the cart,
checkout and account documents run in ``test_storefront_checkout_documents.py``).
"""

from __future__ import annotations

import pytest
from graphql import parse, validate

from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema as asal_schema
from storefront.catalog.models import (
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    ProductTranslation,
)
from storefront.catalog.services import (
    product_channel_listing_discounted_price_update,
    product_search_document_update,
)
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, WarehouseFactory, full_product
from tests.graphql.compat.storefront import (
    MIRRORS,
    NOT_MIRRORED,
    committed_selections,
    operation_document,
    operation_names,
    operation_text,
    saleor_schema,
    selection_paths,
)
from tests.graphql.compat.test_default_introspection import client_schema

# Our documents Saleor 3.24's schema refuses although the storefront sends them.
NOT_IN_SALEOR_3_24 = {
    "CheckoutRemoveLine": "Saleor removed checkoutLineDelete; the storefront at 60fea09 still sends it",
}


def test_the_documents_are_the_mirrored_operations():
    assert operation_names() == sorted(MIRRORS)


def test_the_mirrored_and_left_out_operations_do_not_overlap():
    assert not NOT_MIRRORED & set(MIRRORS.values())
    assert set(NOT_IN_SALEOR_3_24) <= set(MIRRORS)


@pytest.mark.parametrize("name", sorted(set(MIRRORS) - set(NOT_IN_SALEOR_3_24)))
def test_document_is_valid_for_saleors_schema(name):
    """A document Saleor itself would refuse cannot be what the storefront sends."""
    errors = validate(saleor_schema(), operation_document(name))

    assert [error.message for error in errors] == []


@pytest.mark.parametrize("name", sorted(NOT_IN_SALEOR_3_24))
def test_a_document_saleor_refuses_is_refused_for_the_stated_reason(name):
    errors = validate(saleor_schema(), operation_document(name))

    assert [error.message.split(".")[0] for error in errors] == [
        "Cannot query field 'checkoutLineDelete' on type 'Mutation'"
    ]


@pytest.mark.parametrize("name", sorted(MIRRORS))
def test_document_is_valid_for_asals_schema_as_a_code_generator_sees_it(name):
    """Validated against the schema built from the default introspection, as the storefront's build does."""
    errors = validate(client_schema(), operation_document(name))

    assert [error.message for error in errors] == []


@pytest.mark.parametrize("name", sorted(MIRRORS))
def test_the_live_schema_and_the_introspected_one_agree(name):
    live = [error.message for error in validate(asal_schema._schema, operation_document(name))]

    assert live == [error.message for error in validate(client_schema(), operation_document(name))]


def test_an_operation_is_found_by_the_storefronts_name_too():
    assert operation_text("ProductDetails") == operation_text("ProductPage")


def test_every_document_has_its_committed_selections():
    assert sorted(committed_selections()) == sorted(MIRRORS)


@pytest.mark.parametrize("name", sorted(MIRRORS))
def test_document_selects_the_committed_selections(name):
    """``selections.txt`` is what the storefront sends; a document that drifts from it fails here."""
    assert selection_paths(operation_document(name), saleor_schema()) == committed_selections()[name]


def _paths(text: str) -> list[str]:
    return selection_paths(parse(text), saleor_schema())


def test_selection_paths_ignore_names_order_and_fragments():
    spelt_out = """query A($channel: String!) { products(first: 2, channel: $channel) {
        edges { node { name slug } } totalCount } }"""
    through_fragments = """query B($channel: String!) { products(channel: $channel, first: 2) {
        totalCount ...Edges } }
      fragment Edges on ProductCountableConnection { edges { node { ...Card } } }
      fragment Card on Product { slug name }"""

    assert _paths(spelt_out) == _paths(through_fragments)


@pytest.mark.parametrize(
    "changed",
    [
        "query A($channel: String!) { products(first: 3, channel: $channel) { totalCount } }",
        "query A($channel: String!) { products(first: 2, channel: $channel) { count: totalCount } }",
        "query A($channel: String) { products(first: 2, channel: $channel) { totalCount } }",
    ],
    ids=["argument value", "alias", "variable type"],
)
def test_selection_paths_tell_apart_what_a_server_sees(changed):
    original = "query A($channel: String!) { products(first: 2, channel: $channel) { totalCount } }"

    assert _paths(original) != _paths(changed)


# --- execution with data ----------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    channel = ChannelFactory()
    category = CategoryFactory(name="Baskets", slug="baskets")
    CategoryTranslation.objects.create(
        category=category, language_code="id", name="Keranjang", slug="keranjang"
    )
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


def test_home_products_lists_the_channel_without_paging_variables(gql, catalogue):
    data = run(gql, "HomeProducts", base_variables(catalogue))

    nodes = [edge["node"] for edge in data["products"]["edges"]]
    assert {node["slug"] for node in nodes} == {catalogue["basket"].slug, catalogue["tray"].slug}
    assert all(node["thumbnail"]["url"].endswith("-1024.webp") for node in nodes)
    assert all(
        node["category"]["translation"] == {"name": "Keranjang", "slug": "keranjang"} for node in nodes
    )


def test_product_list_paginated(gql, catalogue):
    data = run(gql, "ProductsPage", {**base_variables(catalogue), "first": 1})

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
        "ProductsPage",
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

    data = run(gql, "ProductsPage", variables)

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

    data = run(gql, "ProductsPage", variables)

    assert data["products"]["totalCount"] == 2  # both start at 20.00


def test_product_list_where_by_maker(gql, catalogue):
    maker = catalogue["basket"].makers.get(consent_to_publish=True)
    variables = {
        **base_variables(catalogue),
        "first": 10,
        "where": {"makers": {"eq": to_global_id("Maker", maker.pk)}},
    }

    data = run(gql, "ProductsPage", variables)

    assert [edge["node"]["slug"] for edge in data["products"]["edges"]] == [catalogue["basket"].slug]


def test_search_products(gql, catalogue):
    variables = {
        **base_variables(catalogue),
        "search": "loyok",
        "sortBy": "RANK",
        "sortDirection": "DESC",
        "first": 10,
    }

    data = run(gql, "ProductSearch", variables)

    assert [edge["node"]["slug"] for edge in data["products"]["edges"]] == [catalogue["basket"].slug]
    assert data["products"]["totalCount"] == 1


def test_product_list_by_category(gql, catalogue):
    variables = {**base_variables(catalogue), "slug": "baskets", "first": 10}

    data = run(gql, "CategoryShelf", variables)

    category = data["category"]
    assert category["name"] == "Baskets"
    assert category["products"]["totalCount"] == 2
    assert len(category["products"]["edges"]) == 2


def test_product_list_by_category_by_translated_slug(gql, catalogue):
    variables = {**base_variables(catalogue), "slug": "keranjang", "slugLanguageCode": "ID", "first": 10}

    data = run(gql, "CategoryShelf", variables)

    assert data["category"]["slug"] == "baskets"
    assert data["category"]["translation"]["name"] == "Keranjang"


def test_product_list_by_collection_keeps_the_collection_order(gql, catalogue):
    variables = {
        **base_variables(catalogue),
        "slug": "featured",
        "first": 10,
        "sortBy": {"field": "COLLECTION", "direction": "ASC"},
    }

    data = run(gql, "CollectionShelf", variables)

    slugs = [edge["node"]["slug"] for edge in data["collection"]["products"]["edges"]]
    assert slugs == [catalogue["tray"].slug, catalogue["basket"].slug]


def test_product_details(gql, catalogue):
    basket = catalogue["basket"]

    data = run(gql, "ProductPage", {**base_variables(catalogue), "slug": basket.slug})

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
        "ProductPage",
        {**base_variables(catalogue), "slug": translated, "slugLanguageCode": "ID"},
    )

    assert data["product"]["slug"] == basket.slug


def test_product_details_give_the_slug_in_each_storefront_language(gql, catalogue):
    basket = catalogue["basket"]
    ProductTranslation.objects.create(product=basket, language_code="ja", name="竹かご", slug="take-kago")

    data = run(gql, "ProductPage", {**base_variables(catalogue), "slug": basket.slug})

    assert data["product"]["slugJA"] == {"slug": "take-kago"}
    assert data["product"]["slugEN"] is None  # no English translation: the original slug is English


def test_product_variants_for_pdp(gql, catalogue):
    basket = catalogue["basket"]

    data = run(gql, "ProductPageVariants", {**base_variables(catalogue), "slug": basket.slug, "first": 10})

    variants = [edge["node"] for edge in data["product"]["productVariants"]["edges"]]
    assert len(variants) == 2
    assert variants[0]["pricing"]["price"]["gross"] == {"currency": "USD", "amount": 20.0}
    assert variants[0]["quantityAvailable"] == 4
    assert variants[0]["selectionAttributes"][0]["attribute"]["slug"] == "size"


def test_product_variant_for_pdp_by_sku(gql, catalogue):
    variant = catalogue["basket"].variants.order_by("sort_order").first()

    data = run(gql, "ProductPageVariant", {**base_variables(catalogue), "sku": variant.sku})

    assert data["productVariant"]["sku"] == variant.sku
    assert data["productVariant"]["product"]["slug"] == catalogue["basket"].slug


def test_product_variant_for_pdp_by_id(gql, catalogue):
    variant = catalogue["tray"].variants.order_by("sort_order").last()

    data = run(
        gql,
        "ProductPageVariant",
        {**base_variables(catalogue), "id": to_global_id("ProductVariant", variant.pk)},
    )

    assert data["productVariant"]["sku"] == variant.sku
    assert data["productVariant"]["pricing"]["price"]["gross"] == {"currency": "USD", "amount": 30.0}


def test_category_ids_by_slug(gql, catalogue):
    data = run(gql, "CategoryIdsBySlug", {"slugs": ["baskets", "no-such-category"]})

    assert [edge["node"] for edge in data["categories"]["edges"]] == [
        {"id": to_global_id("Category", catalogue["category"].pk), "slug": "baskets", "name": "Baskets"}
    ]


def test_channel_picker(gql, catalogue):
    data = run(gql, "ChannelPicker", {})

    assert data["channels"] == [
        {
            "id": to_global_id("Channel", catalogue["channel"].pk),
            "slug": "intl-usd",
            "name": catalogue["channel"].name,
            "currencyCode": "USD",
            "isActive": True,
        }
    ]
