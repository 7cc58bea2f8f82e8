"""A document is parsed and validated once per process; limits still depend on each request.

``graphql_schema.core.document_cache`` keeps the parsed document and the schema's validation
errors per query text, and ``QueryLimits`` adds the variable-dependent page-size and cost checks
on every request. These tests count the real parse and validate calls behind ``/graphql/``.
"""

from __future__ import annotations

import pytest

from graphql_schema.core import document_cache
from graphql_schema.schema import schema as asal_schema
from tests.graphql.catalog.factories import ChannelFactory

pytestmark = pytest.mark.django_db

QUERY = "query Channels { channels { slug currencyCode } shop { name } }"
PAGED = "query Paged($n: Int) { categories(first: $n) { edges { node { id } } } }"


@pytest.fixture
def calls(monkeypatch):
    """Count the parses and validations that reach graphql-core, starting from an empty cache."""
    document_cache.document_cache_clear()
    counted = {"parse": 0, "validate": 0}
    real_parse, real_validate = document_cache.parse, document_cache.validate_document

    def parse(*args, **kwargs):
        counted["parse"] += 1
        return real_parse(*args, **kwargs)

    def validate(*args, **kwargs):
        counted["validate"] += 1
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(document_cache, "parse", parse)
    monkeypatch.setattr(document_cache, "validate_document", validate)
    yield counted
    document_cache.document_cache_clear()


def test_a_repeated_document_is_parsed_and_validated_once(gql, calls):
    ChannelFactory()

    first = gql(QUERY)
    second = gql(QUERY)

    assert "errors" not in first
    assert second == first
    assert calls == {"parse": 1, "validate": 1}


def test_a_changed_document_is_parsed_and_validated_again(gql, calls):
    ChannelFactory()
    gql(QUERY)

    changed = gql(QUERY.replace("currencyCode", "currencyCode name"))

    assert changed["data"]["channels"][0]["name"]
    assert calls == {"parse": 2, "validate": 2}


def test_an_invalid_document_keeps_its_errors_when_served_from_the_cache(gql, calls):
    query = "query { channels { noSuchField } }"

    first = gql(query)
    second = gql(query)

    assert first.get("data") is None
    assert [e["message"] for e in second["errors"]] == [e["message"] for e in first["errors"]]
    assert "noSuchField" in first["errors"][0]["message"]
    assert calls == {"parse": 1, "validate": 1}


def test_page_size_limits_are_checked_per_request_for_a_cached_document(gql, calls):
    """The cache holds the text's validation only: the same text with other variables is re-measured."""
    allowed = gql(PAGED, {"n": 5})
    refused = gql(PAGED, {"n": 500})
    allowed_again = gql(PAGED, {"n": 5})

    assert "errors" not in allowed and "errors" not in allowed_again
    assert refused.get("data") is None
    assert [e["message"] for e in refused["errors"]] == [
        "Requesting 500 records on the `categories` connection exceeds the `first` limit of 100 records."
    ]
    assert allowed["extensions"]["cost"]["requestedQueryCost"] == 15  # (connection + edges + node) x 5
    assert calls == {"parse": 1, "validate": 1}


def test_a_syntax_error_is_reported_and_not_cached(gql, calls):
    first = gql("query { channels { slug }")
    second = gql("query { channels { slug }")

    assert first.get("data") is None and "Syntax Error" in first["errors"][0]["message"]
    assert second == first
    assert calls["parse"] == 2


def test_the_cache_is_bounded():
    document_cache.document_cache_clear()

    for n in range(document_cache.CACHE_SIZE + 50):
        document_cache.document_parse(f"query Q{n} {{ shop {{ name }} }}")

    assert document_cache.document_parse.cache_info().currsize == document_cache.CACHE_SIZE
    document_cache.document_cache_clear()


def test_no_schema_extension_wraps_every_field():
    """A ``resolve`` hook would run as middleware around each of the ~2,000 fields of a listing."""
    wrapping = [type(e).__name__ for e in asal_schema.get_extensions() if e._implements_resolve()]

    assert wrapping == []
