"""What a buyer pays for a product or a variant in one channel, and whether it is on sale.

Until promotions arrive, a variant is on sale when its channel price is below its prior price;
its undiscounted price is then the prior price. Net, gross and tax follow the channel's tax
setting (prices entered gross or net, one flat rate). All arithmetic is ``Decimal``
(``storefront.core.money``); the API turns amounts into Saleor's ``Float`` at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from storefront.catalog.models import ProductVariantChannelListing
from storefront.channels.models import Channel
from storefront.core.money import Money, TaxedMoney, taxed_from_price


@dataclass(frozen=True, slots=True)
class TaxedMoneyRange:
    start: TaxedMoney
    stop: TaxedMoney


@dataclass(frozen=True, slots=True)
class VariantPricing:
    price: TaxedMoney
    price_undiscounted: TaxedMoney
    price_prior: TaxedMoney | None
    discount: TaxedMoney | None

    @property
    def on_sale(self) -> bool:
        return self.discount is not None


@dataclass(frozen=True, slots=True)
class ProductPricing:
    price_range: TaxedMoneyRange
    price_range_undiscounted: TaxedMoneyRange
    discount: TaxedMoney | None

    @property
    def on_sale(self) -> bool:
        return self.discount is not None


def _taxed(amount: Decimal, channel: Channel) -> TaxedMoney:
    return taxed_from_price(
        Money(amount, channel.currency_code),
        rate=channel.flat_tax_rate,
        prices_entered_with_tax=channel.prices_entered_with_tax,
    )


def undiscounted_amount(price: Decimal, prior_price: Decimal | None) -> Decimal:
    """The price before any reduction: the prior price when it is higher than today's."""
    return prior_price if prior_price is not None and prior_price > price else price


def _difference(higher: TaxedMoney, lower: TaxedMoney) -> TaxedMoney | None:
    if higher.gross <= lower.gross:
        return None
    return TaxedMoney(net=higher.net - lower.net, gross=higher.gross - lower.gross)


def variant_pricing_compute(
    *, channel: Channel, price: Decimal | None, prior_price: Decimal | None
) -> VariantPricing | None:
    """Pricing of one variant in ``channel``; ``None`` when it has no price there."""
    if price is None:
        return None
    current = _taxed(price, channel)
    undiscounted = _taxed(undiscounted_amount(price, prior_price), channel)
    prior = _taxed(prior_price, channel) if prior_price is not None else None
    return VariantPricing(
        price=current,
        price_undiscounted=undiscounted,
        price_prior=prior,
        discount=_difference(undiscounted, current),
    )


def variant_listing_pricing(listing: ProductVariantChannelListing, channel: Channel) -> VariantPricing:
    """What a buyer pays for one variant in ``channel``: the one function listings, checkout and
    feeds price a variant by (``listing`` is the variant's listing in that channel)."""
    pricing = variant_pricing_compute(
        channel=channel, price=listing.price_amount, prior_price=listing.prior_price_amount
    )
    assert pricing is not None  # a listing always has a price
    return pricing


def product_pricing_compute(
    *,
    channel: Channel,
    min_price: Decimal | None,
    max_price: Decimal | None,
    min_undiscounted: Decimal | None,
    max_undiscounted: Decimal | None,
) -> ProductPricing | None:
    """Pricing of a product from its variants' price extremes in ``channel`` (``None``: no prices).

    As in Saleor, the discount is the gap between the cheapest undiscounted and the cheapest
    current price.
    """
    if min_price is None or max_price is None:
        return None
    price_range = TaxedMoneyRange(start=_taxed(min_price, channel), stop=_taxed(max_price, channel))
    undiscounted = TaxedMoneyRange(
        start=_taxed(min_undiscounted if min_undiscounted is not None else min_price, channel),
        stop=_taxed(max_undiscounted if max_undiscounted is not None else max_price, channel),
    )
    return ProductPricing(
        price_range=price_range,
        price_range_undiscounted=undiscounted,
        discount=_difference(undiscounted.start, price_range.start),
    )
