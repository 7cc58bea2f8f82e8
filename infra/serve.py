"""Serve Asal as the production image does: ``python -m infra.serve``.

Production runs gunicorn's synchronous WSGI workers (``infra.wsgi``): the GraphQL view, the ORM
and every service are synchronous, so under ASGI each request would hop from the event loop to
a worker thread and back (asgiref) for nothing. Measured side by side on the storefront's
listing and product page (README, *Performance*), a sync worker spends less CPU per request than
a uvicorn worker does. The app is loaded once before the workers fork (``preload``), so they
share its memory and none of them imports the schema on its first request.

Sync workers read a request from the socket themselves, one at a time: they belong behind a
reverse proxy that buffers requests and responses (nginx, a cloud load balancer), which is also
where TLS ends. ``--server uvicorn`` runs the ASGI application instead (``infra.asgi``), for a
deployment without such a proxy.

Both believe ``X-Forwarded-For`` and ``X-Forwarded-Proto`` only from the peers named by the same
setting the app reads, ``settings.TRUSTED_PROXIES`` (``ASAL_TRUSTED_PROXIES``), already checked by
the settings module: the client address the server reports and the one ``client_address``
computes for rate limits agree, and a deployment has one list of proxies to keep right. With none
configured, forwarded headers are ignored.
"""

from __future__ import annotations

import argparse
import gc
import os
from typing import Any

SERVERS = ("gunicorn", "uvicorn")


def uvicorn_proxy_options(trusted_proxies: list[str]) -> dict[str, Any]:
    """uvicorn's proxy options for ``trusted_proxies`` (IPs and CIDR networks)."""
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted_proxies)}


def gunicorn_options(*, bind: str, workers: int, trusted_proxies: list[str]) -> dict[str, Any]:
    """gunicorn's settings: sync workers over the preloaded WSGI app, proxies as the app trusts them."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        # A storefront request takes milliseconds; a worker stuck this long is restarted.
        "timeout": 60,
        "graceful_timeout": 30,
        # Only these peers may set the scheme (X-Forwarded-Proto); none when no proxy is configured.
        "forwarded_allow_ips": ",".join(trusted_proxies),
        "accesslog": None,
        "errorlog": "-",
    }


def _gunicorn_run(options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    class Application(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from infra.wsgi import application

            # Everything loaded so far lives as long as the process: the collector leaves it alone
            # from now on. Otherwise each worker's first full collection writes to the header of
            # every object the master loaded, copying the pages the workers share (copy-on-write).
            gc.freeze()
            return application

    Application().run()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a container's port, published on purpose
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server", choices=SERVERS, default="gunicorn")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    from django.conf import settings

    if args.server == "gunicorn":
        _gunicorn_run(
            gunicorn_options(
                bind=f"{args.host}:{args.port}",
                workers=args.workers,
                trusted_proxies=settings.TRUSTED_PROXIES,
            )
        )
        return

    import uvicorn

    uvicorn.run(
        "infra.asgi:application",
        host=args.host,
        port=args.port,
        workers=args.workers,
        server_header=False,
        **uvicorn_proxy_options(settings.TRUSTED_PROXIES),
    )


if __name__ == "__main__":
    main()
