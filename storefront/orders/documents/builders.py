"""Reading a fulfilment into the papers' values (``data.py``): the only part that touches the ORM.

Everything comes from the order's copies (names, prices, HS codes, origin and weights as sold),
never from today's catalogue. Amounts:

- a line's unit value is the order line's unit price net of tax, its value that times the
  quantity packed;
- the fulfilment's shipping share is the order's shipping price in proportion to the goods
  packed (net), so partial fulfilments of one order add up to its shipping, give or take a
  minor unit of rounding;
- tax is what the buyer paid at checkout on those goods and that shipping (gross minus net),
  zero where customs collects the import VAT instead; the total is goods, shipping and tax.

Weights: a line's net weight is the order line's unit weight times the quantity; the gross
weight is what the parcels weigh (``Fulfillment.parcels``), shared among the lines in
proportion to their net weight; without parcels, one parcel of the net weight.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from django.conf import settings
from django.db.models import Prefetch

from provenance.certificates.models import Unit
from provenance.certificates.tags import TagContent, tag_content
from storefront.accounts.models import Address
from storefront.core.money import Money
from storefront.orders.documents.data import (
    CommercialInvoice,
    InvoiceLine,
    PackedLine,
    PackingList,
    Parcel,
    Party,
)
from storefront.orders.error_codes import OrderError, OrderErrorCode
from storefront.orders.incoterms import Incoterm
from storefront.orders.models import Fulfillment, FulfillmentLine, SellerOfRecord
from storefront.orders.seller import order_incoterm

_KG = Decimal("0.001")
_DIMENSIONS = ("length_cm", "width_cm", "height_cm")


def fulfillment_for_documents(fulfillment_id: Any) -> Fulfillment:
    """The fulfilment with its order, addresses, lines and certified units, in a few queries."""
    return (
        Fulfillment.objects.select_related("order__billing_address", "order__shipping_address")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=FulfillmentLine.objects.select_related("order_line").order_by("pk"),
            ),
            Prefetch(
                "lines__units",
                queryset=Unit.objects.select_related("certificate").order_by("serial"),
            ),
        )
        .get(pk=fulfillment_id)
    )


def _address_lines(address: Address | None) -> tuple[str, ...]:
    if address is None:
        return ()
    street = [address.street_address_1, address.street_address_2]
    city = " ".join(part for part in (address.postal_code, address.city) if part)
    area = ", ".join(part for part in (address.city_area, address.country_area) if part)
    country = Locale("en").territories.get(address.country, address.country)
    return tuple(line for line in (*street, city, area, country) if line)


def _person(address: Address | None, *, email: str = "") -> Party:
    if address is None:
        return Party(name=email or "-", email=email)
    name = " ".join(part for part in (address.first_name, address.last_name) if part)
    if address.company_name:
        name = f"{address.company_name}, {name}" if name else address.company_name
    return Party(name=name, address_lines=_address_lines(address), email=email, phone=address.phone)


def seller_party(seller: SellerOfRecord) -> Party:
    """The seller of record with its registrations, as the papers name it."""
    registrations = tuple(
        (label, value)
        for label, value in (("NIB", seller.nib), ("NPWP", seller.npwp), ("IOSS", seller.ioss_number))
        if value
    )
    return Party(
        name=seller.legal_name,
        address_lines=_address_lines(seller.address),
        registrations=registrations,
        phone=seller.address.phone if seller.address else "",
    )


def _description(line: FulfillmentLine) -> str:
    order_line = line.order_line
    if order_line.variant_name and order_line.variant_name != order_line.product_name:
        return f"{order_line.product_name} ({order_line.variant_name})"
    return order_line.product_name


def _serials(line: FulfillmentLine) -> tuple[str, ...]:
    return tuple(unit.serial for unit in line.units.all())


def _decimal(value: Any, *, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or isinstance(value, bool):
        raise OrderError(
            OrderErrorCode.INVALID, f"A parcel's {field} is not a non-negative number.", field="parcels"
        )
    return number


def _parcels(fulfillment: Fulfillment, net_weight: Decimal) -> tuple[Parcel, ...]:
    given = fulfillment.parcels or []
    if not isinstance(given, list) or not all(isinstance(parcel, Mapping) for parcel in given):
        raise OrderError(OrderErrorCode.INVALID, "Parcels must be a list of objects.", field="parcels")
    if not given:
        return (Parcel(1, None, None, None, net_weight),)
    parcels = []
    for number, parcel in enumerate(given, start=1):
        length, width, height = (
            _decimal(parcel[name], field=name) if parcel.get(name) is not None else None
            for name in _DIMENSIONS
        )
        weight = _decimal(parcel.get("weight_kg", 0), field="weight_kg").quantize(_KG)
        parcels.append(Parcel(number, length, width, height, weight))
    return tuple(parcels)


def _shares(total: Decimal, weights: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """``total`` split in proportion to ``weights``, rounded to ``quantum``; the last takes the rest."""
    whole = sum(weights, Decimal(0))
    if not weights:
        return []
    if not whole:
        shares = [Decimal(0)] * len(weights)
    else:
        shares = [(total * weight / whole).quantize(quantum) for weight in weights]
    shares[-1] = total - sum(shares[:-1], Decimal(0))
    return shares


def _reference(fulfillment: Fulfillment) -> str:
    return f"#{fulfillment.order.number}-{fulfillment.fulfillment_order}"


def commercial_invoice_build(
    *, fulfillment: Fulfillment, seller: SellerOfRecord, invoice_date: datetime.date
) -> CommercialInvoice:
    """The commercial invoice of ``fulfillment`` (its ``invoice_number`` must be set)."""
    order = fulfillment.order
    currency = order.currency
    lines = list(fulfillment.lines.all())
    net_weights = [(line.order_line.weight_kg or Decimal(0)) * line.quantity for line in lines]
    net_total = sum(net_weights, Decimal(0)).quantize(_KG)
    parcels = _parcels(fulfillment, net_total)
    gross_total = sum((parcel.weight_kg for parcel in parcels), Decimal(0))
    if not fulfillment.parcels:
        gross_total = net_total
    gross_weights = _shares(gross_total, net_weights, _KG)

    goods = Money.zero(currency)
    goods_gross = Money.zero(currency)
    invoice_lines = []
    for line, net_weight, gross_weight in zip(lines, net_weights, gross_weights, strict=True):
        order_line = line.order_line
        unit_value = Money(order_line.unit_price_net_amount, currency)
        line_value = unit_value * line.quantity
        goods += line_value
        goods_gross += Money(order_line.unit_price_gross_amount, currency) * line.quantity
        invoice_lines.append(
            InvoiceLine(
                description=_description(line),
                sku=order_line.product_sku or "",
                hs_code=order_line.hs_code,
                country_of_origin=order_line.country_of_origin,
                quantity=line.quantity,
                unit_value=unit_value,
                line_value=line_value,
                net_weight_kg=net_weight.quantize(_KG),
                gross_weight_kg=gross_weight,
                serials=_serials(line),
            )
        )
    # This fulfilment's share of the order's shipping, by the value of the goods packed.
    order_goods = order.subtotal_net_amount
    ratio = goods.amount / order_goods if order_goods else Decimal(1)
    shipping = Money(order.shipping_price_net_amount * ratio, currency)
    shipping_gross = Money(order.shipping_price_gross_amount * ratio, currency)
    tax = (goods_gross - goods) + (shipping_gross - shipping)
    incoterm = order_incoterm(order=order, seller=seller)
    return CommercialInvoice(
        invoice_number=fulfillment.invoice_number,
        invoice_date=invoice_date,
        reference=_reference(fulfillment),
        seller=seller_party(seller),
        buyer=_person(order.billing_address, email=order.user_email),
        consignee=_person(order.shipping_address),
        incoterm=incoterm.value,
        incoterm_name=str(Incoterm(incoterm).label),
        currency=currency,
        lines=tuple(invoice_lines),
        goods=goods,
        shipping=shipping,
        tax=tax,
        total=goods + shipping + tax,
        parcels=len(parcels),
        net_weight_kg=net_total,
        gross_weight_kg=gross_total,
    )


def packing_list_build(
    *, fulfillment: Fulfillment, seller: SellerOfRecord, date: datetime.date
) -> PackingList:
    """The packing list of ``fulfillment``: its parcels and the pieces packed, by serial."""
    lines = list(fulfillment.lines.all())
    net_total = sum(
        ((line.order_line.weight_kg or Decimal(0)) * line.quantity for line in lines), Decimal(0)
    ).quantize(_KG)
    parcels = _parcels(fulfillment, net_total)
    packed = tuple(
        PackedLine(
            description=_description(line),
            sku=line.order_line.product_sku or "",
            quantity=line.quantity,
            serials=_serials(line),
        )
        for line in lines
    )
    # Which line went into which parcel is not recorded: one parcel holds everything, several
    # share one list of contents.
    contents = ((1 if len(parcels) == 1 else None, packed),)
    return PackingList(
        reference=_reference(fulfillment),
        invoice_number=fulfillment.invoice_number,
        date=date,
        seller=seller_party(seller),
        consignee=_person(fulfillment.order.shipping_address),
        parcels=parcels,
        contents=contents,
        total_quantity=sum(line.quantity for line in lines),
        net_weight_kg=net_total,
        gross_weight_kg=sum((parcel.weight_kg for parcel in parcels), Decimal(0)),
    )


def certificate_tags_build(*, fulfillment: Fulfillment) -> list[TagContent]:
    """The tag of every certified unit packed, by serial (units without a certificate have none)."""
    units = sorted(
        (unit for line in fulfillment.lines.all() for unit in line.units.all()), key=lambda unit: unit.serial
    )
    return [
        tag_content(certificate=unit.certificate, shop=settings.SHOP_NAME)
        for unit in units
        if getattr(unit, "certificate", None) is not None
    ]
