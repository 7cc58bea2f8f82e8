"""EditorJS documents as pages store them: shape and size checked, inline HTML made safe."""

from __future__ import annotations

import pytest

from storefront.content.editorjs import MAX_DOCUMENT_BYTES, editorjs_clean, inline_html_sanitize, safe_link
from storefront.content.error_codes import ContentError


def _doc(*blocks):
    return {"blocks": list(blocks)}


def test_script_and_event_handlers_are_removed_and_inline_tags_kept():
    dirty = '<b>Loyok</b><script>alert(1)</script><i onclick="x()">bamboo</i><img src=x onerror=alert(1)>'

    assert inline_html_sanitize(dirty) == "<b>Loyok</b><i>bamboo</i>"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example"]
)
def test_links_to_scripts_data_or_other_hosts_lose_their_href(href):
    assert inline_html_sanitize(f'<a href="{href}">x</a>') == "<a>x</a>"
    assert not safe_link(href)


def test_safe_links_keep_their_href_escaped():
    assert inline_html_sanitize('<a href="https://asal.example/?a=1&b=2" target="_blank">x</a>') == (
        '<a href="https://asal.example/?a=1&amp;b=2">x</a>'
    )
    assert (
        inline_html_sanitize('<a href="/pages/care-guide">care</a>') == '<a href="/pages/care-guide">care</a>'
    )


def test_text_outside_tags_is_escaped_and_unclosed_tags_are_closed():
    assert inline_html_sanitize("1 < 2 & <b>bold") == "1 &lt; 2 &amp; <b>bold</b>"


def test_a_document_keeps_its_known_blocks_with_sanitised_texts():
    cleaned = editorjs_clean(
        _doc(
            {"id": "a", "type": "header", "data": {"text": "Loyok<script>x</script>", "level": 2}},
            {"type": "list", "data": {"style": "ordered", "items": ["<b>one</b>", "<style>*{}</style>two"]}},
            {"type": "paragraph", "data": {"text": "<iframe src=x></iframe>Plaited"}},
        )
    )

    assert cleaned == {
        "blocks": [
            {"type": "header", "data": {"text": "Loyok", "level": 2}, "id": "a"},
            {"type": "list", "data": {"style": "ordered", "items": ["<b>one</b>", "two"]}},
            {"type": "paragraph", "data": {"text": "Plaited"}},
        ]
    }


@pytest.mark.parametrize(
    "document",
    [
        "not a document",
        {"blocks": "nope"},
        _doc({"type": "raw", "data": {"html": "<script>x</script>"}}),
        _doc({"type": "paragraph", "data": {"text": 5}}),
        _doc({"type": "header", "data": {"text": "x", "level": 9}}),
        _doc({"type": "image", "data": {"file": {"url": "javascript:alert(1)"}}}),
        _doc(*[{"type": "paragraph", "data": {"text": "x"}}] * 501),
        _doc({"type": "paragraph", "data": {"text": "x" * MAX_DOCUMENT_BYTES}}),
    ],
    ids=[
        "text",
        "blocks-not-a-list",
        "raw-html-block",
        "text-not-a-string",
        "header-level",
        "image-url",
        "too-many",
        "too-big",
    ],
)
def test_bad_documents_are_refused_as_invalid_content(document):
    with pytest.raises(ContentError) as raised:
        editorjs_clean(document)

    assert raised.value.code == "INVALID"
    assert raised.value.field == "content"


def test_no_content_stays_none():
    assert editorjs_clean(None) is None
