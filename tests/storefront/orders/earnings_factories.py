"""Orders fulfilled with certified units, for the makers' earnings tests.

Fulfilments are written as rows here (the fulfil service is built separately): an order placed
through ``order_placed``, a production lot of its variant with units, and a fulfilment line
naming those units.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from decimal import Decimal

from payments.models import Settlement, Transaction
from provenance.certificates.models import LotMaker, ProductionLot, Unit
from provenance.origins.models import Maker
from storefront.catalog.models import ProductVariantChannelListing
from storefront.channels.models import Channel
from storefront.inventory.models import Warehouse
from storefront.orders.models import Fulfillment, FulfillmentLine, Order
from tests.graphql.catalog.factories import ChannelFactory, MakerFactory, OriginFactory
from tests.storefront.orders.factories import order_placed, stocked_variant

_counter = itertools.count(1)


def channel_in(currency: str) -> Channel:
    return ChannelFactory(
        slug=f"earnings-{currency.lower()}", name=f"Shop {currency}", currency_code=currency
    )


def order_with_share(
    currency: str,
    *,
    price: str,
    quantity: int = 1,
    share_amount: str | None = None,
    share_percent: str | None = None,
) -> Order:
    """An order of ``quantity`` pieces of one variant whose listing names the makers' share."""
    channel = channel_in(currency)
    variant = stocked_variant(channel, amount=price, quantity=quantity + 5)
    ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).update(
        maker_share_amount=Decimal(share_amount) if share_amount is not None else None,
        maker_share_percent=Decimal(share_percent) if share_percent is not None else None,
    )
    return order_placed(channel=channel, variants=[variant], quantity=quantity)


def lot_of(order: Order, *makers: Maker, units: int = 1, unit_makers: list[Maker | None] | None = None):
    """A lot of the order's variant made by ``makers`` with ``units`` units (their own makers optional)."""
    line = order.lines.get()
    lot = ProductionLot.objects.create(
        code=f"LOT-EARN-{next(_counter)}",
        variant=line.variant,
        warehouse=Warehouse.objects.filter(stocks__product_variant=line.variant).first(),
        quantity=units,
        origin=OriginFactory(),
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    for maker in makers:
        LotMaker.objects.create(lot=lot, maker=maker, role="weaver")
    own = unit_makers or [None] * units
    return [
        Unit.objects.create(serial=f"LYK-E{next(_counter):05d}", lot=lot, maker=own[i]) for i in range(units)
    ]


def fulfil(order: Order, units: list[Unit], *, quantity: int | None = None) -> Fulfillment:
    """A fulfilment of the order's only line with ``units`` packed (``quantity``: default their number)."""
    line = order.lines.get()
    fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=order.fulfillments.count() + 1)
    fulfillment_line = FulfillmentLine.objects.create(
        fulfillment=fulfillment, order_line=line, quantity=quantity or len(units)
    )
    fulfillment_line.units.set(units)
    return fulfillment


def settle(order: Order, *, rate: str | None, currency: str = "IDR") -> Settlement:
    """A charge of the order's total, settled in ``currency`` at ``rate`` (Stripe's balance transaction)."""
    transaction = Transaction.objects.create(
        gateway="test.gateway",
        order_id=order.pk,
        idempotency_key=uuid.uuid4().hex,
        action="CHARGE",
        currency=order.currency,
        charged_amount=order.total_gross_amount,
    )
    amount = order.total_gross_amount * Decimal(rate or 1)
    return Settlement.objects.create(
        transaction=transaction,
        psp_reference=f"txn_{uuid.uuid4().hex}",
        source_reference=f"ch_{uuid.uuid4().hex}",
        kind="CHARGE",
        currency=currency,
        amount=amount,
        fee=Decimal(0),
        net=amount,
        exchange_rate=Decimal(rate) if rate is not None else None,
    )


def makers(n: int) -> list[Maker]:
    return [MakerFactory(display_name=f"Maker {next(_counter)}") for _ in range(n)]
