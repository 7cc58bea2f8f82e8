"""ASGI entry point (production runs N stateless workers of this)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")
application = get_asgi_application()
