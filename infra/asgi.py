"""ASGI entry point (production runs N stateless workers of this)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
django_application = get_asgi_application()

# Imported once the apps are loaded. Django reads a whole body before any view runs under ASGI:
# the guard refuses oversized bodies and uploads by strangers from their headers first.
from graphql_schema.body_guard import GraphQLBodyGuard  # noqa: E402

application = GraphQLBodyGuard(django_application)
