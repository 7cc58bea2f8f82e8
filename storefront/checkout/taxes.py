"""Tax of a checkout by destination: the one place pricing asks (``storefront.channels.tax``).

The destination is the shipping address's country, else the channel's default country (Saleor
taxes an address-less checkout by the channel's country). The goods' value that decides an
import-VAT scheme (EU IOSS up to €150, UK up to £135, Australia up to A$1,000) is the sum of the
line prices as the channel enters them.
"""

from __future__ import annotations

from storefront.channels.models import Channel
from storefront.channels.tax import TaxCollectedAt, TaxDecision, tax_decision
from storefront.core.money import Money, TaxedMoney, taxed_from_price

__all__ = ["TaxCollectedAt", "TaxDecision", "checkout_tax_decision", "taxed"]


def checkout_tax_decision(*, channel: Channel, country: str | None, goods_value: Money) -> TaxDecision:
    """How a checkout of ``channel`` shipped to ``country`` (``None``: no address yet) is taxed."""
    return tax_decision(channel=channel, country=country or channel.default_country, goods_value=goods_value)


def taxed(price: Money, decision: TaxDecision, *, prices_entered_with_tax: bool) -> TaxedMoney:
    """What the checkout charges for ``price`` (a unit, a line or shipping, as the channel enters
    prices) under ``decision``: split at its rate when VAT is collected at checkout; when it is
    paid at import, the net price alone (a gross-entered price loses the destination's VAT, which
    customs charge instead), so net and gross are equal."""
    if decision.collected_at == TaxCollectedAt.IMPORT:
        net = taxed_from_price(
            price, rate=decision.destination_rate, prices_entered_with_tax=prices_entered_with_tax
        ).net
        return TaxedMoney(net=net, gross=net)
    return taxed_from_price(price, rate=decision.rate, prices_entered_with_tax=prices_entered_with_tax)
