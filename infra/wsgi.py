"""WSGI entry point: what production serves, through gunicorn's sync workers (``infra/serve.py``)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
application = get_wsgi_application()

# Import the URLconf, and with it the GraphQL schema, now: gunicorn loads this module before it
# forks its workers (``preload_app``), so they share the schema instead of each building it on
# its first request.
get_resolver().url_patterns  # noqa: B018 - evaluated for its import
