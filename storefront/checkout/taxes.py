"""Tax of a checkout by destination: the one function pricing asks (switches to per-destination
rates and import-VAT thresholds when the shipping engineer's ``storefront.channels`` tax lands).

Until then every destination pays the channel's flat rate, collected at checkout.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from storefront.channels.models import Channel
from storefront.core.money import Money, TaxedMoney, taxed_from_price


@dataclass(frozen=True, slots=True)
class TaxDecision:
    """How a checkout shipped to ``country`` is taxed.

    ``collected_at``: ``"CHECKOUT"`` (the shop charges the VAT, e.g. under IOSS) or ``"IMPORT"``
    (the buyer pays it to customs; prices are then net). ``scheme``: the import-VAT scheme
    (``"IOSS"``, ``"UK_LVCG"``, ``"AU_GST_LVG"``) or ``None``.
    """

    rate: Decimal
    prices_entered_with_tax: bool
    collected_at: str = "CHECKOUT"
    scheme: str | None = None


def checkout_tax_decision(*, channel: Channel, country: str | None, subtotal_gross: Money) -> TaxDecision:
    """The tax decision for a checkout of ``channel`` shipped to ``country`` (``None``: not known yet)."""
    return TaxDecision(rate=channel.flat_tax_rate, prices_entered_with_tax=channel.prices_entered_with_tax)


def taxed(price: Money, decision: TaxDecision) -> TaxedMoney:
    """``price`` (as the channel enters prices) split into net and gross under ``decision``."""
    return taxed_from_price(
        price, rate=decision.rate, prices_entered_with_tax=decision.prices_entered_with_tax
    )
