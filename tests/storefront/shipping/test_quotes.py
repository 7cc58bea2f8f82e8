"""Shipping quotes: zones and channel assignment, weight and price bands, free thresholds, cost in SQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from storefront.core.money import Money
from storefront.shipping.cache import shipping_cache
from storefront.shipping.models import ShippingMethod, ShippingMethodChannelListing
from storefront.shipping.parcels import Parcel
from storefront.shipping.quotes import channel_countries, quote_for, shipping_countries, shipping_quotes
from tests.storefront.shipping.factories import make_channel, make_method, make_zone

pytestmark = pytest.mark.django_db

PRICE = ShippingMethod.Type.PRICE


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


@pytest.fixture
def channel():
    return make_channel()


@pytest.fixture
def europe(channel):
    zone = make_zone("Europe", ["DE", "FR", "NL"], [channel])
    make_method(
        zone, "Pos Indonesia 0-2 kg", channel=channel, price="12", min_kg="0", max_kg="2", days=(10, 30)
    )
    make_method(
        zone, "Pos Indonesia 2-5 kg", channel=channel, price="25", min_kg="2.001", max_kg="5", days=(10, 30)
    )
    make_method(zone, "Express courier", channel=channel, price="40", min_kg="0", max_kg="30", days=(3, 7))
    return zone


def names(quotes) -> list[str]:
    return [quote.method.name for quote in quotes]


def test_weight_bands_match_the_chargeable_weight_inclusively(channel, europe):
    light = shipping_quotes(channel=channel, country="DE", parcel=Parcel.of_weight("2"), subtotal=usd("10"))
    heavier = shipping_quotes(
        channel=channel, country="DE", parcel=Parcel.of_weight("2.001"), subtotal=usd("10")
    )
    too_heavy = shipping_quotes(
        channel=channel, country="DE", parcel=Parcel.of_weight("31"), subtotal=usd("10")
    )
    assert names(light) == ["Pos Indonesia 0-2 kg", "Express courier"]
    assert names(heavier) == ["Pos Indonesia 2-5 kg", "Express courier"]
    assert too_heavy == []


def test_a_bulky_parcel_is_banded_by_its_volumetric_weight(channel, europe):
    bulky = Parcel(actual_weight_kg=Decimal("0.600"), volumetric_weight_kg=Decimal("4.800"))
    quotes = shipping_quotes(channel=channel, country="DE", parcel=bulky, subtotal=usd("10"))
    assert names(quotes) == ["Pos Indonesia 2-5 kg", "Express courier"]
    assert quotes[0].price == usd("25")


def test_quotes_carry_price_and_delivery_days_cheapest_first(channel, europe):
    quotes = shipping_quotes(channel=channel, country="fr", parcel=Parcel.of_weight("1"), subtotal=usd("10"))
    assert [(q.price, q.minimum_delivery_days, q.maximum_delivery_days) for q in quotes] == [
        (usd("12"), 10, 30),
        (usd("40"), 3, 7),
    ]


def test_equal_prices_are_sorted_by_name(channel):
    zone = make_zone("Asia", ["JP"], [channel])
    make_method(zone, "Zeta post", channel=channel, price="10")
    make_method(zone, "Alpha post", channel=channel, price="10")
    quotes = shipping_quotes(channel=channel, country="JP", parcel=Parcel.of_weight("1"), subtotal=usd("1"))
    assert names(quotes) == ["Alpha post", "Zeta post"]


def test_shipping_is_free_from_the_threshold_on(channel):
    zone = make_zone("Europe", ["DE"], [channel])
    make_method(zone, "Pos Indonesia", channel=channel, price="12", free_above="150", days=(10, 30))
    below = shipping_quotes(
        channel=channel, country="DE", parcel=Parcel.of_weight("1"), subtotal=usd("149.99")
    )
    at = shipping_quotes(channel=channel, country="DE", parcel=Parcel.of_weight("1"), subtotal=usd("150"))
    assert below[0].price == usd("12") and not below[0].is_free
    assert at[0].price == usd("0") and at[0].is_free
    assert at[0].free_shipping_above == usd("150")


def test_price_based_methods_match_the_subtotal_band(channel):
    zone = make_zone("Americas", ["US"], [channel])
    make_method(
        zone, "Small order", channel=channel, type=PRICE, price="15", min_order="0", max_order="99.99"
    )
    make_method(zone, "Large order", channel=channel, type=PRICE, price="5", min_order="100")
    parcel = Parcel.of_weight("50")  # weight does not matter to price-based methods
    small = shipping_quotes(channel=channel, country="US", parcel=parcel, subtotal=usd("99.99"))
    large = shipping_quotes(channel=channel, country="US", parcel=parcel, subtotal=usd("100"))
    assert names(small) == ["Small order"]
    assert names(large) == ["Large order"]
    assert small[0].minimum_order_price == usd("0") and small[0].maximum_order_price == usd("99.99")


def test_only_zones_with_the_country_and_assigned_to_the_channel_quote(channel):
    other = make_channel("ship-eur", "EUR", "DE")
    europe = make_zone("Europe", ["DE"], [channel])
    unassigned = make_zone("Europe for EUR only", ["DE"], [other])
    make_method(europe, "Assigned", channel=channel, price="10")
    # A listing in this channel on a zone the channel is not assigned to never quotes.
    make_method(unassigned, "Unassigned", channel=channel, price="1")
    parcel = Parcel.of_weight("1")
    assert names(shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=usd("5"))) == [
        "Assigned"
    ]
    assert shipping_quotes(channel=channel, country="JP", parcel=parcel, subtotal=usd("5")) == []


def test_a_method_without_a_listing_in_the_channel_does_not_quote(channel):
    other = make_channel("ship-eur", "EUR", "DE")
    zone = make_zone("Europe", ["DE"], [channel, other])
    make_method(zone, "EUR only", channel=other, price="10")
    assert (
        shipping_quotes(channel=channel, country="DE", parcel=Parcel.of_weight("1"), subtotal=usd("5")) == []
    )


def test_made_to_order_lead_time_is_added_to_the_delivery_days(channel, europe):
    parcel = Parcel(actual_weight_kg=Decimal("1"), volumetric_weight_kg=Decimal("0"), lead_time_days=14)
    quotes = shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=usd("5"))
    assert [(q.minimum_delivery_days, q.maximum_delivery_days) for q in quotes] == [(24, 44), (17, 21)]


def test_quote_for_revalidates_a_chosen_method(channel, europe):
    courier = ShippingMethod.objects.get(name="Express courier")
    postal_light = ShippingMethod.objects.get(name="Pos Indonesia 0-2 kg")
    light, heavy = Parcel.of_weight("1"), Parcel.of_weight("3")
    quote = quote_for(courier.pk, channel=channel, country="DE", parcel=light, subtotal=usd("5"))
    assert quote is not None and quote.price == usd("40")
    assert quote_for(str(postal_light.pk), channel=channel, country="DE", parcel=light, subtotal=usd("5"))
    assert quote_for(postal_light.pk, channel=channel, country="DE", parcel=heavy, subtotal=usd("5")) is None
    assert quote_for(courier.pk, channel=channel, country="JP", parcel=light, subtotal=usd("5")) is None


def test_channel_countries_are_those_of_the_channels_zones(channel):
    other = make_channel("ship-eur", "EUR", "DE")
    make_zone("Europe", ["FR", "DE"], [channel, other])
    make_zone("Asia", ["JP", "de"], [channel])
    make_zone("Unassigned", ["BR"], [])
    assert channel_countries(channel) == ["DE", "FR", "JP"]
    assert channel_countries(other) == ["DE", "FR"]
    assert {"BR", "DE", "FR", "JP"} <= set(shipping_countries())  # every zone, assigned or not


def test_countries_of_every_channel_cost_one_query_together(channel):
    channels = [channel, *(make_channel(f"ship-{index}") for index in range(4))]
    for index, each in enumerate(channels):
        make_zone(f"Zone {index}", [f"A{index}", "DE"], [each])
    shipping_cache.invalidate()
    with CaptureQueriesContext(connection) as queries:
        found = [channel_countries(each) for each in channels]
    assert len(queries) == 1
    assert found[0] == ["A0", "DE"] and found[4] == ["A4", "DE"]


def test_a_quote_costs_one_query_then_none_while_cached(channel, europe):
    parcel, subtotal = Parcel.of_weight("1"), usd("5")
    shipping_cache.invalidate()
    with CaptureQueriesContext(connection) as cold:
        first = shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=subtotal)
    with CaptureQueriesContext(connection) as warm:
        again = shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=subtotal)
    assert len(cold) == 1
    assert len(warm) == 0
    assert names(first) == names(again) == ["Pos Indonesia 0-2 kg", "Express courier"]


def test_the_query_count_does_not_grow_with_zones_and_methods(channel):
    for index in range(6):
        zone = make_zone(f"Zone {index}", ["DE"], [channel])
        for band in range(3):
            make_method(zone, f"Method {index}.{band}", channel=channel, price=str(10 + band))
    shipping_cache.invalidate()
    with CaptureQueriesContext(connection) as cold:
        quotes = shipping_quotes(
            channel=channel, country="DE", parcel=Parcel.of_weight("1"), subtotal=usd("5")
        )
    assert len(cold) == 1 and len(quotes) == 18


def test_any_change_to_a_price_zone_or_assignment_is_seen_at_once(channel, europe):
    parcel, subtotal = Parcel.of_weight("1"), usd("5")
    assert shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=subtotal)[0].price == usd(
        "12"
    )
    listing = ShippingMethodChannelListing.objects.get(shipping_method__name="Pos Indonesia 0-2 kg")
    listing.price_amount = Decimal("9")
    listing.save()
    assert shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=subtotal)[0].price == usd(
        "9"
    )
    europe.countries = ["FR"]
    europe.save()
    assert shipping_quotes(channel=channel, country="DE", parcel=parcel, subtotal=subtotal) == []
    europe.channels.remove(channel)
    assert shipping_quotes(channel=channel, country="FR", parcel=parcel, subtotal=subtotal) == []
    assert channel_countries(channel) == []


def test_listings_in_another_currency_than_the_subtotal_never_quote(channel, europe):
    quotes = shipping_quotes(
        channel=channel, country="DE", parcel=Parcel.of_weight("1"), subtotal=Money(Decimal("5"), "EUR")
    )
    assert quotes == []


def test_zones_of_a_rolled_back_test_are_not_cached_into_the_next_one(channel):
    """The first half of a pair: caches a zone's countries, then the test's transaction rolls back."""
    make_zone("Rolled back", ["AQ"], [channel])
    assert "AQ" in shipping_countries()


def test_zones_of_a_rolled_back_test_are_not_cached_into_the_next_one_second_half():
    assert "AQ" not in shipping_countries()
