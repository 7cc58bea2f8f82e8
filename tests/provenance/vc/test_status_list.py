"""Bitstring Status List v1.0: bits, encoding, random indexes and JSON shapes."""

from __future__ import annotations

import base64
import gzip

import pytest

from provenance.vc.errors import VcError
from provenance.vc.multibase import base64url_encode
from provenance.vc.status_list import (
    MIN_LENGTH,
    BitstringStatusList,
    random_unused_index,
    status_list_credential,
    status_list_entry,
)

# The all-zero 16 KB list of the spec's example credential (Bitstring Status List v1.0, Example 2).
SPEC_EXAMPLE_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_index_zero_is_the_left_most_bit() -> None:
    bits = BitstringStatusList.empty()
    bits.set(0)
    bits.set(9)
    assert bits.bits[0] == 0b1000_0000
    assert bits.bits[1] == 0b0100_0000
    assert bits.get(0) and bits.get(9) and not bits.get(1)
    bits.set(0, False)
    assert not bits.get(0)


def test_encoded_list_is_u_base64url_of_gzip_and_round_trips() -> None:
    bits = BitstringStatusList.empty()
    for index in (0, 7, 94_567, MIN_LENGTH - 1):
        bits.set(index)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == bytes(bits.bits)
    decoded = BitstringStatusList.decode(encoded)
    assert decoded.bits == bits.bits
    assert [i for i in (0, 1, 7, 94_567, MIN_LENGTH - 1) if decoded.get(i)] == [0, 7, 94_567, MIN_LENGTH - 1]


def test_the_spec_example_list_decodes_to_131072_clear_bits() -> None:
    decoded = BitstringStatusList.decode(SPEC_EXAMPLE_LIST)
    assert decoded.length == MIN_LENGTH
    assert not any(decoded.bits)


def test_encoding_is_deterministic() -> None:
    assert BitstringStatusList.empty().encode() == BitstringStatusList.empty().encode()


def test_lists_shorter_than_the_minimum_are_refused() -> None:
    with pytest.raises(VcError):
        BitstringStatusList.empty(MIN_LENGTH - 8)
    with pytest.raises(VcError):
        BitstringStatusList.decode(base64url_encode(gzip.compress(b"\x00" * 1024)))


def test_a_gzip_bomb_is_refused() -> None:
    with pytest.raises(VcError):
        BitstringStatusList.decode(base64url_encode(gzip.compress(b"\x00" * (17 * 1024 * 1024))))


@pytest.mark.parametrize("encoded", ["zabc", "u!!!", base64url_encode(b"not gzip")])
def test_malformed_encoded_lists_are_refused(encoded: str) -> None:
    with pytest.raises(VcError):
        BitstringStatusList.decode(encoded)


def test_out_of_range_indexes_are_refused() -> None:
    with pytest.raises(VcError):
        BitstringStatusList.empty().get(MIN_LENGTH)


def test_random_indexes_avoid_used_ones_and_are_not_sequential() -> None:
    used = set(range(1000))
    drawn = {random_unused_index(used=used) for _ in range(200)}
    assert not drawn & used
    assert len(drawn) > 190  # 200 draws from 130k values rarely collide
    assert max(drawn) > 10_000


def test_a_nearly_full_list_still_finds_its_last_free_index() -> None:
    used = set(range(MIN_LENGTH)) - {4242}
    assert random_unused_index(used=used) == 4242
    with pytest.raises(VcError) as caught:
        random_unused_index(used=used | {4242})
    assert caught.value.code == "status_list_full"


def test_entry_and_credential_shapes() -> None:
    url = "https://asal.example/status/revocation/1"
    assert status_list_entry(status_list_credential=url, index=94567, purpose="revocation") == {
        "id": f"{url}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": url,
    }
    credential = status_list_credential(
        id=url, issuer="did:web:asal.example", purpose="suspension", status_list=BitstringStatusList.empty()
    )
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["credentialSubject"]["type"] == "BitstringStatusList"
    assert credential["credentialSubject"]["statusPurpose"] == "suspension"
    assert BitstringStatusList.decode(credential["credentialSubject"]["encodedList"]).length == MIN_LENGTH
