"""``manage.py restrictions export [FILE]`` / ``manage.py restrictions import FILE``: the restricted-goods
table as CSV (country, hs_code_prefix, kind, reason, reason_id), for the cooperative to keep in a
spreadsheet. Import replaces the whole table, or changes nothing when a row is wrong."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from storefront.shipping.error_codes import ShippingError
from storefront.shipping.models import Restriction
from storefront.shipping.services import RestrictionRow, restrictions_replace

COLUMNS = ["country", "hs_code_prefix", "kind", "reason", "reason_id"]


class Command(BaseCommand):
    help = "Export the restricted-goods table as CSV, or replace it from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="CSV file (export: standard output when omitted).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options["file"])
        elif not options["file"]:
            raise CommandError("import needs the CSV file to read.")
        else:
            self._import(options["file"])

    def _export(self, path: str | None) -> None:
        rows = Restriction.objects.order_by("country", "hs_code_prefix").values_list(*COLUMNS)
        if path is None:
            self._write(self.stdout, rows)
        else:
            with open(path, "w", newline="", encoding="utf-8") as out:
                self._write(out, rows)

    @staticmethod
    def _write(out: Any, rows: Any) -> None:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)

    def _import(self, path: str) -> None:
        try:
            with open(path, newline="", encoding="utf-8") as source:
                reader = csv.DictReader(source)
                missing = set(COLUMNS[:4]) - set(reader.fieldnames or ())
                if missing:
                    raise CommandError(f"The CSV lacks the columns: {', '.join(sorted(missing))}.")
                rows = [
                    RestrictionRow(**{name: (record.get(name) or "") for name in COLUMNS})
                    for record in reader
                ]
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            changed = restrictions_replace(rows=rows)
        except ShippingError as exc:
            raise CommandError("\n".join(error.message for error in exc.errors)) from exc
        counts = f"{changed.created} added, {changed.updated} changed, {changed.deleted} removed"
        self.stdout.write(f"{len(rows)} restrictions: {counts}.")
