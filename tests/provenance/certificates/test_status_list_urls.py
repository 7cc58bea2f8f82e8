"""A status list keeps the URL it was first published under, whatever PUBLIC_URL says later."""

from __future__ import annotations

import json

import pytest

from provenance.certificates.status_changes import certificate_revoke
from provenance.certificates.verification import certificate_verify
from provenance.vc.verdict import Verdict
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(settings, signing_key, receive_lot):
    """A certificate signed at http://127.0.0.1:8000, then the shop moved to https://loyok.example."""
    settings.PUBLIC_URL = "http://127.0.0.1:8000"
    certificate = receive_lot(code="LOT-BEFORE-MOVE").units.get().certificate
    settings.PUBLIC_URL = "https://loyok.example"
    return certificate


def _served_list(client, url: str) -> dict:
    return json.loads(client.get("/" + url.split("://", 1)[1].split("/", 1)[1]).content)


def test_a_list_is_served_under_the_id_its_certificates_name_after_a_move(client, moved):
    for entry in moved.credential["credentialStatus"]:
        assert entry["statusListCredential"].startswith("http://127.0.0.1:8000/status/")

        served = _served_list(client, entry["statusListCredential"])

        assert served["id"] == entry["statusListCredential"]


def test_a_certificate_signed_before_a_move_still_verifies(moved):
    assert certificate_verify(moved.credential).verdict is Verdict.VALID


def test_a_certificate_revoked_after_a_move_verifies_as_revoked(moved):
    certificate_revoke(actor=Actor.system(), certificate=moved, reason="Lost")

    assert certificate_verify(moved.credential).verdict is Verdict.REVOKED
