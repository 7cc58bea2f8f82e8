"""``certificateVerify``: every check with its reason, revocation and suspension, and clean answers
for anything that is not a credential."""

from __future__ import annotations

import copy
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.certificates.status_changes import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from provenance.certificates.verification import certificate_verify
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multikey import did_key_verification_method_id
from provenance.vc.status_list import status_list_entry
from storefront.accounts.actor import Actor
from tests.provenance.certificates.forgery import resigned_by_stranger

pytestmark = pytest.mark.django_db

VERIFY = """
query Verify($credential: JSON!) {
  certificateVerify(credential: $credential) {
    verified status verdict issuer issuerTrust issuerTrusted verificationMethod
    checks { name status code reason target }
  }
}
"""


def _verify(call, credential) -> dict:
    result = call(VERIFY, {"credential": credential})
    assert "errors" not in result, result
    return result["data"]["certificateVerify"]


def _check(report: dict, name: str) -> dict:
    return next(check for check in report["checks"] if check["name"] == name)


def test_a_certificate_as_issued_verifies_with_every_check_passed(call, unit):
    report = _verify(call, unit.certificate.credential)

    assert report["verified"] is True
    assert report["status"] == "VALID"
    assert report["verdict"] == "VALID"
    assert report["issuer"] == "did:web:localhost"
    assert (report["issuerTrust"], report["issuerTrusted"]) == ("COOPERATIVE", True)
    assert report["verificationMethod"] == unit.certificate.credential["proof"]["verificationMethod"]
    names = [check["name"] for check in report["checks"]]
    assert {"signature", "issuer_key", "status"} <= set(names)
    assert _check(report, "signature") == {
        "name": "signature",
        "status": "PASSED",
        "code": "OK",
        "reason": _check(report, "signature")["reason"],
        "target": None,
    }
    assert all(check["status"] != "FAILED" for check in report["checks"])


def test_the_credential_may_be_given_as_its_json_text(call, unit):
    report = _verify(call, json.dumps(unit.certificate.credential))

    assert report["verified"] is True


def test_a_revoked_certificate_verifies_as_revoked(call, unit):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Lost in transit")

    report = _verify(call, unit.certificate.credential)

    assert report["verified"] is False
    assert report["status"] == "REVOKED"
    revoked = [c for c in report["checks"] if c["code"] == "REVOKED"]
    assert len(revoked) == 1 and revoked[0]["status"] == "FAILED"
    assert _check(report, "signature")["status"] == "PASSED"


def test_a_suspended_certificate_verifies_as_suspended_until_reinstated(call, unit):
    certificate_suspend(
        actor=Actor.system(), certificate=unit.certificate, reason="Checking the maker's record"
    )
    suspended = _verify(call, unit.certificate.credential)

    certificate_reinstate(actor=Actor.system(), certificate=unit.certificate, reason="Record checked")
    reinstated = _verify(call, unit.certificate.credential)

    assert (suspended["verified"], suspended["status"]) == (False, "SUSPENDED")
    assert (reinstated["verified"], reinstated["status"]) == (True, "VALID")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "origin", "village"), "Ubud"),
        (("credentialSubject", "makers", 0, "name"), "Someone Else"),
        (("credentialSubject", "serialNumber"), "ASL-00000-00000"),
        (("issuer",), "did:web:example.com"),
    ],
)
def test_a_tampered_certificate_fails_with_its_reason(call, unit, path, value):
    credential = copy.deepcopy(unit.certificate.credential)
    target = credential
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value

    report = _verify(call, credential)

    assert report["verified"] is False
    assert report["status"] is None
    failed = [c for c in report["checks"] if c["status"] == "FAILED"]
    assert failed and all(c["reason"] for c in failed)
    assert _check(report, "signature")["status"] == "FAILED"
    assert _check(report, "signature")["code"] == "FORGED"


