"""A transaction that takes back the files it stored when it rolls back.

Storage (the file system, S3) is not part of the database transaction: a file saved before
the transaction fails would stay behind, public and referenced by nothing. ``on_commit``
cannot help (it runs only on success), so the block itself deletes what it stored when it
raises::

    with atomic_with_stored_files() as stored:
        stored.save(photo.image, "hall.jpg", ContentFile(data))   # written now
        photo.save()
        ...                                                      # anything raising here
    # -> the transaction rolled back and hall.jpg is gone again

The files are deleted when *this* block raises. When it runs inside an outer transaction
that rolls back later, after the block succeeded, the files stay (an orphan: no row refers to
it); the services that store files own their transaction, so that does not happen on their
usual paths, and the catalogue's periodic sweep (``storefront.catalog.media.orphans``) deletes
whatever is left. It lives in the kernel so the catalogue and provenance share it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)


class StoredFiles:
    """The files saved during one block, to delete again if it fails."""

    def __init__(self) -> None:
        self._saved: list[tuple[Storage, str]] = []

    def save(self, field_file: FieldFile, name: str, content: File) -> str:
        """Save ``content`` through ``field_file`` (without saving its model) and remember it."""
        field_file.save(name, content, save=False)
        stored_name = str(field_file.name)
        self._saved.append((field_file.storage, stored_name))
        return stored_name

    @property
    def names(self) -> list[str]:
        return [name for _storage, name in self._saved]

    def delete_all(self) -> None:
        """Delete every remembered file; a file that cannot be deleted is logged, not raised."""
        for storage, name in reversed(self._saved):
            try:
                storage.delete(name)
            except Exception:  # the original failure matters more than a leftover file
                logger.exception("Could not delete %s after a rolled back transaction", name)
        self._saved.clear()


@contextmanager
def atomic_with_stored_files(using: str | None = None) -> Iterator[StoredFiles]:
    """``transaction.atomic()`` that also deletes the files stored through it when it rolls back."""
    stored = StoredFiles()
    try:
        with transaction.atomic(using=using):
            yield stored
    except BaseException:
        stored.delete_all()
        raise
