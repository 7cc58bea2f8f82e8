"""Shipping rows for tests (the checkout's tests may use them too)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from storefront.channels.models import Channel
from storefront.shipping.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone


def make_channel(slug: str = "ship-usd", currency: str = "USD", country: str = "US", **fields) -> Channel:
    return Channel.objects.create(
        name=slug, slug=slug, currency_code=currency, default_country=country, **fields
    )


def make_zone(name: str, countries: Sequence[str], channels: Sequence[Channel] = ()) -> ShippingZone:
    zone = ShippingZone.objects.create(name=name, countries=list(countries))
    zone.channels.set(channels)
    return zone


def make_method(
    zone: ShippingZone,
    name: str,
    *,
    channel: Channel,
    price: str,
    type: str = ShippingMethod.Type.WEIGHT,
    min_kg: str | None = None,
    max_kg: str | None = None,
    min_order: str | None = None,
    max_order: str | None = None,
    free_above: str | None = None,
    days: tuple[int | None, int | None] = (None, None),
) -> ShippingMethod:
    method = ShippingMethod.objects.create(
        shipping_zone=zone,
        name=name,
        type=type,
        minimum_weight_kg=None if min_kg is None else Decimal(min_kg),
        maximum_weight_kg=None if max_kg is None else Decimal(max_kg),
        minimum_delivery_days=days[0],
        maximum_delivery_days=days[1],
    )
    ShippingMethodChannelListing.objects.create(
        shipping_method=method,
        channel=channel,
        currency=channel.currency_code,
        price_amount=Decimal(price),
        minimum_order_price_amount=None if min_order is None else Decimal(min_order),
        maximum_order_price_amount=None if max_order is None else Decimal(max_order),
        free_shipping_above_amount=None if free_above is None else Decimal(free_above),
    )
    return method
