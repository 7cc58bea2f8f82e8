"""The ``products`` / ``product`` queries: visibility, channels, IDs, pricing, translations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import ProductChannelListing
from tests.graphql.catalog.factories import (
    ChannelFactory,
    ProductFactory,
    VariantFactory,
    full_product,
    price,
    publish,
)
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

LIST = """query($channel: String) {
  products(first: 10, channel: $channel) { totalCount edges { node { slug } } }
}"""
DETAIL = "query($slug: String!, $channel: String) { product(slug: $slug, channel: $channel) { slug } }"
PRICING = """
query($slug: String!, $channel: String) {
  product(slug: $slug, channel: $channel) {
    pricing {
      onSale displayGrossPrices
      discount { gross { amount } }
      priceRange { start { gross { amount currency fractionDigits fractionalAmount }
                           net { amount } tax { amount } }
                   stop { gross { amount } } }
      priceRangeUndiscounted { start { gross { amount } } stop { gross { amount } } }
    }
    variants { pricing { onSale discount { gross { amount } } price { gross { amount } }
                         priceUndiscounted { gross { amount } } pricePrior { gross { amount } } } }
  }
}
"""


def _slugs(result: dict) -> list[str]:
    return [edge["node"]["slug"] for edge in result["data"]["products"]["edges"]]


def test_unknown_channel_is_a_not_found_error_without_data(gql):
    ChannelFactory()
    result = gql(LIST, {"channel": "nowhere"})
    assert result["data"] == {"products": None}
    assert result["errors"][0]["message"] == "Channel with 'nowhere' slug does not exist."
    assert result["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_missing_channel_uses_the_only_active_channel(gql):
    channel = ChannelFactory()
    full_product(channel, slug="only-one")
    assert _slugs(gql(LIST, {})) == ["only-one"]


def test_missing_channel_with_several_channels_is_an_error_for_buyers(gql):
    ChannelFactory()
    ChannelFactory(slug="eu-eur", currency_code="EUR")
    result = gql(LIST, {})
    assert result["data"] == {"products": None}
    assert "Specify which channel" in result["errors"][0]["message"]


@pytest.mark.parametrize("bad_id", ["not-base64!", "UHJvZHVjdA==", "Q2F0ZWdvcnk6MQ==", "UHJvZHVjdDphYmM="])
def test_malformed_or_mistyped_global_id_is_a_clear_error(gql, bad_id):
    ChannelFactory()
    result = gql('query($id: ID!) { product(id: $id, channel: "intl-usd") { id } }', {"id": bad_id})
    assert result["data"] == {"product": None}
    message = result["errors"][0]["message"]
    assert message.startswith(("Couldn't resolve id", "Invalid ID")), message


def test_product_by_global_id_round_trips_saleors_format(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    global_id = to_global_id("Product", product.pk)
    assert global_id == __import__("base64").b64encode(f"Product:{product.pk}".encode()).decode()
    result = gql('query($id: ID!) { product(id: $id, channel: "intl-usd") { id slug } }', {"id": global_id})
    assert result["data"]["product"] == {"id": global_id, "slug": product.slug}


def test_unpublished_and_future_products_are_hidden_from_buyers_and_shown_to_staff(gql):
    channel = ChannelFactory()
    full_product(channel, slug="a-published")
    draft = ProductFactory(slug="b-draft")
    publish(draft, channel, is_published=False)
    future = ProductFactory(slug="c-future")
    publish(future, channel, published_at=timezone.now() + timezone.timedelta(days=3))
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)

    assert _slugs(gql(LIST, {"channel": channel.slug})) == ["a-published"]
    assert gql(DETAIL, {"slug": "b-draft", "channel": channel.slug})["data"] == {"product": None}
    assert _slugs(gql(LIST, {"channel": channel.slug}, headers=bearer(staff))) == [
        "a-published",
        "b-draft",
        "c-future",
    ]
    staff_detail = gql(DETAIL, {"slug": "b-draft", "channel": channel.slug}, headers=bearer(staff))
    assert staff_detail["data"] == {"product": {"slug": "b-draft"}}


def test_staff_without_manage_products_is_treated_as_a_buyer(gql):
    channel = ChannelFactory()
    draft = ProductFactory(slug="draft")
    publish(draft, channel, is_published=False)
    other_staff = staff_user(PermissionCode.MANAGE_ORDERS)
    assert gql(DETAIL, {"slug": "draft", "channel": channel.slug}, headers=bearer(other_staff))["data"] == {
        "product": None
    }


def test_product_not_visible_in_listings_is_left_out_of_lists_but_has_a_page(gql):
    channel = ChannelFactory()
    product = ProductFactory(slug="unlisted")
    publish(product, channel, visible_in_listings=False)
    assert _slugs(gql(LIST, {"channel": channel.slug})) == []
    assert gql(DETAIL, {"slug": "unlisted", "channel": channel.slug})["data"]["product"] == {
        "slug": "unlisted"
    }


def test_channel_listings_are_staff_only_with_saleors_permission_error(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
        channelListings { isPublished channel { slug } }
        variants { channelListings { price { amount } costPrice { amount } }
                   stocks { quantity quantityAllocated } }
    } }"""

    buyer = gql(query, {"slug": product.slug})
    assert "MANAGE_PRODUCTS" in buyer["errors"][0]["message"]
    assert buyer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"

    staff = gql(query, {"slug": product.slug}, headers=bearer(staff_user(PermissionCode.MANAGE_PRODUCTS)))
    assert "errors" not in staff, staff
    data = staff["data"]["product"]
    assert data["channelListings"] == [{"isPublished": True, "channel": {"slug": "intl-usd"}}]
    assert data["variants"][0]["stocks"] == [{"quantity": 5, "quantityAllocated": 1}]


