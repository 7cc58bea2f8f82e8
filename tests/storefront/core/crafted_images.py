"""Photos as a hostile or careless upload brings them: GPS in EXIF and in XMP, a comment, IPTC, a
colour profile, and a script appended after the image's last byte."""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageCms, PngImagePlugin

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="8,36.78S" '
    b'exif:GPSLongitude="116,27.96E"/></rdf:RDF></x:xmpmeta>'
)
COMMENT = b"Inaq Sumiati's house behind the mosque"
IPTC_CAPTION = b"Loyok, Jalan Raya 12"
PAYLOAD = b'<?php system($_GET["c"]); ?>'
# What none of the stored bytes may contain, whatever the format.
LEAKS = (b"GPSLatitude", b"x:xmpmeta", COMMENT, IPTC_CAPTION, b"Photoshop 3.0", PAYLOAD, b"PhoneMaker")
SIZE = (40, 20)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (8.0, 36.0, 47.0), 3: "E", 4: (116.0, 27.0, 58.0)})
    return exif


def _with_iptc(jpeg: bytes) -> bytes:
    """Insert an APP13 (Photoshop/IPTC) segment with a caption right after the JPEG's SOI marker."""
    record = b"\x1c\x02\x78" + struct.pack(">H", len(IPTC_CAPTION)) + IPTC_CAPTION
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def crafted_photo(fmt: str, *, orientation: int = 1) -> bytes:
    """A ``fmt`` (JPEG, PNG or WEBP) photo of ``SIZE`` carrying every leak above and an sRGB profile."""
    image = Image.new("RGB", SIZE, (200, 120, 40))
    image.paste((30, 60, 200), (0, 0, 10, 10))  # a marked corner, to see where the top left went
    out = io.BytesIO()
    options: dict[str, object] = {"exif": _exif(orientation), "icc_profile": srgb_profile()}
    if fmt == "JPEG":
        image.save(out, format="JPEG", xmp=XMP, comment=COMMENT, quality=95, **options)
        return _with_iptc(out.getvalue()) + PAYLOAD
    if fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", COMMENT.decode())
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        image.save(out, format="PNG", pnginfo=text, **options)
        return out.getvalue() + PAYLOAD
    image.save(out, format=fmt, xmp=XMP, lossless=True, **options)
    return out.getvalue() + PAYLOAD
