"""The demo's shipping stage: zones and methods priced per channel, tax rates, import-VAT schemes,
restricted goods (``infra.demo.data.shipping``). Idempotent like the rest of the load."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from infra.demo.data import shipping as data
from infra.demo.loader import Catalogue, _upsert, channel_price, editorjs
from storefront.channels.models import Channel, ImportVatScheme, TaxRate
from storefront.core.money import currency_precision
from storefront.shipping.models import Restriction, ShippingMethod, ShippingMethodChannelListing, ShippingZone

_DESCRIPTIONS = {
    data.POSTAL: "Tracked airmail with Pos Indonesia from Lombok.",
    data.COURIER: "Express courier from Lombok with door-to-door tracking.",
}


def _set_related(manager, wanted: list) -> None:  # type: ignore[no-untyped-def]
    if {row.pk for row in manager.all()} != {row.pk for row in wanted}:
        manager.set(wanted)


def _convert(amount: Decimal, source: str, target: str) -> Decimal:
    """A threshold in another currency, rounded down to the target's minor unit."""
    converted = amount / data.PER_USD[source] * data.PER_USD[target]
    return converted.quantize(Decimal(1).scaleb(-currency_precision(target)), rounding=ROUND_DOWN)


def load_shipping(cat: Catalogue) -> None:
    channels = {channel.slug: channel for channel in cat.channels}
    warehouses = list(cat.warehouses.values())
    countries_of: dict[str, set[str]] = {slug: set() for slug in channels}
    for zone_name, countries, channel_slugs, methods, factor in data.ZONES:
        zone = _upsert(ShippingZone, {"name": zone_name}, {"countries": countries})
        zone_channels = [channels[slug] for slug in channel_slugs if slug in channels]
        _set_related(zone.channels, zone_channels)
        _set_related(zone.warehouses, warehouses)
        for channel in zone_channels:
            countries_of[channel.slug].update(countries)
        for name, low, high, usd, (fastest, slowest), free_usd in methods:
            kind = data.POSTAL if name.startswith(data.POSTAL) else data.COURIER
            method = _upsert(
                ShippingMethod,
                {"shipping_zone": zone, "name": name},
                {
                    "type": ShippingMethod.Type.WEIGHT,
                    "description": editorjs(_DESCRIPTIONS[kind], key=f"shipping-{kind}"),
                    "minimum_weight_kg": Decimal(low),
                    "maximum_weight_kg": Decimal(high),
                    "minimum_delivery_days": fastest,
                    "maximum_delivery_days": slowest,
                },
            )
            for channel in zone_channels:
                currency = channel.currency_code
                _upsert(
                    ShippingMethodChannelListing,
                    {"shipping_method": method, "channel": channel},
                    {
                        "currency": currency,
                        "price_amount": channel_price(Decimal(usd) * factor, currency),
                        "minimum_order_price_amount": None,
                        "maximum_order_price_amount": None,
                        "free_shipping_above_amount": (
                            None if free_usd is None else channel_price(Decimal(free_usd), currency)
                        ),
                    },
                )
    for channel in cat.channels:
        _load_taxes(channel, countries_of[channel.slug])
    for prefix, country, kind, reason, reason_id in data.RESTRICTIONS:
        _upsert(
            Restriction,
            {"country": country, "hs_code_prefix": prefix},
            {"kind": kind, "reason": reason, "reason_id": reason_id},
        )


def _load_taxes(channel: Channel, countries: set[str]) -> None:
    existing = {row.country: row for row in TaxRate.objects.filter(channel=channel)}
    for country, rate in sorted(data.TAX_RATES.items()):
        if country not in countries:
            continue
        row = existing.get(country)
        if row is None:
            TaxRate.objects.create(channel=channel, country=country, rate=rate)
        elif row.rate != rate:
            row.rate = rate
            row.save(update_fields=["rate"])
    for code, name, scheme_countries, threshold, currency in data.IMPORT_VAT_SCHEMES:
        covered = [country for country in scheme_countries if country in countries]
        if covered:
            _upsert(
                ImportVatScheme,
                {"channel": channel, "code": code},
                {
                    "name": name,
                    "countries": covered,
                    "currency": channel.currency_code,
                    "threshold_amount": _convert(threshold, currency, channel.currency_code),
                },
            )
