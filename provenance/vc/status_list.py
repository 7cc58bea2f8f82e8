"""Bitstring Status List v1.0: revocation and suspension as one bit per credential.

The list is published as a signed ``BitstringStatusListCredential`` whose
``encodedList`` is ``u`` + base64url(GZIP(bitstring)). Index 0 is the left-most
bit, i.e. the most significant bit of the first byte. Lists hold at least 131,072
entries and indexes are drawn at random, so a list reveals neither how many
certificates were issued nor which one a verifier is asking about (group privacy,
spec section 6).
"""

from __future__ import annotations

import gzip
import secrets
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from provenance.vc.errors import VcError, VcErrorCode
from provenance.vc.multibase import base64url_decode, base64url_encode
from provenance.vc.timestamps import format_xsd_datetime

MIN_LENGTH = 131_072
# A decompressed list larger than this is refused: a few hundred bytes of GZIP can
# otherwise expand to gigabytes in a verifier's memory.
MAX_DECODED_BYTES = 16 * 1024 * 1024
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
ENTRY_TYPE = "BitstringStatusListEntry"
CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"


class StatusPurpose(StrEnum):
    REVOCATION = "revocation"
    SUSPENSION = "suspension"


@dataclass(slots=True)
class BitstringStatusList:
    """A mutable bitstring of status bits (one per credential)."""

    bits: bytearray

    @classmethod
    def empty(cls, length: int = MIN_LENGTH) -> BitstringStatusList:
        if length < MIN_LENGTH or length % 8:
            raise VcError(
                VcErrorCode.INVALID_STATUS_LIST, f"a list holds a multiple of 8, >= {MIN_LENGTH} bits"
            )
        return cls(bytearray(length // 8))

    @property
    def length(self) -> int:
        return len(self.bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.length:
            raise VcError(VcErrorCode.INVALID_STATUS_LIST, f"index {index} is outside the list")
        return index >> 3, 0x80 >> (index & 7)

    def get(self, index: int) -> bool:
        byte, mask = self._locate(index)
        return bool(self.bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        byte, mask = self._locate(index)
        if value:
            self.bits[byte] |= mask
        else:
            self.bits[byte] &= ~mask & 0xFF

    def encode(self) -> str:
        """The ``encodedList`` value; ``mtime=0`` so the same bits always give the same text."""
        return base64url_encode(gzip.compress(bytes(self.bits), mtime=0))

    @classmethod
    def decode(cls, encoded_list: str) -> BitstringStatusList:
        """Decode an ``encodedList``, refusing lists shorter than the spec minimum or absurdly large."""
        compressed = base64url_decode(encoded_list)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            raw = inflater.decompress(compressed, MAX_DECODED_BYTES + 1)
        except zlib.error as exc:
            raise VcError(VcErrorCode.INVALID_STATUS_LIST, f"encodedList is not GZIP: {exc}") from exc
        if len(raw) > MAX_DECODED_BYTES:
            raise VcError(VcErrorCode.INVALID_STATUS_LIST, "encodedList expands beyond the size limit")
        if not inflater.eof:
            raise VcError(VcErrorCode.INVALID_STATUS_LIST, "encodedList is truncated")
        if len(raw) * 8 < MIN_LENGTH:
            raise VcError(
                VcErrorCode.INVALID_STATUS_LIST, f"a status list holds at least {MIN_LENGTH} entries"
            )
        return cls(bytearray(raw))


def random_unused_index(*, used: Collection[int], length: int = MIN_LENGTH) -> int:
    """A uniformly random index not in ``used`` (drawn with ``secrets``, never sequential).

    Rejection sampling stays fast while the list is less than about 90% full; past
    that it falls back to choosing among the free indexes directly.
    """
    free = length - len(used)
    if free <= 0:
        raise VcError(VcErrorCode.STATUS_LIST_FULL, "the status list has no free index")
    if free > length // 10:
        for _ in range(64):
            index = secrets.randbelow(length)
            if index not in used:
                return index
    taken = set(used)
    candidates = [index for index in range(length) if index not in taken]
    if not candidates:
        raise VcError(VcErrorCode.STATUS_LIST_FULL, "the status list has no free index")
    return secrets.choice(candidates)


def status_list_entry(
    *, status_list_credential: str, index: int, purpose: StatusPurpose | str
) -> dict[str, Any]:
    """The ``credentialStatus`` entry a certificate carries for one list and index."""
    return {
        "id": f"{status_list_credential}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": str(purpose),
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }


def status_list_credential(
    *,
    id: str,
    issuer: str,
    purpose: StatusPurpose | str,
    status_list: BitstringStatusList,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The (unsigned) ``BitstringStatusListCredential`` publishing ``status_list``."""
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": issuer,
    }
    if valid_from is not None:
        credential["validFrom"] = format_xsd_datetime(valid_from)
    if valid_until is not None:
        credential["validUntil"] = format_xsd_datetime(valid_until)
    credential["credentialSubject"] = {
        "id": f"{id}#list",
        "type": LIST_TYPE,
        "statusPurpose": str(purpose),
        "encodedList": status_list.encode(),
    }
    return credential
