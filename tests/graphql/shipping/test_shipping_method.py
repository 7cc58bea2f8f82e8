"""Saleor's ``ShippingMethod`` built from quotes, ``Channel.countries`` from zones, ``shop.countries`` filter.

No root field returns shipping methods yet (the checkout does), so the type is exercised through a
small schema whose one field quotes a parcel, with the real schema's configuration.
"""

from __future__ import annotations

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
import strawberry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema as asal_schema
from graphql_schema.shipping.types import ShippingMethod, shipping_method_roots
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel
from storefront.core.money import Money
from storefront.shipping.cache import shipping_cache
from storefront.shipping.models import ShippingMethod as ShippingMethodModel
from storefront.shipping.models import ShippingMethodTranslation
from storefront.shipping.parcels import Parcel
from storefront.shipping.quotes import shipping_quotes
from tests.storefront.accounts.factories import staff_user
from tests.storefront.shipping.factories import make_channel, make_method, make_zone

pytestmark = pytest.mark.django_db


@strawberry.type
class Query:
    @strawberry.field
    def quotes(self, channel: str, country: str, kg: str, subtotal: str) -> list[ShippingMethod]:
        found = Channel.objects.get(slug=channel)
        quotes = shipping_quotes(
            channel=found,
            country=country,
            parcel=Parcel.of_weight(kg),
            subtotal=Money(Decimal(subtotal), found.currency_code),
        )
        return shipping_method_roots(quotes)  # type: ignore[return-value]


quote_schema = strawberry.Schema(query=Query, config=asal_schema.config, types=[ShippingMethod])

QUOTES = """query($channel: String!, $country: String!, $kg: String!, $subtotal: String!) {
  quotes(channel: $channel, country: $country, kg: $kg, subtotal: $subtotal) {
    id name description type price { amount currency fractionDigits }
    minimumDeliveryDays maximumDeliveryDays minimumOrderPrice { amount } maximumOrderPrice { amount }
    minimumOrderWeight { unit value } maximumOrderWeight { unit value } active message
    translation(languageCode: ID) { id name language { code } }
  }
}"""


@pytest.fixture
def jpy() -> Channel:
    channel = make_channel("ship-jpy", "JPY", "JP")
    zone = make_zone("Japan", ["JP"], [channel])
    postal = make_method(
        zone,
        "Pos Indonesia",
        channel=channel,
        price="1800",
        min_kg="0",
        max_kg="2",
        free_above="30000",
        days=(10, 30),
    )
    postal.description = {"blocks": [{"type": "paragraph", "data": {"text": "Airmail"}}]}
    postal.save()
    make_method(zone, "Express courier", channel=channel, price="5200", min_kg="0", max_kg="30", days=(3, 7))
    ShippingMethodTranslation.objects.create(
        shipping_method=postal, language_code="id", name="Pos Indonesia (udara)"
    )
    return channel


