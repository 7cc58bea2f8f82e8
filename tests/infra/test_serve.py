"""The production server (``python -m infra.serve``) trusts the same proxies as the app."""

from __future__ import annotations

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from infra.serve import uvicorn_proxy_options


def test_without_trusted_proxies_uvicorn_ignores_forwarded_headers():
    assert uvicorn_proxy_options([]) == {"proxy_headers": False}


def test_uvicorn_trusts_exactly_the_configured_addresses_and_networks():
    options = uvicorn_proxy_options(["10.0.0.0/24", "2001:db8::1/128"])

    assert options["proxy_headers"] is True
    trusted = ProxyHeadersMiddleware(app=None, trusted_hosts=options["forwarded_allow_ips"]).trusted_hosts  # type: ignore[arg-type]
    assert "10.0.0.7" in trusted and "2001:db8::1" in trusted
    assert "10.0.1.7" not in trusted and "203.0.113.9" not in trusted
