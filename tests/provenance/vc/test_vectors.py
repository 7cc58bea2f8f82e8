"""The W3C eddsa-jcs-2022 test vectors, reproduced bit for bit.

Source: W3C "Data Integrity EdDSA Cryptosuites v1.0" test vectors (w3c/vc-di-eddsa,
TestVectors/), copied into tests/provenance/vectors/vc-di-eddsa/ (see its README).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from provenance.vc import eddsa_jcs_2022, jcs
from provenance.vc.multibase import base58btc_encode
from provenance.vc.multikey import (
    did_key_verification_method_id,
    private_key_from_multibase,
    public_key_to_multibase,
    resolve_did_key,
)
from provenance.vc.verify import verify_credential

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "vc-di-eddsa"
JCS = VECTORS / "eddsa-jcs-2022"


def text(name: str) -> str:
    return (JCS / name).read_text(encoding="utf-8").strip()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def key_pair() -> dict:
    return load(VECTORS / "keyPair.json")


@pytest.fixture
def unsigned() -> dict:
    return load(VECTORS / "unsigned.json")


@pytest.fixture
def proof_config(unsigned: dict) -> dict:
    options = load(JCS / "proofConfigJCS.json")
    del options["@context"]
    return eddsa_jcs_2022.proof_configuration(document=unsigned, options=options)


def test_the_secret_multikey_yields_the_public_multikey(key_pair: dict) -> None:
    secret = private_key_from_multibase(key_pair["privateKeyMultibase"])
    assert public_key_to_multibase(secret.public_key()) == key_pair["publicKeyMultibase"]


def test_proof_configuration_copies_the_document_context(proof_config: dict) -> None:
    assert proof_config == load(JCS / "proofConfigJCS.json")


def test_canonical_document_matches(unsigned: dict) -> None:
    assert jcs.canonicalize(unsigned).decode() == text("canonDocJCS.txt")


def test_document_hash_matches(unsigned: dict) -> None:
    assert hashlib.sha256(jcs.canonicalize(unsigned)).hexdigest() == text("docHashJCS.txt")


def test_canonical_proof_config_matches(proof_config: dict) -> None:
    assert jcs.canonicalize(proof_config).decode() == text("proofCanonJCS.txt")


def test_proof_config_hash_matches(proof_config: dict) -> None:
    assert hashlib.sha256(jcs.canonicalize(proof_config)).hexdigest() == text("proofHashJCS.txt")


def test_combined_hash_is_proof_hash_then_document_hash(unsigned: dict, proof_config: dict) -> None:
    combined = eddsa_jcs_2022.hash_data(
        canonical_proof_config=jcs.canonicalize(proof_config), canonical_document=jcs.canonicalize(unsigned)
    )
    assert combined.hex() == text("combinedHashJCS.txt")


def test_signature_and_proof_value_match(key_pair: dict, unsigned: dict, proof_config: dict) -> None:
    secret = private_key_from_multibase(key_pair["privateKeyMultibase"])
    combined = bytes.fromhex(text("combinedHashJCS.txt"))
    signature = secret.sign(combined)  # Ed25519 is deterministic (RFC 8032)
    assert signature.hex() == text("sigHexJCS.txt")
    assert base58btc_encode(signature) == text("sigBTC58JCS.txt")


def test_signing_the_unsigned_credential_gives_the_signed_vector(key_pair: dict, unsigned: dict) -> None:
    signed = eddsa_jcs_2022.sign(
        unsigned,
        private_key=private_key_from_multibase(key_pair["privateKeyMultibase"]),
        verification_method=did_key_verification_method_id(key_pair["publicKeyMultibase"]),
        created="2023-02-24T23:36:38Z",
    )
    assert signed == load(JCS / "signedJCS.json")
    assert signed["proof"]["proofValue"] == text("sigBTC58JCS.txt")


def test_the_signed_vector_verifies_with_its_did_key() -> None:
    signed = load(JCS / "signedJCS.json")
    public_key = resolve_did_key(signed["proof"]["verificationMethod"])
    result = eddsa_jcs_2022.verify_proof(signed, public_key=public_key)
    assert result.verified, result.checks


def test_the_signed_vector_passes_proof_only_verification_from_its_text() -> None:
    report = verify_credential((JCS / "signedJCS.json").read_text(), resolver=None, proof_only=True)
    assert report.proof_holds, report.checks
    assert report.check("signature").ok


def test_the_signed_vector_fails_full_verification_because_its_issuer_does_not_control_the_key() -> None:
    """The vector's issuer (https://vc.example/issuers/5678) is not the did:key's controller."""
    report = verify_credential((JCS / "signedJCS.json").read_text(), resolver=None)
    assert report.check("signature").ok
    assert report.check("issuer_key").code == "not_controlled"
    assert not report.verified
