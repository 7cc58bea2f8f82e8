"""Files stored inside a transaction are deleted again when it rolls back (stored_files.py)."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import Image

from provenance.certificates import services
from provenance.certificates.models import LotPhoto, ProductionLot, Unit
from provenance.certificates.services import LotPhotoUpload
from provenance.certificates.stored_files import atomic_with_stored_files
from storefront.accounts.models import AuditLogEntry
from storefront.channels.models import Channel

pytestmark = pytest.mark.django_db


def _files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_block_that_raises_deletes_what_it_stored_and_rolls_back(local_media):
    with pytest.raises(RuntimeError), atomic_with_stored_files() as stored:
        stored.save(LotPhoto().image, "hall.jpg", ContentFile(b"bytes"))
        Channel.objects.create(name="USD", slug="files-usd", currency_code="USD", default_country="US")
        assert _files(local_media) == ["workshops/hall.jpg"]
        raise RuntimeError("signing failed")

    assert _files(local_media) == []
    assert not Channel.objects.filter(slug="files-usd").exists()


def test_a_block_that_commits_keeps_its_files(local_media):
    with atomic_with_stored_files() as stored:
        name = stored.save(LotPhoto().image, "hall.jpg", ContentFile(b"bytes"))

    assert _files(local_media) == [name]


def test_a_file_that_cannot_be_deleted_is_logged_and_the_original_error_raised(
    local_media, monkeypatch, caplog
):
    def refuse(self, name):
        raise OSError("read-only")

    monkeypatch.setattr(FileSystemStorage, "delete", refuse)
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(RuntimeError, match="signing failed"),
        atomic_with_stored_files() as stored,
    ):
        stored.save(LotPhoto().image, "hall.jpg", ContentFile(b"bytes"))
        raise RuntimeError("signing failed")

    assert "workshops/hall.jpg" in caplog.text
    assert _files(local_media) == ["workshops/hall.jpg"]


def test_a_lot_that_fails_after_its_photos_were_stored_leaves_no_file(receive_lot, local_media, monkeypatch):
    """The receipt stores its photos, signs its units, then fails at the very end."""

    def stock_fails(**_kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "stock_increase", stock_fails)
    photo = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(photo, format="JPEG")

    with pytest.raises(RuntimeError):
        receive_lot(
            code="LOT-ROLLBACK", photos=[LotPhotoUpload(ContentFile(photo.getvalue(), name="hall.jpg"))]
        )

    assert _files(local_media) == []
    assert not ProductionLot.objects.exists() and not Unit.objects.exists()
    assert not AuditLogEntry.objects.exists()
