"""The production server (``python -m infra.serve``) trusts the same proxies as the app."""

from __future__ import annotations

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from infra.serve import gunicorn_options, uvicorn_proxy_options


def test_without_trusted_proxies_uvicorn_ignores_forwarded_headers():
    assert uvicorn_proxy_options([]) == {"proxy_headers": False}


def test_uvicorn_trusts_exactly_the_configured_addresses_and_networks():
    options = uvicorn_proxy_options(["10.0.0.0/24", "2001:db8::1/128"])

    assert options["proxy_headers"] is True
    trusted = ProxyHeadersMiddleware(app=None, trusted_hosts=options["forwarded_allow_ips"]).trusted_hosts  # type: ignore[arg-type]
    assert "10.0.0.7" in trusted and "2001:db8::1" in trusted
    assert "10.0.1.7" not in trusted and "203.0.113.9" not in trusted


def _gunicorn_config(options: dict[str, object]):
    from gunicorn.config import Config

    config = Config()
    for key, value in options.items():
        config.set(key, value)  # gunicorn validates each setting here
    return config


def test_gunicorn_runs_preloaded_sync_workers():
    config = _gunicorn_config(gunicorn_options(bind="0.0.0.0:8000", workers=3, trusted_proxies=[]))

    assert config.worker_class_str == "sync"
    assert config.workers == 3
    assert config.preload_app is True
    assert config.address == [("0.0.0.0", 8000)]


def test_without_trusted_proxies_gunicorn_believes_no_forwarded_scheme():
    config = _gunicorn_config(gunicorn_options(bind="127.0.0.1:8000", workers=1, trusted_proxies=[]))

    assert config.forwarded_allow_ips == []  # not gunicorn's default of 127.0.0.1


def test_gunicorn_trusts_exactly_the_configured_addresses_and_networks():
    options = gunicorn_options(
        bind="127.0.0.1:8000", workers=1, trusted_proxies=["10.0.0.0/24", "2001:db8::1/128"]
    )

    assert _gunicorn_config(options).forwarded_allow_ips == ["10.0.0.0/24", "2001:db8::1/128"]
