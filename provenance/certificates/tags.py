"""Printable certificate tags: the QR code (SVG) and a small PDF tag attached at the workshop.

The PDF is written directly (one page, the QR as vector squares, the base-14 Helvetica
font), so printing a tag needs no browser, no font files and no rendering service.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from provenance.certificates import page_text
from provenance.certificates.models import OriginCertificate

MM = 72 / 25.4  # PDF points per millimetre
TAG_WIDTH_MM = 54
TAG_HEIGHT_MM = 86


@dataclass(frozen=True)
class TagContent:
    url: str
    serial: str
    check_code: str
    maker: str
    village: str
    shop: str
    language: str = "en"


def tag_content(*, certificate: OriginCertificate, shop: str, language: str = "en") -> TagContent:
    """What a tag prints, in ``language`` (names and places as recorded)."""
    subject = certificate.credential["credentialSubject"]
    makers = [m["name"] for m in subject.get("makers", []) if "name" in m]
    origin = subject.get("origin", {})
    return TagContent(
        url=certificate.credential["credentialSubject"]["id"],
        serial=certificate.unit.serial,
        check_code=certificate.check_code,
        maker=", ".join(makers) or page_text.TEXT[language]["tag_unnamed_maker"],
        village=", ".join(part for part in (origin.get("village"), origin.get("regency")) if part),
        shop=page_text.shop_title(shop, language),
        language=language,
    )


def tag_qr_svg(*, url: str) -> str:
    """The QR code of an item's URL as a standalone SVG (scales without loss for any printer)."""
    # segno is imported where a QR code is drawn: a server worker that serves no tag never loads it.
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue().decode()


def _pdf_text(value: str) -> str:
    # Base-14 fonts speak WinAnsi; names outside Latin-1 degrade to '?' rather than break the tag.
    text = value.encode("cp1252", errors="replace").decode("cp1252")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


_NARROW = set(" !'(),-./:;I[]fijlrt|")
_WIDE = set("@MWmw")


def _text_width(text: str, size: float, *, bold: bool) -> float:
    """A generous estimate of a Helvetica line's width in points (no font files to measure with)."""
    ems = sum(
        0.3 if char in _NARROW else 0.86 if char in _WIDE else 0.7 if char.isupper() else 0.57
        for char in text
    )
    return ems * size * (1.06 if bold else 1.0)


def _fitted_size(text: str, size: float, *, bold: bool, room: float) -> float:
    """``size``, or smaller so the line fits the tag's width (a long name or URL must not be cut)."""
    width = _text_width(text, size, bold=bold)
    return size if width <= room else max(4.0, size * room / width)


def tag_pdf(content: TagContent) -> bytes:
    """A one-page PDF tag: QR code, serial, check code, maker and village, in the content's language."""
    words = page_text.TEXT[content.language]
    width, height = TAG_WIDTH_MM * MM, TAG_HEIGHT_MM * MM
    import segno

    matrix = segno.make(content.url, error="m").matrix
    modules = len(matrix)
    qr_size = 44 * MM
    cell = qr_size / modules
    left = (width - qr_size) / 2
    top = height - 8 * MM
    ops = ["0 g"]
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                x = left + col_index * cell
                y = top - (row_index + 1) * cell
                ops.append(f"{x:.2f} {y:.2f} {cell:.2f} {cell:.2f} re")
    ops.append("f")
    lines = [
        ("F2", 7, content.shop),
        ("F2", 11, content.serial),
        ("F1", 8, f"{words['tag_check_code']}: {content.check_code}"),
        ("F1", 8, f"{words['tag_made_by']} {content.maker}"),
        ("F1", 8, content.village),
        ("F1", 6, content.url),
    ]
    y = top - qr_size - 7 * MM
    margin = 4 * MM
    for font, size, text in lines:
        fitted = _fitted_size(text, size, bold=font == "F2", room=width - 2 * margin)
        ops.append(f"BT /{font} {fitted:.2f} Tf {margin:.2f} {y:.2f} Td ({_pdf_text(text)}) Tj ET")
        y -= size + 4
    stream = "\n".join(ops).encode("cp1252", errors="replace")
    objects = [
        # /Lang lets a screen reader or a PDF tool read the tag in its language.
        f"<< /Type /Catalog /Pages 2 0 R /Lang ({content.language}) >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2f} {height:.2f}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
