"""Strip camera metadata from uploaded originals before they become public.

Photos come from makers' and staff members' phones, whose EXIF carries GPS coordinates
(often of a home), device serials and owner names. Certificates and product pages must
never reveal a home location, so an original with any EXIF is re-encoded without it,
with its orientation applied to the pixels so it still displays upright.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

# Formats whose files may carry EXIF, and how to write them back at near-original quality.
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 95, "optimize": True},
    "WEBP": {"quality": 95},
    "PNG": {"optimize": True},
    "AVIF": {"quality": 90},
}


def image_metadata_strip(data: bytes, *, image_format: str) -> bytes:
    """``data`` without EXIF (orientation baked in); unchanged when it has none or cannot carry any."""
    if image_format not in _SAVE_OPTIONS:
        return data
    with Image.open(io.BytesIO(data), formats=[image_format]) as image:
        if not image.getexif() and "exif" not in image.info:
            return data
        upright = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(output, format=image_format, **_SAVE_OPTIONS[image_format])
    return output.getvalue()
