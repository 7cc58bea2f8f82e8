"""``python manage.py load_demo``: load the demo catalogue; a second run changes nothing."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from infra.demo.services import demo_catalogue_load, demo_sample_certificate


class Command(BaseCommand):
    help = "Load the demo catalogue of Lombok crafts (idempotent: a second run changes nothing)."
    # `make run` has just run `migrate`, which runs the system checks; running them again here would
    # import the whole GraphQL schema (for the URL checks) only to load data.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(message)
                self.stdout.flush()

        # Eager Celery logs a line per pre-rendered thumbnail; the progress lines say enough.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        summary = demo_catalogue_load(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo catalogue ready: {summary.products} products in {summary.channels} channels, "
                f"{summary.makers} demo maker profiles ({time.monotonic() - started:.1f} s)."
            )
        )
        piece = demo_sample_certificate()
        if piece is not None:
            self.stdout.write(
                f"Shop: {settings.PUBLIC_URL}/ (GraphiQL at /graphql/)  ·  a certified one-of-a-kind piece: "
                f"{piece.credential['credentialSubject']['id']}"
            )
