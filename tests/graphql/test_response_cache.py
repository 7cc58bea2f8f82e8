"""Public catalogue responses cached whole (graphql_schema/core/response_cache.py): served without
SQL the second time, forgotten by every catalogue write, never for staff or personal documents;
GET with ETag/304, automatic persisted queries, mutations over GET refused."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode as P
from storefront.catalog.models import Product
from storefront.core.versioned_cache import (
    catalogue_cache,
    catalogue_changed,
    stock_changed,
    stock_generation,
)
from storefront.inventory.models import Reservation, Stock
from tests.graphql.catalog.factories import ChannelFactory, ProductFactory, publish
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed, stocked_variant

pytestmark = pytest.mark.django_db

LISTING = """
query Listing($channel: String!, $first: Int!) {
  products(first: $first, channel: $channel) {
    edges { node { name slug pricing { priceRange { start { gross { amount } } } } } }
  }
}"""
VARIANT = """
query Variant($id: ID!, $channel: String!) {
  productVariant(id: $id, channel: $channel) { quantityAvailable product { name } }
}"""
TRANSLATED = """
query Translated($slug: String!, $language: LanguageCodeEnum!) {
  product(slug: $slug, channel: "intl-usd") { name translation(languageCode: $language) { name } }
}"""
PRODUCT_UPDATE = """
mutation($id: ID!, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) { product { name } errors { field code } }
}"""
PRICE_UPDATE = """
mutation($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) { errors { field code } }
}"""
STOCKS_UPDATE = """
mutation($sku: String, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(sku: $sku, stocks: $stocks) { errors { field code } }
}"""


def post(client: Client, query: str, variables: dict[str, Any] | None = None, **extra: Any) -> Any:
    body: dict[str, Any] = {"query": query, "variables": variables or {}}
    body.update(extra.pop("body", {}))
    return client.post("/graphql/", data=json.dumps(body), content_type="application/json", **extra)


def get(client: Client, params: dict[str, Any], **extra: Any) -> Any:
    encoded = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    return client.get("/graphql/", encoded, HTTP_ACCEPT="application/json", **extra)


def queries_of(call: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return response, len(captured.captured_queries)


@pytest.fixture(autouse=True)
def _response_cache_on(settings) -> None:
    settings.RESPONSE_CACHE_SECONDS = 300  # the suite turns it off (tests/conftest.py)


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def item(channel):
    return stocked_variant(channel, amount="20.00", quantity=5, product__name="Bamboo lamp")


@pytest.fixture
def staff():
    return bearer(staff_user(P.MANAGE_PRODUCTS))


def listing_names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [edge["node"]["name"] for edge in response.json()["data"]["products"]["edges"]]


def test_a_second_identical_public_query_runs_no_sql(client, item):
    first, first_queries = queries_of(lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}))
    second, second_queries = queries_of(lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}))

    assert first_queries > 0
    assert second_queries == 0
    assert second.json() == first.json()
    assert listing_names(second) == ["Bamboo lamp"]
    assert second["Cache-Control"] == "private, no-store"  # a POST is never for a CDN


def test_a_product_rename_by_staff_is_seen_by_the_next_public_read(client, item, staff):
    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Bamboo lamp"]

    body = post(
        client,
        PRODUCT_UPDATE,
        {"id": to_global_id("Product", item.product_id), "input": {"name": "Rattan lamp"}},
        headers=staff,
    ).json()

    assert body["data"]["productUpdate"]["errors"] == []
    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Rattan lamp"]


def test_a_price_change_by_staff_is_seen_by_the_next_public_read(client, item, channel, staff):
    def start() -> float:
        response = post(client, LISTING, {"channel": "intl-usd", "first": 5})
        return response.json()["data"]["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"][
            "gross"
        ]["amount"]

    assert start() == 20.0
    body = post(
        client,
        PRICE_UPDATE,
        {
            "id": to_global_id("ProductVariant", item.pk),
            "input": [{"channelId": to_global_id("Channel", channel.pk), "price": "12.5"}],
        },
        headers=staff,
    ).json()

    assert body["data"]["productVariantChannelListingUpdate"]["errors"] == []
    assert start() == 12.5


def test_stock_changes_by_staff_and_by_an_order_are_seen_by_the_next_public_read(
    client, item, channel, staff
):
    variables = {"id": to_global_id("ProductVariant", item.pk), "channel": "intl-usd"}

    def available() -> int:
        return post(client, VARIANT, variables).json()["data"]["productVariant"]["quantityAvailable"]

    assert available() == 5
    stock = Stock.objects.get(product_variant=item)
    body = post(
        client,
        STOCKS_UPDATE,
        {
            "sku": item.sku,
            "stocks": [{"warehouse": to_global_id("Warehouse", stock.warehouse_id), "quantity": 7}],
        },
        headers=staff,
    ).json()
    assert body["data"]["productVariantStocksUpdate"]["errors"] == []
    assert available() == 7

    order_placed(channel=channel, variants=[item], quantity=3)  # the checkout's placement service

    assert available() == 4


def test_a_queryset_update_is_seen_once_the_catalogue_is_bumped(client, item):
    """``QuerySet.update`` sends no signal: the services that use it call ``catalogue_changed()``."""
    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Bamboo lamp"]

    Product.objects.filter(pk=item.product_id).update(name="Quiet rename")
    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Bamboo lamp"]

    catalogue_changed()
    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Quiet rename"]


def test_channel_language_and_variables_are_different_entries(client, item):
    indonesia = ChannelFactory(slug="id-idr", name="Indonesia", currency_code="IDR", default_country="ID")
    other = ProductFactory(name="Kain tenun")
    publish(other, indonesia)
    item.product.translations.create(language_code="id", name="Lampu bambu")

    assert listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5})) == ["Bamboo lamp"]
    assert listing_names(post(client, LISTING, {"channel": "id-idr", "first": 5})) == ["Kain tenun"]
    response, count = queries_of(lambda: post(client, LISTING, {"first": 5, "channel": "intl-usd"}))
    assert (listing_names(response), count) == (["Bamboo lamp"], 0)  # key order does not matter
    second = ProductFactory(name="Another lamp")
    publish(second, ChannelFactory())  # a catalogue write: the entries above are forgotten
    two = listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 5}))
    assert sorted(two) == ["Another lamp", "Bamboo lamp"]
    assert len(listing_names(post(client, LISTING, {"channel": "intl-usd", "first": 1}))) == 1

    english = post(client, TRANSLATED, {"slug": item.product.slug, "language": "EN"}).json()
    bahasa = post(client, TRANSLATED, {"slug": item.product.slug, "language": "ID"}).json()
    assert english["data"]["product"]["translation"] is None
    assert bahasa["data"]["product"]["translation"] == {"name": "Lampu bambu"}


def test_staff_and_app_tokens_are_never_served_from_or_stored_in_the_cache(client, item):
    staff = bearer(staff_user(P.MANAGE_PRODUCTS))
    post(client, LISTING, {"channel": "intl-usd", "first": 5})  # cached for the public

    response, count = queries_of(
        lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}, headers=staff)
    )
    assert count > 0
    assert listing_names(response) == ["Bamboo lamp"]
    _again, count = queries_of(
        lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}, headers=staff)
    )
    assert count > 0


def test_a_customer_token_is_cached_apart_from_anonymous_callers(client, item):
    customer = bearer(UserFactory())
    post(client, LISTING, {"channel": "intl-usd", "first": 5})

    _first, first_count = queries_of(
        lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}, headers=customer)
    )
    _second, second_count = queries_of(
        lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}, headers=customer)
    )
    assert first_count > second_count  # its own entry, filled by its first request
    assert second_count <= 2  # at most the token's user; no catalogue SQL


@pytest.mark.parametrize(
    "document",
    [
        'query { products(first: 5, channel: "intl-usd") { edges { node { name } } } me { email } }',
        'query { product(slug: "x", channel: "intl-usd") { name } checkout(id: "Q2hlY2tvdXQ6MQ==") { id } }',
        'query { shop { name } products(first: 5, channel: "intl-usd") { edges { node { name } } } }',
        "query { ...Personal } fragment Personal on Query { me { email } }",
    ],
)
def test_documents_with_personal_or_unlisted_root_fields_are_never_cached(
    client, item, document, monkeypatch
):
    stored: list[str] = []
    monkeypatch.setattr(catalogue_cache, "set", lambda key, value, **kwargs: stored.append(key))

    post(client, document)
    assert stored == []
    post(client, LISTING, {"channel": "intl-usd", "first": 5})  # the control: this one is stored
    assert len(stored) == 1


def test_me_is_answered_afresh_for_a_customer(client, item):
    user = UserFactory(email="first@example.com")
    headers = bearer(user)
    document = 'query { products(first: 5, channel: "intl-usd") { edges { node { name } } } me { email } }'
    assert post(client, document, headers=headers).json()["data"]["me"] == {"email": "first@example.com"}

    type(user).objects.filter(pk=user.pk).update(email="second@example.com")

    assert post(client, document, headers=headers).json()["data"]["me"] == {"email": "second@example.com"}


def test_root_fields_through_fragments_are_cached(client, item):
    document = (
        'query { ...Shelf } fragment Shelf on Query { products(first: 5, channel: "intl-usd") '
        "{ edges { node { name } } } }"
    )
    post(client, document)
    response, count = queries_of(lambda: post(client, document))
    assert count == 0
    assert listing_names(response) == ["Bamboo lamp"]


def test_responses_with_errors_are_not_cached(client, item):
    document = 'query { products(first: 5, channel: "no-such-channel") { edges { node { name } } } }'
    first = post(client, document).json()
    assert first["errors"]

    second, count = queries_of(lambda: post(client, document))

    assert second.json()["errors"]
    assert count > 0


def test_setting_zero_disables_the_cache(client, item, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    post(client, LISTING, {"channel": "intl-usd", "first": 5})
    _again, count = queries_of(lambda: post(client, LISTING, {"channel": "intl-usd", "first": 5}))
    assert count > 0


# --- HTTP GET, ETag, 304 -------------------------------------------------------------------------


def test_a_public_get_carries_cache_control_and_an_etag_and_answers_if_none_match_with_304(
    client, item, settings
):
    settings.RESPONSE_CACHE_HTTP_MAX_AGE = 45
    params = {"query": LISTING, "variables": {"channel": "intl-usd", "first": 5}, "operationName": "Listing"}

    response = get(client, params)

    assert listing_names(response) == ["Bamboo lamp"]
    assert response["Cache-Control"] == "public, max-age=45"
    etag = response["ETag"]
    assert etag == '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    assert "Authorization" in response["Vary"]

    not_modified, count = queries_of(lambda: get(client, params, HTTP_IF_NONE_MATCH=etag))
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert count == 0

    assert get(client, params, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_get_with_a_token_or_a_personal_document_is_private(client, item):
    listing = {"query": LISTING, "variables": {"channel": "intl-usd", "first": 5}}
    staff = bearer(staff_user(P.MANAGE_PRODUCTS))
    customer = bearer(UserFactory())

    for response in (
        get(client, listing, HTTP_AUTHORIZATION=staff["Authorization"]),
        get(client, listing, HTTP_AUTHORIZATION=customer["Authorization"]),
        get(client, {"query": "query { me { email } }"}),
        get(client, {"query": 'query { products(first: 5, channel: "nope") { edges { node { name } } } }'}),
    ):
        assert response["Cache-Control"] == "private, no-store"
        assert "ETag" not in response


def test_a_mutation_over_get_is_a_405_and_changes_nothing(client, item):
    staff = bearer(staff_user(P.MANAGE_PRODUCTS))
    product_id = to_global_id("Product", item.product_id)
    mutation = (
        f'mutation {{ productUpdate(id: "{product_id}", input: {{name: "X"}}) {{ product {{ name }} }} }}'
    )

    response = get(client, {"query": mutation}, HTTP_AUTHORIZATION=staff["Authorization"])

    assert response.status_code == 405
    assert response["Cache-Control"] == "private, no-store"
    item.product.refresh_from_db()
    assert item.product.name == "Bamboo lamp"


# --- automatic persisted queries -----------------------------------------------------------------


def _apq(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


def test_an_unknown_hash_asks_for_the_query_then_a_registered_one_is_served_over_get(client, item):
    variables = {"channel": "intl-usd", "first": 5}
    extensions = _apq(LISTING)

    unknown = get(client, {"extensions": extensions, "variables": variables})
    errors = unknown.json()["errors"]
    assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
        ("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
    ]
    assert unknown["Cache-Control"] == "private, no-store"

    registered = post(client, LISTING, variables, body={"extensions": extensions})
    assert listing_names(registered) == ["Bamboo lamp"]

    hit, count = queries_of(lambda: get(client, {"extensions": extensions, "variables": variables}))
    assert listing_names(hit) == ["Bamboo lamp"]
    assert hit["Cache-Control"].startswith("public, max-age=")
    assert count == 0


def test_a_query_whose_hash_does_not_match_is_refused_and_not_registered(client, item):
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(b"other").hexdigest()}}

    refused = post(client, LISTING, {"channel": "intl-usd", "first": 5}, body={"extensions": wrong})

    assert refused.json()["errors"][0]["message"] == "provided sha does not match query"
    assert "data" not in refused.json()
    lookup = get(client, {"extensions": wrong, "variables": {"channel": "intl-usd", "first": 5}})
    assert lookup.json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_an_unsupported_persisted_query_version_is_refused(client, item):
    extensions = {
        "persistedQuery": {"version": 2, "sha256Hash": hashlib.sha256(LISTING.encode()).hexdigest()}
    }

    body = post(client, LISTING, {"channel": "intl-usd", "first": 5}, body={"extensions": extensions}).json()

    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_the_generation_is_shared_by_every_key():
    """One ``catalogue_changed()`` forgets everything stored under the catalogue namespace."""
    catalogue_cache.set("a", {"data": 1})
    assert catalogue_cache.get("a") == {"data": 1}
    catalogue_changed()
    assert catalogue_cache.get("a") is None


# --- stock: its own generation (storefront/core/versioned_cache.py ``stock_changed``) ------------

CHECKOUT_CREATE = """
mutation($channel: String!) {
  checkoutCreate(input: {channel: $channel, lines: []}) { checkout { id } errors { field code } }
}"""
LINES_ADD = """
mutation($id: ID, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { checkout { id } errors { field code } }
}"""
COUNTED = """
query Counted($channel: String!, $first: Int!, $filter: ProductFilterInput) {
  products(first: $first, channel: $channel, filter: $filter) { totalCount edges { node { name } } }
}"""


def reserve(client: Client, variant: Any, quantity: int) -> None:
    """A buyer's cart through the API: ``checkoutLinesAdd`` reserves the stock."""
    created = post(client, CHECKOUT_CREATE, {"channel": "intl-usd"}).json()["data"]["checkoutCreate"]
    assert created["errors"] == []
    lines = [{"variantId": to_global_id("ProductVariant", variant.pk), "quantity": quantity}]
    added = post(client, LINES_ADD, {"id": created["checkout"]["id"], "lines": lines}).json()
    assert added["data"]["checkoutLinesAdd"]["errors"] == []


