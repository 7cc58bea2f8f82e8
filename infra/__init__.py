"""Asal's composition root: settings, URLs, ASGI/WSGI entry points and the Celery app.

The Celery app (``infra.celery``) is loaded on first use, not with this package: a web worker
that enqueues no task never imports Celery (``storefront.core.tasks``). ``celery -A infra``
finds it in ``infra.celery``.
"""

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    if name == "celery_app":
        from infra.celery import app

        return app
    raise AttributeError(f"module 'infra' has no attribute {name!r}")