def run(variables: dict[str, str], query: str = QUOTES, user=None) -> dict:
    context = SimpleNamespace(user=user, app=None, token_problem=None)
    result = quote_schema.execute_sync(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


METADATA = """query($channel: String!, $country: String!, $kg: String!, $subtotal: String!) {
  quotes(channel: $channel, country: $country, kg: $kg, subtotal: $subtotal) {
    name metadata { key value } metafield(key: "carrier") metafields(keys: ["carrier"])
  }
}"""
PRIVATE = """query($channel: String!, $country: String!, $kg: String!, $subtotal: String!) {
  quotes(channel: $channel, country: $country, kg: $kg, subtotal: $subtotal) {
    privateMetadata { key value } privateMetafield(key: "contract")
  }
}"""


def test_metadata_is_the_methods_own_and_private_metadata_needs_manage_shipping(jpy):
    ShippingMethodModel.objects.filter(name="Pos Indonesia").update(
        metadata={"carrier": "pos", "tracked": "yes"}, private_metadata={"contract": "K-7"}
    )
    variables = {"channel": "ship-jpy", "country": "JP", "kg": "1", "subtotal": "100"}
    postal = run(variables, METADATA)["quotes"][0]
    assert postal["metadata"] == [{"key": "carrier", "value": "pos"}, {"key": "tracked", "value": "yes"}]
    assert (postal["metafield"], postal["metafields"]) == ("pos", {"carrier": "pos"})
    staff = staff_user(PermissionCode.MANAGE_SHIPPING)
    private = run(variables, PRIVATE, user=staff)["quotes"][0]
    assert private == {"privateMetadata": [{"key": "contract", "value": "K-7"}], "privateMetafield": "K-7"}
    other = staff_user(PermissionCode.MANAGE_PRODUCTS, email="products@example.com")
    context = SimpleNamespace(user=other, app=None, token_problem=None)
    refused = quote_schema.execute_sync(PRIVATE, variable_values=variables, context_value=context)
    assert refused.errors and "MANAGE_SHIPPING" in refused.errors[0].message


def test_a_quote_is_shown_as_saleors_shipping_method(jpy):
    data = run({"channel": "ship-jpy", "country": "JP", "kg": "1.5", "subtotal": "12000"})
    postal, courier = data["quotes"]
    method = ShippingMethodModel.objects.get(name="Pos Indonesia")
    assert postal["id"] == to_global_id("ShippingMethod", method.pk)
    assert postal["name"] == "Pos Indonesia" and postal["type"] == "WEIGHT" and postal["active"] is True
    assert json.loads(postal["description"])["blocks"][0]["data"]["text"] == "Airmail"
    assert postal["price"] == {"amount": 1800.0, "currency": "JPY", "fractionDigits": 0}
    assert (postal["minimumDeliveryDays"], postal["maximumDeliveryDays"]) == (10, 30)
    assert postal["minimumOrderPrice"] is None and postal["message"] is None
    assert postal["maximumOrderWeight"] == {"unit": "KG", "value": 2.0}
    assert postal["translation"]["name"] == "Pos Indonesia (udara)"
    assert postal["translation"]["language"] == {"code": "ID"}
    assert courier["name"] == "Express courier" and courier["translation"] is None
    assert courier["price"]["amount"] == 5200.0


def test_free_shipping_shows_a_zero_price(jpy):
    data = run({"channel": "ship-jpy", "country": "JP", "kg": "1", "subtotal": "30000"})
    assert [(m["name"], m["price"]["amount"]) for m in data["quotes"]] == [
        ("Pos Indonesia", 0.0),
        ("Express courier", 5200.0),
    ]


def test_translations_of_any_number_of_methods_cost_one_query_then_none(jpy):
    zone = make_zone("Japan 2", ["JP"], [jpy])
    for index in range(5):
        method = make_method(zone, f"Method {index}", channel=jpy, price="100")
        ShippingMethodTranslation.objects.create(
            shipping_method=method, language_code="id", name=f"Metode {index}"
        )
    shipping_cache.invalidate()
    variables = {"channel": "ship-jpy", "country": "JP", "kg": "1", "subtotal": "100"}
    with CaptureQueriesContext(connection) as cold:
        data = run(variables)
    with CaptureQueriesContext(connection) as warm:
        run(variables)
    assert len(data["quotes"]) == 7
    # the channel's row, the listings, the translations; then only the channel's row
    assert (len(cold), len(warm)) == (3, 1)


def test_channel_countries_are_its_zones_countries(gql):
    usd = make_channel("ship-usd", "USD", "US", allowed_countries=[])
    eur = make_channel("ship-eur", "EUR", "DE")
    make_zone("Europe", ["FR", "DE"], [usd, eur])
    make_zone("Japan", ["JP"], [usd])
    query = "{ channels { slug countries { code country } } }"
    data = {c["slug"]: c["countries"] for c in gql(query)["data"]["channels"]}
    assert data["ship-eur"] == [{"code": "DE", "country": "Germany"}, {"code": "FR", "country": "France"}]
    assert [c["code"] for c in data["ship-usd"]] == ["DE", "FR", "JP"]


def test_shop_countries_honours_attached_to_shipping_zones(gql):
    channel = make_channel()
    make_zone("Europe", ["FR", "DE"], [channel])
    make_zone("Unassigned", ["BR"], [])
    query = "query($f: CountryFilterInput) { shop { countries(filter: $f) { code } } }"

    def codes(attached):
        return [
            c["code"]
            for c in gql(query, {"f": {"attachedToShippingZones": attached}})["data"]["shop"]["countries"]
        ]

    every = codes(None)
    attached, detached = codes(True), codes(False)
    assert attached == ["BR", "DE", "FR"]
    assert "DE" not in detached and "JP" in detached
    assert sorted(attached + detached) == sorted(every) and len(every) > 200
