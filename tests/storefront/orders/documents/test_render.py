"""The renderers alone: plain values in, PDF bytes out, read back with pypdf (no database)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from provenance.certificates.tags import TagContent
from storefront.core.money import Money
from storefront.orders.documents import pdf
from storefront.orders.documents.data import (
    CommercialInvoice,
    InvoiceLine,
    PackedLine,
    PackingList,
    Parcel,
    Party,
)
from storefront.orders.documents.render import certificate_tags_pdf, commercial_invoice_pdf, packing_list_pdf
from tests.storefront.orders.documents.fulfilments import pdf_text

SELLER = Party(
    name="Koperasi Tenun Sukarara",
    address_lines=("Jalan Raya Sukarara 7", "83552 Lombok Tengah", "Indonesia"),
    registrations=(("NIB", "1234567890123"), ("NPWP", "012345678901000"), ("IOSS", "IM3600000001")),
)
BUYER = Party(name="Zoë Łukasiewicz", address_lines=("ul. Świętokrzyska 12", "00-916 Warszawa", "Poland"))


def _invoice(**changes) -> CommercialInvoice:
    line = InvoiceLine(
        description="Songket Sukarara (merah) by Nyoman Sukarara–Ñ",
        sku="SKR-1",
        hs_code="580710",
        country_of_origin="ID",
        quantity=2,
        unit_value=Money(Decimal("45.50"), "EUR"),
        line_value=Money(Decimal("91.00"), "EUR"),
        net_weight_kg=Decimal("0.800"),
        gross_weight_kg=Decimal("1.100"),
        serials=("ASL-AAAAA-BBBBB", "ASL-CCCCC-DDDDD"),
    )
    values = {
        "invoice_number": "2026/000042",
        "invoice_date": datetime.date(2026, 11, 30),
        "reference": "#1042-1",
        "seller": SELLER,
        "buyer": BUYER,
        "consignee": BUYER,
        "incoterm": "DAP",
        "incoterm_name": "Delivered at Place",
        "currency": "EUR",
        "lines": (line,),
        "goods": Money(Decimal("91.00"), "EUR"),
        "shipping": Money(Decimal("12.00"), "EUR"),
        "tax": Money(Decimal("0"), "EUR"),
        "total": Money(Decimal("103.00"), "EUR"),
        "parcels": 1,
        "net_weight_kg": Decimal("0.800"),
        "gross_weight_kg": Decimal("1.100"),
    }
    values.update(changes)
    return CommercialInvoice(**values)


def test_invoice_prints_non_latin1_names_as_written_in_an_embedded_font():
    content = commercial_invoice_pdf(_invoice())

    text = pdf_text(content)[0]
    assert "Zoë Łukasiewicz" in text and "ul. Świętokrzyska 12" in text
    assert "Nyoman Sukarara–Ñ" in text
    fonts = [
        font.get_object()["/BaseFont"]
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts and all("DejaVuSans" in name for name in fonts)


def test_invoice_prints_terms_registrations_lines_and_totals():
    text = pdf_text(commercial_invoice_pdf(_invoice(tax=Money(Decimal("2.10"), "EUR"))))[0]

    for expected in (
        "2026/000042",
        "2026-11-30",
        "#1042-1",
        "DAP (Delivered at Place), Incoterms 2020",
        "NIB: 1234567890123",
        "NPWP: 012345678901000",
        "IOSS: IM3600000001",
        "580710",
        "Indonesia (ID)",
        "45.50",
        "91.00",
        "Goods 91.00",
        "Shipping 12.00",
        "Tax collected 2.10",
        "Total (EUR) 103.00",
        "Total gross weight 1.100 kg",
        "ASL-AAAAA-BBBBB",
    ):
        assert expected in text, expected


def test_invoice_leaves_out_the_tax_line_when_nothing_was_collected():
    assert "Tax collected" not in pdf_text(commercial_invoice_pdf(_invoice()))[0]


def test_the_same_values_render_the_same_bytes():
    assert commercial_invoice_pdf(_invoice()) == commercial_invoice_pdf(_invoice())


def test_a_long_invoice_runs_onto_further_pages_with_every_line():
    line = _invoice().lines[0]
    many = tuple(line for _ in range(60))

    pages = pdf_text(commercial_invoice_pdf(_invoice(lines=many)))

    assert len(pages) > 1
    assert sum(page.count("580710") for page in pages) == 60
    assert "Total (EUR) 103.00" in pages[-1]


def test_characters_the_font_lacks_become_question_marks_not_missing_glyphs():
    text = pdf_text(commercial_invoice_pdf(_invoice(buyer=Party(name="山田 Hanako\x00\nTokyo"))))[0]

    assert "?? Hanako Tokyo" in text


def test_papers_embed_the_dejavu_font_shipped_with_the_package_whatever_the_machine_has():
    assert Path(pdf.__file__).resolve().parent / "fonts" == pdf.FONT_DIRECTORY
    assert (pdf.FONT_DIRECTORY / "LICENSE.txt").is_file()
    assert pdf.typeface().regular == pdf.FONT_DIRECTORY / "DejaVuSans.ttf"

    content = commercial_invoice_pdf(_invoice())

    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    text = pdf_text(content)[0]
    assert "Zoë Łukasiewicz" in text and "Nyoman Sukarara–Ñ" in text


def test_without_the_font_files_papers_fall_back_to_helvetica_and_transliterate(
    monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(pdf, "FONT_DIRECTORY", tmp_path)

    with caplog.at_level("WARNING", logger=pdf.__name__):
        content = commercial_invoice_pdf(_invoice())
    assert "font is missing" in caplog.text

    text = pdf_text(content)[0]
    # Ł and ś are outside WinAnsi: their base letters remain; ë, Ñ and – are inside it.
    assert "Zoë Lukasiewicz" in text and "ul. Swietokrzyska 12" in text
    assert "Nyoman Sukarara–Ñ" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts <= {"/Helvetica", "/Helvetica-Bold"}


def test_packing_list_prints_each_parcel_with_its_dimensions_weight_and_contents():
    packing = PackingList(
        reference="#1042-1",
        invoice_number="2026/000042",
        date=datetime.date(2026, 11, 30),
        seller=SELLER,
        consignee=BUYER,
        parcels=(
            Parcel(1, Decimal("40"), Decimal("30"), Decimal("20"), Decimal("2.500")),
            Parcel(2, None, None, None, Decimal("0.750")),
        ),
        contents=((None, (PackedLine("Songket", "SKR-1", 2, ("ASL-AAAAA-BBBBB", "ASL-CCCCC-DDDDD")),)),),
        total_quantity=2,
        net_weight_kg=Decimal("0.800"),
        gross_weight_kg=Decimal("3.250"),
    )

    text = pdf_text(packing_list_pdf(packing))[0]

    assert "1 40 30 20 2.500" in text
    assert "2 - - - 0.750" in text
    assert "Contents of all parcels" in text
    assert "ASL-AAAAA-BBBBB, ASL-CCCCC-DDDDD" in text
    assert "Total gross weight 3.250 kg" in text


def _tag(serial: str) -> TagContent:
    return TagContent(
        url=f"https://shop.example/p/{serial}",
        serial=serial,
        check_code="K7Q2XW",
        maker="Nyoman Sukarara–Ñ",
        village="Sukarara, Lombok Tengah",
        shop="Asal",
    )


def test_certificate_tags_are_one_page_per_unit():
    pages = pdf_text(certificate_tags_pdf([_tag("ASL-1"), _tag("ASL-2"), _tag("ASL-3")]))

    assert len(pages) == 3
    for serial, page in zip(("ASL-1", "ASL-2", "ASL-3"), pages, strict=True):
        assert serial in page and "K7Q2XW" in page and "Nyoman Sukarara–Ñ" in page and "Sukarara" in page


def test_no_tags_is_refused():
    with pytest.raises(ValueError):
        certificate_tags_pdf([])
