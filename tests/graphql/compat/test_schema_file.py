"""The committed ``schema.graphql`` is the live schema, so every API change shows up in review."""

from __future__ import annotations

import difflib
from pathlib import Path

from django.conf import settings
from strawberry.printer import print_schema

from graphql_schema.schema import schema

REGENERATE = "python manage.py export_schema graphql_schema.schema --path schema.graphql  (or: make schema)"


def test_committed_schema_matches_the_live_schema():
    committed_path = Path(settings.BASE_DIR) / "schema.graphql"
    assert committed_path.exists(), f"schema.graphql is missing; create it with: {REGENERATE}"
    committed = committed_path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    live = print_schema(schema).rstrip("\n").splitlines()

    diff = list(
        difflib.unified_diff(committed, live, "schema.graphql (committed)", "live schema", lineterm="")
    )

    assert not diff, f"schema.graphql is out of date; regenerate it with: {REGENERATE}\n" + "\n".join(
        diff[:80]
    )
