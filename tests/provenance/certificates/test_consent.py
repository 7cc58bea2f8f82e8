"""Withdrawing consent hides the portrait; signed certificates keep the name and say "unavailable"."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from provenance.certificates.error_codes import ProvenanceError
from provenance.certificates.services import LotPhotoUpload
from provenance.certificates.verification import certificate_verify
from provenance.origins.services import maker_consent_withdraw
from provenance.vc.results import CheckStatus

pytestmark = pytest.mark.django_db


def _portrait() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (90, 60, 30)).save(out, format="JPEG")
    return ContentFile(out.getvalue(), name="inaq.jpg")


def test_withdrawn_portrait_is_unavailable_not_forged(
    local_media,
    signing_key,
    variant,
    warehouse,
    origin,
    maker,
    django_capture_on_commit_callbacks,
    receive_lot,
):
    maker.portrait.save("inaq.jpg", _portrait())
    lot = receive_lot(code="LOT-CONSENT")
    credential = lot.units.get().certificate.credential
    (maker_claim,) = credential["credentialSubject"]["makers"]
    assert maker_claim["name"] == "Inaq Sumiati"
    assert maker_claim["portrait"]["digestMultibase"].startswith("u")
    media = certificate_verify(credential).checks_named("media")
    assert media and all(check.status is CheckStatus.PASSED for check in media)

    with django_capture_on_commit_callbacks(execute=True):
        maker_consent_withdraw(maker=maker)

    assert not any(local_media.rglob("inaq*.jpg"))
    report = certificate_verify(credential)
    assert report.verified
    assert [check.status for check in report.checks_named("media")] == [CheckStatus.UNAVAILABLE]
    fresh = receive_lot(code="LOT-CONSENT-2")
    assert "name" not in fresh.units.get().certificate.credential["credentialSubject"]["makers"][0]


def test_swapped_portrait_is_reported_as_failed(
    local_media, signing_key, variant, warehouse, origin, maker, receive_lot
):
    maker.portrait.save("inaq.jpg", _portrait())
    lot = receive_lot(code="LOT-SWAP")
    (local_media / maker.portrait.name).write_bytes(b"another picture")
    report = certificate_verify(lot.units.get().certificate.credential)
    assert [check.status for check in report.checks_named("media")] == [CheckStatus.FAILED]


def test_workshop_photos_are_signed_by_digest_and_lose_their_gps(
    local_media, signing_key, variant, warehouse, origin, maker, receive_lot
):
    photo = io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (8.0, 36.0, 47.0)})
    Image.new("RGB", (64, 48), (20, 120, 60)).save(photo, format="JPEG", exif=exif)
    lot = receive_lot(
        code="LOT-PHOTO",
        photos=[LotPhotoUpload(ContentFile(photo.getvalue(), name="hall.jpg"), "The weaving hall")],
    )
    (reference,) = lot.units.get().certificate.credential["credentialSubject"]["workshopPhotos"]
    assert reference["id"].startswith("http://127.0.0.1:8000/media/workshops/")
    stored = lot.photos.get()
    with stored.image.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif()
    report = certificate_verify(lot.units.get().certificate.credential)
    assert [check.status for check in report.checks_named("media")] == [CheckStatus.PASSED]


def test_a_lot_with_a_non_image_photo_is_refused_whole(
    local_media, signing_key, variant, warehouse, origin, maker, receive_lot
):
    from provenance.certificates.models import ProductionLot

    with pytest.raises(ProvenanceError) as refused:
        receive_lot(
            code="LOT-BADPHOTO", photos=[LotPhotoUpload(ContentFile(b"not an image", name="hall.jpg"))]
        )
    assert [(e.field, e.details) for e in refused.value.errors] == [("photos", {"photos": [0]})]
    assert not ProductionLot.objects.filter(code="LOT-BADPHOTO").exists()
