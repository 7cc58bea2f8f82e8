"""Asal's composition root: settings, URLs, ASGI/WSGI entry points and the Celery app."""

from infra.celery import app as celery_app

__all__ = ["celery_app"]
