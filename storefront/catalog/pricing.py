"""What a buyer pays for a product or a variant in one channel, and whether it is on sale.

One function prices a variant for a channel: :func:`variant_listing_pricing` (listings, checkout
and feeds call it, or :func:`variant_pricing_compute` with the same columns when they read them
through a join). A variant is on sale when a catalogue promotion lowers its price (the listing's
``discounted_price_amount``, kept on write by ``storefront.discounts.promotion_services``) or, with
no promotion, when its channel price is below its hand-set prior ("compare at") price:

- ``price``: the discounted price (the price when no promotion applies);
- ``price_undiscounted``: the channel price, or the hand-set prior price when it is higher;
- ``price_prior`` (EU Omnibus): while a promotion applies, the lowest price of the 30 days before
  its reduction began (``omnibus_prior_price_amount``); otherwise the hand-set prior price.

Net, gross and tax follow the channel's tax setting (prices entered gross or net, one flat rate).
All arithmetic is ``Decimal`` (``storefront.core.money``); the API turns amounts into Saleor's
``Float`` at the edge.
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
    *,
    channel: Channel,
    price: Decimal | None,
    prior_price: Decimal | None,
    discounted_price: Decimal | None = None,
    omnibus_prior_price: Decimal | None = None,
) -> VariantPricing | None:
    """Pricing of one variant in ``channel`` from its listing's columns (see the module
    docstring); ``None`` when it has no price there."""
    if price is None:
        return None
    promoted = discounted_price is not None and discounted_price < price
    current = _taxed(discounted_price if promoted and discounted_price is not None else price, channel)
    undiscounted = _taxed(undiscounted_amount(price, prior_price), channel)
    shown_prior = omnibus_prior_price if promoted and omnibus_prior_price is not None else prior_price
    prior = _taxed(shown_prior, channel) if shown_prior is not None else None
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
        channel=channel,
        price=listing.price_amount,
        prior_price=listing.prior_price_amount,
        discounted_price=listing.discounted_price_amount,
        omnibus_prior_price=listing.omnibus_prior_price_amount,
    )
    assert pricing is not None  # a listing always has a price
    return pricing


def buyer_price_amount(price: Decimal | None, discounted_price: Decimal | None) -> Decimal | None:
    """The amount a buyer pays per unit from a listing's two columns (``None``: not priced)."""
    if price is None:
        return None
    return discounted_price if discounted_price is not None and discounted_price < price else price


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
