"""Goods the destination forbids or restricts, refused with an error naming the lines.

Checked when the shipping address is set or changed, when lines are added or changed while an
address is set, and by ``checkoutComplete`` (``checkout_restrictions_check``). The table and its
matching by HS code prefix are the shipping app's (``storefront.shipping.restrictions``); the
checkout refuses forbidden and restricted goods alike until restricted goods have a licence flow.
"""

from __future__ import annotations

from collections.abc import Iterable

from storefront.catalog.models import ProductVariant
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.fetch import CheckoutInfo
from storefront.checkout.models import CheckoutLine
from storefront.shipping.customs import customs_line
from storefront.shipping.restrictions import restricted_items


def restriction_errors(
    *, country: str, items: Iterable[tuple[CheckoutLine | None, ProductVariant]]
) -> list[CheckoutError]:
    """One ``INVALID`` error on ``lines`` per item ``country`` refuses (one query, none for no items).

    ``items``: (the line, or ``None`` for a line not created yet; its variant, loaded with
    ``product__product_type`` and ``product__origin``).
    """
    pairs = list(items)
    hits = restricted_items(
        country, [(index, customs_line(variant).hs_code) for index, (_l, variant) in enumerate(pairs)]
    )
    errors = []
    for hit in hits:
        line, variant = pairs[hit.key]
        name = variant.product.name + (f" ({variant.name})" if variant.name else "")
        errors.append(
            CheckoutError(
                CheckoutErrorCode.INVALID,
                f"{name} cannot be shipped to {country.upper()}: {hit.restriction.reason}",
                field="lines",
                lines=[line] if line is not None else [],
                variants=[variant],
            )
        )
    return errors


def checkout_restrictions_check(info: CheckoutInfo) -> None:
    """Raise ``CheckoutError`` (a group) if the shipping address's country refuses any of the
    buyer's lines (an order promotion's gift is never one the destination refuses:
    ``storefront.checkout.gifts`` leaves such gifts out)."""
    address = info.checkout.shipping_address
    if address is None:
        return
    errors = restriction_errors(
        country=address.country, items=[(line.line, line.variant) for line in info.bought_lines]
    )
    if errors:
        raise CheckoutError.group(errors)
