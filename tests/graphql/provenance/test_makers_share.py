"""productVariantChannelListingUpdate's makers' share: an amount or a percentage per channel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import ProductVariantChannelListing
from tests.graphql.catalog.factories import ChannelFactory, ProductFactory, VariantFactory, publish
from tests.storefront.accounts.factories import bearer, staff_user

pytestmark = pytest.mark.django_db

PRICE = """
mutation($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) {
    variant { channelListings { price { amount } makerShare { amount currency } makerSharePercent } }
    errors { field code message channels }
  }
}"""


@pytest.fixture
def listed():
    channel = ChannelFactory()
    product = ProductFactory()
    publish(product, channel)
    return {"variant": VariantFactory(product=product), "channel": channel}


@pytest.fixture
def staff():
    return bearer(staff_user(PermissionCode.MANAGE_PRODUCTS))


def _update(gql, staff, listed, **entry):
    variables = {
        "id": to_global_id("ProductVariant", listed["variant"].pk),
        "input": [{"channelId": to_global_id("Channel", listed["channel"].pk), "price": "40.00", **entry}],
    }
    return gql(PRICE, variables, headers=staff)["data"]["productVariantChannelListingUpdate"]


def _listing(listed):
    return ProductVariantChannelListing.objects.get(variant=listed["variant"], channel=listed["channel"])


def test_a_share_amount_is_stored_and_shown(gql, staff, listed):
    result = _update(gql, staff, listed, makerShareAmount="12.50")

    assert result["errors"] == []
    assert result["variant"]["channelListings"] == [
        {
            "price": {"amount": 40.0},
            "makerShare": {"amount": 12.5, "currency": "USD"},
            "makerSharePercent": None,
        }
    ]
    assert _listing(listed).maker_share_amount == Decimal("12.50")
    entry = AuditLogEntry.objects.get(action="product_variant.channel_listings_updated")
    assert entry.payload["after"][0]["maker_share_amount"] == "12.500"


def test_a_percentage_replaces_an_amount_and_leaving_both_out_keeps_it(gql, staff, listed):
    _update(gql, staff, listed, makerShareAmount="12.50")

    switched = _update(gql, staff, listed, makerSharePercent="35.5")
    kept = _update(gql, staff, listed)

    assert switched["errors"] == [] and kept["errors"] == []
    listing = _listing(listed)
    assert (listing.maker_share_amount, listing.maker_share_percent) == (None, Decimal("35.50"))
    assert kept["variant"]["channelListings"][0]["makerSharePercent"] == 35.5


def test_null_removes_the_share(gql, staff, listed):
    _update(gql, staff, listed, makerSharePercent="10")

    result = _update(gql, staff, listed, makerSharePercent=None)

    assert result["errors"] == []
    assert _listing(listed).maker_share_percent is None


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ({"makerShareAmount": "1.00", "makerSharePercent": "10"}, "makerSharePercent", "not both"),
        ({"makerSharePercent": "100.01"}, "makerSharePercent", "from 0 to 100"),
        ({"makerSharePercent": "12.345"}, "makerSharePercent", "two decimal places"),
        ({"makerShareAmount": "40.01"}, "makerShareAmount", "more than the price"),
        ({"makerShareAmount": "1.005"}, "makerShareAmount", "decimal places"),
    ],
)
def test_an_invalid_share_is_refused_and_nothing_changes(gql, staff, listed, entry, field, message):
    _update(gql, staff, listed, makerShareAmount="5.00")

    result = _update(gql, staff, listed, **entry)

    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, "INVALID")]
    assert message in result["errors"][0]["message"]
    assert result["errors"][0]["channels"] == [to_global_id("Channel", listed["channel"].pk)]
    listing = _listing(listed)
    assert (listing.maker_share_amount, listing.maker_share_percent) == (Decimal("5.00"), None)


def test_a_lower_price_must_still_cover_the_share_kept(gql, staff, listed):
    _update(gql, staff, listed, makerShareAmount="30.00")

    variables = {
        "id": to_global_id("ProductVariant", listed["variant"].pk),
        "input": [{"channelId": to_global_id("Channel", listed["channel"].pk), "price": "20.00"}],
    }
    result = gql(PRICE, variables, headers=staff)["data"]["productVariantChannelListingUpdate"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("makerShareAmount", "INVALID")]
    assert _listing(listed).price_amount == Decimal("40.00")


def test_a_negative_share_is_refused_by_the_input_type(gql, staff, listed):
    variables = {
        "id": to_global_id("ProductVariant", listed["variant"].pk),
        "input": [
            {
                "channelId": to_global_id("Channel", listed["channel"].pk),
                "price": "40",
                "makerShareAmount": "-1",
            }
        ],
    }

    body = gql(PRICE, variables, headers=staff)

    assert body.get("data") is None and body["errors"]
    assert _listing_missing(listed)


def _listing_missing(listed) -> bool:
    return not ProductVariantChannelListing.objects.filter(variant=listed["variant"]).exists()
