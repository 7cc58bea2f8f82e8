"""The fast JCS canonicaliser writes exactly the bytes of the RFC 8785 reference implementation."""

from __future__ import annotations

import json
import math

import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance.vc import jcs
from provenance.vc.errors import VcError

SAFE = 2**53 - 1

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-SAFE, max_value=SAFE)
    | st.integers()  # beyond the safe range too: both implementations must refuse
    | st.floats()  # NaN and infinities included: both must refuse
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.floats(min_value=1e14, max_value=1e23)
    | st.text()
    | st.text(alphabet=st.characters(min_codepoint=0xD000, max_codepoint=0x1F700))
)
keys = st.text() | st.text(alphabet=st.characters(min_codepoint=0xE000, max_codepoint=0x1F700), max_size=3)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


def reference(value: object) -> bytes | type[Exception]:
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError):
        return VcError


def ours(value: object) -> bytes | type[Exception]:
    try:
        return jcs.canonicalize(value)
    except VcError:
        return VcError


@settings(max_examples=1500, deadline=None)
@given(json_values)
@example({"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "\u00f6": 7})
@example([1.0, -0.0, 1e-7, 1e21, 1e-4, 9.99e-5, 2.0**53, 2.0**60, 5e-324])
@example({"a": '\x00\x1f\x7f"\\\u2028\U0001f600'})
def test_canonical_bytes_are_identical_to_the_reference(value: object) -> None:
    """Any JSON value: same bytes as rfc8785, or both refuse it."""
    assert ours(value) == reference(value)


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_parsed_text_canonicalises_like_the_reference(value: object) -> None:
    """JSON text parsed by jcs.parse: the trusted fast path, when it is taken, agrees too."""
    if reference(value) is VcError:
        return
    parsed, trusted = jcs.parse(json.dumps(value))
    result = jcs.canonicalize_trusted(parsed) if trusted else jcs.canonicalize(parsed)
    assert result == rfc8785.dumps(value)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0.0, "0"),
        (-0.0, "0"),
        (5e-324, "5e-324"),
        (-5e-324, "-5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (0.1 + 0.2, "0.30000000000000004"),
        (116.0, "116"),
        (-8.6153, "-8.6153"),
        (333333333.3333333, "333333333.3333333"),
    ],
)
def test_numbers_follow_ecmascript(number: float, expected: str) -> None:
    """Floats are written as ECMAScript's Number.prototype.toString writes them (RFC 8785 3.2.2.3)."""
    assert jcs.canonicalize(number).decode() == expected


def test_keys_sort_by_utf16_code_units() -> None:
    """RFC 8785 3.2.3's example: U+1F600 (a surrogate pair) sorts before U+FB33."""
    value = {"\u20ac": 0, "\r": 0, "\ufb33": 0, "1": 0, "\U0001f600": 0, "\u0080": 0, "\u00f6": 0}
    order = list(json.loads(jcs.canonicalize(value)))
    assert order == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize("value", [math.nan, math.inf, 2**53, {"k": "\ud800"}, {1: "a"}, {"k": object()}])
def test_values_outside_jcs_are_refused(value: object) -> None:
    with pytest.raises(VcError):
        jcs.canonicalize(value)


@pytest.mark.parametrize("text", ["NaN", '{"a": Infinity}', "{", '{"a": 1}x', b"\xff"])
def test_parse_refuses_what_is_not_json(text: str | bytes) -> None:
    with pytest.raises(VcError):
        jcs.parse(text)


def test_parse_flags_numbers_the_fast_path_cannot_write() -> None:
    assert jcs.parse('{"a": 1.5, "b": 2}') == ({"a": 1.5, "b": 2}, True)
    assert jcs.parse('{"a": 1.0}')[1] is False
    assert jcs.parse('{"a": 1e-7}')[1] is False
    assert jcs.parse('{"a": 9007199254740993}')[1] is False


def test_parse_refuses_duplicate_member_names() -> None:
    """I-JSON: a text where one parser sees one maker and another parser another is refused."""
    with pytest.raises(VcError) as caught:
        jcs.parse('{"maker": "Inaq Sahnim", "nested": {"a": 1, "a": 2}}')
    assert "twice" in caught.value.message
