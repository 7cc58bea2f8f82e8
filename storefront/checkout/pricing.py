"""Price a checkout in one place: :func:`checkout_price` turns a ``CheckoutInfo`` into its totals.

For the orders engineer: ``checkoutComplete`` prices the checkout with
``checkout_price(checkout_info_fetch(checkout))`` and copies each :class:`PricedLine` of
``CheckoutPrices.lines`` into an order line (unit and total prices net and gross, undiscounted
prices, HS code, country of origin; the variant and product are ``line.info.variant``), and
``subtotal``/``shipping``/``total``/``import_vat``/``delivery`` (the shipping quote: method, price,
delivery days) into the order; ``delivery_valid`` False means the chosen method no longer applies
(refuse with ``INVALID_SHIPPING_METHOD``). It runs no query of its own once the shipping tables
and tax rates are cached: everything else is in the ``CheckoutInfo`` (one statement for all lines).

The arithmetic is Saleor's: a line's unit price is its variant's price in the channel (the
catalogue's rule, ``storefront.catalog.pricing.undiscounted_amount`` for the undiscounted one);
the line total is unit price × quantity, split into net and gross and rounded to the currency's
minor unit *per line*; the subtotal is the sum of the rounded lines; the total adds shipping
(the chosen method's quote for the parcel the lines make, ``storefront.shipping.quotes``). Tax
follows the destination (``storefront.checkout.taxes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from storefront.catalog.pricing import undiscounted_amount
from storefront.checkout.fetch import CheckoutInfo, CheckoutLineInfo
from storefront.checkout.taxes import TaxCollectedAt, TaxDecision, checkout_tax_decision, taxed
from storefront.core.money import Money, TaxedMoney
from storefront.shipping.customs import customs_line
from storefront.shipping.parcels import parcel_for
from storefront.shipping.quotes import ShippingQuote, quote_for, shipping_quotes


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
    delivery: ShippingQuote | None
    """The chosen method's quote for these lines and this address; ``None`` when none is chosen or
    it no longer applies (``delivery_valid`` says which)."""
    delivery_valid: bool


def _zero_taxed(currency: str) -> TaxedMoney:
    zero = Money.zero(currency)
    return TaxedMoney(net=zero, gross=zero)


def _sum(values: list[TaxedMoney], currency: str) -> TaxedMoney:
    net = sum((value.net for value in values), Money.zero(currency))
    gross = sum((value.gross for value in values), Money.zero(currency))
    return TaxedMoney(net=net, gross=gross)


def line_price(
    info: CheckoutLineInfo, *, currency: str, decision: TaxDecision, prices_entered_with_tax: bool
) -> PricedLine:
    """Price one line (a line whose variant lost its price in the channel costs nothing and is a
    ``problem`` of the checkout instead)."""
    availability = info.availability
    quantity = info.line.quantity
    amount = availability.price_amount if availability.price_amount is not None else Decimal(0)
    prior = availability.prior_price_amount
    unit = Money(amount, currency)
    undiscounted = Money(undiscounted_amount(amount, prior), currency)
    prior_unit = Money(prior, currency) if prior is not None else None
    customs = customs_line(info.variant)
    return PricedLine(
        info=info,
        unit_price=taxed(unit, decision, prices_entered_with_tax=prices_entered_with_tax),
        total_price=taxed(unit * quantity, decision, prices_entered_with_tax=prices_entered_with_tax),
        undiscounted_unit_price=undiscounted,
        undiscounted_total_price=undiscounted * quantity,
        prior_unit_price=prior_unit,
        prior_total_price=prior_unit * quantity if prior_unit is not None else None,
        hs_code=customs.hs_code,
        country_of_origin=customs.country_of_origin,
    )


def goods_value(info: CheckoutInfo) -> Money:
    """The lines' prices as the channel enters them, summed: what tax schemes and shipping bands read."""
    currency = info.checkout.currency
    return sum(
        (
            Money(line.availability.price_amount or Decimal(0), currency) * line.line.quantity
            for line in info.lines
        ),
        Money.zero(currency),
    )


def checkout_shipping_quotes(info: CheckoutInfo) -> list[ShippingQuote]:
    """The methods that can ship these lines to the checkout's address in its channel, cheapest
    first; none before an address or when nothing needs shipping. No query once cached."""
    address = info.checkout.shipping_address
    if address is None or not info.is_shipping_required:
        return []
    parcel = parcel_for((line.variant, line.line.quantity) for line in info.lines)
    return shipping_quotes(
        channel=info.channel, country=address.country, parcel=parcel, subtotal=goods_value(info)
    )


def checkout_delivery(info: CheckoutInfo, *, goods_value: Money) -> tuple[ShippingQuote | None, bool]:
    """The chosen shipping method's quote for this parcel and address, and whether the choice is valid
    (no choice is valid; a choice without an address or that no longer applies is not)."""
    checkout = info.checkout
    if checkout.shipping_method_id is None:
        return None, True
    address = checkout.shipping_address
    if address is None or not info.is_shipping_required:
        return None, False
    parcel = parcel_for((line.variant, line.line.quantity) for line in info.lines)
    quote = quote_for(
        checkout.shipping_method_id,
        channel=info.channel,
        country=address.country,
        parcel=parcel,
        subtotal=goods_value,
    )
    return quote, quote is not None


def checkout_price(info: CheckoutInfo) -> CheckoutPrices:
    """Every price of the checkout, shipping included (see the module docstring). The shipping
    tables and tax rates come from Django's cache: no query once they are cached."""
    checkout = info.checkout
    channel = info.channel
    currency = checkout.currency
    address = checkout.shipping_address
    entered_gross = channel.prices_entered_with_tax
    goods = goods_value(info)
    decision = checkout_tax_decision(
        channel=channel, country=address.country if address is not None else None, goods_value=goods
    )
    lines = [
        line_price(line, currency=currency, decision=decision, prices_entered_with_tax=entered_gross)
        for line in info.lines
    ]
    subtotal = _sum([line.total_price for line in lines], currency)
    quote, delivery_valid = checkout_delivery(info, goods_value=goods)
    shipping_price = (
        taxed(quote.price, decision, prices_entered_with_tax=entered_gross)
        if quote is not None
        else _zero_taxed(currency)
    )
    total = _sum([subtotal, shipping_price], currency)
    undiscounted = sum((line.undiscounted_total_price for line in lines), Money.zero(currency))
    at_import = decision.collected_at == TaxCollectedAt.IMPORT
    return CheckoutPrices(
        lines=lines,
        subtotal=subtotal,
        undiscounted_subtotal=undiscounted,
        shipping=shipping_price,
        total=total,
        discount=Money(checkout.discount_amount, currency),
        tax=decision,
        import_vat=ImportVat(
            collected_at=str(decision.collected_at),
            scheme=decision.scheme,
            amount=decision.import_vat if at_import else total.tax,
        ),
        delivery=quote,
        delivery_valid=delivery_valid,
    )
