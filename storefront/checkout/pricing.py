"""Price a checkout in one place: :func:`checkout_price` turns a ``CheckoutInfo`` into its totals.

For the orders engineer: ``checkoutComplete`` prices the checkout with
``checkout_price(checkout_info_fetch(checkout))`` and copies each :class:`PricedLine` of
``CheckoutPrices.lines`` into an order line (unit and total prices net and gross, undiscounted
prices, HS code, country of origin; the variant and product are ``line.info.variant``), and
``subtotal``/``shipping``/``total``/``import_vat``/``delivery`` (the shipping quote: method, price,
delivery days) into the order; ``delivery_valid`` False means the chosen method no longer applies
(refuse with ``INVALID_SHIPPING_METHOD``). It runs no query of its own once the shipping tables
and tax rates are cached: everything else is in the ``CheckoutInfo`` (one statement for all lines).

The arithmetic is Saleor's: a line's unit price is what a buyer pays for its variant in the
channel, a catalogue promotion's price included (``storefront.catalog.pricing.buyer_price_amount``
over the listing's ``discounted_price_amount``, kept on write; ``PricedLine.promotion_rule_id``
names the rule and ``promotion_unit_discount`` what it took off each unit); the undiscounted one
is the channel price before the promotion (``storefront.catalog.pricing.undiscounted_amount``);
the line total is unit price × quantity, split into net and gross and rounded to the currency's
minor unit *per line*; the subtotal is the sum of the rounded lines; the total adds shipping
(the chosen method's quote for the parcel the lines make, ``storefront.shipping.quotes``). Tax
follows the destination (``storefront.checkout.taxes``).

Discounts, in this order (the rules are ``storefront.discounts.rules``; ARCHITECTURE.md says why):

0. Catalogue promotions are already in the unit prices (above). A voucher applies on top, to the
   promoted prices (Saleor's rule: both apply; the voucher on the discounted price).
1. One voucher per checkout. When its code applies (``CheckoutPrices.voucher_problem`` says why
   not otherwise, and nothing is discounted), its discount is taken off the eligible lines'
   totals as the channel enters them, before tax is split or added: each line's share is rounded
   to the currency's minor unit and the shares add up to the discount exactly. A ``SHIPPING``
   voucher is taken off the shipping price instead. The line's unit price is its discounted
   total divided by its quantity (rounded); the undiscounted prices stay the catalogue's.
2. Order promotions (Saleor's ``SUBTOTAL_DISCOUNT`` order rules): when no voucher applies, the best
   running order rule of the channel whose ``baseSubtotalPrice`` range holds the subtotal after
   catalogue promotions (``storefront.discounts.promotion_services.order_promotion_best``) takes its
   reward off the subtotal, rounded to the currency's minor unit, spread over the lines like an
   entire-order voucher (``CheckoutPrices.order_promotion``). A voucher that applies and an order
   promotion never combine: the voucher wins (Saleor applies order promotions only without a voucher).
   A ``GIFT`` rule competes with them by its gift's value: the gift line (``CheckoutLine.is_gift``,
   kept by ``storefront.checkout.gifts``) costs 0 and its channel price is the promotion's amount
   when a gift rule holding the subtotal lists it and its value beats the best subtotal discount.
   The subtotal, a voucher's facts, tax thresholds and shipping bands read the buyer's lines only.
3. Gift cards pay what is left, in the order they were added, each at most its balance, never
   below zero: ``total`` is what remains to pay (Saleor's rule), ``total_before_gift_cards`` what
   the goods and shipping cost. A card that is inactive, expired or in another currency pays
   nothing.

Tax schemes' thresholds and shipping price bands read the goods before any discount.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from storefront.catalog.pricing import undiscounted_amount
from storefront.checkout.fetch import CheckoutInfo, CheckoutLineInfo
from storefront.checkout.taxes import TaxCollectedAt, TaxDecision, checkout_tax_decision, taxed
from storefront.core.money import Money, TaxedMoney
from storefront.discounts.models import DiscountValueType, GiftCard, VoucherType
from storefront.discounts.promotion_services import (
    OrderPromotionApplied,
    gift_rules_holding,
    order_promotion_best,
)
from storefront.discounts.rules import (
    CheckoutFacts,
    LineFacts,
    Problem,
    eligible_lines,
    voucher_amount,
    voucher_line_discounts,
    voucher_problem,
)
from storefront.discounts.selectors import VoucherInfo
from storefront.discounts.usage import gift_card_usable
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
    promotion_unit_discount: Money | None = None
    """What the catalogue promotion takes off each unit (``None``: no promotion applies)."""
    promotion_rule_id: int | None = None
    """The catalogue promotion rule applied (``storefront.discounts.promotion_models``)."""

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
class VoucherApplied:
    """The checkout's voucher as priced: ``amount`` taken off in all (lines and shipping)."""

    info: VoucherInfo
    amount: Money
    lines: dict[Hashable, Money]
    shipping: Money


