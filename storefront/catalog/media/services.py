"""Writes for product media: store a checked original, then pre-render its thumbnails off-request."""

from __future__ import annotations

import posixpath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from storefront.catalog.media.validation import media_validate_image
from storefront.catalog.models import Product, ProductMedia
from storefront.catalog.tasks import thumbnails_prerender
from storefront.core.images import image_reencode


def product_media_create(
    *, product: Product, file: Any, alt: str = "", prerender_thumbnails: bool = True
) -> ProductMedia:
    """Add an image to ``product``: validate it, store it, and queue its common thumbnails.

    Nothing is written when the file is refused (``CatalogError``). The stored name takes its
    extension from the decoded format, not from the uploaded name, so the object's content type
    on S3 is right. The original stored is drawn again from the upload's pixels (no GPS, no
    appended bytes). Thumbnails are queued in ``on_commit``: a rolled-back upload renders nothing.
    ``prerender_thumbnails=False`` leaves them to their first request (the demo loader, which
    would otherwise spend most of its time rendering thumbnails nobody may ask for).
    """
    image = media_validate_image(file=file)
    stem = slugify(posixpath.splitext(posixpath.basename(getattr(file, "name", "") or ""))[0])[:80]
    name = f"{stem or 'image'}.{image.extension}"
    content = ContentFile(image_reencode(file.read(), image_format=image.format), name=name)
    content.content_type = image.mime_type  # type: ignore[attr-defined]  # read by S3Storage
    media = ProductMedia(product=product, alt=alt, type=ProductMedia.MediaType.IMAGE)
    media.image.save(name, content, save=False)
    try:
        with transaction.atomic():
            last = ProductMedia.objects.filter(product=product).aggregate(last=Max("sort_order"))["last"]
            media.sort_order = 0 if last is None else last + 1
            media.save()
            original_name = media.image.name
            if prerender_thumbnails:
                transaction.on_commit(lambda: thumbnails_prerender.delay(original_name=original_name))
    except BaseException:
        media.image.storage.delete(media.image.name or "")  # no orphan file when the row is not written
        raise
    return media
