"""``manage.py verify_certificate`` verifies offline, prints each check and the verdict, and says it in
its exit code: 0 genuine, 1 not valid, 2 unreadable input, 3 unconfirmed, 4 untrusted issuer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from provenance.certificates.status_changes import certificate_revoke, certificate_suspend
from provenance.vc.did import did_web_document
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multikey import did_key_verification_method_id
from provenance.vc.status_list import BitstringStatusList, status_list_credential, status_list_entry
from storefront.accounts.actor import Actor

from .forgery import resigned_by_stranger

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


def _did_key_credential():
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    credential = sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": method.split("#")[0],
            "credentialSubject": {"id": "urn:example:basket"},
        },
        private_key=key,
        verification_method=method,
    )
    return credential


def test_a_did_key_credential_is_an_untrusted_issuer_unless_trusted_for_the_run(tmp_path, db):
    credential = _did_key_credential()
    path = tmp_path / "didkey.json"
    path.write_text(json.dumps(credential))

    code, out = run(str(path))
    trusted_code, _ = run(str(path), "--trusted-issuer", credential["issuer"])

    assert code == 4 and "UNTRUSTED ISSUER" in out
    assert trusted_code == 0


def test_a_copy_resigned_by_a_stranger_is_not_genuine(tmp_path, received):
    """Must show: naming the cooperative and a Bali village with anyone's did:key verifies, untrusted."""
    forged = resigned_by_stranger(received.units.first().certificate.credential)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))

    code, out = run(str(path))

    assert code == 4
    assert "ok    signature" in out and "FAIL  issuer_trust" in out
    assert "VALID\n" not in out.replace("NOT VALID", "")


def test_the_issuers_in_asal_trusted_issuers_are_trusted(tmp_path, db, settings):
    credential = _did_key_credential()
    settings.ASAL_TRUSTED_ISSUERS = [credential["issuer"]]
    path = tmp_path / "didkey.json"
    path.write_text(json.dumps(credential))

    assert run(str(path))[0] == 0


def _other_shop(tmp_path):
    """Another cooperative's signed credential with a revocation entry, its DID document and list."""
    key = Ed25519PrivateKey.generate()
    document = did_web_document("sukarara.example", [key.public_key()], key_fragments=["key-1"])
    method = document["assertionMethod"][0]
    list_url = "https://sukarara.example/status/revocation/1"
    credential = sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": document["id"],
            "credentialSubject": {"id": "urn:example:songket"},
            "credentialStatus": [
                status_list_entry(status_list_credential=list_url, index=7, purpose="revocation")
            ],
        },
        private_key=key,
        verification_method=method,
    )
    status_list = sign(
        status_list_credential(
            id=list_url, issuer=document["id"], purpose="revocation", status_list=BitstringStatusList.empty()
        ),
        private_key=key,
        verification_method=method,
    )
    paths = {"credential": tmp_path / "c.json", "did": tmp_path / "did.json", "list": tmp_path / "list.json"}
    for name, value in (("credential", credential), ("did", document), ("list", status_list)):
        paths[name].write_text(json.dumps(value))
    return document["id"], paths


def test_another_shops_did_web_needs_its_document_and_trust(tmp_path, db):
    did, paths = _other_shop(tmp_path)
    given = ("--did-document", str(paths["did"]), "--status-list", str(paths["list"]))

    assert run(str(paths["credential"]))[0] == 1
    assert run(str(paths["credential"]), *given)[0] == 4
    assert run(str(paths["credential"]), *given, "--trusted-issuer", did)[0] == 0


def test_a_status_list_that_cannot_be_had_leaves_the_certificate_unconfirmed(tmp_path, db):
    did, paths = _other_shop(tmp_path)

    code, out = run(str(paths["credential"]), "--did-document", str(paths["did"]), "--trusted-issuer", did)

    assert code == 3
    assert "n/a   status" in out and "UNCONFIRMED" in out


def test_a_revoked_certificate_signed_under_another_public_url_is_still_revoked(
    tmp_path, settings, signing_key, receive_lot
):
    """Checked where PUBLIC_URL is not the one it was signed under (a domain move, an offline laptop)."""
    settings.PUBLIC_URL = "https://loyok.example"
    certificate = receive_lot(code="LOT-MOVED").units.get().certificate
    certificate_revoke(actor=Actor.system(), certificate=certificate, reason="Lost")
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(certificate.credential))
    settings.PUBLIC_URL = "http://127.0.0.1:8000"

    code, out = run(str(path))

    assert code == 1 and "revoked" in out


def test_an_unreadable_file_exits_two(tmp_path, db):
    with pytest.raises(CommandError) as raised:
        call_command("verify_certificate", str(tmp_path / "missing.json"), stdout=io.StringIO())

    assert raised.value.returncode == 2


def test_garbage_input_is_not_valid(tmp_path, db):
    path = tmp_path / "junk.json"
    path.write_text("{not json")
    code, out = run(str(path))
    assert code == 1 and "parse" in out
