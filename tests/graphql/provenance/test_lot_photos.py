"""Workshop photos sent with ``productionLotReceive`` as GraphQL multipart requests (Saleor's ``Upload``).

Every request here is a real multipart body (``operations`` + ``map`` + file parts) posted with
Django's test client, so the view's multipart parsing and its CSRF guard are exercised too.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from graphql import build_schema
from PIL import Image

from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema
from graphql_schema.views import MULTIPART_NEEDS_BEARER, MULTIPART_NEEDS_VALID_TOKEN
from provenance.certificates.models import LotPhoto, OriginCertificate, ProductionLot, Unit
from provenance.certificates.verification import certificate_verify
from provenance.vc.multibase import digest_multibase
from provenance.vc.results import CheckStatus
from storefront.accounts.models import AuditLogEntry
from storefront.inventory.models import Stock
from tests.graphql.provenance.helpers import denied
from tests.storefront.accounts.factories import bearer

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
PHOTO_PATH = "variables.input.photos.{}.image"

RECEIVE = """
mutation Receive($input: ProductionLotReceiveInput!) {
  productionLotReceive(input: $input) {
    lot {
      code
      photos { url caption }
      units { serial certificate { workshopPhotos { url digestMultibase } } }
    }
    errors { field code message photos }
  }
}
"""


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """Public media in a fresh directory for this test (STORAGES names its location explicitly)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": "/media/"},
        },
    }
    return root


@pytest.fixture
def lot_input(signing_key, variant, warehouse, origin, maker) -> dict[str, Any]:
    return {
        "code": "LOT-PHOTO-001",
        "variant": to_global_id("ProductVariant", variant.pk),
        "warehouse": to_global_id("Warehouse", warehouse.pk),
        "quantity": 2,
        "origin": to_global_id("Origin", origin.pk),
        "makers": [{"maker": to_global_id("Maker", maker.pk), "role": "weaver"}],
        "productionStartedOn": "2026-10-01",
        "productionFinishedOn": "2026-10-20",
    }


