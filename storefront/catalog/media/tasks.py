"""Celery tasks of the media: the periodic sweep of orphan files (a thin wrapper)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from storefront.catalog.media.orphans import media_orphans_delete
from storefront.core.tasks import shared_task


@shared_task(ignore_result=True)
def media_orphans_sweep() -> int:
    """Delete stored media no row references, older than ``MEDIA_ORPHAN_MIN_AGE_HOURS``."""
    older_than = timedelta(hours=settings.MEDIA_ORPHAN_MIN_AGE_HOURS)
    return len(media_orphans_delete(older_than=older_than))
