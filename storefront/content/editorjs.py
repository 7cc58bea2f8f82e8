"""EditorJS documents as pages store them: checked for shape and size, inline HTML sanitised.

Saleor stores rich text as EditorJS JSON and storefronts render its blocks' inline HTML as it is,
so whatever a page stores must be safe to render: only the block types below, and in their texts
only inline tags of EditorJS's own tools (bold, italic, links…). Other tags are dropped with their
text kept; ``script``, ``style`` and other containers of code are dropped whole; attributes are
dropped except a link's ``href``, and that only for http(s), mailto, tel or a path on the site.
The standard library's HTML parser does the tokenising (no new dependency), and the output is
re-serialised from the tokens, so nothing the parser did not understand passes through.
"""

from __future__ import annotations

import json
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from storefront.content.error_codes import ContentError, PageErrorCode

MAX_DOCUMENT_BYTES = 100_000
MAX_BLOCKS = 500
MAX_LIST_DEPTH = 5

INLINE_TAGS = frozenset({"a", "b", "br", "code", "em", "i", "mark", "s", "strong", "sub", "sup", "u"})
# Dropped with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "svg",
        "math",
        "textarea",
        "title",
    }
)
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


class _InlineSanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._open: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping += 1
            return
        if self._skipping or tag not in INLINE_TAGS:
            return
        if tag == "br":
            self.out.append("<br>")
            return
        if tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), None)
            if href is not None and safe_link(href):
                self.out.append(f'<a href="{escape(href.strip(), quote=True)}">')
            else:
                self.out.append("<a>")
        else:
            self.out.append(f"<{tag}>")
        self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skipping:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
            return
        if self._skipping or tag not in self._open:
            return
        while self._open:  # close what was left open inside it, as a browser would
            last = self._open.pop()
            self.out.append(f"</{last}>")
            if last == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self._open))


def safe_link(href: str) -> bool:
    """http(s), mailto and tel links, and paths on the same site; never ``javascript:`` or data."""
    text = "".join(ch for ch in href.strip() if ch.isprintable() and not ch.isspace())
    if text.startswith("//"):
        return False
    if text.startswith(("/", "#", "?")):
        return True
    scheme = urlsplit(text).scheme.lower()
    return scheme in _LINK_SCHEMES


def inline_html_sanitize(text: str) -> str:
    """``text`` with only EditorJS's inline tags left, attributes other than a safe ``href`` gone."""
    parser = _InlineSanitizer()
    parser.feed(text)
    return parser.result()


def _text(value: Any, *, where: str, problems: list[str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where} must be text.")
        return ""
    return inline_html_sanitize(value)


def _list_items(items: Any, *, where: str, depth: int, problems: list[str]) -> list[Any]:
    if not isinstance(items, list):
        problems.append(f"{where} must be a list.")
        return []
    if depth > MAX_LIST_DEPTH:
        problems.append(f"{where} is nested too deep.")
        return []
    cleaned: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            cleaned.append(inline_html_sanitize(item))
        elif isinstance(item, dict):
            cleaned.append(
                {
                    "content": _text(
                        item.get("content"), where=f"{where}[{index}].content", problems=problems
                    ),
                    "meta": {},
                    "items": _list_items(
                        item.get("items", []),
                        where=f"{where}[{index}].items",
                        depth=depth + 1,
                        problems=problems,
                    ),
                }
            )
        else:
            problems.append(f"{where}[{index}] must be text or an item.")
    return cleaned


def _image_url(value: Any, *, where: str, problems: list[str]) -> str:
    url = value.get("url") if isinstance(value, dict) else None
    if not isinstance(url, str) or urlsplit(url.strip()).scheme.lower() not in {"http", "https"}:
        problems.append(f"{where} needs an http(s) file URL.")
        return ""
    return url.strip()


def _block(block: Any, index: int, problems: list[str]) -> dict[str, Any] | None:
    where = f"Block {index + 1}"
    if not isinstance(block, dict) or not isinstance(block.get("data", {}), dict):
        problems.append(f"{where} must be an object with a data object.")
        return None
    kind, data = block.get("type"), block.get("data", {})
    cleaned: dict[str, Any]
    if kind == "paragraph":
        cleaned = {"text": _text(data.get("text"), where=f"{where}'s text", problems=problems)}
    elif kind == "header":
        level = data.get("level", 2)
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6:
            problems.append(f"{where}'s level must be 1 to 6.")
            level = 2
        cleaned = {
            "text": _text(data.get("text"), where=f"{where}'s text", problems=problems),
            "level": level,
        }
    elif kind == "list":
        style = data.get("style", "unordered")
        if style not in {"ordered", "unordered"}:
            problems.append(f"{where}'s style must be ordered or unordered.")
        cleaned = {
            "style": style,
            "items": _list_items(data.get("items", []), where=f"{where}'s items", depth=1, problems=problems),
        }
    elif kind == "quote":
        cleaned = {
            "text": _text(data.get("text"), where=f"{where}'s text", problems=problems),
            "caption": _text(data.get("caption"), where=f"{where}'s caption", problems=problems),
            "alignment": "center" if data.get("alignment") == "center" else "left",
        }
    elif kind == "delimiter":
        cleaned = {}
    elif kind == "image":
        cleaned = {
            "file": {"url": _image_url(data.get("file"), where=f"{where}'s file", problems=problems)},
            "caption": _text(data.get("caption"), where=f"{where}'s caption", problems=problems),
            "withBorder": bool(data.get("withBorder", False)),
            "withBackground": bool(data.get("withBackground", False)),
            "stretched": bool(data.get("stretched", False)),
        }
    else:
        problems.append(f"{where} has an unsupported type {str(kind)[:40]!r}.")
        return None
    result: dict[str, Any] = {"type": kind, "data": cleaned}
    if isinstance(block.get("id"), str) and len(block["id"]) <= 64:
        result["id"] = block["id"]
    return result


def editorjs_clean(document: Any, *, field: str = "content") -> dict[str, Any] | None:
    """The document as stored: its known blocks with sanitised texts, or a ``ContentError``.

    ``None`` stays ``None`` (no content). Every problem of the document is reported in one error.
    """
    if document is None:
        return None
    if not isinstance(document, dict) or not isinstance(document.get("blocks", []), list):
        raise ContentError(PageErrorCode.INVALID, "The content must be an EditorJS document.", field=field)
    size = len(json.dumps(document, ensure_ascii=False, default=str).encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise ContentError(
            PageErrorCode.INVALID, f"The content is larger than {MAX_DOCUMENT_BYTES} bytes.", field=field
        )
    blocks = document.get("blocks", [])
    if len(blocks) > MAX_BLOCKS:
        raise ContentError(
            PageErrorCode.INVALID, f"The content has more than {MAX_BLOCKS} blocks.", field=field
        )
    problems: list[str] = []
    cleaned_blocks = [
        b for b in (_block(block, i, problems) for i, block in enumerate(blocks)) if b is not None
    ]
    if problems:
        raise ContentError(PageErrorCode.INVALID, " ".join(problems[:5]), field=field)
    cleaned: dict[str, Any] = {"blocks": cleaned_blocks}
    if isinstance(document.get("time"), int) and not isinstance(document.get("time"), bool):
        cleaned["time"] = document["time"]
    if isinstance(document.get("version"), str) and len(document["version"]) <= 20:
        cleaned["version"] = document["version"]
    return cleaned
