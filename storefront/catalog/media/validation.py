"""Deciding whether uploaded bytes are an image the shop will store.

Uploads come from staff and cooperative members' phones, so the check is done on the bytes
(Pillow decodes them) and never trusts the file name or the browser's content type. It runs
before anything is written, so a refused file leaves no trace on storage.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from storefront.catalog.error_codes import CatalogError, ProductErrorCode

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
MEDIA_MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class ValidatedImage:
    """What the bytes turned out to be: the stored name and content type are taken from here."""

    format: str
    mime_type: str
    extension: str
    width: int
    height: int


def media_validate_image(*, file: Any) -> ValidatedImage:
    """Check that ``file`` (a Django ``File``/``UploadedFile``) is an allowed, complete, sane image.

    Raises ``CatalogError`` with ``FILE_SIZE_LIMIT_EXCEEDED`` (too many bytes or pixels),
    ``UNSUPPORTED_MIME_TYPE`` (the upload declares a non-image type) or ``INVALID_FILE_TYPE``
    (the bytes are not a whole JPEG/PNG/WEBP/AVIF/GIF). Leaves the file rewound.
    """
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise CatalogError(
            ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
            f"File is too big: {size} bytes, the limit is {max_bytes} bytes.",
            field="image",
        )
    declared = (getattr(file, "content_type", None) or "").split(";")[0].strip().lower()
    if declared and declared not in ALLOWED_MIME_TYPES:
        raise CatalogError(
            ProductErrorCode.UNSUPPORTED_MIME_TYPE,
            f"Unsupported file type {declared!r}: upload a JPEG, PNG, WEBP, AVIF or GIF image.",
            field="image",
        )
    try:
        return image_inspect(file)
    finally:
        file.seek(0)


def image_inspect(fp: IO[bytes] | Any) -> ValidatedImage:
    """Decode ``fp`` fully (verify, then load) and describe it; shared with the thumbnail renderer."""
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
        raise CatalogError(
            ProductErrorCode.INVALID_FILE_TYPE,
            "The file is not a complete JPEG, PNG, WEBP, AVIF or GIF image.",
            field="image",
        ) from exc
    mime_type, extension = IMAGE_FORMATS[image_format]
    return ValidatedImage(
        format=image_format, mime_type=mime_type, extension=extension, width=width, height=height
    )


def _check_pixels(width: int, height: int) -> None:
    if width * height > MEDIA_MAX_IMAGE_PIXELS:
        raise _too_many_pixels()


def _too_many_pixels() -> CatalogError:
    return CatalogError(
        ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
        f"The image has too many pixels; the limit is {MEDIA_MAX_IMAGE_PIXELS:,}.",
        field="image",
    )
