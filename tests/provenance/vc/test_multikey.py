"""Ed25519 Multikey encoding, did:key and did:web documents."""

from __future__ import annotations

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.vc.did import (
    did_web,
    did_web_document,
    did_web_url,
    find_verification_method,
    has_relationship,
    resolve_did_document,
)
from provenance.vc.errors import VcError
from provenance.vc.multibase import base58btc_decode, base58btc_encode
from provenance.vc.multikey import (
    did_key_document,
    did_key_from_public_key,
    did_key_verification_method_id,
    private_key_from_multibase,
    private_key_to_multibase,
    public_key_bytes,
    public_key_from_multibase,
    public_key_to_multibase,
    resolve_did_key,
)


def test_public_multikey_is_z_base58btc_of_ed01_and_the_key() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    encoded = public_key_to_multibase(key)
    assert encoded.startswith("z6Mk")  # every Ed25519 Multikey starts so
    assert base58btc_decode(encoded) == b"\xed\x01" + public_key_bytes(key)
    assert public_key_bytes(public_key_from_multibase(encoded)) == public_key_bytes(key)


def test_secret_multikey_round_trips_with_prefix_8026() -> None:
    key = Ed25519PrivateKey.generate()
    encoded = private_key_to_multibase(key)
    assert base58btc_decode(encoded)[:2] == b"\x80\x26"
    restored = private_key_from_multibase(encoded)
    assert public_key_bytes(restored.public_key()) == public_key_bytes(key.public_key())


def test_a_secret_key_is_never_accepted_as_a_public_key() -> None:
    secret = private_key_to_multibase(Ed25519PrivateKey.generate())
    with pytest.raises(VcError) as caught:
        public_key_from_multibase(secret)
    assert caught.value.code == "invalid_multikey"


@pytest.mark.parametrize("value", ["6MkrJVnaZ", "z", "zzz0OIl", base58btc_encode(b"\xed\x01" + b"\x00" * 31)])
def test_malformed_multikeys_are_refused(value: str) -> None:
    with pytest.raises(VcError):
        public_key_from_multibase(value)


def test_did_key_resolves_to_its_own_public_key() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    method = did_key_verification_method_id(key)
    did = did_key_from_public_key(key)
    assert method == f"{did}#{did.removeprefix('did:key:')}"
    assert public_key_bytes(resolve_did_key(method)) == public_key_bytes(key)
    document = did_key_document(did)
    assert document["id"] == did
    assert has_relationship(document, "assertionMethod", method)
    assert find_verification_method(document, method)["controller"] == did


def test_did_key_with_a_foreign_fragment_is_refused() -> None:
    did = did_key_from_public_key(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(VcError):
        resolve_did_key(did + "#key-1")


@pytest.mark.parametrize(
    ("domain", "path", "did", "url"),
    [
        ("asal.example", None, "did:web:asal.example", "https://asal.example/.well-known/did.json"),
        ("localhost:8000", None, "did:web:localhost%3A8000", "https://localhost:8000/.well-known/did.json"),
        (
            "Example.COM",
            "coop/loyok",
            "did:web:example.com:coop:loyok",
            "https://example.com/coop/loyok/did.json",
        ),
    ],
)
def test_did_web_encodes_port_and_path(domain: str, path: str | None, did: str, url: str) -> None:
    assert did_web(domain, path) == did
    assert did_web_url(did) == url


def test_did_web_document_lists_every_key_under_assertion_method() -> None:
    keys = [Ed25519PrivateKey.generate().public_key() for _ in range(2)]
    document = did_web_document("localhost:8000", keys)
    assert document["id"] == "did:web:localhost%3A8000"
    assert document["@context"][0] == "https://www.w3.org/ns/did/v1"
    for key, method in zip(keys, document["verificationMethod"], strict=True):
        assert method["type"] == "Multikey"
        assert method["controller"] == document["id"]
        assert method["publicKeyMultibase"] == public_key_to_multibase(key)
        assert method["id"] == f"{document['id']}#{public_key_to_multibase(key)}"
        assert has_relationship(document, "assertionMethod", method["id"])


def test_relative_method_ids_resolve_against_the_document() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    document = did_web_document("asal.example", [key], key_fragments=["key-1"])
    document["assertionMethod"] = ["#key-1"]
    assert has_relationship(document, "assertionMethod", "did:web:asal.example#key-1")
    assert find_verification_method(document, "did:web:asal.example#key-1") is not None


def test_a_resolved_document_about_another_did_is_refused() -> None:
    other = did_web_document("evil.example", [Ed25519PrivateKey.generate().public_key()])
    with pytest.raises(VcError):
        resolve_did_document("did:web:asal.example", lambda did: other)


@settings(max_examples=400, deadline=None)
@given(st.binary(min_size=1, max_size=200), st.integers(min_value=0, max_value=3))
def test_base58btc_matches_the_base58_package(data: bytes, leading_zeros: int) -> None:
    """Our encoder and fast (lane-parallel) decoder agree with the reference, leading zeros included."""
    data = b"\0" * leading_zeros + data
    encoded = base58btc_encode(data)
    assert encoded == "z" + base58.b58encode(data).decode()
    assert base58btc_decode(encoded) == data


@pytest.mark.parametrize("value", ["z0OIl", "zé", "z", "abc", "z6Mk+"])
def test_base58btc_refuses_characters_outside_its_alphabet(value: str) -> None:
    with pytest.raises(VcError):
        base58btc_decode(value)
