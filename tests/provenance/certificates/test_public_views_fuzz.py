"""Fuzzing the public views: whatever a stranger sends, the answer is never a 500 or an internal message.

Malformed path segments (NUL bytes, invalid UTF-8, slashes, very long or empty values, the
real serial with junk around it), query strings, Accept and Accept-Language headers, and claim
form bodies go to every public view: the item page (HTML and credential), its GS1 Digital Link,
the printable tag and QR code, the DID document, the status lists, the JSON-LD context and the
stylesheet. The test client re-raises any exception a view lets escape, so a crash fails here
with its traceback. Sized to run in seconds.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def fuzz(examples: int):
    """Hypothesis settings sized for ``make test``: a rendered item page costs tens of milliseconds."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# Words that only an internal error would show a stranger.
INTERNAL = (b"Traceback", b"psycopg", b"DataError", b"IntegrityError", b"django.db", b"NUL", b"SQL", b"0x00")

raw_segments = st.one_of(
    st.text(max_size=80),
    st.text(alphabet="\x00%/.aZ9-", max_size=6),
    st.binary(max_size=40),
    st.sampled_from(["", ".", "..", "%", "\x00", "0" * 30, "A" * 300, "revocation", "suspension"]),
)
junk = st.one_of(st.just(""), st.text(max_size=12), st.sampled_from(["\x00", "/", "%00", " ", "\ufeff"]))
header_values = st.text(alphabet=st.characters(exclude_characters="\r\n"), max_size=120)
query_strings = st.one_of(
    st.text(max_size=60).map(lambda text: quote(text, safe="=&")),
    st.dictionaries(
        st.sampled_from(["lang", "format", "v", "x"]),
        st.one_of(st.text(max_size=30), st.sampled_from(["id", "vc"])),
    ).map(lambda query: "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in query.items())),
)


def _segment(value: str | bytes) -> str:
    return quote(value, safe="")


def _assert_clean(response) -> None:
    assert response.status_code < 500, response.status_code
    if response.status_code >= 400:
        body = b"".join(response) if response.streaming else response.content
        assert not any(word in body for word in INTERNAL), body[:500]


@pytest.fixture
def serial(received):
    return received.units.first().serial


@fuzz(40)
@given(
    before=junk,
    after=junk,
    raw=raw_segments,
    use_serial=st.booleans(),
    query=query_strings,
    accept=header_values,
    accept_language=header_values,
)
@example(
    before="", after="\x00", raw="", use_serial=True, query="lang=id%00", accept="", accept_language="id"
)
def test_item_page_answers_malformed_paths_queries_and_headers(
    client, serial, before, after, raw, use_serial, query, accept, accept_language
):
    segment = _segment(before + serial + after) if use_serial else _segment(raw)
    response = client.get(
        f"/p/{segment}?{query}", headers={"accept": accept, "accept-language": accept_language}
    )
    _assert_clean(response)


@fuzz(30)
@given(before=junk, after=junk, use_serial=st.booleans(), query=query_strings, accept=header_values)
@example(before="", after="\x00", use_serial=True, query="", accept="")
def test_item_page_as_a_credential_answers_malformed_input(
    client, serial, before, after, use_serial, query, accept
):
    segment = _segment(before + serial + after) if use_serial else _segment(before + after)
    response = client.get(f"/p/{segment}?format=vc&{query}", headers={"accept": f"application/vc, {accept}"})
    _assert_clean(response)


@fuzz(30)
@given(
    raw=raw_segments,
    after=junk,
    use_serial=st.booleans(),
    tail=st.sampled_from(["tag.pdf", "qr.svg"]),
    query=query_strings,
    accept_language=header_values,
)
@example(raw="\x00", after="", use_serial=False, tail="tag.pdf", query="lang=id", accept_language="")
@example(raw="", after="\x00", use_serial=True, tail="qr.svg", query="", accept_language="")
def test_tag_and_qr_code_answer_malformed_input(
    client, serial, raw, after, use_serial, tail, query, accept_language
):
    segment = _segment(serial + after) if use_serial else _segment(raw)
    response = client.get(f"/p/{segment}/{tail}?{query}", headers={"accept-language": accept_language})
    _assert_clean(response)


@fuzz(60)
@given(
    purpose=raw_segments,
    number=st.one_of(raw_segments, st.integers(min_value=-1, max_value=10**30).map(str)),
    gtin=raw_segments,
    after=junk,
    use_serial=st.booleans(),
)
@example(purpose="revocation\x00", number="1", gtin="08991234567895", after="\x00", use_serial=False)
def test_status_lists_and_gs1_links_answer_malformed_segments(
    client, serial, purpose, number, gtin, after, use_serial
):
    _assert_clean(client.get(f"/status/{_segment(purpose)}/{_segment(number)}"))
    _assert_clean(client.get(f"/status/revocation/{_segment(number)}"))
    tail = _segment(serial + after) if use_serial else _segment(after)
    _assert_clean(client.get(f"/01/{_segment(gtin)}/21/{tail}"))


@fuzz(25)
@given(
    query=query_strings,
    accept=header_values,
    method=st.sampled_from(["get", "post", "put", "delete", "options"]),
)
def test_did_document_context_and_stylesheet_answer_malformed_requests(client, serial, query, accept, method):
    for path in ("/.well-known/did.json", "/ns/origin/v1", "/assets/certificate.css"):
        _assert_clean(getattr(client, method)(f"{path}?{query}", headers={"accept": accept}))


form_values = st.one_of(st.text(max_size=300), st.sampled_from(["\x00", "NL\x00", "ID", "", "x" * 5000]))


@fuzz(30)
@given(
    form=st.dictionaries(
        st.sampled_from(["secret", "name", "email", "country", "lang", "extra"]), form_values, max_size=6
    ),
    accept_language=header_values,
)
def test_claim_form_answers_malformed_fields(client, serial, form, accept_language):
    response = client.post(f"/p/{serial}", form, headers={"accept-language": accept_language})
    _assert_clean(response)
    assert response.status_code in (200, 400, 429)


@fuzz(30)
@given(
    body=st.binary(max_size=400),
    content_type=st.one_of(
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "application/json",
                "text/plain; charset=utf-8",
                "application/x-www-form-urlencoded; charset=not-a-charset",
            ]
        ),
        header_values,
    ),
)
def test_claim_form_answers_malformed_bodies(client, serial, body, content_type):
    # ``generic`` sends the bytes as they are (``post`` would re-encode them to the charset named).
    _assert_clean(client.generic("POST", f"/p/{serial}", data=body, content_type=content_type))
