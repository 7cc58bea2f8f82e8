"""The export papers as PDF bytes, from the plain values of ``data.py`` (no database here).

Papers are in English, the language customs of every destination read; names and addresses
print as recorded. A paper's bytes depend only on its values and ``created_at``, so rendering
the same fulfilment twice gives the same file.

The certificate tags are ``provenance.certificates.tags.tag_pdf``'s own tags (the same one the
public tag view serves), one page per unit, joined into one file with pypdf.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal

from babel import Locale
from pypdf import PdfReader, PdfWriter

from provenance.certificates.tags import TagContent, tag_pdf
from storefront.core.money import Money
from storefront.orders.documents.data import CommercialInvoice, PackingList
from storefront.orders.documents.pdf import PaperPdf

_DECLARATION = (
    "We declare that the information on this invoice is true and correct, and that the goods "
    "described were produced in the country of origin stated."
)


def _amount(money: Money) -> str:
    return format(money.amount, ",")


def _kg(weight: Decimal) -> str:
    return f"{weight:,.3f}"


def _country(code: str) -> str:
    name = Locale("en").territories.get(code.upper()) if code else None
    return f"{name} ({code.upper()})" if name else code.upper() or "-"


def _created_at(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(), tzinfo=datetime.UTC)


def commercial_invoice_pdf(invoice: CommercialInvoice) -> bytes:
    """The commercial invoice: parties, terms, lines with HS codes and origin, totals, weights."""
    paper = PaperPdf(
        title=f"Commercial invoice {invoice.invoice_number}",
        language=invoice.language,
        created_at=_created_at(invoice.invoice_date),
    )
    paper.title("Commercial invoice")
    paper.facts(
        [
            ("Invoice number", invoice.invoice_number),
            ("Invoice date", invoice.invoice_date.isoformat()),
            ("Order", invoice.reference),
            ("Incoterm", f"{invoice.incoterm} ({invoice.incoterm_name}), Incoterms 2020"),
            ("Currency", invoice.currency),
            ("Parcels", str(invoice.parcels)),
        ]
    )
    paper.blocks(
        [
            ("Seller / exporter", invoice.seller.lines()),
            ("Buyer", invoice.buyer.lines()),
            ("Consignee (ship to)", invoice.consignee.lines()),
        ]
    )
    paper.heading("Goods")
    rows = []
    for number, line in enumerate(invoice.lines, start=1):
        description = line.description
        if line.sku:
            description += f"\nSKU {line.sku}"
        if line.serials:
            description += "\nSerials: " + ", ".join(line.serials)
        rows.append(
            [
                str(number),
                description,
                line.hs_code or "-",
                _country(line.country_of_origin),
                str(line.quantity),
                _amount(line.unit_value),
                _amount(line.line_value),
                _kg(line.net_weight_kg),
                _kg(line.gross_weight_kg),
            ]
        )
    paper.table(
        [
            "#",
            "Description",
            "HS code",
            "Origin",
            "Qty",
            f"Unit value ({invoice.currency})",
            f"Value ({invoice.currency})",
            "Net kg",
            "Gross kg",
        ],
        rows,
        widths=(6, 50, 16, 24, 10, 20, 20, 14, 14),
        align=("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    )
    totals = [
        ("Goods", _amount(invoice.goods)),
        ("Shipping", _amount(invoice.shipping)),
    ]
    if invoice.tax.amount:
        totals.append(("Tax collected", _amount(invoice.tax)))
    totals.append((f"Total ({invoice.currency})", _amount(invoice.total)))
    paper.table(
        ["Totals", invoice.currency],
        totals,
        widths=(60, 30),
        align=("LEFT", "RIGHT"),
        size=9,
    )
    paper.facts(
        [
            ("Total net weight", f"{_kg(invoice.net_weight_kg)} kg"),
            ("Total gross weight", f"{_kg(invoice.gross_weight_kg)} kg"),
            ("Number of parcels", str(invoice.parcels)),
        ]
    )
    paper.paragraph(_DECLARATION)
    paper.paragraph(invoice.seller.name)
    return bytes(paper)


def _cm(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:,}"


def packing_list_pdf(packing: PackingList) -> bytes:
    """The packing list: each parcel's dimensions and weight, and what is packed, by serial."""
    paper = PaperPdf(
        title=f"Packing list {packing.reference}",
        language=packing.language,
        created_at=_created_at(packing.date),
    )
    paper.title("Packing list")
    paper.facts(
        [
            ("Order", packing.reference),
            ("Invoice number", packing.invoice_number),
            ("Date", packing.date.isoformat()),
            ("Parcels", str(len(packing.parcels))),
        ]
    )
    paper.blocks(
        [
            ("Shipper", packing.seller.lines()),
            ("Consignee (ship to)", packing.consignee.lines()),
        ]
    )
    paper.heading("Parcels")
    paper.table(
        ["Parcel", "Length cm", "Width cm", "Height cm", "Gross weight kg"],
        [
            [
                str(parcel.number),
                _cm(parcel.length_cm),
                _cm(parcel.width_cm),
                _cm(parcel.height_cm),
                _kg(parcel.weight_kg),
            ]
            for parcel in packing.parcels
        ],
        widths=(20, 30, 30, 30, 40),
        align=("RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        size=9,
    )
    for parcel_number, lines in packing.contents:
        paper.heading(
            f"Contents of parcel {parcel_number}" if parcel_number is not None else "Contents of all parcels"
        )
        paper.table(
            ["Description", "SKU", "Qty", "Serials packed"],
            [
                [line.description, line.sku or "-", str(line.quantity), ", ".join(line.serials) or "-"]
                for line in lines
            ],
            widths=(70, 30, 12, 70),
            align=("LEFT", "LEFT", "RIGHT", "LEFT"),
        )
    paper.facts(
        [
            ("Total pieces", str(packing.total_quantity)),
            ("Total net weight", f"{_kg(packing.net_weight_kg)} kg"),
            ("Total gross weight", f"{_kg(packing.gross_weight_kg)} kg"),
        ]
    )
    return bytes(paper)


def certificate_tags_pdf(tags: Sequence[TagContent]) -> bytes:
    """Every unit's certificate tag (``tag_pdf``), one page each, in one PDF.

    A PDF needs a page, so there must be at least one tag (``ValueError`` otherwise): a
    fulfilment without certified units gets no tags document.
    """
    if not tags:
        raise ValueError("No certificate tags to print.")
    writer = PdfWriter()
    for content in tags:
        writer.append(PdfReader(io.BytesIO(tag_pdf(content))))
    writer.add_metadata({"/Title": "Certificate tags", "/Creator": "Asal"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
