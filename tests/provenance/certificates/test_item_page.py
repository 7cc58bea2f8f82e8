"""The item page as a buyer reads it: plain words, Indonesian throughout, the signed photo, the tag."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.files.base import ContentFile
from PIL import Image

from provenance.certificates import verification
from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from provenance.origins.models import Material, Technique
from storefront.accounts.actor import Actor
from storefront.catalog.models import ProductMedia

pytestmark = pytest.mark.django_db


def _jpeg(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def unit(received):
    return received.units.first()


@pytest.fixture
def basket(local_media, variant, receive_lot):
    """A certified basket whose certificate signs the product's photo, with a known material area."""
    ProductMedia.objects.create(
        product=variant.product, image=ContentFile(_jpeg((200, 160, 90)), name="basket.jpg")
    )
    bamboo = Material.objects.create(
        name="Bamboo",
        name_id="Bambu tali",
        slug="bamboo-page",
        origin_area="Bamboo groves of Sikur, East Lombok",
    )
    plaiting = Technique.objects.create(name="Bamboo plaiting", name_id="Anyaman bambu", slug="plaiting-page")
    return receive_lot(code="LOT-PAGE", materials=[bamboo], techniques=[plaiting]).units.get()


def _visible(body: str) -> str:
    """The page's text outside the folded technical detail."""
    return re.sub(r"<div class=\"technical\">.*?</div>", "", body, flags=re.S)


def test_the_checks_speak_plainly_and_keep_the_jargon_folded(client, unit):
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert "The cooperative&#x27;s signature is intact" in body
    assert "The key that signed it is the cooperative&#x27;s own." in body
    assert "JCS" not in _visible(body) and "assertionMethod" not in _visible(body)
    assert "JCS" in body and "assertionMethod" in body


def test_the_indonesian_page_translates_role_area_tagline_techniques_and_checks(client, basket):
    body = client.get(f"/p/{basket.serial}?lang=id").content.decode()
    for indonesian in (
        "(penenun)",
        "Rumpun bambu di Sikur, Lombok Timur",
        "Kerajinan Lombok dari tangan perajinnya",
        "Anyaman bambu",
        "Tanda tangan koperasi utuh",
        "Koperasi tidak mencabutnya.",
        "Oktober 2026",
    ):
        assert indonesian in body
    text = re.sub(r"<[^>]+>", " ", body)
    for english in (
        "weaver",
        "Bamboo groves",
        "Lombok crafts",
        "Bamboo plaiting",
        "passed",
        "October",
        "Signature",
    ):
        assert english not in text


def test_the_check_code_is_explained_in_one_sentence(client, unit):
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert unit.certificate.check_code in body
    assert "The same code is printed on the piece&#x27;s tag" in body


def test_the_page_shows_the_photo_the_certificate_signs(client, basket):
    photo = basket.certificate.credential["credentialSubject"]["photo"]["id"]
    body = client.get(f"/p/{basket.serial}").content.decode()
    assert f'<img src="{photo}"' in body
    assert "The photo of the piece is the one that was signed." in body


def test_a_replaced_photo_is_shown_with_a_warning(client, basket, local_media):
    name = basket.certificate.credential["credentialSubject"]["photo"]["id"].split("/media/", 1)[1]
    (local_media / name).write_bytes(_jpeg((10, 10, 200)))
    body = client.get(f"/p/{basket.serial}?lang=id").content.decode()
    assert "Foto barang ini sudah diganti sejak ditandatangani." in body


def test_a_withdrawn_photo_is_not_shown_and_the_page_says_so(client, basket, local_media):
    photo = basket.certificate.credential["credentialSubject"]["photo"]["id"]
    (local_media / photo.split("/media/", 1)[1]).unlink()
    body = client.get(f"/p/{basket.serial}").content.decode()
    assert f'<img src="{photo}"' not in body
    assert "The photo signed with this certificate is no longer available." in body


def test_a_revoked_page_tells_the_holder_what_it_means(client, unit):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Lost in transit")
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert "no longer proves where this piece comes from" in body
    assert "ownership of it cannot be recorded here" in body


def test_a_suspended_page_tells_the_holder_what_it_means_in_indonesian(client, unit):
    certificate_suspend(actor=Actor.system(), certificate=unit.certificate, reason="Reported stolen")
    body = client.get(f"/p/{unit.serial}?lang=id").content.decode()
    assert 'class="verdict warn"' in body and "Ditangguhkan oleh koperasi." in body
    assert "Selama penangguhan belum dicabut" in body


def test_an_unreachable_status_list_leaves_the_page_unconfirmed_not_genuine(client, unit, monkeypatch):
    monkeypatch.setattr(verification, "local_status_list_fetcher", lambda url: None)
    body = client.get(f"/p/{unit.serial}").content.decode()
    assert 'class="verdict warn"' in body and "Not confirmed" in body
    assert "Genuine" not in body


def test_the_indonesian_tag_is_in_indonesian(client, unit):
    response = client.get(f"/p/{unit.serial}/tag.pdf?lang=id")
    text = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Kode cek" in text and "Dibuat oleh Inaq Sumiati" in text
    assert "Kerajinan Lombok dari tangan perajinnya" in text
    assert "Check code" not in text and "Made by" not in text
    assert response["Content-Language"] == "id"


def test_a_long_line_on_the_tag_is_set_smaller_so_it_fits(client, unit, maker, receive_lot):
    maker.display_name = "Inaq Sumiati binti Amaq Rahmat dari Dusun Loyok Timur"
    maker.save()
    serial = receive_lot(code="LOT-LONG").units.get().serial
    stream = client.get(f"/p/{serial}/tag.pdf").content.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0]
    sizes = {
        text: float(size)
        for size, text in re.findall(rb"/F1 ([\d.]+) Tf [\d.]+ [\d.]+ Td \((.*?)\) Tj", stream)
    }
    made_by = next(size for text, size in sizes.items() if text.startswith(b"Made by"))
    assert made_by < 8


def test_an_unknown_serial_is_a_404_page_in_the_readers_language(client, db):
    response = client.get("/p/ASL-AAAAA-AAAAA", headers={"accept-language": "id"})
    assert response.status_code == 404
    assert "Tidak ada sertifikat dengan nomor seri ini" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_an_unknown_serial_asked_as_a_credential_is_a_plain_404(client, db):
    assert client.get("/p/ASL-AAAAA-AAAAA?format=vc").status_code == 404


def test_the_page_answers_head_requests(client, unit):
    assert client.head(f"/p/{unit.serial}").status_code == 200
    assert client.head("/.well-known/did.json").status_code == 200
