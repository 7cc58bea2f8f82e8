"""The QR sheet: one card per link whose QR code decodes back to the link's absolute URL."""

from __future__ import annotations

import io

import pypdf
import pytest
import zxingcpp
from PIL import Image

from storefront.marketing.qr_sheet import campaign_qr_sheet_pdf
from tests.storefront.marketing.factories import campaign_made, link_made

pytestmark = pytest.mark.django_db


def _qr_codes(pdf: bytes) -> list[str]:
    decoded = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            picture = Image.open(io.BytesIO(image.data)).convert("L")
            decoded += [code.text for code in zxingcpp.read_barcodes(picture)]
    return decoded


def test_each_link_gets_a_card_whose_qr_code_is_its_short_url():
    campaign = campaign_made(name="Jakarta Expo 2026")
    links = [link_made(campaign, label=f"Stand B{n}") for n in range(1, 8)]  # two pages

    pdf = campaign_qr_sheet_pdf(campaign=campaign)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jakarta Expo 2026" in text and "Stand B7" in text and "Asal" in text
    assert sorted(_qr_codes(pdf)) == sorted(f"http://127.0.0.1:8000/c/{link.code}" for link in links)


def test_a_campaign_without_links_prints_a_page_saying_so():
    pdf = campaign_qr_sheet_pdf(campaign=campaign_made(name="Ramadan"))
    assert "no links yet" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
