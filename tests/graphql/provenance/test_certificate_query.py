"""``certificate(serial)``: what a buyer sees of a piece's signed certificate, and what stays private."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from provenance.certificates.claims import ownership_claim_attempt, unit_initial_claim_secret
from provenance.certificates.services import LotPhotoUpload, MakerRole, lot_receive
from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db

CERTIFICATE = """
query Certificate($serial: String!) {
  certificate(serial: $serial) {
    serial checkCode issuedAt credential status issuer verificationMethod
    url qrSvgUrl tagPdfUrl
    productName variantName lot hsCode motif
    makers { id name role portraitUrl }
    origin { village district regency province country latitude longitude }
    producerGroup { name kind registrationNumber }
    materials { name originArea }
    techniques { name }
    productionPeriod { startDate endDate }
    custody { type occurredAt country }
    claims { type occurredAt country }
  }
}
"""


def test_certificate_shows_the_signed_claims_of_the_piece(call, unit):
    result = call(CERTIFICATE, {"serial": unit.serial})

    assert "errors" not in result, result
    data = result["data"]["certificate"]
    certificate = unit.certificate
    assert data["serial"] == unit.serial
    assert data["checkCode"] == certificate.check_code
    assert data["credential"] == certificate.credential
    assert data["status"] == "VALID"
    assert data["issuer"] == "did:web:localhost"
    assert data["verificationMethod"] == certificate.credential["proof"]["verificationMethod"]
    assert data["url"].endswith(f"/p/{unit.serial}")
    assert data["qrSvgUrl"].endswith(f"/p/{unit.serial}/qr.svg")
    assert data["tagPdfUrl"].endswith(f"/p/{unit.serial}/tag.pdf")
    assert data["productName"] == "Bamboo rice basket"
    assert data["variantName"] == "Medium"
    assert data["lot"] == "LOT-LYK-001" and data["hsCode"] == "4602" and data["motif"] == "Kembang"
    assert [(m["name"], m["role"]) for m in data["makers"]] == [("Inaq Sumiati", "weaver")]
    assert data["makers"][0]["id"].startswith("urn:uuid:")
    assert data["origin"] == {
        "village": "Loyok",
        "district": "Sikur",
        "regency": "Lombok Timur",
        "province": "Nusa Tenggara Barat",
        "country": "ID",
        "latitude": -8.613,
        "longitude": 116.466,
    }
    assert data["producerGroup"] == {
        "name": "BUMDes Desa Loyok",
        "kind": "BUMDES",
        "registrationNumber": "DEMO-0001",
    }
    assert data["productionPeriod"] == {"startDate": "2026-10-01", "endDate": "2026-10-20"}
    assert [e["type"] for e in data["custody"]] == ["PRODUCED", "CERTIFIED"]
    assert data["custody"][0]["country"] == "ID"
    assert data["claims"] == []


def test_serial_is_matched_whatever_its_case(call, unit):
    result = call(CERTIFICATE, {"serial": f" {unit.serial.lower()} "})

    assert result["data"]["certificate"]["serial"] == unit.serial


def test_unknown_serial_gives_null(call, db):
    result = call(CERTIFICATE, {"serial": "ASL-NOPE0-NOPE0"})

    assert "errors" not in result
    assert result["data"]["certificate"] is None


def test_revoked_certificate_is_shown_as_revoked_and_its_reason_only_to_staff(call, unit, staff):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Cracked in the kiln")
    query = "query($s: String!) { certificate(serial: $s) { status revocationReason } }"

    public = call(query, {"s": unit.serial})
    staff_view = call(query, {"s": unit.serial}, user=staff)

    assert public["data"]["certificate"] == {"status": "REVOKED", "revocationReason": None}
    assert "errors" not in public
    assert staff_view["data"]["certificate"] == {
        "status": "REVOKED",
        "revocationReason": "Cracked in the kiln",
    }


def test_claims_history_shows_type_date_and_country_but_never_the_claimant(call, unit, remote_addr):
    ownership_claim_attempt(
        actor=Actor.system(),
        serial=unit.serial,
        secret=unit_initial_claim_secret(actor=Actor.system(), unit=unit),
        ip_address=remote_addr,
        claimant_name="Ms Private",
        claimant_email="private@example.com",
        country="NL",
    )

    result = call(CERTIFICATE, {"serial": unit.serial})

    data = result["data"]["certificate"]
    assert [(c["type"], c["country"]) for c in data["claims"]] == [("OWNERSHIP_CLAIMED", "NL")]
    assert data["custody"][-1]["type"] == "OWNERSHIP_CLAIMED"
    body = str(result)
    assert "private@example.com" not in body and "Ms Private" not in body


def test_names_are_given_in_the_language_asked_for_when_signed_in_it(call, unit):
    query = """query($s: String!) { certificate(serial: $s) {
        en: productName id: productName(languageCode: ID) materials { name(languageCode: ID) } } }"""

    data = call(query, {"s": unit.serial})["data"]["certificate"]

    # The fixture's product has no Indonesian name: the signed English one is shown.
    assert data["en"] == data["id"] == "Bamboo rice basket"


def test_did_document_lists_the_signing_key(call, signing_key):
    result = call("{ didDocument }")

    document = result["data"]["didDocument"]
    assert document["id"] == "did:web:localhost"
    assert document["assertionMethod"] == [f"did:web:localhost#{signing_key.key_id}"]


def test_a_suspension_reason_is_staff_only_too(call, unit, staff):
    certificate_suspend(
        actor=Actor.system(), certificate=unit.certificate, reason="Maker record under review"
    )
    query = "query($s: String!) { certificate(serial: $s) { status suspensionReason } }"

    public = call(query, {"s": unit.serial})["data"]["certificate"]
    staff_view = call(query, {"s": unit.serial}, user=staff)["data"]["certificate"]

    assert public == {"status": "SUSPENDED", "suspensionReason": None}
    assert staff_view == {"status": "SUSPENDED", "suspensionReason": "Maker record under review"}


def _receive_one(variant, warehouse, origin, maker, code: str) -> str:
    lot = lot_receive(
        actor=Actor.system(),
        code=code,
        variant=variant,
        warehouse=warehouse,
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 2),
    )
    return lot.units.get().serial


def test_with_a_gtin_the_url_is_the_signed_gs1_digital_link(
    call, signing_key, variant, warehouse, origin, maker
):
    variant.gtin = "8991234567895"
    variant.save(update_fields=["gtin"])
    serial = _receive_one(variant, warehouse, origin, maker, "LOT-GTIN")

    data = call("query($s: String!) { certificate(serial: $s) { url credential } }", {"s": serial})

    certificate = data["data"]["certificate"]
    assert certificate["url"].endswith(f"/01/08991234567895/21/{serial}")
    assert certificate["url"] == certificate["credential"]["credentialSubject"]["id"]


def test_signed_dimensions_and_weight_are_shown(call, signing_key, variant, warehouse, origin, maker):
    variant.length_cm, variant.width_cm, variant.weight_kg = Decimal("32.5"), Decimal("20"), Decimal("0.45")
    variant.save(update_fields=["length_cm", "width_cm", "weight_kg"])
    serial = _receive_one(variant, warehouse, origin, maker, "LOT-SIZES")
    query = """query($s: String!) { certificate(serial: $s) {
        measurements { lengthCm widthCm heightCm weightKg } photo { url } workshopPhotos { url } } }"""

    certificate = call(query, {"s": serial})["data"]["certificate"]

    assert certificate["measurements"] == {
        "lengthCm": 32.5,
        "widthCm": 20.0,
        "heightCm": None,
        "weightKg": 0.45,
    }
    assert certificate["photo"] is None and certificate["workshopPhotos"] == []


def test_workshop_photos_are_shown_with_their_signed_digests(
    call, settings, tmp_path, signing_key, variant, warehouse, origin, maker
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": "/media/"},
        },
    }
    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(photo, format="JPEG")
    lot = lot_receive(
        actor=Actor.system(),
        code="LOT-PHOTO-API",
        variant=variant,
        warehouse=warehouse,
        quantity=1,
        origin=origin,
        makers=[MakerRole(maker=maker, role="weaver")],
        production_started_on=datetime.date(2026, 10, 1),
        production_finished_on=datetime.date(2026, 10, 2),
        photos=[LotPhotoUpload(ContentFile(photo.getvalue(), name="hall.jpg"), "The weaving hall")],
    )
    unit = lot.units.get()
    query = "query($s: String!) { certificate(serial: $s) { workshopPhotos { url digestMultibase } } }"

    photos = call(query, {"s": unit.serial})["data"]["certificate"]["workshopPhotos"]

    (signed,) = unit.certificate.credential["credentialSubject"]["workshopPhotos"]
    assert photos == [{"url": signed["id"], "digestMultibase": signed["digestMultibase"]}]
    assert "/media/workshops/" in photos[0]["url"]