def counted(client: Client, first: int, filter: dict[str, Any]) -> tuple[int, list[str], list[str]]:
    """The list's totalCount, its names, and the SQL that ran (a count not kept runs ``asal_counted``)."""
    with CaptureQueriesContext(connection) as captured:
        response = post(client, COUNTED, {"channel": "intl-usd", "first": first, "filter": filter})
    products = response.json()["data"]["products"]
    names = [edge["node"]["name"] for edge in products["edges"]]
    return products["totalCount"], names, [query["sql"] for query in captured.captured_queries]


def test_a_reservation_leaves_listings_without_stock_and_their_kept_counts_cached(client, item, channel):
    category = item.product.category
    assert category is not None
    by_category = {"categories": [to_global_id("Category", category.pk)]}
    listing = {"channel": "intl-usd", "first": 5}
    assert listing_names(post(client, LISTING, listing)) == ["Bamboo lamp"]
    assert counted(client, 1, by_category)[:2] == (1, ["Bamboo lamp"])

    reserve(client, item, 2)
    assert Reservation.objects.filter(stock__product_variant=item).exists()

    again, sql = queries_of(lambda: post(client, LISTING, listing))
    assert sql == 0  # still cached: the reservation bumped the stock generation only
    assert listing_names(again) == ["Bamboo lamp"]
    total, names, statements = counted(client, 2, by_category)  # another page size: not a cached response
    assert (total, names) == (1, ["Bamboo lamp"])
    assert statements and not any("asal_counted" in statement for statement in statements)  # kept

    # A catalogue write is still seen at once everywhere.
    Product.objects.filter(pk=item.product_id).update(name="Rattan lamp")
    catalogue_changed()
    assert listing_names(post(client, LISTING, listing)) == ["Rattan lamp"]
    assert counted(client, 1, by_category)[:2] == (1, ["Rattan lamp"])


