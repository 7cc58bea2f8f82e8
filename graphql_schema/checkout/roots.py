"""What the ``Checkout`` and ``CheckoutLine`` types know of their models, loaded in batches.

The root values are the models themselves (so the metadata mutations' ``item`` and any other
path reach the same types); what a checkout needs beyond its row (lines, prices, quotes...) is
kept per request in a :class:`CheckoutRoot` state keyed by its token. Every resolver that hands
out checkouts passes them through :func:`checkout_roots`, which registers fresh states for them
as this request's peers. The first field that needs lines (``lines``, any price,
``quantity``...) loads the lines of every peer still without them in one statement and prices
each checkout once (``storefront.checkout.pricing.checkout_price``); the reservations' expiry and
the lines' stock problems are likewise one statement for all peers (per channel for stock), and
so are their gift cards and voucher codes (``checkouts_discounts_fill``).
Nothing is kept beyond the request.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Min
from django.utils import timezone
from strawberry.types import Info

from graphql_schema.catalog.nodes import VariantNode, variant_nodes
from storefront.checkout.fetch import (
    CheckoutInfo,
    CheckoutLineInfo,
    checkouts_discounts_fill,
    checkouts_lines_info,
)
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.checkout.pricing import CheckoutPrices, PricedLine, checkout_price, checkout_shipping_quotes
from storefront.inventory.models import Reservation
from storefront.inventory.reservations import variant_quantities_free
from storefront.shipping.quotes import ShippingQuote

_PEERS = "checkout:roots"
_LINES = "checkout:line-roots"


@dataclass(eq=False)
class CheckoutRoot:
    """A checkout as the API shows it; ``info``/``prices`` are filled by the first field needing them."""

    checkout: Checkout
    info: CheckoutInfo | None = None
    prices: CheckoutPrices | None = None
    lines: list[CheckoutLineRoot] | None = None
    reservation_expires: datetime | None = None
    reservation_loaded: bool = False
    free: dict[int, int] | None = None
    quotes: list[ShippingQuote] | None = None

    @property
    def pk(self) -> Any:
        return self.checkout.pk


@dataclass(eq=False)
class CheckoutLineRoot:
    """A priced line and the checkout root it belongs to; ``variant`` is its channel-scoped node."""

    priced: PricedLine
    parent: CheckoutRoot
    variant: VariantNode = field(repr=False)

    @property
    def line_info(self) -> CheckoutLineInfo:
        return self.priced.info

    @property
    def pk(self) -> uuid.UUID:
        return self.priced.info.line.id


def _states(info: Info) -> dict[Any, CheckoutRoot]:
    states: dict[Any, CheckoutRoot] = info.context.memo.setdefault(_PEERS, {})
    return states


def checkout_roots(info: Info, checkouts: list[Checkout]) -> list[Checkout]:
    """Register checkouts (loaded with ``select_related("channel", ...addresses, "user")``) as peers
    with fresh state (a mutation's payload after its write), and return them as root values."""
    states = _states(info)
    for checkout in checkouts:
        states[checkout.pk] = CheckoutRoot(checkout=checkout)
    return checkouts


def checkout_root(info: Info, checkout: Checkout) -> Checkout:
    return checkout_roots(info, [checkout])[0]


def state(info: Info, checkout: Checkout) -> CheckoutRoot:
    """The request's state of ``checkout`` (registered now if it entered the graph another way)."""
    found = _states(info).get(checkout.pk)
    if found is None:
        found = _states(info)[checkout.pk] = CheckoutRoot(checkout=checkout)
    return found


def _peers(info: Info) -> list[CheckoutRoot]:
    return list(_states(info).values())


def line_state(info: Info, line: CheckoutLine) -> CheckoutLineRoot:
    """The priced line of a ``CheckoutLine`` root (its checkout's lines are loaded if needed)."""
    found: CheckoutLineRoot | None = info.context.memo.get(_LINES, {}).get(line.pk)
    if found is None:
        parent = state(info, line.checkout)
        line_roots(info, parent)
        found = info.context.memo[_LINES][line.pk]
    return found


def priced(info: Info, root: CheckoutRoot) -> CheckoutPrices:
    """The root's prices, loading and pricing every peer that has none yet in one statement."""
    if root.prices is None:
        waiting = [peer for peer in _peers(info) if peer.prices is None]
        if root not in waiting:
            waiting.append(root)
        lines = checkouts_lines_info([peer.checkout for peer in waiting])
        for peer in waiting:
            peer.info = CheckoutInfo(
                checkout=peer.checkout, channel=peer.checkout.channel, lines=lines.get(peer.pk, [])
            )
        checkouts_discounts_fill(peer.info for peer in waiting if peer.info is not None)
        for peer in waiting:
            assert peer.info is not None
            peer.prices = checkout_price(peer.info)
    assert root.prices is not None
    return root.prices


def checkout_info(info: Info, root: CheckoutRoot) -> CheckoutInfo:
    priced(info, root)
    assert root.info is not None
    return root.info


def line_roots(info: Info, root: CheckoutRoot) -> list[CheckoutLineRoot]:
    """The root's lines, their variants entering the graph as channel-scoped peers."""
    if root.lines is None:
        prices = priced(info, root)
        channel = root.checkout.channel
        nodes = variant_nodes(info, [line.info.variant for line in prices.lines], channel)
        root.lines = [
            CheckoutLineRoot(priced=line, parent=root, variant=node)
            for line, node in zip(prices.lines, nodes, strict=True)
        ]
        known = info.context.memo.setdefault(_LINES, {})
        known.update({line.pk: line for line in root.lines})
    return root.lines


def reservation_expires(info: Info, root: CheckoutRoot) -> datetime | None:
    """When the checkout's earliest active reservation ends (one statement for every peer)."""
    if not root.reservation_loaded:
        waiting = [peer for peer in _peers(info) if not peer.reservation_loaded]
        if root not in waiting:
            waiting.append(root)
        rows = dict(
            Reservation.objects.filter(
                checkout_line__checkout_id__in=[peer.pk for peer in waiting],
                reserved_until__gt=timezone.now(),
            )
            .order_by()
            .values("checkout_line__checkout_id")
            .annotate(first=Min("reserved_until"))
            .values_list("checkout_line__checkout_id", "first")
        )
        for peer in waiting:
            peer.reservation_expires = rows.get(peer.pk)
            peer.reservation_loaded = True
    return root.reservation_expires


def free_quantities(info: Info, root: CheckoutRoot) -> dict[int, int]:
    """Per variant of the root's lines: what the line could hold now (its own reservations count
    for it); one statement per channel among the peers."""
    if root.free is None:
        waiting = [peer for peer in _peers(info) if peer.free is None]
        if root not in waiting:
            waiting.append(root)
        by_channel: dict[int, list[CheckoutRoot]] = defaultdict(list)
        for peer in waiting:
            by_channel[peer.checkout.channel_id].append(peer)
        for peers in by_channel.values():
            lines = [line for peer in peers for line in checkout_info(info, peer).lines]
            free = variant_quantities_free(
                channel=peers[0].checkout.channel,
                variant_ids={line.variant.pk for line in lines},
                exclude_line_ids=[line.line.id for line in lines],
            )
            for peer in peers:
                peer.free = free
    assert root.free is not None
    return root.free


def shipping_quotes(info: Info, root: CheckoutRoot) -> list[ShippingQuote]:
    """The methods that can ship the checkout now, cheapest first (cached shipping tables)."""
    if root.quotes is None:
        root.quotes = checkout_shipping_quotes(checkout_info(info, root))
    return root.quotes
