"""Multibase (the one-character base prefix) and multihash, for the encodings VCs use.

Only what the specs in play need: base58btc (``z``: keys, ``proofValue``) and
base64url without padding (``u``: status lists, ``digestMultibase``). Multihash
covers SHA-2 256/384/512, the digests a ``digestMultibase`` may carry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from provenance.vc.errors import VcError, VcErrorCode

BASE58BTC = "z"
BASE64URL = "u"

# multihash code -> (hashlib name, digest length)
_MULTIHASH = {0x12: ("sha256", 32), 0x20: ("sha384", 48), 0x13: ("sha512", 64)}
_MULTIHASH_BY_NAME = {name: (code, size) for code, (name, size) in _MULTIHASH.items()}


_B58_ALPHABET = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Maps each alphabet byte to its digit value and every other byte to 0xFF (not a digit).
_B58_DIGITS = bytes(_B58_ALPHABET.index(b) if b in _B58_ALPHABET else 0xFF for b in range(256))
_B58_CHUNK = 58**10
# SWAR decoding of up to 128 digits (a signature has 88): the digit bytes, read as one
# big-endian integer, are folded pairwise in lanes of 8, 16, 32, ... bits, each lane
# holding the value of its digits: hi * 58**(digits in lo) + lo, all lanes at once.
_B58_SWAR_DIGITS = 128


def _swar_levels() -> tuple[tuple[int, int, int], ...]:
    levels = []
    width, multiplier = 8, 58
    while width < _B58_SWAR_DIGITS * 8:
        lane_bytes, half_bytes = 2 * width // 8, width // 8
        lane = b"\0" * (lane_bytes - half_bytes) + b"\xff" * half_bytes
        mask = int.from_bytes(lane * (_B58_SWAR_DIGITS // lane_bytes), "big")
        levels.append((width, mask, multiplier))
        width, multiplier = 2 * width, multiplier * multiplier
    return tuple(levels)


_B58_SWAR_LEVELS = _swar_levels()


def _base58_number(digits: bytes) -> int:
    if len(digits) <= _B58_SWAR_DIGITS:
        number = int.from_bytes(digits.rjust(_B58_SWAR_DIGITS, b"\0"), "big")
        for width, mask, multiplier in _B58_SWAR_LEVELS:
            number = ((number >> width) & mask) * multiplier + (number & mask)
        return number
    number = 0
    head = len(digits) % 10
    for digit in digits[:head]:
        number = number * 58 + digit
    for i in range(head, len(digits), 10):
        chunk = 0
        for digit in digits[i : i + 10]:
            chunk = chunk * 58 + digit
        number = number * _B58_CHUNK + chunk
    return number


def base58btc_encode(data: bytes) -> str:
    """``z`` + base58btc (Bitcoin alphabet): leading zero bytes become leading ``1``s."""
    number = int.from_bytes(data, "big")
    digits = bytearray()
    while number:
        number, digit = divmod(number, 58)
        digits.append(_B58_ALPHABET[digit])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return BASE58BTC + "1" * zeros + digits[::-1].decode("ascii")


def base58btc_decode(value: str) -> bytes:
    """Bytes of a ``z``-prefixed base58btc multibase string.

    Every certificate verification decodes a 64-byte signature, so short values are
    decoded with big-integer lane arithmetic rather than a loop over the digits:
    several times faster than the ``base58`` package.
    """
    if not isinstance(value, str) or not value.startswith(BASE58BTC) or len(value) < 2 or not value.isascii():
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "expected a base58btc multibase value (prefix 'z')")
    body = value[1:]
    digits = body.encode("ascii").translate(_B58_DIGITS)
    if 0xFF in digits:
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "invalid base58btc character")
    number = _base58_number(digits)
    zeros = len(body) - len(body.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


def base64url_encode(data: bytes) -> str:
    """``u`` + base64url without padding (RFC 4648 section 5)."""
    return BASE64URL + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def base64url_decode(value: str) -> bytes:
    """Bytes of a ``u``-prefixed base64url (no padding) multibase string."""
    if not isinstance(value, str) or not value.startswith(BASE64URL):
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "expected a base64url multibase value (prefix 'u')")
    body = value[1:]
    if "=" in body or "+" in body or "/" in body:
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "base64url must be unpadded and URL-safe")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise VcError(VcErrorCode.INVALID_MULTIBASE, f"invalid base64url: {exc}") from exc


def multibase_decode(value: str) -> bytes:
    """Decode either supported multibase form by its prefix."""
    if isinstance(value, str) and value.startswith(BASE58BTC):
        return base58btc_decode(value)
    return base64url_decode(value)


def digest_multibase(data: bytes, *, algorithm: str = "sha256") -> str:
    """The ``digestMultibase`` of some bytes: ``u`` + base64url(multihash), as VC DM 2.0 shows it."""
    code, _ = _MULTIHASH_BY_NAME[algorithm]
    digest = hashlib.new(algorithm, data).digest()
    return base64url_encode(bytes([code, len(digest)]) + digest)


def digest_matches(digest: str, data: bytes) -> bool:
    """Whether ``data`` hashes to a ``digestMultibase`` value (any supported base and hash)."""
    raw = multibase_decode(digest)
    if len(raw) < 2 or raw[0] not in _MULTIHASH:
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "digestMultibase is not a supported multihash")
    name, size = _MULTIHASH[raw[0]]
    if raw[1] != size or len(raw) != 2 + size:
        raise VcError(VcErrorCode.INVALID_MULTIBASE, "digestMultibase has the wrong digest length")
    return hashlib.new(name, data).digest() == raw[2:]