@dataclass(frozen=True, slots=True)
class GiftCardUse:
    """What a gift card pays of the checkout (zero when it cannot pay)."""

    gift_card: GiftCard
    amount: Money


@dataclass(frozen=True, slots=True)
class CheckoutPrices:
    lines: list[PricedLine]
    subtotal: TaxedMoney
    undiscounted_subtotal: Money
    shipping: TaxedMoney
    total: TaxedMoney
    """What is left to pay: goods and shipping, after the voucher and the gift cards."""
    discount: Money
    """The voucher's or the order promotion's discount (zero without one that applies)."""
    voucher: VoucherApplied | None
    voucher_problem: Problem | None
    """Why the checkout's voucher code does not apply now (``None``: it applies, or there is none)."""
    gift_cards: list[GiftCardUse]
    total_before_gift_cards: TaxedMoney
    tax: TaxDecision
    import_vat: ImportVat
    delivery: ShippingQuote | None
    """The chosen method's quote for these lines and this address; ``None`` when none is chosen or
    it no longer applies (``delivery_valid`` says which)."""
    delivery_valid: bool
    order_promotion: OrderPromotionApplied | None = None
    """The order promotion rule applied to the subtotal and its amount (``None``: none applies)."""

    @property
    def discount_name(self) -> str | None:
        """The order promotion's name when one applies (Saleor's ``discountName``); ``None`` otherwise."""
        if self.order_promotion is None:
            return None
        return self.order_promotion.rule.promotion.name


def _zero_taxed(currency: str) -> TaxedMoney:
    zero = Money.zero(currency)
    return TaxedMoney(net=zero, gross=zero)


def _sum(values: list[TaxedMoney], currency: str) -> TaxedMoney:
    net = sum((value.net for value in values), Money.zero(currency))
    gross = sum((value.gross for value in values), Money.zero(currency))
    return TaxedMoney(net=net, gross=gross)


def line_price(
    info: CheckoutLineInfo,
    *,
    currency: str,
    decision: TaxDecision,
    prices_entered_with_tax: bool,
    discount: Money | None = None,
) -> PricedLine:
    """Price one line (a line whose variant lost its price in the channel costs nothing and is a
    ``problem`` of the checkout instead); ``discount``: the voucher's share of this line."""
    availability = info.availability
    quantity = info.line.quantity
    amount = availability.price_amount if availability.price_amount is not None else Decimal(0)
    channel_price = (
        availability.undiscounted_price_amount
        if availability.undiscounted_price_amount is not None
        else amount
    )
    if info.line.is_gift:
        return _gift_line_price(info, channel_price, currency=currency)
    prior = availability.prior_price_amount
    unit = Money(amount, currency)
    total = unit * quantity
    if discount is not None and discount.amount > 0:
        total = total - discount
        unit = Money(total.amount / quantity, currency)
    undiscounted = Money(undiscounted_amount(channel_price, prior), currency)
    prior_unit = Money(prior, currency) if prior is not None else None
    customs = customs_line(info.variant)
    promoted = availability.promotion_rule_id is not None and channel_price > amount
    return PricedLine(
        info=info,
        unit_price=taxed(unit, decision, prices_entered_with_tax=prices_entered_with_tax),
        total_price=taxed(total, decision, prices_entered_with_tax=prices_entered_with_tax),
        undiscounted_unit_price=undiscounted,
        undiscounted_total_price=undiscounted * quantity,
        prior_unit_price=prior_unit,
        prior_total_price=prior_unit * quantity if prior_unit is not None else None,
        hs_code=customs.hs_code,
        country_of_origin=customs.country_of_origin,
        promotion_unit_discount=Money(channel_price - amount, currency) if promoted else None,
        promotion_rule_id=availability.promotion_rule_id if promoted else None,
    )


