"""Lot receipt checks the whole input first and reports every problem at once, writing nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from provenance.certificates.error_codes import ProvenanceError
from provenance.certificates.models import LotPhoto, ProductionLot
from provenance.certificates.services import MAX_LOT_PHOTOS, LotPhotoUpload, MakerRole
from provenance.origins.models import Maker
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(maker) -> Maker:
    return Maker.objects.create(display_name="Amaq Rudi", slug="amaq-rudi", origin=maker.origin)


def _jpeg() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(out, format="JPEG")
    return ContentFile(out.getvalue(), name="hall.jpg")


def _refusal(receive_lot, **overrides) -> list[tuple[str | None, str, dict]]:
    with pytest.raises(ProvenanceError) as refused:
        receive_lot(**overrides)
    return [(error.field, error.code, error.details) for error in refused.value.errors]


def _nothing_written() -> bool:
    return not (
        ProductionLot.objects.exists()
        or LotPhoto.objects.exists()
        or Stock.objects.exists()
        or AuditLogEntry.objects.exists()
    )


def test_every_problem_is_reported_at_once_and_nothing_is_written(receive_lot, maker, stranger):
    problems = _refusal(
        receive_lot,
        code="L" * 65,
        quantity=2,
        makers=[MakerRole(maker=maker, role="weaver")] * 2,
        unit_makers=[stranger, None],
        motif="m" * 256,
    )

    assert problems == [
        ("code", "INVALID", {}),
        ("motif", "INVALID", {}),
        ("makers", "INVALID", {"makers": [maker]}),
        ("unit_makers", "INVALID", {"makers": [stranger]}),
    ]
    assert _nothing_written()


def test_a_check_that_depends_on_a_wrong_field_is_skipped(receive_lot, maker):
    problems = _refusal(receive_lot, code="LOT-1", quantity=0, unit_makers=[maker, None])

    assert [(field, code) for field, code, _ in problems] == [("quantity", "INVALID")]


def test_a_role_too_long_names_its_maker(receive_lot, maker):
    problems = _refusal(receive_lot, code="LOT-1", makers=[MakerRole(maker=maker, role="r" * 65)])

    assert problems == [("makers", "INVALID", {"makers": [maker]})]


def test_a_production_period_is_wrong_once_even_when_two_rules_fail(receive_lot):
    problems = _refusal(
        receive_lot,
        code="LOT-1",
        production_started_on=datetime.date(2999, 1, 2),
        production_finished_on=datetime.date(2999, 1, 1),
    )

    assert [(field, code) for field, code, _ in problems] == [("production_period", "INVALID")]


def test_texts_are_stored_without_surrounding_blanks(receive_lot, maker):
    lot = receive_lot(
        code=" LOT-TRIM ",
        motif=" Kembang ",
        workshop=" Hall ",
        notes=" dry ",
        makers=[MakerRole(maker=maker, role=" weaver ")],
    )

    assert (lot.code, lot.motif, lot.workshop, lot.notes) == ("LOT-TRIM", "Kembang", "Hall", "dry")
    assert list(lot.lot_makers.values_list("role", flat=True)) == ["weaver"]


def test_each_refused_photo_is_named_by_its_position(receive_lot, local_media):
    photos = [
        LotPhotoUpload(_jpeg(), "fine"),
        LotPhotoUpload(ContentFile(b"not an image", name="a.jpg")),
        LotPhotoUpload(_jpeg(), "c" * 256),
    ]

    problems = _refusal(receive_lot, code="LOT-1", photos=photos)

    assert [(field, details) for field, _code, details in problems] == [
        ("photos", {"photos": [1]}),
        ("photos", {"photos": [2]}),
    ]
    assert not [path for path in local_media.rglob("*") if path.is_file()]


def test_too_many_photos_are_refused_before_any_is_decoded(receive_lot):
    photos = [LotPhotoUpload(ContentFile(b"never read", name=f"{i}.jpg")) for i in range(MAX_LOT_PHOTOS + 1)]

    problems = _refusal(receive_lot, code="LOT-1", photos=photos)

    assert problems == [("photos", "INVALID", {})]


def test_captions_are_stored_trimmed(receive_lot, local_media):
    lot = receive_lot(code="LOT-CAPTION", photos=[LotPhotoUpload(_jpeg(), "  The weaving hall  ")])

    assert lot.photos.get().caption == "The weaving hall"
