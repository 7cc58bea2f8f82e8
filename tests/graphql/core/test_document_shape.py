"""The request's shape, checked after parsing and before validation (graphql_schema/core/document_shape.py).

Each refusal is a plain GraphQL error with ``data: null``, reached before any resolver or SQL.
"""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.document_shape import OPERATION_NAME_REQUIRED, shape_errors
from graphql_schema.core.limits import current_limits
from tests.graphql.compat.storefront import operation_document, operation_names

pytestmark = pytest.mark.django_db


def refused(gql, query: str, variables: dict | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        body = gql(query, variables)
    assert body.get("data") is None
    assert len(queries) == 0
    return [error["message"] for error in body["errors"]]


def test_two_named_operations_without_an_operation_name_are_the_specs_error(gql):
    assert refused(gql, "query A { shop { name } } query B { channels { slug } }") == [
        OPERATION_NAME_REQUIRED
    ]


def test_the_operation_name_picks_one_of_several(client):
    body = {"query": "query A { shop { name } } query B { __typename }", "operationName": "B"}

    response = client.post("/graphql/", body, content_type="application/json")

    assert response.json()["data"] == {"__typename": "Query"}


def test_300_chained_fragments_are_one_clear_error_and_one_log_line(gql, caplog):
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300))
    query = "query Chain { ...F0 } " + fragments + " fragment F300 on Query { shop { name } }"

    with caplog.at_level(logging.DEBUG):
        messages = refused(gql, query)

    assert messages == ["'Chain' nests selections and fragments 303 levels deep; at most 50 are allowed."]
    graphql_lines = [r for r in caplog.records if r.name.startswith(("graphql_schema", "strawberry"))]
    assert len(graphql_lines) == 1 and graphql_lines[0].exc_info is None


def test_fragments_nested_inside_fields_count_every_level(gql):
    fragments = " ".join(f"fragment F{i} on Category {{ parent {{ ...F{i + 1} }} }}" for i in range(30))
    query = '{ category(slug: "x") { ...F0 } } ' + fragments + " fragment F30 on Category { name }"

    assert refused(gql, query) == [
        "'anonymous' nests selections and fragments 63 levels deep; at most 50 are allowed."
    ]


def test_more_root_fields_than_allowed_are_refused(gql):
    query = (
        "{ "
        + " ".join(f'p{i}: product(slug: "s{i}", channel: "intl-usd") {{ name }}' for i in range(21))
        + " }"
    )

    assert refused(gql, query) == ["'anonymous' selects 21 root fields; at most 20 are allowed."]


def test_fields_merged_under_one_response_key_count_once(gql):
    query = "{ " + " ".join("shop { name }" for _ in range(30)) + " }"

    assert gql(query)["data"]["shop"]["name"]


def test_more_aliases_than_allowed_are_refused(gql):
    aliases = " ".join(f"n{i}: name" for i in range(51))
    assert refused(gql, f"{{ shop {{ {aliases} }} }}") == [
        "'anonymous' uses 51 aliases; at most 50 are allowed."
    ]


def test_aliases_inside_fragments_count(gql):
    aliases = " ".join(f"n{i}: name" for i in range(51))
    query = "{ shop { ...Names } } fragment Names on Shop { " + aliases + " }"

    assert "uses 51 aliases" in refused(gql, query)[0]


def test_more_mutations_than_allowed_are_refused(gql):
    mutations = " ".join(f't{i}: tokenVerify(token: "x") {{ isValid }}' for i in range(6))

    assert refused(gql, f"mutation {{ {mutations} }}") == [
        "'anonymous' runs 6 mutations; at most 5 are allowed per request."
    ]


def test_nul_in_a_string_literal_never_reaches_the_database(gql):
    messages = refused(gql, '{ product(slug: "basket\\u0000", channel: "intl-usd") { id } }')

    assert messages == ["A string argument contains the NUL character (U+0000), which no text may hold."]


def test_nul_in_a_variable_never_reaches_the_database(gql):
    messages = refused(gql, "query($s: String!) { certificate(serial: $s) { serial } }", {"s": "ASL\x00-1"})

    assert messages == ["Variable '$s' contains the NUL character (U+0000), which no text may hold."]


def test_nul_deep_in_a_json_variable_is_found(gql):
    credential = {"credentialSubject": {"items": [{"name\x00": "x"}]}}

    messages = refused(
        gql, "query($c: JSON!) { certificateVerify(credential: $c) { verified } }", {"c": credential}
    )

    assert messages == ["Variable '$c' contains the NUL character (U+0000), which no text may hold."]


def test_an_unpaired_surrogate_in_a_variable_is_refused(gql):
    messages = refused(gql, "query($s: String!) { certificate(serial: $s) { serial } }", {"s": "\ud800"})

    assert messages == [
        "Variable '$s' contains an unpaired surrogate (U+D800 to U+DFFF), which is not valid Unicode."
    ]


@pytest.mark.parametrize("name", operation_names())
def test_every_storefront_document_has_an_accepted_shape(name):
    assert (
        shape_errors(
            document=operation_document(name),
            operation_name=name,
            variables={},
            limits=current_limits().shape,
        )
        == []
    )


def test_a_raw_nul_in_a_string_literal_is_refused_too(gql):
    """graphql-core's lexer lets a raw NUL through inside a string (it refuses raw lone surrogates)."""
    messages = refused(gql, '{ product(slug: "basket\x00", channel: "intl-usd") { id } }')

    assert messages == ["A string argument contains the NUL character (U+0000), which no text may hold."]
