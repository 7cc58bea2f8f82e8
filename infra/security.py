"""Security middleware of the composition root: which forwarded headers to believe, and the
Content-Security-Policy of every HTML page.

``SECURE_PROXY_SSL_HEADER`` makes Django believe ``X-Forwarded-Proto`` from anyone, and a client
talking to the app directly could send ``https`` over plain HTTP. ``ForwardedProtoMiddleware``
drops the header unless the peer is a trusted proxy (``settings.TRUSTED_PROXIES``). Under uvicorn
with ``--forwarded-allow-ips`` the peer has already been replaced by the forwarded client and the
scheme set from the header by uvicorn itself, so dropping the header there changes nothing: Django
falls back to the scheme uvicorn decided.

The policy (``settings.CONTENT_SECURITY_POLICY``) allows scripts and styles from this origin only.
A template that cannot avoid an inline block gives it ``nonce="{{ request.csp_nonce }}"``: the
nonce is made on first use and added to ``script-src`` and ``style-src`` of that response only.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from storefront.core.http import is_trusted_proxy

# Documents a browser renders and that can run script: HTML, and SVG opened on its own.
_POLICED_TYPES = ("text/html", "image/svg+xml")


class ForwardedProtoMiddleware:
    """Drop ``X-Forwarded-Proto`` when the peer is not a trusted proxy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "HTTP_X_FORWARDED_PROTO" in request.META and not is_trusted_proxy(
            request.META.get("REMOTE_ADDR", "")
        ):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


class CspNonce:
    """A per-request nonce, drawn only when a template asks for it (``{{ request.csp_nonce }}``)."""

    def __init__(self) -> None:
        self._value: str | None = None

    @property
    def used(self) -> bool:
        return self._value is not None

    def __str__(self) -> str:
        if self._value is None:
            self._value = secrets.token_urlsafe(18)
        return self._value


class ContentSecurityPolicyMiddleware:
    """Add ``Content-Security-Policy`` to HTML (and SVG) responses that do not set their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = CspNonce()
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in _POLICED_TYPES or "Content-Security-Policy" in response:
            return response
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical 404/500 pages (DEBUG only) are built with inline styles and
            # scripts; they are the developer's own screen, never a visitor's.
            return response
        response["Content-Security-Policy"] = content_security_policy(
            nonce=str(nonce) if nonce.used else None
        )
        return response


def content_security_policy(*, nonce: str | None = None) -> str:
    """The header value from ``settings.CONTENT_SECURITY_POLICY``, with ``nonce`` when given."""
    directives = []
    for name, sources in settings.CONTENT_SECURITY_POLICY.items():
        values = list(sources)
        if nonce and name in ("script-src", "style-src"):
            values.append(f"'nonce-{nonce}'")
        directives.append(" ".join([name, *values]))
    return "; ".join(directives)
