"""Thumbnails of any stored original image: rendered once per (size, format), then only looked up.

A GraphQL request never renders: it asks ``thumbnail_url``, which returns the stored thumbnail's
URL when one exists, or else the URL of a small view that renders it on first fetch and redirects.
Sizes are snapped up to a fixed ladder so a storefront asking for 300, 310 and 320 px shares one
file, and the number of files per original is bounded. Product media, maker portraits and category
backgrounds all go through here: to this module they are just storage names.
"""

from __future__ import annotations

import io
import logging
import posixpath
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.urls import reverse

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media.validation import media_inspect_image
from storefront.catalog.models import Thumbnail
from storefront.core.images import IMAGE_FORMATS

if TYPE_CHECKING:
    from PIL import Image

logger = logging.getLogger(__name__)

ThumbnailFormat = Thumbnail.Format  # Saleor's ThumbnailFormatEnum: ORIGINAL, AVIF, WEBP
THUMBNAIL_SIZES: tuple[int, ...] = (32, 64, 128, 256, 512, 1024, 2048, 4096)
# What a new product image gets rendered to in the background, so first page views find files.
PRERENDERED: tuple[tuple[int, str], ...] = tuple(
    (size, fmt) for size in (256, 512, 1024) for fmt in (ThumbnailFormat.ORIGINAL, ThumbnailFormat.WEBP)
)
_TOKEN_SALT = "asal.catalog.thumbnail"
# Encoder settings: good-looking product photos at a fraction of the original's bytes.
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
    "AVIF": {"quality": 60, "speed": 8},
}


def thumbnail_size_snap(size: int | None) -> int:
    """Return the ladder size serving a request for ``size`` px: the next one up, 0 for the original.

    ``None`` and ``0`` mean the original image; anything above the top of the ladder gets the top.
    """
    if not size:
        return 0
    if size < 0:
        raise CatalogError(ProductErrorCode.INVALID, "Size must not be negative.", field="size")
    for step in THUMBNAIL_SIZES:
        if size <= step:
            return step
    return THUMBNAIL_SIZES[-1]


def thumbnail_format_parse(value: str | None) -> str:
    """Turn a requested format (any case, ``None`` = ORIGINAL) into a ``ThumbnailFormat`` value."""
    if not value:
        return ThumbnailFormat.ORIGINAL
    try:
        return ThumbnailFormat(value.upper())
    except ValueError as exc:
        raise CatalogError(
            ProductErrorCode.INVALID, f"Unknown thumbnail format {value!r}.", field="format"
        ) from exc


def thumbnail_token_make(*, original_name: str) -> str:
    """Sign a storage name for the thumbnail view's URL, so it renders only images we stored."""
    return _token(original_name, settings.SECRET_KEY)


@lru_cache(maxsize=8192)
def _token(original_name: str, _secret_key: str) -> str:
    # The signature is deterministic (no timestamp), so a listing re-signs nothing it signed before;
    # the secret is part of the key so a changed SECRET_KEY never serves an old token.
    return signing.dumps(original_name, salt=_TOKEN_SALT, compress=True)


def thumbnail_token_read(*, token: str) -> str:
    """Return the storage name inside ``token``; raises ``signing.BadSignature`` when forged."""
    value = signing.loads(token, salt=_TOKEN_SALT)
    if not isinstance(value, str) or not value:
        raise signing.BadSignature("Thumbnail token does not hold a storage name.")
    return value


