"""What the export papers print, as plain frozen values: the renderers read nothing else.

``builders.py`` fills them from a fulfilment; tests and other callers may fill them by hand.
Amounts are ``Money`` (quantized to the currency's minor unit), weights ``Decimal`` kilograms.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from storefront.core.money import Money


@dataclass(frozen=True)
class Party:
    """Someone named on a paper: the seller of record, the buyer, the consignee."""

    name: str
    address_lines: tuple[str, ...] = ()
    # Registrations printed under the name, e.g. ("NIB", "1234567890123"), ("IOSS", "IM...").
    registrations: tuple[tuple[str, str], ...] = ()
    email: str = ""
    phone: str = ""

    def lines(self) -> list[str]:
        """Name, address, contact and registrations, one per line, empty ones left out."""
        lines = [self.name, *self.address_lines]
        lines += [value for value in (self.phone, self.email) if value]
        lines += [f"{label}: {value}" for label, value in self.registrations]
        return [line for line in lines if line]


@dataclass(frozen=True)
class InvoiceLine:
    description: str
    sku: str
    hs_code: str
    country_of_origin: str  # ISO 3166 alpha-2
    quantity: int
    unit_value: Money
    line_value: Money
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    serials: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommercialInvoice:
    invoice_number: str
    invoice_date: datetime.date
    reference: str  # the order's and fulfilment's numbers, "#1042-1"
    seller: Party
    buyer: Party  # billing address
    consignee: Party  # shipping address
    incoterm: str  # "DAP"
    incoterm_name: str  # "Delivered at Place"
    currency: str
    lines: tuple[InvoiceLine, ...]
    goods: Money  # the lines' values
    shipping: Money  # this fulfilment's share of the order's shipping
    tax: Money  # tax collected at checkout on goods and shipping (zero when customs collects it)
    total: Money
    parcels: int
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    language: str = "en"


@dataclass(frozen=True)
class PackedLine:
    description: str
    sku: str
    quantity: int
    serials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parcel:
    number: int
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    weight_kg: Decimal


@dataclass(frozen=True)
class PackingList:
    reference: str
    invoice_number: str
    date: datetime.date
    seller: Party
    consignee: Party
    parcels: tuple[Parcel, ...]
    # Lines per parcel number; one parcel holds everything, else the contents are listed for all.
    contents: tuple[tuple[int | None, tuple[PackedLine, ...]], ...]
    total_quantity: int
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    language: str = "en"
