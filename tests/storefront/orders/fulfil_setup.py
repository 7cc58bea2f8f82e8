"""Paid orders ready to fulfil, with certified stock in two warehouses (shared by the fulfilment tests)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from provenance.certificates.models import ProductionLot, Unit
from provenance.certificates.services import MakerRole, lot_receive
from provenance.origins.models import Maker, Origin
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout.complete import complete_checkout
from storefront.inventory import services as inventory
from storefront.inventory.models import Warehouse
from storefront.orders.models import Order, OrderLine
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_pay, checkout_ready

_counter = itertools.count(1)


def lot_of(
    variant: ProductVariant,
    warehouse: Warehouse,
    quantity: int,
    *,
    origin: Origin,
    maker: Maker,
    best_before: datetime.date | None = None,
) -> ProductionLot:
    """A received, certified lot of ``quantity`` pieces (its stock added by the receipt)."""
    n = next(_counter)
    return lot_receive(
        actor=Actor.system(),
        code=f"LOT-FULFIL-{n}-{variant.pk}",
        variant=variant,
        warehouse=warehouse,
        quantity=quantity,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
        harvested_on=datetime.date(2026, 10, 1) if best_before else None,
        best_before=best_before,
    )


@dataclass
class Shop:
    channel: Channel
    home: Warehouse  # the channel's first warehouse: the baskets
    second: Warehouse  # a second warehouse of the channel: the one-of-a-kind weaving
    baskets: ProductVariant  # certified, three pieces in ``home``
    weaving: ProductVariant  # certified one-of-a-kind, in ``second``
    plain: ProductVariant  # uncertified, counted only
    basket_lot: ProductionLot
    weaving_unit: Unit


def shop_create(*, origin: Origin, maker: Maker, slug: str | None = None, allow_unpaid: bool = False) -> Shop:
    n = next(_counter)
    channel = channel_create(slug=slug or f"fulfil-{n}", allow_unpaid_orders=allow_unpaid)
    home = warehouse_of(channel)
    second = inventory.warehouse_upsert(slug=f"fulfil-{n}-second", name="Sade store", channels=[channel])
    second.country = "ID"
    second.save()
    baskets = product_create(channel, stock=0, price="20.00")
    basket_lot = lot_of(baskets, home, 3, origin=origin, maker=maker)
    weaving = product_create(channel, stock=0, price="150.00")
    weaving.is_one_of_a_kind = True
    weaving.save()
    weaving_lot = lot_of(weaving, second, 1, origin=origin, maker=maker)
    plain = product_create(channel, stock=4, price="5.00")
    return Shop(
        channel=channel,
        home=home,
        second=second,
        baskets=baskets,
        weaving=weaving,
        plain=plain,
        basket_lot=basket_lot,
        weaving_unit=weaving_lot.units.get(),
    )


def order_paid(
    shop: Shop,
    lines: list[tuple[ProductVariant, int]],
    *,
    user: User | None = None,
    email: str = "buyer@example.com",
    language_code: str | None = None,
    pay: bool = True,
) -> Order:
    """An order placed through checkout, paid in full with the dummy gateway (unless ``pay`` is off)."""
    checkout = checkout_ready(shop.channel, lines, user=user, email=email, language_code=language_code)
    if pay:
        checkout_pay(checkout)
    return complete_checkout(checkout, actor=Actor.system())


def line_of(order: Order, variant: ProductVariant) -> OrderLine:
    return order.lines.get(variant=variant)