def _gift_line_price(info: CheckoutLineInfo, channel_price: Decimal, *, currency: str) -> PricedLine:
    """An order promotion's gift line: free; its undiscounted price is the channel price (the
    promotion's amount), no catalogue promotion named."""
    customs = customs_line(info.variant)
    zero = TaxedMoney(net=Money.zero(currency), gross=Money.zero(currency))
    undiscounted = Money(channel_price, currency)
    return PricedLine(
        info=info,
        unit_price=zero,
        total_price=zero,
        undiscounted_unit_price=undiscounted,
        undiscounted_total_price=undiscounted * info.line.quantity,
        prior_unit_price=None,
        prior_total_price=None,
        hs_code=customs.hs_code,
        country_of_origin=customs.country_of_origin,
    )


def goods_value(info: CheckoutInfo) -> Money:
    """The buyer's lines' prices as the channel enters them, summed (a gift line is free): what
    order promotions' thresholds, tax schemes and shipping bands read."""
    currency = info.checkout.currency
    return sum(
        (
            Money(line.availability.price_amount or Decimal(0), currency) * line.line.quantity
            for line in info.bought_lines
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


def _line_facts(info: CheckoutInfo) -> list[LineFacts]:
    currency = info.checkout.currency
    return [
        LineFacts(
            key=line.line.pk,
            unit=Money(line.availability.price_amount or Decimal(0), currency),
            quantity=line.line.quantity,
            variant_id=line.variant.pk,
            product_id=line.product.pk,
            category_id=line.product.category_id,
        )
        for line in info.bought_lines
    ]


def _is_staff(info: CheckoutInfo) -> bool:
    user = info.checkout.user if info.checkout.user_id is not None else None
    return bool(user is not None and user.is_staff and user.is_active)


def voucher_check(info: CheckoutInfo, *, now: datetime) -> Problem | None:
    """Why the checkout's voucher does not apply to it now (``None``: it applies or there is none;
    a code that no longer exists is ``INVALID``). Once per customer is checked where the buyer's
    e-mail is known (``promo_codes``, ``complete``)."""
    checkout = info.checkout
    if not checkout.voucher_code:
        return None
    if info.voucher is None:
        return Problem("INVALID", "Promo code is invalid.")
    address = checkout.shipping_address
    facts = CheckoutFacts(
        currency=checkout.currency,
        goods=goods_value(info),
        quantity=info.bought_quantity,
        country=address.country if address is not None else None,
        is_staff=_is_staff(info) if info.voucher.voucher.only_for_staff else False,
        ships=info.is_shipping_required,
    )
    return voucher_problem(info.voucher, facts, _line_facts(info), now=now)


def gift_cards_pay(cards: list[GiftCard], total: Money, *, now: datetime) -> list[GiftCardUse]:
    """What each gift card pays of ``total``, in order, each at most its balance (see above)."""
    left = total
    uses = []
    for card in cards:
        pays = Money.zero(total.currency)
        if gift_card_usable(card, currency=total.currency, now=now) and left.amount > 0:
            pays = min(Money(card.current_balance_amount, total.currency), left)
            left = left - pays
        uses.append(GiftCardUse(gift_card=card, amount=pays))
    return uses


def _minus(value: TaxedMoney, amount: Money) -> TaxedMoney:
    zero = Money.zero(amount.currency)
    return TaxedMoney(net=max(value.net - amount, zero), gross=max(value.gross - amount, zero))


def gift_value(line: CheckoutLineInfo) -> Decimal:
    """What a gift is worth: its variant's channel price (before catalogue promotions)."""
    availability = line.availability
    if availability.undiscounted_price_amount is not None:
        return availability.undiscounted_price_amount
    return availability.price_amount or Decimal(0)


def order_promotion_choose(
    info: CheckoutInfo, *, subtotal: Decimal, now: datetime
) -> OrderPromotionApplied | None:
    """The order promotion of a checkout without an applying voucher: the best ``SUBTOTAL_DISCOUNT``
    rule, or the ``GIFT`` rule of the checkout's gift line when its value is higher (Saleor's best
    order rule: the largest discount). No query (the rules and lines are in ``info``)."""
    best = order_promotion_best(
        channel=info.channel,
        subtotal=subtotal,
        currency=info.checkout.currency,
        now=now,
        rules=info.order_rules,
    )
    holding = gift_rules_holding(info.order_rules, subtotal=subtotal, now=now)
    for line in info.gift_lines:
        for rule in holding:
            if any(variant.pk == line.variant.pk for variant in rule.gifts.all()):
                value = gift_value(line)
                if best is None or value > best.amount:
                    return OrderPromotionApplied(rule=rule, amount=value, gift_variant_id=line.variant.pk)
                return best
    return best


def checkout_price(info: CheckoutInfo, *, now: datetime | None = None) -> CheckoutPrices:
    """Every price of the checkout, shipping and discounts included (see the module docstring). The
    shipping tables and tax rates come from Django's cache: no query once they are cached."""
    now = now or timezone.now()
    checkout = info.checkout
    channel = info.channel
    currency = checkout.currency
    address = checkout.shipping_address
    entered_gross = channel.prices_entered_with_tax
    goods = goods_value(info)
    decision = checkout_tax_decision(
        channel=channel, country=address.country if address is not None else None, goods_value=goods
    )
    problem = voucher_check(info, now=now)
    voucher = info.voucher if checkout.voucher_code and problem is None else None
    line_discounts: dict[Hashable, Money] = {}
    if voucher is not None and voucher.listing is not None:
        line_discounts = voucher_line_discounts(
            value_type=voucher.voucher.discount_value_type,
            value=voucher.listing.discount_value,
            lines=eligible_lines(voucher, _line_facts(info)),
            once_per_order=voucher.voucher.apply_once_per_order,
            currency=currency,
        )
    promotion: OrderPromotionApplied | None = None
    if voucher is None and info.order_rules and info.bought_lines:
        promotion = order_promotion_choose(info, subtotal=goods.amount, now=now)
        if promotion is not None and promotion.gift_variant_id is None:
            line_discounts = voucher_line_discounts(
                value_type=DiscountValueType.FIXED,
                value=promotion.amount,
                lines=_line_facts(info),
                once_per_order=False,
                currency=currency,
            )
    lines = [
        line_price(
            line,
            currency=currency,
            decision=decision,
            prices_entered_with_tax=entered_gross,
            discount=line_discounts.get(line.line.pk),
        )
        for line in info.lines
    ]
    subtotal = _sum([line.total_price for line in lines], currency)
    quote, delivery_valid = checkout_delivery(info, goods_value=goods)
    shipping_entered = quote.price if quote is not None else Money.zero(currency)
    shipping_discount = Money.zero(currency)
    if voucher is not None and voucher.listing is not None and voucher.voucher.type == VoucherType.SHIPPING:
        shipping_discount = voucher_amount(
            value_type=voucher.voucher.discount_value_type,
            value=voucher.listing.discount_value,
            base=shipping_entered,
        )
    shipping_price = (
        taxed(shipping_entered - shipping_discount, decision, prices_entered_with_tax=entered_gross)
        if quote is not None
        else _zero_taxed(currency)
    )
    total = _sum([subtotal, shipping_price], currency)
    undiscounted = sum((line.undiscounted_total_price for line in lines), Money.zero(currency))
    discount = sum(line_discounts.values(), shipping_discount)
    if promotion is not None and promotion.gift_variant_id is not None:
        discount = Money(promotion.amount, currency)
    applied = (
        VoucherApplied(info=voucher, amount=discount, lines=line_discounts, shipping=shipping_discount)
        if voucher is not None
        else None
    )
    cards = gift_cards_pay(info.gift_cards, total.gross, now=now)
    paid_by_cards = sum((use.amount for use in cards), Money.zero(currency))
    at_import = decision.collected_at == TaxCollectedAt.IMPORT
    return CheckoutPrices(
        lines=lines,
        subtotal=subtotal,
        undiscounted_subtotal=undiscounted,
        shipping=shipping_price,
        total=_minus(total, paid_by_cards),
        discount=discount,
        voucher=applied,
        voucher_problem=problem,
        gift_cards=cards,
        total_before_gift_cards=total,
        tax=decision,
        import_vat=ImportVat(
            collected_at=str(decision.collected_at),
            scheme=decision.scheme,
            amount=decision.import_vat if at_import else total.tax,
        ),
        delivery=quote,
        delivery_valid=delivery_valid,
        order_promotion=promotion,
    )
