"""Reading account e-mails in tests: the link's e-mail and token."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_LINK = re.compile(r"https?://\S+")


def link_in(message) -> str:
    [link] = _LINK.findall(message.body)
    return link


def token_in(message) -> str:
    return parse_qs(urlsplit(link_in(message)).query)["token"][0]
