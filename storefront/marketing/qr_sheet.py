"""A printable A4 sheet of a campaign's links for a stand: one card per link, six to a page, each
with the QR code of the link's absolute ``/c/<code>`` URL, its label, the URL in words and the
cooperative's name (the seller of record's legal name).

The QR code is segno's, as on certificate tags, drawn as a 1-bit PNG at 10 pixels per module with
the standard four-module quiet zone (sharp at any printer's resolution); the text is set in the
export papers' typeface (``storefront.orders.documents.pdf``: DejaVu Sans embedded, else
Helvetica, unprintable characters transliterated).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from storefront.marketing.models import Campaign, CampaignLink
from storefront.orders.seller import seller_of_record_get

PAGE_MARGIN = 10.0
COLUMNS, ROWS = 2, 3
QR_MM = 58.0


def link_absolute_url(link: CampaignLink) -> str:
    return settings.PUBLIC_URL + reverse("campaign-link", args=[link.code])


def _qr_png(url: str) -> io.BytesIO:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=10, border=4)
    buffer.seek(0)
    return buffer


def campaign_qr_sheet_pdf(
    *,
    campaign: Campaign,
    links: Sequence[CampaignLink] | None = None,
    created_at: datetime.datetime | None = None,
) -> bytes:
    """The sheet of ``links`` (default: all the campaign's links) as PDF bytes."""
    # Imported here, not at the top: the API imports this module for ``link_absolute_url``, and
    # the PDF stack (fpdf, fontTools) would otherwise sit in every server worker's memory.
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from storefront.orders.documents.pdf import printable, typeface

    chosen = list(links) if links is not None else list(campaign.links.order_by("created_at", "pk"))
    face = typeface()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_auto_page_break(auto=False)
    if face.regular is not None and face.bold is not None:
        pdf.add_font(face.family, "", str(face.regular))
        pdf.add_font(face.family, "B", str(face.bold))
    pdf.set_creation_date(created_at or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    pdf.set_title(printable(f"{campaign.name} - QR", face.characters))
    pdf.set_creator("Asal")
    shop = seller_of_record_get().legal_name or settings.SHOP_NAME
    card_w = (pdf.w - 2 * PAGE_MARGIN) / COLUMNS
    card_h = (pdf.h - 2 * PAGE_MARGIN) / ROWS

    def text(value: str) -> str:
        return printable(value, face.characters)

    if not chosen:
        pdf.add_page()
        pdf.set_font(face.family, "", 11)
        pdf.set_xy(PAGE_MARGIN, PAGE_MARGIN)
        pdf.cell(0, 8, text(f"{campaign.name}: no links yet."))
    for index, link in enumerate(chosen):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            pdf.add_page()
        left = PAGE_MARGIN + (slot % COLUMNS) * card_w
        top = PAGE_MARGIN + (slot // COLUMNS) * card_h
        pdf.set_draw_color(180)
        pdf.set_dash_pattern(dash=1, gap=1)
        pdf.rect(left, top, card_w, card_h)  # a cutting guide
        pdf.set_dash_pattern()
        url = link_absolute_url(link)
        inner = card_w - 8
        pdf.set_xy(left + 4, top + 4)
        pdf.set_font(face.family, "B", 9)
        pdf.cell(inner, 5, text(shop), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(face.family, "", 8)
        pdf.cell(inner, 4, text(campaign.name), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.image(_qr_png(url), x=left + (card_w - QR_MM) / 2, y=top + 14, w=QR_MM, h=QR_MM)
        pdf.set_xy(left + 4, top + 14 + QR_MM + 1)
        pdf.set_font(face.family, "B", 11)
        pdf.multi_cell(inner, 5, text(link.label[:90]), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(face.family, "", 7)
        pdf.cell(inner, 4, text(url), align="C")
    return bytes(pdf.output())