def thumbnail_get_or_create(*, original_name: str, size: int, format: str) -> Thumbnail:
    """Return the thumbnail of ``original_name``, rendering and storing it only the first time.

    Two workers racing on the same thumbnail may both render, but the unique constraint lets one
    row win; the loser deletes its file and returns the winner's. Raises ``CatalogError``
    (NOT_FOUND, INVALID_FILE_TYPE, INVALID) when there is nothing sensible to render.
    """
    if size not in THUMBNAIL_SIZES:
        raise CatalogError(ProductErrorCode.INVALID, f"Size must be one of {THUMBNAIL_SIZES}.", field="size")
    fmt = thumbnail_format_parse(format)
    lookup = {"original_name": original_name, "size": size, "format": fmt}
    existing = Thumbnail.objects.filter(**lookup).first()
    if existing is not None:
        return existing

    storage = _public_storage()
    rendered = _render(_read_original(storage, original_name), size=size, fmt=fmt)
    content = ContentFile(rendered.data)
    content.content_type = rendered.mime_type  # type: ignore[attr-defined]  # read by S3Storage
    stem, _ext = posixpath.splitext(original_name)
    stored_name = storage.save(f"thumbnails/{stem}-{size}.{rendered.extension}", content)
    try:
        with transaction.atomic():
            return Thumbnail.objects.create(image=stored_name, **lookup)
    except IntegrityError:
        storage.delete(stored_name)
        return Thumbnail.objects.get(**lookup)


def thumbnail_url(
    *, original_name: str, size: int | None, format: str | None, thumbnail: Thumbnail | None
) -> str:
    """Return an absolute URL for ``original_name`` at ``size``/``format`` without rendering anything.

    ``thumbnail`` is what ``thumbnails_for`` found for the snapped size and format (or ``None``).
    Size 0/``None`` is the original itself, whatever the format, as in Saleor.
    """
    storage = _public_storage()
    snapped = thumbnail_size_snap(size)
    if snapped == 0:
        return _absolute(storage.url(original_name))
    if thumbnail is not None:
        return _absolute(storage.url(thumbnail.image.name))
    path = reverse(
        "thumbnail",
        kwargs={
            "token": thumbnail_token_make(original_name=original_name),
            "size": snapped,
            "format": thumbnail_format_parse(format),
        },
    )
    return settings.PUBLIC_URL + path


def thumbnail_storage_url(*, thumbnail: Thumbnail) -> str:
    """Absolute public URL of a stored thumbnail (the view redirects here)."""
    return _absolute(_public_storage().url(thumbnail.image.name))


@dataclass(frozen=True)
class _Rendered:
    data: bytes
    mime_type: str
    extension: str


def _public_storage() -> Storage:
    return storages["default"]


def _absolute(url: str) -> str:
    # The file system storage answers "/media/..."; API clients need absolute URLs like S3's.
    return settings.PUBLIC_URL + url if url.startswith("/") else url


def _read_original(storage: Storage, original_name: str) -> bytes:
    try:
        with storage.open(original_name, "rb") as original:
            return original.read()
    except FileNotFoundError as exc:
        raise CatalogError(
            ProductErrorCode.NOT_FOUND, f"No stored image named {original_name!r}.", field="image"
        ) from exc


def _render(data: bytes, *, size: int, fmt: str) -> _Rendered:
    """Scale ``data`` to fit a ``size`` x ``size`` box (never upscaled, never cropped) in ``fmt``."""
    # Pillow only here: a server worker that never renders a thumbnail need not hold it in memory.
    from PIL import Image, ImageOps

    # Originals from other paths (maker portraits, category backgrounds) get the upload checks too:
    # allowed format, whole file, pixel cap against decompression bombs.
    source = media_inspect_image(io.BytesIO(data))
    out_format = source.format if fmt == ThumbnailFormat.ORIGINAL else str(fmt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[source.format]) as opened:
            opened.draft("RGB", (size, size))  # JPEG: decode at a reduced scale, much faster
            image = _rgb_or_rgba(ImageOps.exif_transpose(opened))
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    if out_format == "JPEG" and image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    buffer = io.BytesIO()
    image.save(buffer, format=out_format, **_SAVE_OPTIONS[out_format])
    mime_type, extension = IMAGE_FORMATS[out_format]
    return _Rendered(data=buffer.getvalue(), mime_type=mime_type, extension=extension)


def _rgb_or_rgba(image: Image.Image) -> Image.Image:
    # Palette and 16-bit images resample badly or not at all; every output encoder takes RGB(A).
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = "RGBA" if has_alpha else "RGB"
    return image if image.mode == target else image.convert(target)
