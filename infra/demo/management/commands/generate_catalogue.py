"""``python manage.py generate_catalogue --products 5000``: a large synthetic catalogue (benchmarks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from infra.demo.generate import catalogue_generate


class Command(BaseCommand):
    help = "Top the synthetic benchmark catalogue up to --products products (idempotent per --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        added = catalogue_generate(
            products=options["products"], seed=options["seed"], progress=lambda line: self.stdout.write(line)
        )
        self.stdout.write(self.style.SUCCESS(f"Added {added} generated products."))
