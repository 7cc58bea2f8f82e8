"""The ``eddsa-jcs-2022`` Data Integrity cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0, 3.3).

Creating a proof:

1. proof configuration: the proof options (``type`` DataIntegrityProof, ``cryptosuite``,
   ``created``, ``verificationMethod``, ``proofPurpose``) with the document's ``@context``
   copied in, canonicalised with JCS;
2. transformation: the document without ``proof``, canonicalised with JCS;
3. hashing: ``hashData = SHA-256(canonical proof config) || SHA-256(canonical document)``;
4. serialisation: Ed25519 signature over ``hashData``, as ``proofValue`` = ``z`` + base58btc.

Verifying re-derives ``hashData`` from the secured document and checks the signature;
when the proof carries an ``@context`` the document's ``@context`` must start with it
(so a proof cannot be lifted onto a document whose terms mean something else). The
vectors test reproduces each intermediate value of the W3C test vectors bit for bit.

This module knows nothing about DIDs: the caller resolves the verification method to
a public key (see ``provenance.vc.verify``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from provenance.vc import jcs
from provenance.vc.errors import VcError, VcErrorCode
from provenance.vc.multibase import base58btc_decode, base58btc_encode
from provenance.vc.results import Check, CheckCode, failed, no_failures, passed
from provenance.vc.timestamps import format_xsd_datetime, parse_xsd_datetime

CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_TYPE = "DataIntegrityProof"
ASSERTION_METHOD = "assertionMethod"

# Passing checks are immutable and the same for every credential: built once.
_PROOF_OK = passed("proof", f"{PROOF_TYPE} using {CRYPTOSUITE}")
_CREATED_OK = passed("proof_created", "created is an XML Schema date-time")
_CONTEXT_OK = passed("proof_context", "the document's @context starts with the proof's")
_SIGNATURE_OK = passed("signature", "Ed25519 signature over the JCS hashes is valid")


@dataclass(frozen=True, slots=True)
class ProofVerification:
    """Each step of verifying one proof; ``verified`` only when every step passed."""

    checks: tuple[Check, ...]
    verification_method: str | None

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)


def hash_data(*, canonical_proof_config: bytes, canonical_document: bytes) -> bytes:
    """The 64 bytes that are signed: SHA-256 of the proof config, then of the document."""
    return hashlib.sha256(canonical_proof_config).digest() + hashlib.sha256(canonical_document).digest()


def proof_configuration(*, document: Mapping[str, Any], options: Mapping[str, Any]) -> dict[str, Any]:
    """The proof options to be signed, with the document's ``@context`` (spec 3.3.5)."""
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != CRYPTOSUITE:
        raise VcError(VcErrorCode.INVALID_PROOF_OPTIONS, f"proof must be a {PROOF_TYPE} with {CRYPTOSUITE}")
    if "created" in options:
        parse_xsd_datetime(options["created"], require_zone=False)
    config = {key: value for key, value in options.items() if key != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def proof_options(
    *,
    verification_method: str,
    created: datetime | str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict[str, Any]:
    """The proof options of a new proof, in the order the W3C examples use."""
    options: dict[str, Any] = {"type": PROOF_TYPE, "cryptosuite": CRYPTOSUITE}
    if created is not None:
        options["created"] = created if isinstance(created, str) else format_xsd_datetime(created)
    options["verificationMethod"] = verification_method
    options["proofPurpose"] = proof_purpose
    return options


def create_proof(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict[str, Any]:
    """A ``DataIntegrityProof`` for ``document`` (which must not already carry a proof)."""
    if "proof" in document:
        raise VcError(VcErrorCode.INVALID_PROOF_OPTIONS, "the document already has a proof")
    options = proof_options(
        verification_method=verification_method, created=created, proof_purpose=proof_purpose
    )
    config = proof_configuration(document=document, options=options)
    signed = hash_data(
        canonical_proof_config=jcs.canonicalize(config), canonical_document=jcs.canonicalize(dict(document))
    )
    return {**config, "proofValue": base58btc_encode(private_key.sign(signed))}


def sign(
    document: Mapping[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime | str | None = None,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict[str, Any]:
    """A copy of ``document`` secured with an ``eddsa-jcs-2022`` proof."""
    proof = create_proof(
        document,
        private_key=private_key,
        verification_method=verification_method,
        created=created,
        proof_purpose=proof_purpose,
    )
    return {**document, "proof": proof}


def single_proof(secured_document: Mapping[str, Any]) -> dict[str, Any] | None:
    """The document's one proof, or None (absent, or a proof set this suite does not verify)."""
    proof = secured_document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return proof if isinstance(proof, dict) else None


def _structure_checks(
    secured_document: Mapping[str, Any],
    proof: Mapping[str, Any] | None,
    expected_proof_purpose: str,
    now: datetime | None,
) -> list[Check]:
    if proof is None:
        return [failed("proof", CheckCode.MALFORMED, "the credential has no single proof object")]
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return [failed("proof", CheckCode.UNSUPPORTED, f"the proof is not a {PROOF_TYPE} with {CRYPTOSUITE}")]
    checks = [_PROOF_OK]
    if proof.get("proofPurpose") != expected_proof_purpose:
        checks.append(
            failed(
                "proof_purpose",
                CheckCode.WRONG_PROOF_PURPOSE,
                f"proofPurpose is {proof.get('proofPurpose')!r}, expected {expected_proof_purpose!r}",
            )
        )
    else:
        checks.append(passed("proof_purpose", expected_proof_purpose))
    if "created" in proof:
        try:
            parse_xsd_datetime(proof["created"], require_zone=False)
            checks.append(_CREATED_OK)
        except VcError as exc:
            checks.append(failed("proof_created", CheckCode.MALFORMED, exc.message))
    if "expires" in proof:
        try:
            expires = parse_xsd_datetime(proof["expires"], require_zone=False)
            if expires < (now or datetime.now(UTC)):
                checks.append(
                    failed("proof_expires", CheckCode.EXPIRED, f"the proof expired at {proof['expires']}")
                )
            else:
                checks.append(passed("proof_expires", f"the proof is valid until {proof['expires']}"))
        except VcError as exc:
            checks.append(failed("proof_expires", CheckCode.MALFORMED, exc.message))
    if "@context" in proof:
        proof_context = proof["@context"]
        document_context = secured_document.get("@context")
        expected = proof_context if isinstance(proof_context, list) else [proof_context]
        actual = document_context if isinstance(document_context, list) else [document_context]
        if actual[: len(expected)] != expected:
            checks.append(
                failed(
                    "proof_context",
                    CheckCode.CONTEXT_MISMATCH,
                    "the document's @context differs from the proof's",
                )
            )
        else:
            checks.append(_CONTEXT_OK)
    return checks


def verify_proof(
    secured_document: Mapping[str, Any],
    *,
    public_key: Ed25519PublicKey,
    expected_proof_purpose: str = ASSERTION_METHOD,
    trusted_numbers: bool = False,
    now: datetime | None = None,
) -> ProofVerification:
    """Verify the document's ``eddsa-jcs-2022`` proof with the verification method's key.

    ``trusted_numbers`` is for documents parsed by ``jcs.parse`` with its fast flag
    set, so the canonicaliser need not scan them again. ``now`` is the time an
    optional ``expires`` of the proof is compared with (default: the clock).
    """
    proof = single_proof(secured_document)
    checks = _structure_checks(secured_document, proof, expected_proof_purpose, now)
    method = proof.get("verificationMethod") if proof is not None else None
    verification_method = method if isinstance(method, str) else None
    if proof is None or not no_failures(checks):
        return ProofVerification(tuple(checks), verification_method)
    try:
        signature = base58btc_decode(proof.get("proofValue"))  # type: ignore[arg-type]
    except VcError as exc:
        checks.append(failed("signature", CheckCode.MALFORMED, f"proofValue: {exc.message}"))
        return ProofVerification(tuple(checks), verification_method)
    if len(signature) != 64:
        checks.append(
            failed("signature", CheckCode.MALFORMED, "proofValue is not a 64-byte Ed25519 signature")
        )
        return ProofVerification(tuple(checks), verification_method)
    unsecured = dict(secured_document)
    del unsecured["proof"]
    options = dict(proof)
    del options["proofValue"]
    if "@context" in options:
        unsecured["@context"] = options["@context"]
    if "@context" in unsecured:
        options["@context"] = unsecured["@context"]
    canonicalize = jcs.canonicalize_trusted if trusted_numbers else jcs.canonicalize
    try:
        signed = hash_data(
            canonical_proof_config=canonicalize(options), canonical_document=canonicalize(unsecured)
        )
    except VcError as exc:
        checks.append(failed("signature", CheckCode.MALFORMED, exc.message))
        return ProofVerification(tuple(checks), verification_method)
    try:
        public_key.verify(signature, signed)
    except InvalidSignature:
        checks.append(failed("signature", CheckCode.FORGED, "the signature does not match the credential"))
    else:
        checks.append(_SIGNATURE_OK)
    return ProofVerification(tuple(checks), verification_method)
