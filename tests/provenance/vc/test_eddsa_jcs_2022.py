"""Creating and verifying eddsa-jcs-2022 proofs outside the vectors."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.vc import eddsa_jcs_2022
from provenance.vc.errors import VcError
from provenance.vc.multikey import did_key_verification_method_id

DOCUMENT = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:example:issuer",
    "credentialSubject": {"id": "urn:x", "weightKg": 0.85, "count": 3},
}


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def signed(key: Ed25519PrivateKey, document: dict | None = None) -> dict:
    return eddsa_jcs_2022.sign(
        document or DOCUMENT,
        private_key=key,
        verification_method=did_key_verification_method_id(key.public_key()),
        created=datetime(2026, 11, 25, 8, 30, 15, 123456, tzinfo=UTC),
    )


def test_sign_then_verify_round_trips(key: Ed25519PrivateKey) -> None:
    document = signed(key)
    assert document["proof"]["created"] == "2026-11-25T08:30:15Z"  # xsd:dateTime, to the second
    assert document["proof"]["proofPurpose"] == "assertionMethod"
    assert document["proof"]["@context"] == DOCUMENT["@context"]
    assert "proof" not in DOCUMENT
    assert eddsa_jcs_2022.verify_proof(document, public_key=key.public_key()).verified


def test_another_key_does_not_verify(key: Ed25519PrivateKey) -> None:
    result = eddsa_jcs_2022.verify_proof(signed(key), public_key=Ed25519PrivateKey.generate().public_key())
    assert not result.verified
    assert result.checks[-1].name == "signature" and result.checks[-1].code == "forged"


@pytest.mark.parametrize(
    ("field", "value", "check", "code"),
    [
        ("proofPurpose", "authentication", "proof_purpose", "wrong_proof_purpose"),
        ("cryptosuite", "eddsa-rdfc-2022", "proof", "unsupported"),
        ("created", "yesterday", "proof_created", "malformed"),
        ("proofValue", "not-base58", "signature", "malformed"),
        ("proofValue", "z2HnFSSPPBzR36zdD", "signature", "malformed"),
        ("created", "2026-11-25T08:30:16Z", "signature", "forged"),
        ("@context", ["https://www.w3.org/ns/credentials/v1"], "proof_context", "context_mismatch"),
    ],
)
def test_each_proof_defect_is_named(
    key: Ed25519PrivateKey, field: str, value: object, check: str, code: str
) -> None:
    document = signed(key)
    document["proof"][field] = value
    result = eddsa_jcs_2022.verify_proof(document, public_key=key.public_key())
    assert not result.verified
    assert any(c.name == check and c.code == code for c in result.checks), result.checks


def test_a_document_context_that_no_longer_starts_with_the_proofs_fails(key: Ed25519PrivateKey) -> None:
    document = signed(key)
    document["@context"] = ["https://example.org/other", *document["@context"]]
    result = eddsa_jcs_2022.verify_proof(document, public_key=key.public_key())
    assert any(c.code == "context_mismatch" for c in result.checks)


def test_a_missing_proof_is_reported(key: Ed25519PrivateKey) -> None:
    result = eddsa_jcs_2022.verify_proof(DOCUMENT, public_key=key.public_key())
    assert not result.verified and result.checks[0].code == "malformed"


def test_a_document_with_a_proof_is_not_signed_again(key: Ed25519PrivateKey) -> None:
    with pytest.raises(VcError):
        signed(key, signed(key))


def test_numbers_are_signed_in_their_canonical_form(key: Ed25519PrivateKey) -> None:
    """1.0 and 1 are the same JSON number, so a signature over one verifies the other."""
    document = copy.deepcopy(DOCUMENT)
    document["credentialSubject"]["count"] = 3.0
    secured = signed(key, document)
    secured["credentialSubject"]["count"] = 3
    assert eddsa_jcs_2022.verify_proof(secured, public_key=key.public_key()).verified


def test_an_expired_proof_fails_and_a_current_one_passes(key: Ed25519PrivateKey) -> None:
    document = signed(key)
    document["proof"]["expires"] = "2026-01-01T00:00:00Z"  # not signed: the signature fails too
    result = eddsa_jcs_2022.verify_proof(
        document, public_key=key.public_key(), now=datetime(2026, 6, 1, tzinfo=UTC)
    )
    assert any(c.name == "proof_expires" and c.code == "expired" for c in result.checks)
    result = eddsa_jcs_2022.verify_proof(
        document, public_key=key.public_key(), now=datetime(2025, 6, 1, tzinfo=UTC)
    )
    assert any(c.name == "proof_expires" and c.ok for c in result.checks)
