"""The sweep of orphan media: stored files under the media prefixes that no row references.

Files are written before their transaction commits (storage is not transactional). A block that
fails deletes its own files (``atomic_with_stored_files``), but a worker killed mid-request, a
rollback of an outer transaction, a failed delete after a commit or a cascade (a deleted product
takes its media rows, not their files) leaves a file nobody points at. Beat runs this sweep
(``storefront.catalog.media.tasks.media_orphans_delete``); it deletes such files once they are
older than ``MEDIA_ORPHAN_MIN_AGE_HOURS``, so an upload whose transaction is still open is never
taken.

What counts as a reference is found, not listed: every ``FileField``/``ImageField`` of every
installed model that stores on the default storage (product media, maker portraits, category and
collection backgrounds, workshop photos, thumbnails, and any field added later), and the prefixes
swept are those fields' ``upload_to`` folders. A new field is therefore protected the day it is
added, and files elsewhere on the storage (the demo's shared pictures, anything not uploaded
through a model) are never looked at. The lookup needs no import of the packages above the
catalogue (workshop photos belong to ``provenance.certificates``).
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import Storage, default_storage, storages
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class MediaReference:
    """A model field whose values are storage names on the default storage."""

    model: type[models.Model]
    field: str
    prefix: str


def media_references() -> list[MediaReference]:
    """Every file field of an installed model that stores on the default storage."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and field.storage is default_storage:
                prefix = field.upload_to if isinstance(field.upload_to, str) else ""
                found.append(MediaReference(model=model, field=field.name, prefix=prefix))
    return found


def media_orphans_delete(*, older_than: timedelta, now: datetime | None = None) -> list[str]:
    """Delete the files under the media prefixes that no row references and that are older than
    ``older_than``; return their names. A file that cannot be read or deleted is logged and kept."""
    storage = storages["default"]
    references = media_references()
    cutoff = (now or timezone.now()) - older_than
    prefixes = sorted({ref.prefix for ref in references if ref.prefix.strip("/")})
    deleted: list[str] = []
    for prefix in _outermost(prefixes):
        batch: list[str] = []
        for name in _walk(storage, prefix):
            batch.append(name)
            if len(batch) >= BATCH:
                deleted += _sweep(storage, batch, references, cutoff)
                batch = []
        deleted += _sweep(storage, batch, references, cutoff)
    if deleted:
        logger.info("Deleted %d orphan media files", len(deleted))
    return deleted


def _outermost(prefixes: list[str]) -> list[str]:
    """``makers/portraits/`` and ``makers/`` need one walk: keep the outer folder only."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):
        folder = prefix if prefix.endswith("/") else prefix + "/"
        if not any(folder.startswith(outer) for outer in kept):
            kept.append(folder)
    return kept


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        directories, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for file in files:
        yield posixpath.join(folder, file)
    for directory in directories:
        yield from _walk(storage, posixpath.join(folder, directory) + "/")


def _sweep(
    storage: Storage, names: list[str], references: list[MediaReference], cutoff: datetime
) -> list[str]:
    if not names:
        return []
    referenced: set[str] = set()
    for ref in references:
        rows = ref.model._default_manager.filter(**{f"{ref.field}__in": names})
        referenced.update(str(value) for value in rows.values_list(ref.field, flat=True))
    deleted = []
    for name in names:
        if name in referenced:
            continue
        try:
            if storage.get_modified_time(name) >= cutoff:
                continue  # maybe an upload whose transaction has not committed yet
            storage.delete(name)
        except Exception:
            logger.exception("Could not sweep the orphan media file %s", name)
            continue
        deleted.append(name)
    return deleted