@pytest.mark.parametrize(
    "credential",
    ["{not json", "[1, 2, 3]", '"a string"', "", 42, [1, 2], True, "[" * 50_000 + "]" * 50_000],
    ids=["bad-json", "json-array", "json-string", "empty", "number", "list", "bool", "deep"],
)
def test_input_that_is_not_a_credential_fails_the_parse_check(call, db, credential):
    report = _verify(call, credential)

    assert report["verified"] is False
    assert report["status"] is None
    assert [(c["name"], c["status"], c["code"]) for c in report["checks"]] == [
        ("parse", "FAILED", "MALFORMED")
    ]
    assert report["checks"][0]["reason"]


def test_an_object_that_is_not_a_credential_fails_with_reasons(call, db):
    report = _verify(call, {"hello": "world", "proof": "nope"})

    assert report["verified"] is False
    assert _check(report, "data_model")["status"] == "FAILED"
    assert _check(report, "proof")["code"] == "MALFORMED"


def test_the_certificate_field_verification_reports_the_same_as_certificate_verify(call, unit):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Damaged")
    query = "query($s: String!) { certificate(serial: $s) { verification { verified status } } }"

    result = call(query, {"s": unit.serial})

    assert result["data"]["certificate"]["verification"] == {"verified": False, "status": "REVOKED"}


def test_a_credential_written_inline_in_the_document_is_verified_too(call, db):
    result = call('{ certificateVerify(credential: "{oops") { verified checks { name status } } }')

    assert result["data"]["certificateVerify"] == {
        "verified": False,
        "checks": [{"name": "parse", "status": "FAILED"}],
    }


def test_the_api_checks_exactly_what_the_page_and_the_command_check(call, unit):
    """The API verifies with per-request lookups; its checks must stay those of ``certificate_verify``."""
    certificate_suspend(actor=Actor.system(), certificate=unit.certificate, reason="Checking")
    expected = certificate_verify(unit.certificate.credential)

    report = _verify(call, unit.certificate.credential)

    assert [(c["name"], c["status"], c["code"], c["target"]) for c in report["checks"]] == [
        (c.name, c.status.name, c.code.name, c.target) for c in expected.checks
    ]


def test_a_copy_resigned_by_a_stranger_verifies_but_is_not_genuine(call, unit):
    """Must show: anyone's did:key naming the cooperative and a Bali village is an untrusted issuer."""
    forged = resigned_by_stranger(unit.certificate.credential)

    report = _verify(call, forged)

    assert _check(report, "signature")["status"] == "PASSED"
    assert report["verdict"] == "UNTRUSTED_ISSUER"
    assert (report["verified"], report["status"]) == (False, None)
    assert (report["issuerTrust"], report["issuerTrusted"]) == ("UNTRUSTED", False)
    assert report["issuer"].startswith("did:key:")
    assert _check(report, "issuer_trust")["code"] == "UNTRUSTED_ISSUER"


def _did_key_certificate(status_url: str) -> dict:
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    return sign(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": method.split("#")[0],
            "credentialSubject": {"id": "urn:example:songket"},
            "credentialStatus": [
                status_list_entry(status_list_credential=status_url, index=3, purpose="revocation")
            ],
        },
        private_key=key,
        verification_method=method,
    )


def test_an_issuer_the_operator_trusts_is_trusted(call, db, settings):
    credential = _did_key_certificate("https://sukarara.example/status/revocation/1")
    settings.ASAL_TRUSTED_ISSUERS = [credential["issuer"]]

    report = _verify(call, credential)

    assert (report["issuerTrust"], report["issuerTrusted"]) == ("TRUSTED", True)


def test_a_status_list_that_cannot_be_reached_is_unconfirmed_not_valid(call, db, settings):
    credential = _did_key_certificate("https://sukarara.example/status/revocation/1")
    settings.ASAL_TRUSTED_ISSUERS = [credential["issuer"]]

    report = _verify(call, credential)

    assert report["verdict"] == "UNCONFIRMED"
    assert (report["verified"], report["status"]) == (False, None)
    assert _check(report, "status")["status"] == "UNAVAILABLE"


def test_the_certificate_field_verification_says_who_issued_it(call, unit):
    query = "query($s: String!) { certificate(serial: $s) { verification { verdict issuerTrust } } }"

    result = call(query, {"s": unit.serial})

    assert result["data"]["certificate"]["verification"] == {"verdict": "VALID", "issuerTrust": "COOPERATIVE"}
