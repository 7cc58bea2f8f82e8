"""``manage.py verify_certificate`` verifies offline, prints each check and exits 0 or 1."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from provenance.vc.did import did_web_document
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multikey import did_key_verification_method_id
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db
VECTORS = Path(__file__).parents[1] / "vectors" / "vc-di-eddsa"


def run(*args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str]:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        call_command("verify_certificate", *args, stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code)
    return code, out.getvalue()


@pytest.fixture
def credential_file(tmp_path, received):
    path = tmp_path / "certificate.json"
    path.write_text(json.dumps(received.units.first().certificate.credential))
    return path


def test_valid_certificate_exits_zero_and_lists_checks(credential_file):
    code, out = run(str(credential_file))
    assert code == 0
    assert "VALID" in out and "signature" in out and "issuer_key" in out and "status" in out


def test_reads_standard_input(credential_file, monkeypatch):
    code, out = run("-", stdin=credential_file.read_text(), monkeypatch=monkeypatch)
    assert code == 0, out


def test_tampered_certificate_exits_one(tmp_path, credential_file):
    credential = json.loads(credential_file.read_text())
    credential["credentialSubject"]["origin"]["village"] = "Ubud"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(credential))
    code, out = run(str(forged))
    assert code == 1 and "NOT VALID" in out


def test_revoked_certificate_exits_one_and_says_revoked(received, credential_file):
    certificate_revoke(actor=Actor.system(), certificate=received.units.first().certificate, reason="Lost")
    code, out = run(str(credential_file))
    assert code == 1 and "revoked" in out


def test_suspended_certificate_says_suspended(received, credential_file):
    certificate_suspend(
        actor=Actor.system(), certificate=received.units.first().certificate, reason="Checking"
    )
    code, out = run(str(credential_file))
    assert code == 1 and "suspended" in out


def test_w3c_vector_verifies_with_proof_only():
    code, out = run(str(VECTORS / "eddsa-jcs-2022" / "signedJCS.json"), "--proof-only")
    assert code == 0, out


def test_w3c_vector_fails_full_check_because_issuer_does_not_control_the_key():
    code, out = run(str(VECTORS / "eddsa-jcs-2022" / "signedJCS.json"))
    assert code == 1 and "issuer_key" in out


def test_did_key_credential_verifies(tmp_path, db):
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    did = method.split("#")[0]
    credential = sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": did,
            "credentialSubject": {"id": "urn:example:basket"},
        },
        private_key=key,
        verification_method=method,
    )
    path = tmp_path / "didkey.json"
    path.write_text(json.dumps(credential))
    assert run(str(path))[0] == 0


def test_other_shop_did_web_needs_its_document(tmp_path, db):
    key = Ed25519PrivateKey.generate()
    document = did_web_document("sukarara.example", [key.public_key()], key_fragments=["key-1"])
    credential = sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": document["id"],
            "credentialSubject": {"id": "urn:example:songket"},
        },
        private_key=key,
        verification_method=document["assertionMethod"][0],
    )
    cred_path, doc_path = tmp_path / "c.json", tmp_path / "did.json"
    cred_path.write_text(json.dumps(credential))
    doc_path.write_text(json.dumps(document))
    assert run(str(cred_path))[0] == 1
    assert run(str(cred_path), "--did-document", str(doc_path))[0] == 0


def test_garbage_input_is_not_valid(tmp_path, db):
    path = tmp_path / "junk.json"
    path.write_text("{not json")
    code, out = run(str(path))
    assert code == 1 and "parse" in out
