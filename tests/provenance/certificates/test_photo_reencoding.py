"""Workshop photos of a lot are stored drawn again from their pixels: no GPS in EXIF or XMP, no
comment, no IPTC, no script appended to the file, whatever the format the phone wrote.

The re-encoding itself is the kernel's (``tests/storefront/core/test_images.py``); this checks that
lot receipt stores its result, and that the certificate signs the bytes actually stored.
"""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.base import ContentFile

from provenance.certificates.services import LotPhotoUpload
from provenance.certificates.verification import certificate_verify
from provenance.vc.results import CheckStatus
from tests.storefront.core.crafted_images import LEAKS, crafted_photo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_workshop_photo_is_stored_with_nothing_but_its_picture(
    fmt, local_media, signing_key, variant, warehouse, origin, maker, receive_lot
):
    upload = crafted_photo(fmt)

    lot = receive_lot(
        code=f"LOT-CRAFTED-{fmt}",
        photos=[LotPhotoUpload(ContentFile(upload, name="hall.bin"), "The weaving hall")],
    )

    stored = (local_media / lot.photos.get().image.name).read_bytes()
    assert [leak for leak in LEAKS if leak in stored] == []
    assert hashlib.sha256(stored).digest() != hashlib.sha256(upload).digest()
    report = certificate_verify(lot.units.get().certificate.credential)
    assert [check.status for check in report.checks_named("media")] == [CheckStatus.PASSED]
