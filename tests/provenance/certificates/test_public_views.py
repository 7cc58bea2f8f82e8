"""The public page, the DID document, status lists, the context and printable tags."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image, ImageDraw

from provenance.certificates.claims import unit_initial_claim_secret
from provenance.certificates.status_changes import certificate_revoke
from provenance.certificates.tags import tag_content, tag_qr_svg
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(received):
    return received.units.first()


def test_page_shows_maker_village_and_a_valid_signature(client, unit):
    response = client.get(f"/p/{unit.serial}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Inaq Sumiati" in body and "Loyok" in body and "-8.613" in body
    assert 'class="verdict good"' in body
    assert "Certificate of origin" in body


def test_page_speaks_indonesian(client, unit):
    body = client.get(f"/p/{unit.serial}?lang=id").content.decode()
    assert "Sertifikat asal" in body and "Asli:" in body
    body = client.get(f"/p/{unit.serial}", headers={"accept-language": "id-ID,id;q=0.9"}).content.decode()
    assert "Sertifikat asal" in body


def test_accept_vc_returns_the_credential_json(client, unit):
    response = client.get(f"/p/{unit.serial}", headers={"accept": "application/vc"})
    assert response["Content-Type"] == "application/vc"
    assert json.loads(response.content) == unit.certificate.credential
    assert (
        json.loads(client.get(f"/p/{unit.serial}?format=vc").content)["proof"]["cryptosuite"]
        == "eddsa-jcs-2022"
    )


def test_revoked_certificate_shows_as_revoked(client, unit):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Damaged")
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert 'class="verdict bad"' in body and "Revoked by the cooperative." in body


def test_unknown_serial_is_404(client, db):
    assert client.get("/p/NOPE-00000-00000").status_code == 404


def test_claim_on_the_page_shows_the_next_secret_once_and_the_history(client, unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=unit)
    response = client.post(f"/p/{unit.serial}", {"secret": secret, "country": "NL"})
    body = response.content.decode()
    assert response.status_code == 200
    next_secret = re.search(r'id="next-secret">([^<]+)<', body).group(1)
    assert next_secret != secret
    assert "Ownership claimed" in body and "NL" in body
    again = client.post(f"/p/{unit.serial}", {"secret": secret})
    assert again.status_code == 409  # the same secret again: already claimed with it
    assert 'id="claim-error"' in again.content.decode()
    assert next_secret not in client.get(f"/p/{unit.serial}").content.decode()


def test_page_never_shows_private_custody_details(client, unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=unit)
    client.post(f"/p/{unit.serial}", {"secret": secret, "email": "private@example.com", "name": "Ms Private"})
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert "private@example.com" not in body and "Ms Private" not in body


def test_did_document_lists_keys_under_assertion_method(client, signing_key):
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:localhost"
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey" and method["controller"] == "did:web:localhost"
    assert method["publicKeyMultibase"] == signing_key.public_key_multibase
    assert document["assertionMethod"] == [method["id"]]


def test_status_list_is_a_signed_credential(client, unit):
    url = unit.certificate.credential["credentialStatus"][0]["statusListCredential"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    credential = json.loads(client.get("/" + path).content)
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["proof"]["cryptosuite"] == "eddsa-jcs-2022"


def test_context_defines_every_claim_term(client, unit):
    context = client.get("/ns/origin/v1").json()["@context"]
    protected = {
        "id",
        "type",
        "name",
        "description",
        "issuer",
        "validFrom",
        "credentialSubject",
        "credentialStatus",
        "proof",
        "digestMultibase",
        "@value",
        "@language",
    }

    def terms(value):
        if isinstance(value, dict):
            for key, child in value.items():
                yield key
                yield from terms(child)
        elif isinstance(value, list):
            for child in value:
                yield from terms(child)

    used = set(terms(unit.certificate.credential["credentialSubject"]))
    assert used - protected <= set(context), used - protected - set(context)
    assert not set(context) & (protected - {"@value", "@language"})
    assert unit.certificate.credential["type"][1] in context


def _render_pdf_qr(pdf: bytes) -> Image.Image:
    """Rasterise the tag's vector QR squares, as a printer would."""
    stream = pdf.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0].decode("cp1252")
    squares = [tuple(map(float, m)) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) [\d.]+ re", stream)]
    scale = 4
    image = Image.new("L", (int(160 * scale), int(260 * scale)), 255)
    draw = ImageDraw.Draw(image)
    for x, y, size in squares:
        top = 260 - y - size
        draw.rectangle([x * scale, top * scale, (x + size) * scale - 1, (top + size) * scale - 1], fill=0)
    return image


def test_tag_pdf_holds_the_qr_serial_check_code_maker_and_village(client, unit):
    import pypdf
    import zxingcpp

    response = client.get(f"/p/{unit.serial}/tag.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    for expected in (unit.serial, unit.certificate.check_code, "Inaq Sumiati", "Loyok"):
        assert expected in text
    (decoded,) = zxingcpp.read_barcodes(_render_pdf_qr(response.content))
    assert decoded.text == f"http://127.0.0.1:8000/p/{unit.serial}"


def test_tag_qr_svg_is_the_qr_of_the_item_url(client, unit):
    svg = client.get(f"/p/{unit.serial}/qr.svg").content.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert svg == tag_qr_svg(url=tag_content(certificate=unit.certificate, shop="Asal").url)


def test_gtin_gives_a_gs1_digital_link_that_opens_the_page(
    client, signing_key, variant, warehouse, origin, maker, receive_lot
):

    variant.gtin = "8991234567895"
    variant.save()
    lot = receive_lot(code="LOT-GTIN")
    unit = lot.units.get()
    url = unit.certificate.credential["credentialSubject"]["id"]
    assert url == f"http://127.0.0.1:8000/01/08991234567895/21/{unit.serial}"
    path = url.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    assert client.get(f"/01/08991234567888/21/{unit.serial}").status_code == 404
    assert client.get(f"/p/{unit.serial}").status_code == 200
