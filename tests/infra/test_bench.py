"""``make bench``'s documents stay valid for the live schema, and its statistics are right."""

from __future__ import annotations

import random

import pytest
from graphql import parse, validate

from graphql_schema.schema import schema
from infra.bench import DOCUMENTS, _percentile


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_bench_document_is_valid_for_the_live_schema(name: str) -> None:
    """A benchmark of a document the API refuses would time error responses."""
    document = DOCUMENTS[name]
    errors = validate(schema._schema, parse(document.query))
    assert [error.message for error in errors] == []
    variables = document.variables(random.Random(0), ["some-slug"])
    assert all(value is not None for value in variables.values())


def test_percentile_reads_the_sorted_samples() -> None:
    samples = [float(n) for n in range(100, 0, -1)]
    assert _percentile(samples, 0.5) == 51.0
    assert _percentile(samples, 0.95) == 96.0
