"""The live ``/graphql/`` endpoint refuses oversized queries with a clear error, no data, and no 500.

The rules themselves are unit-tested in ``test_limits_rules.py``; this checks that the schema
really runs them, on the catalogue queries a storefront uses, before touching the database.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from graphql import GraphQLError, NonNullTypeNode, OperationDefinitionNode, get_introspection_query, print_ast

from graphql_schema.core.limits import current_limits, measure_document
from graphql_schema.core.relay import paginate
from graphql_schema.schema import schema as asal_schema
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory
from tests.graphql.compat.storefront import operation_document, operation_names

pytestmark = pytest.mark.django_db


def post(client, query: str, variables: dict | None = None):
    response = client.post(
        "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.content  # never a 500
    return response.json()


def test_first_1000_is_refused_with_saleors_message_and_no_data(client):
    ChannelFactory()
    query = 'query { products(first: 1000, channel: "intl-usd") { edges { node { id name } } } }'

    with CaptureQueriesContext(connection) as queries:
        body = post(client, query)

    assert body.get("data") is None
    assert [error["message"] for error in body["errors"]] == [
        "Requesting 1000 records on the `products` connection exceeds the `first` limit of 100 records."
    ]
    assert len(queries) == 0


def test_a_missing_page_size_is_refused(client):
    body = post(client, 'query { products(channel: "intl-usd") { edges { node { id } } } }')

    assert body.get("data") is None
    assert body["errors"][0]["message"] == (
        "You must provide a `first` or `last` value to properly paginate the `products` connection."
    )


def test_page_size_from_a_variable_is_checked(client):
    query = "query Q($n: Int) { categories(last: $n) { edges { node { id } } } }"

    body = post(client, query, {"n": 500})

    assert body["errors"][0]["message"] == (
        "Requesting 500 records on the `categories` connection exceeds the `last` limit of 100 records."
    )


def test_a_30_level_nested_query_is_refused(client):
    CategoryFactory(slug="baskets")
    query = '{ category(slug: "baskets") { ' + "parent { " * 30 + "id" + " }" * 30 + " } }"

    with CaptureQueriesContext(connection) as queries:
        body = post(client, query)

    assert body.get("data") is None
    assert body["errors"][0]["message"] == "'anonymous' exceeds maximum operation depth of 15"
    assert len(queries) == 0


def test_an_expensive_query_is_refused(client):
    """100 categories x 100 children x 100 products: a million nodes, far over the cost limit."""
    query = """
    query Expensive {
      categories(first: 100) { edges { node {
        children(first: 100) { edges { node {
          products(first: 100, channel: "intl-usd") { edges { node { id name } } }
        } } }
      } } }
    }
    """

    body = post(client, query)

    assert body.get("data") is None
    message = body["errors"][0]["message"]
    assert message.startswith("The query exceeds the maximum cost of 50000. Actual cost is ")
    assert int(message.rsplit(" ", 1)[1]) > 1_000_000


def test_graphiqls_introspection_query_passes_the_limits(client):
    """Introspection nests deeply (ofType { ofType { ... } }) but is static: GraphiQL must load."""
    body = post(client, get_introspection_query(descriptions=True))

    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


# A sample for each type of required variable in the storefront's documents.
SAMPLES = {
    "String!": "basket",
    "[String!]!": ["baskets"],
    "Int!": 10,
    "LanguageCodeEnum!": "EN",
    "ProductOrderField!": "RANK",
    "OrderDirection!": "ASC",
    "ID!": "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw",
    "[ID!]!": ["Q2hlY2tvdXRMaW5lOjA="],
    "CountryCode!": "DE",
    "AddressTypeEnum!": "SHIPPING",
    "AddressInput!": {"country": "DE"},
    "AccountInput!": {"firstName": "A"},
    "AccountRegisterInput!": {"email": "a@example.com", "password": "x"},
    "[CheckoutLineInput!]!": [{"quantity": 1, "variantId": "UHJvZHVjdFZhcmlhbnQ6MQ=="}],
    "[CheckoutLineUpdateInput!]!": [{"quantity": 1, "lineId": "Q2hlY2tvdXRMaW5lOjA="}],
    "[MetadataInput!]!": [{"key": "k", "value": "v"}],
    "PaymentGatewayToInitialize!": {"id": "saleor.io.dummy-payment-app"},
}


def required_variables(name: str) -> dict:
    [operation] = [d for d in operation_document(name).definitions if isinstance(d, OperationDefinitionNode)]
    return {
        definition.variable.name.value: SAMPLES[print_ast(definition.type)]
        for definition in operation.variable_definitions or ()
        if isinstance(definition.type, NonNullTypeNode) and definition.default_value is None
    }


@pytest.mark.parametrize("name", operation_names())
def test_every_storefront_document_fits_the_limits_at_100_per_page(name):
    """The storefront's own pages must never trip the limits, even at the largest page size."""
    measures, errors = measure_document(
        schema=asal_schema._schema,
        document=operation_document(name),
        variables={**required_variables(name), "first": 100},
        limits=current_limits(),
    )

    assert errors == []
    assert measures[name].cost <= 50000


def test_an_ordinary_query_reports_its_cost(client):
    ChannelFactory()

    body = post(
        client, 'query { products(first: 10, channel: "intl-usd") { totalCount edges { node { id } } } }'
    )

    assert "errors" not in body
    # 10 x (products 1 + totalCount 0 + edges (1 + node (1 + id 0))) = 30
    assert body["extensions"]["cost"] == {"requestedQueryCost": 30, "maximumAvailable": 50000}


def test_a_request_body_nested_beyond_the_json_decoder_is_a_400_not_a_500(client):
    depth = 5000
    variables = '{"w": ' + '{"AND": [' * depth + "{}" + "]}" * depth + "}"
    body = '{"query": "query($w: ProductWhereInput) { __typename }", "variables": ' + variables + "}"

    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 400


@override_settings(GRAPHQL_MAX_PAGE_SIZE=5)
def test_the_page_size_limit_has_one_source(client):
    """The check before execution and ``paginate`` (for documents handed over parsed) read one setting."""
    body = post(client, "query { categories(first: 6) { edges { node { id } } } }")

    assert body["errors"][0]["message"].endswith("exceeds the `first` limit of 5 records.")
    with pytest.raises(GraphQLError, match="exceeds the `first` limit of 5 records"):
        paginate([], first=6, last=None, after=None, before=None, connection_name="categories")
