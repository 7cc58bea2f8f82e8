"""Checkout lines: add, change and delete them, with their stock reservations.

One function, :func:`lines_set`, writes lines for every mutation (create, add, update): it
checks every requested line (quantity, the variant's standing in the channel, the quantity
limit, stock), reports every problem at once, and writes nothing unless all pass. Its cost in
statements does not depend on the number of lines (see ``checkoutLinesAdd``'s query-count test).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import VariantInfo, variants_for_checkout
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.restrictions import restriction_errors
from storefront.inventory.error_codes import StockError
from storefront.inventory.reservations import LineDemand, reservations_release, reservations_replace


@dataclass(frozen=True, slots=True)
class LineInput:
    """A requested line: ``variant_id`` (a primary key, decoded by the caller) and ``quantity``."""

    variant_id: int
    quantity: int


def _merge(lines: Iterable[LineInput]) -> dict[int, int]:
    """Quantities per variant; a variant named twice counts its quantities together (Saleor)."""
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return merged


def _variant_name(variant: ProductVariant) -> str:
    return variant.sku or str(variant.pk)


def _quantity_problems(lines: Sequence[LineInput], *, allow_zero: bool) -> list[CheckoutError]:
    for line in lines:
        if line.quantity < 0 or (line.quantity == 0 and not allow_zero):
            message = (
                "The quantity should be higher or equal zero."
                if allow_zero
                else "The quantity should be higher than zero."
            )
            return [CheckoutError(CheckoutErrorCode.ZERO_QUANTITY, message, field="quantity")]
    return []


def _standing_problems(infos: Iterable[VariantInfo], now: datetime) -> list[CheckoutError]:
    unlisted = [info.variant for info in infos if info.availability.price_amount is None]
    hidden = [
        info.variant
        for info in infos
        if info.availability.price_amount is not None and not info.availability.is_visible(now)
    ]
    unavailable = [
        info.variant
        for info in infos
        if info.availability.is_visible(now) and not info.availability.is_purchasable(now)
    ]
    problems = []
    if unlisted:
        problems.append(
            CheckoutError(
                CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
                "Cannot add lines with unavailable variants: "
                + ", ".join(_variant_name(variant) for variant in unlisted)
                + ".",
                field="lines",
                variants=unlisted,
            )
        )
    if hidden:
        problems.append(
            CheckoutError(
                CheckoutErrorCode.PRODUCT_NOT_PUBLISHED,
                "Cannot add lines of products that are not published in this channel: "
                + ", ".join(_variant_name(variant) for variant in hidden)
                + ".",
                field="lines",
                variants=hidden,
            )
        )
    if unavailable:
        problems.append(
            CheckoutError(
                CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
                "Cannot add lines of products that are not available for purchase yet: "
                + ", ".join(_variant_name(variant) for variant in unavailable)
                + ".",
                field="lines",
                variants=unavailable,
            )
        )
    return problems


def _limit_problems(wanted: dict[int, int], infos: dict[int, VariantInfo]) -> list[CheckoutError]:
    problems = []
    for variant_id, quantity in wanted.items():
        variant = infos[variant_id].variant
        limit = settings.CHECKOUT_LINE_QUANTITY_LIMIT
        if variant.quantity_limit_per_customer:
            limit = min(limit, variant.quantity_limit_per_customer)
        if quantity > limit:
            problems.append(
                CheckoutError(
                    CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT,
                    f"Cannot add more than {limit} times this item: {_variant_name(variant)}.",
                    field="quantity",
                    variants=[variant],
                )
            )
    return problems


def _stock_errors_as_checkout(exc: StockError) -> CheckoutError:
    return CheckoutError.group(
        CheckoutError(CheckoutErrorCode.INSUFFICIENT_STOCK, error.message, field=error.field, **error.details)
        for error in exc.errors
    )


def lines_set(
    *, checkout: Checkout, channel: Channel, lines: Sequence[LineInput], replace: bool, now: datetime
) -> bool:
    """Add (``replace=False``: quantities add to a line's) or set (``replace=True``, 0 deletes) lines.

    Call inside a transaction that has locked the checkout row. Raises ``CheckoutError`` (a group)
    and writes nothing when any line is refused: an unknown variant (``GRAPHQL_ERROR`` on
    ``variantId``, as Saleor's ID resolution answers), a zero or negative quantity
    (``ZERO_QUANTITY``), a variant not sold in the channel (``UNAVAILABLE_VARIANT_IN_CHANNEL``,
    ``PRODUCT_NOT_PUBLISHED``, ``PRODUCT_UNAVAILABLE_FOR_PURCHASE``), more than the per-line limit
    (``QUANTITY_GREATER_THAN_LIMIT``), more than the channel's free stock (``INSUFFICIENT_STOCK``).
    Lines named by variant are the buyer's (an order promotion's gift line is never changed here).
    Returns whether the checkout's gift line needs a look (``storefront.checkout.gifts``), learnt
    in the statement that reads the variants.
    """
    problems = _quantity_problems(lines, allow_zero=replace)
    if problems:
        raise CheckoutError.group(problems)
    requested = _merge(lines)
    infos = variants_for_checkout(
        checkout=checkout, channel=channel, variant_ids=requested, gift_check_at=now
    )
    missing = [variant_id for variant_id in requested if variant_id not in infos]
    if missing:
        raise CheckoutError(
            CheckoutErrorCode.GRAPHQL_ERROR,
            f"Could not resolve to a node with the global id list of {missing}.",
            field="variant_id",
        )
    wanted = {
        variant_id: quantity if replace else quantity + infos[variant_id].line_quantity
        for variant_id, quantity in requested.items()
    }
    kept = {variant_id: quantity for variant_id, quantity in wanted.items() if quantity > 0}
    problems = _standing_problems([infos[variant_id] for variant_id in kept], now)
    problems += _limit_problems(kept, infos)
    address = checkout.shipping_address if checkout.shipping_address_id is not None else None
    if address is not None and kept:
        # The restriction table says which goods the destination refuses (one query).
        existing = {variant_id: infos[variant_id].line_id for variant_id in kept}
        problems += restriction_errors(
            country=address.country,
            items=[
                (
                    CheckoutLine(id=existing[variant_id], checkout=checkout)
                    if existing[variant_id]
                    else None,
                    infos[variant_id].variant,
                )
                for variant_id in kept
            ],
        )
    if problems:
        raise CheckoutError.group(problems)

    new_lines: list[CheckoutLine] = []
    changed: list[CheckoutLine] = []
    demands: list[LineDemand] = []
    for variant_id, quantity in kept.items():
        info = infos[variant_id]
        if info.line_id is None:
            line = CheckoutLine(
                id=uuid.uuid4(), checkout=checkout, variant=info.variant, quantity=quantity, created_at=now
            )
            new_lines.append(line)
        else:
            line = CheckoutLine(id=info.line_id, checkout=checkout, variant=info.variant, quantity=quantity)
            if quantity != info.line_quantity:
                changed.append(line)
        demands.append(LineDemand(line_id=line.id, variant=info.variant, quantity=quantity))
    if kept and any(info.gift_check for info in infos.values()):
        # The checkout's gift line of a variant the buyer now wants holds a unit the buyer's line
        # may need: it goes (with its reservation), and the gift sync after this write brings it
        # back if a unit is still free (the caller runs it: ``gift_check`` is set).
        gifts = list(
            CheckoutLine.objects.filter(checkout_id=checkout.pk, is_gift=True, variant_id__in=list(kept))
            .order_by()
            .values_list("id", flat=True)
        )
        if gifts:
            lines_delete_by_id(checkout=checkout, line_ids=gifts)
    try:
        reservations_replace(channel=channel, demands=demands, now=now)
    except StockError as exc:
        raise _stock_errors_as_checkout(exc) from None
    # Reservations point at lines: the lines are written in the same transaction, before it commits.
    if new_lines:
        CheckoutLine.objects.bulk_create(new_lines)
    if changed:
        CheckoutLine.objects.bulk_update(changed, ["quantity"])
    emptied = [
        infos[variant_id].line_id for variant_id, q in wanted.items() if q == 0 and infos[variant_id].line_id
    ]
    if emptied:
        lines_delete_by_id(checkout=checkout, line_ids=emptied)
    return any(info.gift_check for info in infos.values())


def lines_delete_by_id(*, checkout: Checkout, line_ids: Sequence[uuid.UUID]) -> int:
    """Delete these lines of ``checkout`` and release their reservations; how many were deleted."""
    reservations_release(line_ids=line_ids)
    deleted, _ = CheckoutLine.objects.filter(checkout_id=checkout.pk, id__in=list(line_ids)).delete()
    return deleted
