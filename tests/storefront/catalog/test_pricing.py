"""Domain pricing (storefront/catalog/pricing.py): sale detection, ranges and tax splits in Decimal."""

from __future__ import annotations

from decimal import Decimal

from storefront.catalog.pricing import (
    product_pricing_compute,
    undiscounted_amount,
    variant_listing_pricing,
    variant_pricing_compute,
)
from storefront.channels.models import Channel


def _channel(currency: str = "USD", rate: str = "0", gross: bool = True) -> Channel:
    return Channel(
        slug="c", currency_code=currency, flat_tax_rate=Decimal(rate), prices_entered_with_tax=gross
    )


def test_a_variant_is_on_sale_only_when_its_prior_price_is_higher():
    on_sale = variant_pricing_compute(channel=_channel(), price=Decimal("20"), prior_price=Decimal("25"))
    not_lower = variant_pricing_compute(channel=_channel(), price=Decimal("20"), prior_price=Decimal("18"))
    assert on_sale is not None and on_sale.on_sale and on_sale.discount is not None
    assert on_sale.discount.gross.amount == Decimal("5.00")
    assert not_lower is not None and not not_lower.on_sale
    assert not_lower.price_undiscounted.gross.amount == Decimal("20.00")
    assert undiscounted_amount(Decimal("20"), None) == Decimal("20")


def test_a_variant_without_a_price_has_no_pricing():
    assert variant_pricing_compute(channel=_channel(), price=None, prior_price=None) is None


def test_net_prices_get_tax_added_and_gross_prices_get_it_split_out():
    net_entered = variant_pricing_compute(
        channel=_channel(rate="0.10", gross=False), price=Decimal("100"), prior_price=None
    )
    gross_entered = variant_pricing_compute(
        channel=_channel(rate="0.10", gross=True), price=Decimal("110"), prior_price=None
    )
    assert net_entered is not None and gross_entered is not None
    assert (net_entered.price.net.amount, net_entered.price.gross.amount) == (
        Decimal("100.00"),
        Decimal("110.00"),
    )
    assert (gross_entered.price.net.amount, gross_entered.price.tax.amount) == (
        Decimal("100.00"),
        Decimal("10.00"),
    )


def test_product_discount_is_the_gap_between_the_cheapest_prices():
    pricing = product_pricing_compute(
        channel=_channel("JPY"),
        min_price=Decimal("1500"),
        max_price=Decimal("3000"),
        min_undiscounted=Decimal("2000"),
        max_undiscounted=Decimal("3000"),
    )
    assert pricing is not None and pricing.on_sale
    assert pricing.discount is not None and pricing.discount.gross.amount == Decimal("500")
    assert pricing.price_range.stop.gross.amount == Decimal("3000")
    assert (
        product_pricing_compute(
            channel=_channel(), min_price=None, max_price=None, min_undiscounted=None, max_undiscounted=None
        )
        is None
    )


def test_variant_listing_pricing_reads_the_listing_in_its_channel():
    from storefront.catalog.models import ProductVariantChannelListing

    channel = _channel()
    listing = ProductVariantChannelListing(
        currency=channel.currency_code, price_amount=Decimal("20"), prior_price_amount=Decimal("25")
    )
    pricing = variant_listing_pricing(listing, channel)
    assert pricing.on_sale
    assert pricing.price_undiscounted.gross.amount == Decimal("25")
