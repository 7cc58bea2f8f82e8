"""The client's address, for rate limits keyed by where a request comes from.

Placeholder of the agreed interface (issue 7): the deployment's version honours a trusted-proxies
setting; this one trusts only the socket peer, which a client cannot choose.
"""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The IP address rate limits count against (``"unknown"`` when the server gives none)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")
