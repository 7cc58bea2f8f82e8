"""Links in account e-mails: the storefront's ``redirectUrl`` plus the e-mail and a one-time token.

The storefront names the page the link should open (Saleor's ``redirectUrl``). Anyone can call
the mutations, so an unchecked URL would let a stranger send the shop's genuine e-mail, carrying a
genuine token, pointing at their own site: the redirect URL's host must be one of
``settings.ALLOWED_CLIENT_HOSTS`` (Django's host patterns: ``shop.example``, ``.example`` for
subdomains, ``*`` for any host, which only a development set-up should use).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http.request import validate_host

from storefront.accounts.error_codes import AccountError, AccountErrorCode

MAX_URL_LENGTH = 2048


def redirect_url_clean(url: str | None, *, field: str = "redirect_url", required: bool = True) -> str | None:
    """The URL if it is an http(s) URL on an allowed storefront host; raises ``AccountError`` if not."""
    if url is None or not url.strip():
        if required:
            raise AccountError(AccountErrorCode.REQUIRED, "This field is required.", field=field)
        return None
    url = url.strip()
    if len(url) > MAX_URL_LENGTH or any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise AccountError(AccountErrorCode.INVALID, "Enter a valid URL.", field=field)
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        raise AccountError(AccountErrorCode.INVALID, "Enter a valid URL.", field=field) from None
    if parts.scheme not in ("http", "https") or not hostname or parts.username or parts.password:
        raise AccountError(AccountErrorCode.INVALID, "Enter a valid http or https URL.", field=field)
    if not validate_host(hostname, settings.ALLOWED_CLIENT_HOSTS):
        raise AccountError(
            AccountErrorCode.INVALID,
            f"{hostname} is not a storefront of this shop (see ALLOWED_CLIENT_HOSTS).",
            field=field,
        )
    return url


def link_build(*, redirect_url: str, email: str, token: str) -> str:
    """``redirect_url`` with ``email`` and ``token`` added to its query (what Saleor's storefront reads)."""
    parts = urlsplit(redirect_url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("email", email), ("token", token)]
    return urlunsplit(parts._replace(query=urlencode(query)))
