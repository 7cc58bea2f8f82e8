"""Printable certificate tags: the QR code (SVG) and a small PDF tag attached at the workshop.

The PDF is written directly (one page, the QR as vector squares, the base-14 Helvetica
font), so printing a tag needs no browser, no font files and no rendering service.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

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


def tag_content(*, certificate: OriginCertificate, shop: str) -> TagContent:
    subject = certificate.credential["credentialSubject"]
    makers = [m["name"] for m in subject.get("makers", []) if "name" in m]
    origin = subject.get("origin", {})
    return TagContent(
        url=certificate.credential["credentialSubject"]["id"],
        serial=certificate.unit.serial,
        check_code=certificate.check_code,
        maker=", ".join(makers) or "Maker of Lombok",
        village=", ".join(part for part in (origin.get("village"), origin.get("regency")) if part),
        shop=shop,
    )


def tag_qr_svg(*, url: str) -> str:
    """The QR code of an item's URL as a standalone SVG (scales without loss for any printer)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue().decode()


def _pdf_text(value: str) -> str:
    # Base-14 fonts speak WinAnsi; names outside Latin-1 degrade to '?' rather than break the tag.
    text = value.encode("cp1252", errors="replace").decode("cp1252")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tag_pdf(content: TagContent) -> bytes:
    """A one-page PDF tag: QR code, serial, check code, maker and village."""
    width, height = TAG_WIDTH_MM * MM, TAG_HEIGHT_MM * MM
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
        ("F1", 8, f"Check code: {content.check_code}"),
        ("F1", 8, f"Made by {content.maker}"),
        ("F1", 8, content.village),
        ("F1", 6, content.url),
    ]
    y = top - qr_size - 7 * MM
    for font, size, text in lines:
        ops.append(f"BT /{font} {size} Tf {4 * MM:.2f} {y:.2f} Td ({_pdf_text(text)}) Tj ET")
        y -= (size + 4) * 1.0
    stream = "\n".join(ops).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
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