def test_a_reservation_shows_at_once_on_a_page_selecting_quantity_available(client, item):
    variables = {"id": to_global_id("ProductVariant", item.pk), "channel": "intl-usd"}

    def available() -> int:
        return post(client, VARIANT, variables).json()["data"]["productVariant"]["quantityAvailable"]

    assert available() == 5
    assert queries_of(lambda: post(client, VARIANT, variables))[1] == 0  # cached until stock moves
    reserve(client, item, 2)
    assert available() == 3
    reserve(client, item, 1)
    assert available() == 2


def test_a_list_filtered_by_stock_and_its_count_follow_an_order(client, item, channel):
    in_stock, out_of_stock = {"stockAvailability": "IN_STOCK"}, {"stockAvailability": "OUT_OF_STOCK"}
    assert counted(client, 1, in_stock)[:2] == (1, ["Bamboo lamp"])
    assert counted(client, 1, out_of_stock)[:2] == (0, [])

    order_placed(channel=channel, variants=[item], quantity=5)  # every piece allocated: stock only

    # An empty first page is its own count (0); the other list's kept 0 is counted afresh.
    assert counted(client, 2, in_stock)[:2] == (0, [])
    total, names, statements = counted(client, 2, out_of_stock)
    assert (total, names) == (1, ["Bamboo lamp"])
    assert any("asal_counted" in statement for statement in statements)  # counted afresh
    assert counted(client, 1, in_stock)[:2] == (0, [])  # the cached responses too
    assert counted(client, 1, out_of_stock)[:2] == (1, ["Bamboo lamp"])


def test_stock_writes_bump_the_stock_generation_and_catalogue_writes_both():
    catalogue_cache.set("plain", {"data": 1})
    stock = stock_generation()
    stock_changed()
    assert catalogue_cache.get("plain") == {"data": 1}
    assert stock_generation() != stock
    catalogue_changed()
    assert catalogue_cache.get("plain") is None
