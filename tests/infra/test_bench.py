"""``make bench``'s documents are the storefront's, stay valid for the live schema, and its
statistics are right."""

from __future__ import annotations

import random

import pytest
from graphql import parse, validate

from graphql_schema.schema import schema
from infra.bench import DOCUMENTS, _percentile
from tests.graphql.compat.storefront import operation_document, saleor_schema, selection_paths


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_bench_document_is_valid_for_the_live_schema(name: str) -> None:
    """A benchmark of a document the API refuses would time error responses."""
    document = DOCUMENTS[name]
    errors = validate(schema._schema, parse(document.query))
    assert [error.message for error in errors] == []
    variables = document.variables(random.Random(0), ["some-slug"])
    assert all(value is not None for value in variables.values())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_bench_document_is_the_storefront_document_plus_provenance(name: str) -> None:
    """The bench builds on the test documents instead of keeping a copy: take away Asal's
    provenance and what is left is exactly the storefront's request."""
    document = DOCUMENTS[name]
    sent = selection_paths(parse(document.query), schema._schema)
    storefront = selection_paths(operation_document(document.operation), saleor_schema())

    added = sorted(set(sent) - set(storefront))
    assert set(storefront) <= set(sent)
    assert all(".provenance." in path for path in added)
    assert bool(added) == (document.extension is not None)


def test_percentile_reads_the_sorted_samples() -> None:
    samples = [float(n) for n in range(100, 0, -1)]
    assert _percentile(samples, 0.5) == 51.0
    assert _percentile(samples, 0.95) == 96.0
