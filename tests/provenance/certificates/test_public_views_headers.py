"""Public views: headers for caches and browser-based verifiers, and malformed paths or forms."""

from __future__ import annotations

import pytest

from provenance.certificates.claims import unit_initial_claim_secret
from provenance.certificates.models import CustodyEvent
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(received):
    return received.units.first()


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def test_the_html_page_varies_on_accept_and_language(client, unit):
    response = client.get(f"/p/{unit.serial}")
    assert response["Content-Type"].startswith("text/html")
    assert {"accept", "accept-language"} <= _vary(response)
    assert response["Content-Language"] == "en"


def test_the_credential_from_the_same_url_varies_on_accept_and_is_open_to_other_sites(client, unit):
    response = client.get(f"/p/{unit.serial}", headers={"accept": "application/vc"})
    assert "accept" in _vary(response)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_did_document_is_open_to_browser_based_verifiers(client, signing_key):
    assert client.get("/.well-known/did.json")["Access-Control-Allow-Origin"] == "*"


def test_status_lists_are_open_to_browser_based_verifiers(client, unit):
    url = unit.certificate.credential["credentialStatus"][0]["statusListCredential"]
    response = client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_page_has_no_inline_script_or_style(client, unit):
    body = client.get(f"/p/{unit.serial}?lang=id").content.decode()
    assert "<script" not in body and "<style" not in body and " style=" not in body
    assert 'rel="stylesheet" href="/assets/certificate.css?v=' in body


def test_the_stylesheet_is_served_as_css(client, db):
    response = client.get("/assets/certificate.css")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert b"@media (min-width: 40rem)" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/p/ASL-AAAAA-AAAAA%00",
        "/p/%00/tag.pdf",
        "/p/%00/qr.svg",
        "/status/revocation%00/1",
        "/status/revocation/1%00",
        "/status/revocation/99999999999999999999",
        "/01/08991234567895/21/%00",
        "/01/0899%00/21/ASL-AAAAA-AAAAA",
        "/p/" + "A" * 5000,
    ],
)
def test_a_malformed_path_is_a_plain_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"NUL" not in response.content and b"psycopg" not in response.content


@pytest.mark.parametrize("field", ["secret", "name", "email", "country"])
def test_a_nul_byte_in_the_claim_form_is_a_400_that_records_nothing(client, unit, field):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=unit)
    form = {"secret": secret, "name": "Ms Buyer", "email": "buyer@example.com", "country": "NL"}
    form[field] += "\x00"
    events_before = CustodyEvent.objects.filter(unit=unit).count()

    response = client.post(f"/p/{unit.serial}", form)

    assert response.status_code == 400
    assert 'id="claim-error"' in response.content.decode()
    assert CustodyEvent.objects.filter(unit=unit).count() == events_before
