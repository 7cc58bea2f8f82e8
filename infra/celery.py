"""The Celery application: eager in the embedded default, a real broker in production."""

import os

from celery import Celery

from storefront.core.tasks import tasks_bind

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")

app = Celery("asal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The tasks decorated before this module was loaded become Celery tasks of this app now, and
# every later one at once (``storefront.core.tasks``: they are made on first use).
tasks_bind()
