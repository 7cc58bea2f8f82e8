"""``shop``, ``channel`` and cursor pagination of the product connection."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.shipping.models import ShippingZone
from tests.graphql.catalog.factories import ChannelFactory, full_product

pytestmark = pytest.mark.django_db

PAGE = """query($first: Int, $last: Int, $after: String, $before: String) {
  products(first: $first, last: $last, after: $after, before: $before, channel: "intl-usd") {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { slug } }
  }
}"""


def _slugs(result: dict) -> list[str]:
    return [edge["node"]["slug"] for edge in result["data"]["products"]["edges"]]


def test_forward_and_backward_pagination(gql):
    channel = ChannelFactory()
    for index in range(5):
        full_product(channel, slug=f"p{index}")

    first = gql(PAGE, {"first": 2})
    second = gql(PAGE, {"first": 2, "after": first["data"]["products"]["pageInfo"]["endCursor"]})
    last = gql(PAGE, {"last": 2})

    assert _slugs(first) == ["p0", "p1"]
    assert first["data"]["products"]["pageInfo"]["hasNextPage"] is True
    assert _slugs(second) == ["p2", "p3"]
    assert second["data"]["products"]["pageInfo"]["hasPreviousPage"] is True
    assert _slugs(last) == ["p3", "p4"]


def test_pagination_requires_first_or_last_and_refuses_bad_cursors(gql):
    ChannelFactory()
    missing = gql(PAGE, {})
    assert "You must provide a `first` or `last` value" in missing["errors"][0]["message"]
    bad = gql(PAGE, {"first": 1, "after": "%%%"})
    assert bad["data"] == {"products": None}
    assert "cursor" in bad["errors"][0]["message"]


def test_shop_and_channel_fields(gql):
    channel = ChannelFactory(allowed_countries=["US", "CA"])
    zone = ShippingZone.objects.create(name="North America", countries=["US", "CA"])
    zone.channels.add(channel)
    query = """query($id: ID) {
      shop { name defaultCountry { code country } channelCurrencies domain { host } }
      channel(id: $id) { slug currencyCode defaultCountry { code country } countries { code } }
    }"""
    data = gql(query, {"id": to_global_id("Channel", channel.pk)})["data"]
    assert data["shop"]["defaultCountry"] == {"code": "ID", "country": "Indonesia"}
    assert data["shop"]["channelCurrencies"] == ["USD"]
    assert data["channel"] == {
        "slug": "intl-usd",
        "currencyCode": "USD",
        "defaultCountry": {"code": "US", "country": "United States"},
        "countries": [{"code": "CA"}, {"code": "US"}],  # its shipping zones' countries
    }
