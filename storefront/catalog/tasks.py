"""Celery tasks of the catalogue: thin wrappers over its services."""

from __future__ import annotations

import logging

from storefront.catalog.error_codes import CatalogError
from storefront.catalog.media.thumbnails import PRERENDERED, thumbnail_get_or_create
from storefront.core.tasks import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def thumbnails_prerender(*, original_name: str) -> None:
    """Render the thumbnails storefronts ask for most, so their first visitors get files, not renders."""
    for size, fmt in PRERENDERED:
        try:
            thumbnail_get_or_create(original_name=original_name, size=size, format=fmt)
        except CatalogError as exc:
            # The image was deleted or is unreadable since the upload: nothing to retry.
            logger.warning("Thumbnails of %s not rendered: %s", original_name, exc.message)
            return
