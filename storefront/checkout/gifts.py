"""An order promotion's free gift (Saleor's ``GIFT`` reward) as a checkout line.

:func:`checkout_gift_sync` keeps the checkout's gift line (``CheckoutLine.is_gift``, one unit)
in step with the ``GIFT`` order rules of its channel, in the transaction of every write that can
change whether it qualifies (lines added, changed or deleted; a voucher code added or removed;
the shipping country changed) and at ``checkoutComplete`` before the checkout is priced:

- a checkout with buyer lines and no voucher that applies (order promotions never combine with
  one, as in checkout pricing) qualifies for a ``GIFT`` rule whose promotion is running in the
  checkout's channel and whose ``baseSubtotalPrice`` range holds the subtotal of the buyer's lines;
- the gift of a rule is, as Saleor picks it, the gift variant with the highest channel price
  among those purchasable in the channel and with a free unit in its warehouses (after what the
  checkout's own lines of that variant need), and that the shipping address's country does not
  refuse; a gift out of stock is no gift, and no error;
- the best order rule wins (the largest amount: the gift's channel price against the best
  ``SUBTOTAL_DISCOUNT``; ties: the subtotal discount); when a gift wins, the checkout has exactly
  that gift line, otherwise none.

The gift line is the checkout's own: the buyer cannot change or delete it (``NON_EDITABLE_GIFT_LINE``,
``NON_REMOVABLE_GIFT_LINE``) and a line the buyer adds for the same variant is a separate line.
A new gift line reserves its unit as a buyer's line does (``storefront.inventory.reservations``,
under the stock rows' locks): two checkouts cannot both be promised the last unit as a gift, the
second gets none. Its own reservation does not count against it when the gift is looked at again;
a buyer's line written for the gift's variant drops the gift line first (``storefront.checkout.
lines``), so the buyer's line is never short because of their own gift, which then comes back if
a unit is still free. Completion allocates it with the other lines under the stock locks (its
reservation first, like any line's). A change made by staff (a rule, a price, stock) reaches an
open checkout at its next write or at completion. Without a running ``GIFT`` rule and a gift
line this costs no statement; a gift line added costs its reservation's statements too.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from django.db import OperationalError, transaction

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout.fetch import (
    CheckoutInfo,
    checkout_info_fetch,
    gift_check_flag,
    variants_for_checkout,
)
from storefront.checkout.lines import lines_delete_by_id
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.pricing import goods_value, voucher_check
from storefront.checkout.restrictions import restriction_errors
from storefront.discounts.promotion_models import PromotionRule, RewardType
from storefront.discounts.promotion_services import gift_rules_holding, order_promotion_best
from storefront.inventory.error_codes import StockError
from storefront.inventory.reservations import LineDemand, reservations_replace, variant_quantities_free


def _gift_wanted(
    info: CheckoutInfo, *, now: datetime
) -> tuple[PromotionRule, int, Decimal, ProductVariant] | None:
    """The winning ``GIFT`` rule with its gift variant's ID, value and row, or ``None`` (see the
    module docstring)."""
    bought = info.bought_lines
    if not bought or not info.order_rules:
        return None
    if info.checkout.voucher_code and voucher_check(info, now=now) is None:
        return None  # a voucher applies: no order promotion
    subtotal = goods_value(info).amount
    holding = gift_rules_holding(info.order_rules, subtotal=subtotal, now=now)
    candidates = {variant.pk for rule in holding for variant in rule.gifts.all()}
    if not candidates:
        return None
    infos = variants_for_checkout(checkout=info.checkout, channel=info.channel, variant_ids=candidates)
    own_lines = {line.variant.pk: line.line for line in bought}
    free = variant_quantities_free(
        channel=info.channel,
        variant_ids=candidates,
        # The checkout's own reservations (its gift line's included) do not count against it.
        exclude_line_ids=[line.pk for line in own_lines.values()]
        + [line.line.pk for line in info.gift_lines],
        now=now,
    )
    refused: set[int] = set()
    address = info.checkout.shipping_address
    if address is not None:
        refused = {
            variant.pk
            for error in restriction_errors(
                country=address.country, items=[(None, found.variant) for found in infos.values()]
            )
            for variant in error.details.get("variants", [])
        }
    values: dict[int, Decimal] = {}
    for variant_id, found in infos.items():
        if variant_id in refused:
            continue  # the destination refuses it
        availability = found.availability
        if not availability.is_purchasable(now):
            continue
        needed = own_lines[variant_id].quantity if variant_id in own_lines else 0
        if found.variant.track_inventory and free.get(variant_id, 0) - needed < 1:
            continue  # out of stock: no gift, no error
        values[variant_id] = (
            availability.undiscounted_price_amount
            if availability.undiscounted_price_amount is not None
            else availability.price_amount or Decimal(0)
        )
    best: tuple[PromotionRule, int, Decimal, ProductVariant] | None = None
    for rule in holding:  # rule primary-key order: ties go to the older rule, then the lower variant
        for variant_id in sorted(variant.pk for variant in rule.gifts.all()):
            value = values.get(variant_id)
            if value is not None and (best is None or value > best[2]):
                best = (rule, variant_id, value, infos[variant_id].variant)
    if best is None:
        return None
    discount = order_promotion_best(
        channel=info.channel,
        subtotal=subtotal,
        currency=info.checkout.currency,
        now=now,
        rules=info.order_rules,
    )
    if discount is not None and discount.amount >= best[2]:
        return None
    return best


def checkout_gift_sync(info: CheckoutInfo, *, now: datetime, reserve: bool = True) -> bool:
    """Add, swap or remove the checkout's gift line (see the module docstring); whether the lines
    changed (the caller fetches them again then). Call with the checkout's row locked.

    A new gift line reserves its unit like a buyer's line (``reserve``; ``checkoutComplete``
    passes ``False``: it allocates under the stock locks at once). When another checkout took the
    last unit meanwhile (its reservation seen once the stock rows are locked) there is no gift."""
    gift_lines = info.gift_lines
    if not gift_lines and not any(rule.reward_type == RewardType.GIFT for rule in info.order_rules):
        return False
    wanted = _gift_wanted(info, now=now)
    if (
        wanted is not None
        and len(gift_lines) == 1
        and gift_lines[0].variant.pk == wanted[1]
        and gift_lines[0].line.quantity == 1
    ):
        return False
    if not gift_lines and wanted is None:
        return False
    if gift_lines:
        lines_delete_by_id(checkout=info.checkout, line_ids=[line.line.pk for line in gift_lines])
    if wanted is not None:
        line = CheckoutLine.objects.create(
            id=uuid.uuid4(),
            checkout=info.checkout,
            variant_id=wanted[1],
            quantity=1,
            is_gift=True,
            created_at=now,
        )
        if reserve and not _gift_reserve(info, line, wanted[3]):
            lines_delete_by_id(checkout=info.checkout, line_ids=[line.pk])
            return bool(gift_lines)
    return True


def _gift_reserve(info: CheckoutInfo, line: CheckoutLine, variant: ProductVariant) -> bool:
    """Reserve the gift line's unit (the stock rows locked as any line write locks them); whether
    it could be. In a savepoint: a refusal (or a deadlock with another checkout's write, which
    PostgreSQL breaks by failing one of them) costs the buyer the gift, not the write."""
    try:
        with transaction.atomic():
            reservations_replace(
                channel=info.channel,
                demands=[LineDemand(line_id=line.pk, variant=variant, quantity=1)],
                now=line.created_at,
            )
    except (StockError, OperationalError):
        return False
    return True


def checkout_gifts_refresh(checkout: Checkout, *, now: datetime, needed: bool | None = None) -> None:
    """:func:`checkout_gift_sync` after a write to ``checkout`` (its row locked), when its channel
    has a running ``GIFT`` rule or it has a gift line: ``needed`` when the write already learnt it
    (``storefront.checkout.fetch.gift_check_flag`` in one of its statements), else one statement
    asks; only then is the checkout fetched and its gift line kept."""
    if needed is None:
        needed = bool(
            Channel.objects.filter(pk=checkout.channel_id)
            .annotate(gift_check=gift_check_flag(checkout, now=now))
            .values_list("gift_check", flat=True)
            .first()
        )
    if needed:
        checkout_gift_sync(checkout_info_fetch(checkout), now=now)
