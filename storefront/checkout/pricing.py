"""Price a checkout in one place: :func:`checkout_price` turns a ``CheckoutInfo`` into its totals.

For the orders engineer: ``checkoutComplete`` prices the checkout with
``checkout_price(checkout_info_fetch(checkout), shipping=...)`` and copies each
:class:`PricedLine` of ``CheckoutPrices.lines`` into an order line (unit and total prices net and
gross, undiscounted prices, HS code, country of origin, the variant and product names), and
``subtotal``/``shipping``/``total``/``import_vat`` into the order. It runs no query of its own:
everything it needs is in the ``CheckoutInfo`` (one statement for all lines).

The arithmetic is Saleor's: a line's unit price is its variant's price in the channel (the
catalogue's rule, ``storefront.catalog.pricing.undiscounted_amount`` for the undiscounted one);
the line total is unit price × quantity, split into net and gross and rounded to the currency's
minor unit *per line*; the subtotal is the sum of the rounded lines; the total adds shipping.
Tax follows the destination (``storefront.checkout.taxes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from storefront.catalog.pricing import undiscounted_amount
from storefront.checkout.fetch import CheckoutInfo, CheckoutLineInfo
from storefront.checkout.taxes import TaxDecision, checkout_tax_decision, taxed
from storefront.core.money import Money, TaxedMoney


@dataclass(frozen=True, slots=True)
class PricedLine:
    """One line priced: what an order line copies."""

    info: CheckoutLineInfo
    unit_price: TaxedMoney
    total_price: TaxedMoney
    undiscounted_unit_price: Money
    undiscounted_total_price: Money
    prior_unit_price: Money | None
    prior_total_price: Money | None
    hs_code: str
    country_of_origin: str

    @property
    def quantity(self) -> int:
        return self.info.line.quantity


@dataclass(frozen=True, slots=True)
class ImportVat:
    """Where the destination's VAT is paid and how much: ``collected_at`` ``"CHECKOUT"`` (included
    in the total) or ``"IMPORT"`` (the buyer pays customs on delivery); ``scheme`` as in
    ``TaxDecision``."""

    collected_at: str
    scheme: str | None
    amount: Money


@dataclass(frozen=True, slots=True)
class CheckoutPrices:
    lines: list[PricedLine]
    subtotal: TaxedMoney
    undiscounted_subtotal: Money
    shipping: TaxedMoney
    total: TaxedMoney
    discount: Money
    tax: TaxDecision
    import_vat: ImportVat


def _zero_taxed(currency: str) -> TaxedMoney:
    zero = Money.zero(currency)
    return TaxedMoney(net=zero, gross=zero)


def _sum(values: list[TaxedMoney], currency: str) -> TaxedMoney:
    net = sum((value.net for value in values), Money.zero(currency))
    gross = sum((value.gross for value in values), Money.zero(currency))
    return TaxedMoney(net=net, gross=gross)


def hs_code_of(info: CheckoutLineInfo) -> str:
    """The product's HS code, else its type's."""
    return info.product.hs_code or info.product_type.hs_code


def origin_country_of(info: CheckoutLineInfo) -> str:
    """Where the piece was made: its origin village's country, else the shop's."""
    origin = info.product.origin
    return origin.country if origin is not None else settings.SHOP_DEFAULT_COUNTRY


def line_price(info: CheckoutLineInfo, *, currency: str, decision: TaxDecision) -> PricedLine:
    """Price one line (a line whose variant lost its price in the channel costs nothing and is a
    ``problem`` of the checkout instead)."""
    availability = info.availability
    quantity = info.line.quantity
    amount = availability.price_amount if availability.price_amount is not None else Decimal(0)
    prior = availability.prior_price_amount
    unit = Money(amount, currency)
    undiscounted = Money(undiscounted_amount(amount, prior), currency)
    prior_unit = Money(prior, currency) if prior is not None else None
    return PricedLine(
        info=info,
        unit_price=taxed(unit, decision),
        total_price=taxed(unit * quantity, decision),
        undiscounted_unit_price=undiscounted,
        undiscounted_total_price=undiscounted * quantity,
        prior_unit_price=prior_unit,
        prior_total_price=prior_unit * quantity if prior_unit is not None else None,
        hs_code=hs_code_of(info),
        country_of_origin=origin_country_of(info),
    )


def checkout_price(info: CheckoutInfo, *, shipping: Money | None = None) -> CheckoutPrices:
    """Every price of the checkout; ``shipping``: the chosen method's price (as the channel enters
    prices), none until one is chosen. Runs no query."""
    checkout = info.checkout
    currency = checkout.currency
    address = checkout.shipping_address
    gross_sum = sum(
        (
            Money(line.availability.price_amount or Decimal(0), currency) * line.line.quantity
            for line in info.lines
        ),
        Money.zero(currency),
    )
    decision = checkout_tax_decision(
        channel=info.channel,
        country=address.country if address is not None else None,
        subtotal_gross=gross_sum,
    )
    lines = [line_price(line, currency=currency, decision=decision) for line in info.lines]
    subtotal = _sum([line.total_price for line in lines], currency)
    shipping_price = taxed(shipping, decision) if shipping is not None else _zero_taxed(currency)
    total = _sum([subtotal, shipping_price], currency)
    undiscounted = sum((line.undiscounted_total_price for line in lines), Money.zero(currency))
    return CheckoutPrices(
        lines=lines,
        subtotal=subtotal,
        undiscounted_subtotal=undiscounted,
        shipping=shipping_price,
        total=total,
        discount=Money(checkout.discount_amount, currency),
        tax=decision,
        import_vat=ImportVat(collected_at=decision.collected_at, scheme=decision.scheme, amount=total.tax),
    )