def test_pricing_on_sale_shows_discount_and_undiscounted_range(gql):
    channel = ChannelFactory()
    product = full_product(channel)  # variants at 20.00 (prior 25.00) and 30.00

    result = gql(PRICING, {"slug": product.slug, "channel": channel.slug})["data"]["product"]

    pricing = result["pricing"]
    assert pricing["onSale"] is True
    assert pricing["displayGrossPrices"] is True
    assert pricing["discount"] == {"gross": {"amount": 5.0}}
    assert pricing["priceRange"]["start"]["gross"]["amount"] == 20.0
    assert pricing["priceRange"]["stop"] == {"gross": {"amount": 30.0}}
    assert pricing["priceRangeUndiscounted"]["start"] == {"gross": {"amount": 25.0}}
    on_sale, regular = result["variants"]
    assert on_sale["pricing"] == {
        "onSale": True,
        "discount": {"gross": {"amount": 5.0}},
        "price": {"gross": {"amount": 20.0}},
        "priceUndiscounted": {"gross": {"amount": 25.0}},
        "pricePrior": {"gross": {"amount": 25.0}},
    }
    assert regular["pricing"]["onSale"] is False
    assert regular["pricing"]["discount"] is None


def test_prices_entered_with_tax_are_split_into_net_and_tax(gql):
    channel = ChannelFactory(slug="id-idr", currency_code="IDR", flat_tax_rate=Decimal("0.11"))
    product = ProductFactory()
    publish(product, channel)
    price(VariantFactory(product=product), channel, "111000.00")

    start = gql(PRICING, {"slug": product.slug, "channel": "id-idr"})["data"]["product"]["pricing"][
        "priceRange"
    ]["start"]
    assert start["gross"]["amount"] == 111000.0
    assert start["net"] == {"amount": 100000.0}
    assert start["tax"] == {"amount": 11000.0}


def test_jpy_prices_have_zero_decimals(gql):
    channel = ChannelFactory(slug="jp-jpy", currency_code="JPY", default_country="JP")
    product = ProductFactory()
    publish(product, channel)
    price(VariantFactory(product=product), channel, "4500.4")

    gross = gql(PRICING, {"slug": product.slug, "channel": "jp-jpy"})["data"]["product"]["pricing"][
        "priceRange"
    ]["start"]["gross"]
    assert gross == {"amount": 4500.0, "currency": "JPY", "fractionDigits": 0, "fractionalAmount": 4500}


def test_a_variant_without_a_price_in_the_channel_is_hidden_from_buyers(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    VariantFactory(product=product, sku="UNPRICED", sort_order=9)
    query = 'query($slug: String!) { product(slug: $slug, channel: "intl-usd") { variants { sku } } }'
    skus = [v["sku"] for v in gql(query, {"slug": product.slug})["data"]["product"]["variants"]]
    assert "UNPRICED" not in skus and len(skus) == 2


def test_translation_and_lookup_by_translated_slug(gql):
    channel = ChannelFactory()
    full_product(channel, slug="keranjang")
    query = """query($slug: String!, $lang: LanguageCodeEnum) {
      product(slug: $slug, slugLanguageCode: $lang, channel: "intl-usd") {
        slug translation(languageCode: ID_ID) { name slug language { code language } }
      } }"""

    result = gql(query, {"slug": "keranjang-keranjang", "lang": "ID"})["data"]["product"]

    assert result["slug"] == "keranjang"
    assert result["translation"] == {
        "name": "Keranjang keranjang",
        "slug": "keranjang-keranjang",
        "language": {"code": "ID", "language": "Indonesian"},
    }
    assert gql(query, {"slug": "keranjang-keranjang", "lang": None})["data"]["product"] is None


def test_only_consenting_makers_are_shown(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
        provenance { makers { displayName group { name kind registrationNumber } }
                     techniques { name } } } }"""
    makers = gql(query, {"slug": product.slug})["data"]["product"]["provenance"]["makers"]
    assert [m["displayName"] for m in makers] == [product.makers.get(consent_to_publish=True).display_name]
    assert "Hidden Maker" not in str(makers)
    assert makers[0]["group"]["kind"] == "COOPERATIVE"


def test_available_for_purchase_in_the_future_is_not_available(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    ProductChannelListing.objects.filter(product=product).update(
        available_for_purchase_at=timezone.now() + timezone.timedelta(days=1)
    )
    query = """query($slug: String!) { product(slug: $slug, channel: "intl-usd") {
        isAvailable isAvailableForPurchase availableForPurchaseAt } }"""
    result = gql(query, {"slug": product.slug})["data"]["product"]
    assert result["isAvailable"] is False
    assert result["isAvailableForPurchase"] is False
    assert result["availableForPurchaseAt"] is not None


def test_staff_without_a_channel_see_every_product_without_channel_data(gql):
    channel = ChannelFactory()
    ChannelFactory(slug="eu-eur", currency_code="EUR")
    full_product(channel, slug="listed")
    ProductFactory(slug="nowhere-yet")
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)
    query = "{ products(first: 10) { edges { node { slug channel pricing { onSale } } } } }"

    nodes = [edge["node"] for edge in gql(query, headers=bearer(staff))["data"]["products"]["edges"]]

    assert nodes == [
        {"slug": "listed", "channel": None, "pricing": None},
        {"slug": "nowhere-yet", "channel": None, "pricing": None},
    ]
