"""The item page shows what verification decided: genuine only for this cooperative's (or a trusted
issuer's) confirmed certificates; a stranger's re-signed copy or an unconfirmed status is not."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multikey import did_key_verification_method_id

from .forgery import resigned_by_stranger

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(received):
    return received.units.first()


def test_the_cooperatives_certificate_is_genuine(client, unit):
    response = client.get(f"/p/{unit.serial}")

    assert response.context["verdict_code"] == "valid"
    assert response.context["issuer_trust"] == "cooperative"
    assert 'class="verdict good"' in response.content.decode()


def test_a_copy_resigned_by_a_stranger_is_not_genuine_on_the_page(client, unit):
    """Must show: a stored credential re-signed with a did:key (a tampered or imported record)."""
    certificate = unit.certificate
    certificate.credential = resigned_by_stranger(certificate.credential)
    certificate.save(update_fields=["credential"])

    response = client.get(f"/p/{unit.serial}")
    body = response.content.decode()

    assert response.context["verdict_code"] == "untrusted_issuer"
    assert response.context["issuer_trust"] == "untrusted"
    assert 'class="verdict good"' not in body and "Genuine" not in body
    assert "signed by someone other than this cooperative" in body


def test_a_status_that_cannot_be_checked_is_not_confirmed_on_the_page(client, unit, settings):
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    credential = dict(unit.certificate.credential)
    credential.pop("proof")
    credential["issuer"] = method.split("#")[0]
    credential["credentialStatus"] = [
        {**entry, "statusListCredential": "https://gone.example/status/revocation/1"}
        for entry in credential["credentialStatus"]
    ]
    settings.ASAL_TRUSTED_ISSUERS = [credential["issuer"]]
    unit.certificate.credential = sign(credential, private_key=key, verification_method=method)
    unit.certificate.save(update_fields=["credential"])

    response = client.get(f"/p/{unit.serial}")

    assert response.context["verdict_code"] == "unconfirmed"
    assert response.context["issuer_trust"] == "trusted"
    assert "Not confirmed" in response.content.decode()
