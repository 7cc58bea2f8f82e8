"""Turning an accepted upload into the file the shop stores, and letting go of replaced files.

Every public original (product media, maker portraits, category and collection backgrounds) is
checked (``media_validate_image``), drawn again from its pixels (``image_reencode``: no EXIF, no
GPS, no bytes after the image, orientation applied) and stored under a random name with the
extension and content type of its real format: the uploaded name says nothing about the file,
and a random name cannot be guessed from a product's or maker's name.

Files are written through ``StoredFiles`` inside ``atomic_with_stored_files`` by the services, so
a transaction that fails after storing deletes them again; files a committed change no longer
references (a replaced portrait, a deleted photo, their thumbnails) are deleted after the commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

from storefront.catalog.media.validation import media_validate_image
from storefront.catalog.models import Thumbnail
from storefront.core.images import image_reencode
from storefront.core.stored_files import StoredFiles

logger = logging.getLogger(__name__)


def media_content_prepare(*, file: Any) -> ContentFile[bytes]:
    """Check ``file`` and return the clean copy to store, named ``<random>.<real extension>``.

    Raises ``CatalogError`` (``image`` field) when the file is refused; writes nothing.
    """
    image = media_validate_image(file=file)
    data = image_reencode(file.read(), image_format=image.format)
    content = ContentFile(data, name=f"{uuid.uuid4().hex}.{image.extension}")
    content.content_type = image.mime_type  # type: ignore[attr-defined]  # read by S3Storage
    return content


def media_content_store(*, stored: StoredFiles, field_file: FieldFile, content: ContentFile[bytes]) -> str:
    """Store ``content`` through ``field_file`` (its ``upload_to`` prefix) and return the storage name."""
    return stored.save(field_file, str(content.name), content)


def thumbnails_prerender_on_commit(original_name: str) -> None:
    """Queue the common thumbnails of a new original once its transaction commits."""
    # Imported here: ``storefront.catalog.tasks`` imports this package (the thumbnail service).
    from storefront.catalog.tasks import thumbnails_prerender

    transaction.on_commit(lambda: thumbnails_prerender.delay(original_name=original_name))


def media_files_release(*, storage: Storage, names: Iterable[str]) -> None:
    """Forget originals no row will reference once the current transaction commits.

    Their thumbnails' rows go now (inside the transaction); the files (originals and thumbnails)
    are deleted after the commit, so a rollback keeps everything as it was.
    """
    originals = [name for name in names if name]
    if not originals:
        return
    thumbnails = Thumbnail.objects.filter(original_name__in=originals)
    files = [*originals, *(str(name) for name in thumbnails.values_list("image", flat=True))]
    thumbnails.delete()
    transaction.on_commit(lambda: _files_delete(storage, files))


def _files_delete(storage: Storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the change is committed; a leftover file is the orphan sweep's
            logger.exception("Could not delete the released file %s", name)
