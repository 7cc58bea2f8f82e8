"""Fulfilments for the export papers' tests: real orders of certified pieces, packed by hand.

The order is placed through checkout (``complete_checkout``), its pieces certified by
``lot_receive``; the ``Fulfillment`` and its lines are written directly, as the fulfil service
would, with the units packed named by serial.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from pypdf import PdfReader

from provenance.certificates.models import Unit
from provenance.certificates.services import MakerRole, lot_receive
from provenance.origins.models import Maker, Origin
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.checkout.complete import complete_checkout
from storefront.orders.models import Fulfillment, FulfillmentLine, Order
from storefront.orders.seller import seller_of_record_update
from tests.storefront.checkout.factories import channel_create, product_create, warehouse_of
from tests.storefront.orders.checkouts import checkout_ready

_counter = itertools.count(1)

BUYER = {
    "first_name": "Zoë",
    "last_name": "Łukasiewicz",
    "street_address_1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}


@dataclass
class Shop:
    channel: Channel
    origin: Origin
    maker: Maker
    # Two certified products: (variant, price, HS code, unit weight).
    variants: list[ProductVariant]


def seller_registered() -> None:
    seller_of_record_update(
        actor=Actor.system(),
        legal_name="Koperasi Tenun Sukarara",
        nib="1234567890123",
        npwp="01.234.567.8-901.000",
        ioss_number="IM3600000001",
        default_incoterm="DAP",
        address={
            "company_name": "Koperasi Tenun Sukarara",
            "street_address_1": "Jalan Raya Sukarara 7",
            "city": "Lombok Tengah",
            "postal_code": "83552",
            "country": "ID",
        },
        skip_address_validation=True,
    )


def certified_variant(
    channel: Channel, origin: Origin, maker: Maker, *, price: str, hs_code: str, weight: str, pieces: int
) -> ProductVariant:
    variant = product_create(channel, stock=0, price=price, hs_code=hs_code)
    variant.weight_kg = Decimal(weight)
    variant.save(update_fields=["weight_kg"])
    lot_receive(
        actor=Actor.system(),
        code=f"LOT-DOC-{next(_counter)}",
        variant=variant,
        warehouse=warehouse_of(channel),
        quantity=pieces,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 20),
    )
    return variant


def shop_create(origin: Origin, maker: Maker) -> Shop:
    maker.display_name = "Nyoman Sukarara–Ñ"
    maker.save(update_fields=["display_name"])
    channel = channel_create(slug=f"docs-{next(_counter)}", allow_unpaid_orders=True, shipping_price="12.00")
    songket = certified_variant(
        channel, origin, maker, price="45.50", hs_code="580710", weight="0.400", pieces=6
    )
    basket = certified_variant(
        channel, origin, maker, price="19.99", hs_code="460211", weight="0.750", pieces=6
    )
    seller_registered()
    return Shop(channel, origin, maker, [songket, basket])


def order_of(shop: Shop, quantities: tuple[int, ...] = (2, 1), *, buyer: User | None = None) -> Order:
    checkout = checkout_ready(
        shop.channel,
        [
            (variant, quantity)
            for variant, quantity in zip(shop.variants, quantities, strict=True)
            if quantity
        ],
        user=buyer,
        address=BUYER,
    )
    return complete_checkout(checkout, actor=Actor.system())


def fulfillment_of(order: Order, *, parcels: list[dict] | None = None, number: int = 1) -> Fulfillment:
    """Everything of ``order`` packed in one fulfilment, each line's units named by serial."""
    fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=number, parcels=parcels or [])
    taken: set[int] = set(Unit.objects.filter(fulfillment_lines__isnull=False).values_list("pk", flat=True))
    for line in order.lines.order_by("sort_order", "pk"):
        packed = FulfillmentLine.objects.create(
            fulfillment=fulfillment, order_line=line, quantity=line.quantity
        )
        units = list(
            Unit.objects.filter(lot__variant=line.variant)
            .exclude(pk__in=taken)
            .order_by("serial")[: line.quantity]
        )
        taken.update(unit.pk for unit in units)
        packed.units.set(units)
    return fulfillment


def pdf_text(content: bytes) -> list[str]:
    """Each page's text, whitespace folded (tables may break a line anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
