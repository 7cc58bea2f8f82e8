"""Shipping quotes: which methods can carry a parcel to a country from a channel, and at what price.

- ``shipping_quotes(channel=, country=, parcel=, subtotal=) -> list[ShippingQuote]``, cheapest first
  (then by name): methods of the zones that contain ``country`` and are assigned to ``channel``,
  with a listing in the channel. Weight-based methods match when the parcel's chargeable weight is
  inside their band, price-based ones when the subtotal is inside the listing's band (bounds
  inclusive, a missing bound open). The price is the listing's, or zero when the subtotal reaches
  the listing's ``free_shipping_above``. Made-to-order lead time in the parcel is added to the
  delivery days.
- ``quote_for(method_id, ...)``: the same quote for one chosen method, or ``None`` when it no longer
  applies (re-validate the checkout's choice with it).
- ``channel_countries(channel)``: the countries the channel ships to (Saleor's ``Channel.countries``);
  ``shipping_countries()``: every country of some shipping zone (Saleor's ``attachedToShippingZones``).
- ``shipping_method_translation(method, language_code)``: its translation, for the API.
- For a run of many quotes (the product feeds quote every variant to every country):
  ``channel_offers_by_country(channel)`` reads the channel's listings once, by country, and
  ``shipping_quotes_among(offers, parcel=, subtotal=)`` quotes one country's from them, with the
  same bands, prices and order as ``shipping_quotes`` and no cache read.

Cost: one query per channel until cached, then none (``storefront.shipping.cache``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storefront.channels.models import Channel
from storefront.core.money import Money
from storefront.shipping.cache import method_translations, offers_for_channel, zone_countries
from storefront.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingMethodTranslation
from storefront.shipping.parcels import Parcel


@dataclass(frozen=True, slots=True)
class ShippingQuote:
    """A method priced for one consignment in the channel's currency."""

    method: ShippingMethod
    price: Money
    minimum_delivery_days: int | None
    maximum_delivery_days: int | None
    minimum_order_price: Money | None = None
    maximum_order_price: Money | None = None
    free_shipping_above: Money | None = None

    @property
    def is_free(self) -> bool:
        return self.price.amount == 0


def _optional_money(amount: object, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)  # type: ignore[arg-type]


def _matches(listing: ShippingMethodChannelListing, *, parcel: Parcel, subtotal: Money) -> bool:
    method = listing.shipping_method
    if method.type == ShippingMethod.Type.WEIGHT:
        weight = parcel.chargeable_weight_kg
        return (method.minimum_weight_kg is None or method.minimum_weight_kg <= weight) and (
            method.maximum_weight_kg is None or weight <= method.maximum_weight_kg
        )
    low, high = listing.minimum_order_price_amount, listing.maximum_order_price_amount
    return (low is None or low <= subtotal.amount) and (high is None or subtotal.amount <= high)


def _days(days: int | None, lead_time_days: int) -> int | None:
    return None if days is None else days + lead_time_days


def _quote(listing: ShippingMethodChannelListing, *, parcel: Parcel, subtotal: Money) -> ShippingQuote:
    method = listing.shipping_method
    currency = listing.currency
    free_above = _optional_money(listing.free_shipping_above_amount, currency)
    price = Money(listing.price_amount, currency)
    if free_above is not None and subtotal >= free_above:
        price = Money.zero(currency)
    return ShippingQuote(
        method=method,
        price=price,
        minimum_delivery_days=_days(method.minimum_delivery_days, parcel.lead_time_days),
        maximum_delivery_days=_days(method.maximum_delivery_days, parcel.lead_time_days),
        minimum_order_price=_optional_money(listing.minimum_order_price_amount, currency),
        maximum_order_price=_optional_money(listing.maximum_order_price_amount, currency),
        free_shipping_above=free_above,
    )


def shipping_quotes(
    *, channel: Channel, country: str, parcel: Parcel, subtotal: Money
) -> list[ShippingQuote]:
    """Every method that can ship the parcel to ``country`` in ``channel``, cheapest first."""
    country = country.upper()
    quotes = [
        _quote(listing, parcel=parcel, subtotal=subtotal)
        for listing in offers_for_channel(channel.pk)
        if listing.currency == subtotal.currency
        and country in {code.upper() for code in listing.shipping_method.shipping_zone.countries}
        and _matches(listing, parcel=parcel, subtotal=subtotal)
    ]
    return sorted(quotes, key=lambda quote: (quote.price.amount, quote.method.name, quote.method.pk))


def quote_for(
    method_id: int | str, *, channel: Channel, country: str, parcel: Parcel, subtotal: Money
) -> ShippingQuote | None:
    """The quote of the chosen method, or ``None`` when it cannot ship this consignment."""
    for quote in shipping_quotes(channel=channel, country=country, parcel=parcel, subtotal=subtotal):
        if str(quote.method.pk) == str(method_id):
            return quote
    return None


def channel_offers_by_country(channel: Channel) -> dict[str, list[ShippingMethodChannelListing]]:
    """The listings ``shipping_quotes`` would consider for each country (upper-case ISO code) the
    channel's zones serve, in the channel's listing order: one cached read for many quotes."""
    found: dict[str, list[ShippingMethodChannelListing]] = {}
    for listing in offers_for_channel(channel.pk):
        for country in {code.upper() for code in listing.shipping_method.shipping_zone.countries}:
            found.setdefault(country, []).append(listing)
    return found


def shipping_quotes_among(
    offers: Iterable[ShippingMethodChannelListing], *, parcel: Parcel, subtotal: Money
) -> list[ShippingQuote]:
    """``shipping_quotes`` for one country from its listings (``channel_offers_by_country``),
    cheapest first."""
    quotes = [
        _quote(listing, parcel=parcel, subtotal=subtotal)
        for listing in offers
        if listing.currency == subtotal.currency and _matches(listing, parcel=parcel, subtotal=subtotal)
    ]
    return sorted(quotes, key=lambda quote: (quote.price.amount, quote.method.name, quote.method.pk))


def channel_countries(channel: Channel) -> list[str]:
    """Sorted ISO codes of the countries of the channel's shipping zones."""
    return zone_countries(channel.pk)


def channel_ships_to(channel: Channel, country: str) -> bool:
    return country.upper() in zone_countries(channel.pk)


def shipping_countries() -> list[str]:
    """Sorted ISO codes of every country of some shipping zone, assigned to a channel or not."""
    return zone_countries(None)


def shipping_method_translation(
    method: ShippingMethod, language_code: str
) -> ShippingMethodTranslation | None:
    """The method's translation into ``language_code`` (``pt-br``), else its base language; cached."""
    code = language_code.lower()
    translations = method_translations()
    return translations.get((method.pk, code)) or translations.get((method.pk, code.split("-")[0]))
