"""The Celery application: eager in the embedded default, a real broker in production."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings")

app = Celery("asal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
