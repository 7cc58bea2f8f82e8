"""Images from outside: decide whether uploaded bytes are an image the shop will store, and strip
the camera metadata of one before it becomes public.

Uploads come from staff and cooperative members' phones (product photos, workshop photos of a
lot), so the check is done on the bytes (Pillow decodes them) and never trusts the file name or
the browser's content type. It runs before anything is written, so a refused file leaves no
trace on storage. Phone photos also carry EXIF: GPS coordinates (often of a maker's home),
device serials, owner names; certificates and product pages must never reveal a home, so an
original with any EXIF is re-encoded without it, its orientation applied to the pixels.

Failures are :class:`~storefront.core.error_codes.ImageError`; the catalogue and provenance
report them under their own error classes and input fields.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from storefront.core.error_codes import ImageError, ImageErrorCode

# Pillow format name -> (MIME type, file extension). Only these decoders ever see uploaded bytes:
# opening with every registered plugin would expose rarely used parsers to untrusted input.
IMAGE_FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "AVIF": ("image/avif", "avif"),
    "GIF": ("image/gif", "gif"),
}
ALLOWED_MIME_TYPES = frozenset(mime for mime, _ext in IMAGE_FORMATS.values()) | {"image/jpg", "image/pjpeg"}

# A decompression bomb is a small file that decodes to a huge bitmap; 40 megapixels (8000 x 5000)
# is more than any product photo needs and bounds the memory one decode can take (~160 MB RGBA).
MAX_IMAGE_PIXELS = 40_000_000

# Formats whose files may carry EXIF, and how to write them back at near-original quality.
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 95, "optimize": True},
    "WEBP": {"quality": 95},
    "PNG": {"optimize": True},
    "AVIF": {"quality": 90},
}


@dataclass(frozen=True)
class ValidatedImage:
    """What the bytes turned out to be: the stored name and content type are taken from here."""

    format: str
    mime_type: str
    extension: str
    width: int
    height: int


def image_validate(*, file: Any) -> ValidatedImage:
    """Check that ``file`` (a Django ``File``/``UploadedFile``) is an allowed, complete, sane image.

    Raises ``ImageError`` with ``FILE_SIZE_LIMIT_EXCEEDED`` (more bytes than
    ``settings.MEDIA_MAX_UPLOAD_BYTES``, or too many pixels), ``UNSUPPORTED_MIME_TYPE`` (the upload
    declares a non-image type) or ``INVALID_FILE_TYPE`` (the bytes are not a whole
    JPEG/PNG/WEBP/AVIF/GIF). Leaves the file rewound.
    """
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ImageError(
            ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
            f"File is too big: {size} bytes, the limit is {max_bytes} bytes.",
        )
    declared = (getattr(file, "content_type", None) or "").split(";")[0].strip().lower()
    if declared and declared not in ALLOWED_MIME_TYPES:
        raise ImageError(
            ImageErrorCode.UNSUPPORTED_MIME_TYPE,
            f"Unsupported file type {declared!r}: upload a JPEG, PNG, WEBP, AVIF or GIF image.",
        )
    try:
        return image_inspect(file)
    finally:
        file.seek(0)


def image_inspect(fp: IO[bytes] | Any) -> ValidatedImage:
    """Decode ``fp`` fully (verify, then load) and describe it; raises ``ImageError`` when it is no image."""
    fp.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb check only warns below twice its limit; ours is stricter anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fp, formats=list(IMAGE_FORMATS)) as image:
                image_format = image.format or ""
                width, height = image.size
                _check_pixels(width, height)
                image.verify()
            fp.seek(0)
            with Image.open(fp, formats=[image_format]) as image:
                image.load()  # verify() misses truncated JPEGs; a full decode does not
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(
            ImageErrorCode.INVALID_FILE_TYPE,
            "The file is not a complete JPEG, PNG, WEBP, AVIF or GIF image.",
        ) from exc
    mime_type, extension = IMAGE_FORMATS[image_format]
    return ValidatedImage(
        format=image_format, mime_type=mime_type, extension=extension, width=width, height=height
    )


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


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> ImageError:
    return ImageError(
        ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
        f"The image has too many pixels; the limit is {MAX_IMAGE_PIXELS:,}.",
    )
