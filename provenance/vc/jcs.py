"""RFC 8785 JSON Canonicalization Scheme (JCS), fast where it can be, exact always.

``eddsa-jcs-2022`` signs the JCS form of a credential, so every byte here is part
of the signature. The reference is the ``rfc8785`` package (a straight reading of
the RFC); it is also slow, because it walks the document in Python, and
canonicalisation is most of a verification's cost after Ed25519 itself. Most real
documents only hold strings, booleans, nulls, safe integers and "plain" floats
(non-integral, between 1e-4 and 1e16), and for those ``orjson`` with sorted keys
(compact, UTF-8, written in Rust, ten times faster than the stdlib encoder) already
writes the JCS bytes:

- strings: both escape only ``"``, ``\\`` and U+0000-U+001F, with the short forms
  and lowercase ``\\u00xx`` otherwise;
- numbers: a plain float is written as the same shortest round-trip digit string in
  the same fixed notation as ECMAScript's ``Number.prototype.toString``; integral
  floats (``1.0``), tiny or huge floats, NaN (which orjson would write as ``null``)
  and unsafe integers differ, so they go to the reference implementation;
- key order: JCS sorts by UTF-16 code units, orjson by code points; the two agree
  unless a string holds a character outside the Basic Multilingual Plane, so any
  such document also goes to the reference implementation.

``tests/provenance/vc/test_jcs.py`` proves with hypothesis that the output is
byte-identical to ``rfc8785.dumps`` for arbitrary JSON values.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
import rfc8785

from provenance.vc.errors import VcError, VcErrorCode

_SAFE_INT = 2**53 - 1
# UTF-8 lead bytes of code points beyond U+FFFF.
_NON_BMP = re.compile(b"[\xf0-\xf4]")
_SORTED = orjson.OPT_SORT_KEYS


class _UnusualNumber(Exception):
    """Raised by the fast parser's number hooks to fall back to the plain parser."""


def _is_plain_float(value: float) -> bool:
    magnitude = abs(value)
    return 1e-4 <= magnitude < 1e16 and not magnitude.is_integer()


def _parse_float(text: str) -> float:
    value = float(text)
    if _is_plain_float(value):
        return value
    raise _UnusualNumber


def _parse_int(text: str) -> int:
    value = int(text)
    if -_SAFE_INT <= value <= _SAFE_INT:
        return value
    raise _UnusualNumber


def _reject_constant(text: str) -> Any:
    raise VcError(VcErrorCode.INVALID_JSON, f"{text} is not valid JSON")


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # RFC 8785 requires I-JSON input, whose object names are unique. A parser that
    # kept the last of two "maker" members while another kept the first would let
    # one signed text show two different certificates, so duplicates are refused.
    members = dict(pairs)
    if len(members) != len(pairs):
        raise VcError(VcErrorCode.INVALID_JSON, "an object has the same member name twice")
    return members


_fast_decoder = json.JSONDecoder(
    object_pairs_hook=_unique_members,
    parse_float=_parse_float,
    parse_int=_parse_int,
    parse_constant=_reject_constant,
)
_plain_decoder = json.JSONDecoder(object_pairs_hook=_unique_members, parse_constant=_reject_constant)


def parse(text: str | bytes) -> tuple[Any, bool]:
    """Parse I-JSON text; also say whether the fast canonicaliser may skip its number scan.

    Refuses NaN and Infinity, invalid UTF-8 and objects with duplicate member names.

    The second value is True when every number in the text is one the C encoder
    writes exactly as JCS does, so :func:`canonicalize_trusted` can be used on the
    result (and on any part of it) without walking it again.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise VcError(VcErrorCode.INVALID_JSON, "the JSON text is not UTF-8") from exc
    try:
        try:
            return _fast_decoder.decode(text), True
        except _UnusualNumber:
            return _plain_decoder.decode(text), False
    except json.JSONDecodeError as exc:
        raise VcError(VcErrorCode.INVALID_JSON, f"invalid JSON: {exc}") from exc


def _fast_path_ok(value: Any) -> bool:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -_SAFE_INT <= value <= _SAFE_INT
    if kind is float:
        return _is_plain_float(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                return False
            if type(item) is not str and not _fast_path_ok(item):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:  # noqa: SIM110 - a plain loop is faster than all() over a generator
            if type(item) is not str and not _fast_path_ok(item):
                return False
        return True
    return False


def _reference(value: Any) -> bytes:
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError) as exc:
        raise VcError(VcErrorCode.NOT_CANONICALIZABLE, f"cannot canonicalise: {exc}") from exc


def canonicalize_trusted(value: Any) -> bytes:
    """JCS bytes of a value known to hold only str keys, safe ints and plain floats.

    Use only on what :func:`parse` returned with ``True`` (or parts of it, or
    dicts built from such parts and strings); anything else must go through
    :func:`canonicalize`.
    """
    try:
        output = orjson.dumps(value, option=_SORTED)
    except (orjson.JSONEncodeError, TypeError):  # lone surrogates, deep nesting: let the reference decide
        return _reference(value)
    if not output.isascii() and _NON_BMP.search(output):
        return _reference(value)
    return output


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value (dict, list, str, number, bool, None)."""
    if _fast_path_ok(value):
        return canonicalize_trusted(value)
    return _reference(value)
