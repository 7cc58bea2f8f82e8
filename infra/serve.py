"""Serve Asal with uvicorn, as the production image does: ``python -m infra.serve``.

uvicorn believes ``X-Forwarded-For`` and ``X-Forwarded-Proto`` only from the peers named by the same
setting the app reads, ``settings.TRUSTED_PROXIES`` (``ASAL_TRUSTED_PROXIES``), already checked by
the settings module: the client address uvicorn reports and the one ``client_address`` computes for
rate limits agree, and a deployment has one list of proxies to keep right. With none configured,
forwarded headers are ignored.
"""

from __future__ import annotations

import argparse
import os
from typing import Any


def uvicorn_proxy_options(trusted_proxies: list[str]) -> dict[str, Any]:
    """uvicorn's proxy options for ``trusted_proxies`` (IPs and CIDR networks)."""
    if not trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(trusted_proxies)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a container's port, published on purpose
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
    import uvicorn
    from django.conf import settings

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
