"""Ed25519 keys as Multikey values, and the ``did:key`` method built on them.

A Multikey is ``z`` + base58btc(multicodec prefix + raw key): ``0xed01`` (varint
bytes ``ed 01``) before a 32-byte Ed25519 public key, ``0x8026`` (``80 26``)
before a 32-byte secret seed. Any other prefix is refused, so a secret key can
never be published by mistake as if it were a public one. A ``did:key`` is the
public Multikey itself; its one verification method is ``<did>#<multikey>``.
"""

from __future__ import annotations

import functools
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from provenance.vc.errors import VcError, VcErrorCode
from provenance.vc.multibase import base58btc_decode, base58btc_encode

ED25519_PUBLIC_PREFIX = b"\xed\x01"
ED25519_SECRET_PREFIX = b"\x80\x26"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
DID_KEY_PREFIX = "did:key:"


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_to_multibase(key: Ed25519PublicKey | bytes) -> str:
    """The ``publicKeyMultibase`` of an Ed25519 public key."""
    raw = key if isinstance(key, bytes) else public_key_bytes(key)
    if len(raw) != 32:
        raise VcError(VcErrorCode.INVALID_MULTIKEY, "an Ed25519 public key is 32 bytes")
    return base58btc_encode(ED25519_PUBLIC_PREFIX + raw)


@functools.lru_cache(maxsize=1024)
def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a ``publicKeyMultibase``.

    Memoised: the same few issuer keys verify every certificate, and building the
    key object is a measurable part of a verification. The cache holds immutable
    public keys only, keyed by their own encoding.
    """
    raw = base58btc_decode(value)
    if len(raw) != 34 or raw[:2] != ED25519_PUBLIC_PREFIX:
        raise VcError(VcErrorCode.INVALID_MULTIKEY, "not an Ed25519 public Multikey (multicodec 0xed01)")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_to_multibase(key: Ed25519PrivateKey) -> str:
    """The ``secretKeyMultibase`` of an Ed25519 private key (its 32-byte seed)."""
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base58btc_encode(ED25519_SECRET_PREFIX + seed)


def private_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """The Ed25519 private key of a ``secretKeyMultibase``."""
    raw = base58btc_decode(value)
    if len(raw) != 34 or raw[:2] != ED25519_SECRET_PREFIX:
        raise VcError(VcErrorCode.INVALID_MULTIKEY, "not an Ed25519 secret Multikey (multicodec 0x8026)")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def multikey_verification_method(*, id: str, controller: str, public_key: Ed25519PublicKey | str) -> dict:
    """A ``Multikey`` verification method entry for a DID document."""
    multibase = public_key if isinstance(public_key, str) else public_key_to_multibase(public_key)
    return {"id": id, "type": "Multikey", "controller": controller, "publicKeyMultibase": multibase}


def did_key_from_public_key(key: Ed25519PublicKey | str) -> str:
    """The ``did:key`` of a public key (or of its ``publicKeyMultibase``)."""
    multibase = key if isinstance(key, str) else public_key_to_multibase(key)
    return DID_KEY_PREFIX + multibase


def did_key_verification_method_id(key: Ed25519PublicKey | str) -> str:
    """The verification method id of a ``did:key``: ``did:key:<mb>#<mb>``."""
    multibase = key if isinstance(key, str) else public_key_to_multibase(key)
    return f"{DID_KEY_PREFIX}{multibase}#{multibase}"


def _did_key_multibase(did_or_url: str) -> str:
    did, _, fragment = did_or_url.partition("#")
    if not did.startswith(DID_KEY_PREFIX):
        raise VcError(VcErrorCode.INVALID_DID, f"{did_or_url!r} is not a did:key")
    multibase = did[len(DID_KEY_PREFIX) :]
    if fragment and fragment != multibase:
        raise VcError(VcErrorCode.INVALID_DID, "a did:key verification method's fragment is the key itself")
    return multibase


def resolve_did_key(did_or_url: str) -> Ed25519PublicKey:
    """The public key a ``did:key`` (or its verification method URL) stands for."""
    return public_key_from_multibase(_did_key_multibase(did_or_url))


def did_key_document(did_or_url: str) -> dict[str, Any]:
    """The DID document a ``did:key`` resolves to: one Multikey, in every relationship."""
    multibase = _did_key_multibase(did_or_url)
    public_key_from_multibase(multibase)  # refuse what is not an Ed25519 public key
    did = DID_KEY_PREFIX + multibase
    method_id = f"{did}#{multibase}"
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            multikey_verification_method(id=method_id, controller=did, public_key=multibase)
        ],
        "authentication": [method_id],
        "assertionMethod": [method_id],
        "capabilityDelegation": [method_id],
        "capabilityInvocation": [method_id],
    }