def _jpeg_with_gps() -> bytes:
    """A phone photo: GPS of the maker's home and the device in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (8.0, 36.0, 47.0), 3: "E", 4: (116.0, 27.0, 58.0)})
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _post(
    client: Client,
    lot_input: dict[str, Any],
    files: list[tuple[SimpleUploadedFile, str | None]],
    *,
    headers: dict[str, str],
    file_map: Any = None,
):
    """POST ``productionLotReceive`` as a multipart request with one file part per photo."""
    variables = {"input": {**lot_input, "photos": [{"image": None, "caption": c} for _f, c in files]}}
    parts: dict[str, Any] = {str(i): upload for i, (upload, _caption) in enumerate(files)}
    if file_map is None:
        file_map = {str(i): [PHOTO_PATH.format(i)] for i in range(len(files))}
    return client.post(
        "/graphql/",
        data={
            "operations": json.dumps({"query": RECEIVE, "variables": variables}),
            "map": json.dumps(file_map),
            **parts,
        },
        headers=headers,
    )


def _nothing_written(media_root: Path) -> bool:
    return (
        not ProductionLot.objects.exists()
        and not Unit.objects.exists()
        and not OriginCertificate.objects.exists()
        and not LotPhoto.objects.exists()
        and sum(Stock.objects.values_list("quantity", flat=True)) == 0
        and not AuditLogEntry.objects.filter(action="production_lot.received").exists()
        and not [path for path in media_root.rglob("*") if path.is_file()]
    )


def test_photo_is_stored_without_exif_and_signed_into_every_certificate(
    client, settings, staff, lot_input, media_root
):
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = _post(client, lot_input, [(upload, " The weaving hall ")], headers=bearer(staff))

    assert response.status_code == 200, response.content
    payload = response.json()["data"]["productionLotReceive"]
    assert payload["errors"] == []
    photo = LotPhoto.objects.get(lot__code="LOT-PHOTO-001")
    stored = (media_root / photo.image.name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()  # no GPS, no device: nothing of the phone's metadata is kept
        assert image.size == (64, 48)
    (shown,) = payload["lot"]["photos"]
    assert shown["caption"] == "The weaving hall"
    assert shown["url"] == f"{settings.PUBLIC_URL}/media/{photo.image.name}"
    signed = {"url": shown["url"], "digestMultibase": digest_multibase(stored)}
    units = payload["lot"]["units"]
    assert len(units) == 2
    assert all(u["certificate"]["workshopPhotos"] == [signed] for u in units)
    for unit in Unit.objects.filter(lot__code="LOT-PHOTO-001").select_related("certificate"):
        assert unit.certificate.credential["credentialSubject"]["workshopPhotos"] == [
            {"id": signed["url"], "digestMultibase": signed["digestMultibase"]}
        ]
        report = certificate_verify(unit.certificate.credential)
        media = [check for check in report.checks if check.name == "media"]
        assert report.verified is True
        assert [(c.status, c.target) for c in media] == [(CheckStatus.PASSED, signed["url"])]


def test_photos_keep_their_order_and_captions(client, staff, lot_input, media_root):
    photos = [
        (SimpleUploadedFile(f"p{i}.jpg", _jpeg_with_gps(), content_type="image/jpeg"), caption)
        for i, caption in enumerate(["Splitting bamboo", None])
    ]

    payload = _post(client, lot_input, photos, headers=bearer(staff)).json()["data"]["productionLotReceive"]

    assert payload["errors"] == []
    assert [p["caption"] for p in payload["lot"]["photos"]] == ["Splitting bamboo", ""]
    assert len(payload["lot"]["units"][0]["certificate"]["workshopPhotos"]) == 2


@pytest.mark.parametrize("content_type", ["image/jpeg", "text/plain"])
def test_a_text_file_named_jpg_is_refused_and_nothing_is_written(
    client, staff, lot_input, media_root, content_type
):
    fake = SimpleUploadedFile("hall.jpg", b"just some words, not a photo", content_type=content_type)
    good = SimpleUploadedFile("good.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = _post(client, lot_input, [(good, None), (fake, "Fake")], headers=bearer(staff))

    payload = response.json()["data"]["productionLotReceive"]
    assert payload["lot"] is None
    (error,) = payload["errors"]
    assert (error["field"], error["code"], error["photos"]) == ("photos", "INVALID", [1])
    assert "JPEG" in error["message"]  # the catalogue's explanation is passed on
    assert _nothing_written(media_root)


def test_multipart_without_a_bearer_token_is_refused_before_parsing(client, lot_input, media_root):
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    # What a cross-site HTML form can send: multipart, cookies (none used here), no Authorization.
    response = _post(client, lot_input, [(upload, None)], headers={})

    assert response.status_code == 403
    assert response.content.decode() == MULTIPART_NEEDS_BEARER
    assert _nothing_written(media_root)


def test_a_basic_auth_header_does_not_pass_the_multipart_guard(client, lot_input, media_root):
    """Browsers replay Basic credentials (a password-protected staging site) on cross-site posts."""
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = _post(client, lot_input, [(upload, None)], headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert response.status_code == 403
    assert _nothing_written(media_root)


def test_an_unknown_token_is_refused_before_the_body_is_read(client, lot_input, media_root):
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    with mock.patch.object(MultiPartParser, "parse") as parse:
        response = _post(client, lot_input, [(upload, None)], headers=bearer("not-a-real-token"))

    assert response.status_code == 403
    assert response.content.decode() == MULTIPART_NEEDS_VALID_TOKEN
    parse.assert_not_called()
    assert _nothing_written(media_root)


def test_staff_without_a_provenance_permission_are_denied(client, product_staff, lot_input, media_root):
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    result = _post(client, lot_input, [(upload, None)], headers=bearer(product_staff)).json()

    assert denied(result)
    assert _nothing_written(media_root)


@pytest.mark.parametrize(
    "file_map",
    [
        ["variables.input.photos.0.image"],  # not an object
        {"0": ["variables.input.photos.7.image"]},  # no such photo
        {"0": ["variables.input.code.first"]},  # through a string
        {"1": ["variables.input.photos.0.image"]},  # no such file part
    ],
)
def test_a_map_that_does_not_match_the_operations_is_a_400(client, staff, lot_input, media_root, file_map):
    upload = SimpleUploadedFile("hall.jpg", _jpeg_with_gps(), content_type="image/jpeg")

    response = _post(client, lot_input, [(upload, None)], headers=bearer(staff), file_map=file_map)

    assert response.status_code == 400
    assert _nothing_written(media_root)


def test_a_string_in_place_of_an_upload_is_a_graphql_error(client, staff, lot_input, media_root):
    """A JSON request cannot smuggle a path or text where a file part belongs."""
    variables = {"input": {**lot_input, "photos": [{"image": "/etc/passwd"}]}}

    response = client.post(
        "/graphql/",
        data=json.dumps({"query": RECEIVE, "variables": variables}),
        content_type="application/json",
        headers=bearer(staff),
    )

    errors = response.json()["errors"]
    assert "multipart" in errors[0]["message"]
    assert _nothing_written(media_root)


def test_a_caption_too_long_is_refused_on_its_photo(client, staff, lot_input, media_root):
    photos = [
        (SimpleUploadedFile(f"p{i}.jpg", _jpeg_with_gps(), content_type="image/jpeg"), caption)
        for i, caption in enumerate(["Splitting bamboo", "c" * 256])
    ]

    payload = _post(client, lot_input, photos, headers=bearer(staff)).json()["data"]["productionLotReceive"]

    assert [(e["field"], e["photos"]) for e in payload["errors"]] == [("photos", [1])]
    assert _nothing_written(media_root)


def test_too_many_photos_are_refused(client, staff, lot_input, media_root):
    photos = [
        (SimpleUploadedFile(f"p{i}.jpg", _jpeg_with_gps(), content_type="image/jpeg"), None)
        for i in range(11)
    ]

    payload = _post(client, lot_input, photos, headers=bearer(staff)).json()["data"]["productionLotReceive"]

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("photos", "INVALID")]
    assert _nothing_written(media_root)


def test_upload_scalar_is_named_and_described_as_in_saleor():
    # Saleor's SDL, as copied into tests/graphql/compat (see its first line for the source).
    saleor_sdl = Path(__file__).parents[1] / "compat" / "saleor-schema.graphql"
    saleor_upload = build_schema(saleor_sdl.read_text()).type_map["Upload"]

    asal_upload = schema._schema.type_map["Upload"]

    assert asal_upload.description == saleor_upload.description
