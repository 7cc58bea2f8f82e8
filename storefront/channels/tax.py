"""Tax per channel and destination, and who collects import VAT.

- ``tax_decision(channel=, country=, goods_value=) -> TaxDecision``: the rate to charge at checkout
  for a consignment shipped to ``country`` and whether VAT is collected at checkout or at import.
  ``goods_value`` is the sum of the goods' line prices *as the channel enters them* (gross or net,
  without shipping); the decision works on its value net of the destination's VAT
  (``goods_value_net``), which is what import-VAT thresholds are measured against.

  The destination's rate is its ``TaxRate`` row in the channel, else the channel's
  ``flat_tax_rate``. For a destination inside one of the channel's ``ImportVatScheme``s (EU IOSS,
  UK, Australia's LVG), a consignment whose net value is at most the scheme's threshold has VAT
  collected at checkout at that rate; above the threshold nothing is charged at checkout and
  ``import_vat`` estimates what the buyer will pay at import (net value × the destination's rate;
  customs may add shipping to the base). Elsewhere the destination's rate is charged at checkout
  (0 for most countries).
- ``line_taxed(price, decision, prices_entered_with_tax) -> (net, gross)``: what the checkout charges
  for one line under the decision. Collected at checkout: ``taxed`` at ``decision.rate``. Collected
  at import: the buyer pays the net price (a gross-entered price loses the destination's VAT, which
  customs will charge instead), so net and gross are equal.
- ``taxed(price, rate, prices_entered_with_tax) -> (net, gross)``: split or add tax on one unit or
  line price, each rounded to the currency's minor unit (apply per line, then sum).

Cost: two queries per channel until cached, then none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db.models.signals import post_delete, post_save

from storefront.channels.models import Channel, ImportVatScheme, TaxRate
from storefront.core.money import Money, taxed_from_price
from storefront.core.versioned_cache import VersionedCache

tax_cache = VersionedCache("tax")


class TaxCollectedAt(StrEnum):
    CHECKOUT = "CHECKOUT"
    IMPORT = "IMPORT"


@dataclass(frozen=True, slots=True)
class TaxDecision:
    """``rate`` is charged at checkout; ``destination_rate`` is the destination's VAT whoever collects it."""

    rate: Decimal
    collected_at: TaxCollectedAt
    scheme: str | None
    import_vat: Money
    destination_rate: Decimal
    goods_value_net: Money
    threshold: Money | None = None


@dataclass(frozen=True, slots=True)
class _Scheme:
    code: str
    countries: frozenset[str]
    threshold_amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class _TaxTable:
    rates: dict[str, Decimal] = field(default_factory=dict)
    schemes: tuple[_Scheme, ...] = ()


def _tax_table(channel_id: int) -> _TaxTable:
    def load() -> _TaxTable:
        rates = dict(TaxRate.objects.filter(channel_id=channel_id).values_list("country", "rate"))
        schemes = tuple(
            _Scheme(
                code=scheme.code,
                countries=frozenset(str(code).upper() for code in scheme.countries),
                threshold_amount=scheme.threshold_amount,
                currency=scheme.currency,
            )
            for scheme in ImportVatScheme.objects.filter(channel_id=channel_id).order_by("code")
        )
        return _TaxTable(rates={country.upper(): rate for country, rate in rates.items()}, schemes=schemes)

    return tax_cache.get_or_load(f"channel:{channel_id}", load)


def destination_rate(*, channel: Channel, country: str) -> Decimal:
    """The destination's rate in the channel: its ``TaxRate`` row, else the channel's flat rate."""
    return _tax_table(channel.pk).rates.get(country.upper(), channel.flat_tax_rate)


def tax_decision(*, channel: Channel, country: str, goods_value: Money) -> TaxDecision:
    """Who collects the destination's VAT on this consignment, and at what rate (see the module)."""
    country = country.upper()
    table = _tax_table(channel.pk)
    rate = Decimal(table.rates.get(country, channel.flat_tax_rate))
    net, _gross = taxed(goods_value, rate, channel.prices_entered_with_tax)
    zero = Money.zero(goods_value.currency)
    scheme = next((scheme for scheme in table.schemes if country in scheme.countries), None)
    if scheme is None:
        return TaxDecision(
            rate=rate,
            collected_at=TaxCollectedAt.CHECKOUT,
            scheme=None,
            import_vat=zero,
            destination_rate=rate,
            goods_value_net=net,
        )
    threshold = Money(scheme.threshold_amount, scheme.currency)
    at_import = net > threshold
    return TaxDecision(
        rate=Decimal(0) if at_import else rate,
        collected_at=TaxCollectedAt.IMPORT if at_import else TaxCollectedAt.CHECKOUT,
        scheme=scheme.code,
        import_vat=net * rate if at_import else zero,
        destination_rate=rate,
        goods_value_net=net,
        threshold=threshold,
    )


def line_taxed(price: Money, decision: TaxDecision, prices_entered_with_tax: bool) -> tuple[Money, Money]:
    """``(net, gross)`` the checkout charges for one line (or unit, or shipping) under ``decision``."""
    if decision.collected_at == TaxCollectedAt.IMPORT:
        net, _gross = taxed(price, decision.destination_rate, prices_entered_with_tax)
        return net, net
    return taxed(price, decision.rate, prices_entered_with_tax)


def taxed(price: Money, rate: Decimal, prices_entered_with_tax: bool) -> tuple[Money, Money]:
    """``(net, gross)`` of a unit or line price at ``rate``, each rounded to the currency's minor unit."""
    split = taxed_from_price(price, rate=Decimal(rate), prices_entered_with_tax=prices_entered_with_tax)
    return split.net, split.gross


def _forget(**_: Any) -> None:
    tax_cache.invalidate()


def connect_invalidation() -> None:
    """Forget cached tax tables whenever a rate or scheme changes (called from the app's ``ready()``)."""
    for model in (TaxRate, ImportVatScheme):
        post_save.connect(_forget, sender=model, dispatch_uid=f"tax-cache-save-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"tax-cache-delete-{model.__name__}")
