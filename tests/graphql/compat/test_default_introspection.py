"""The schema a code generator builds from Asal with the default introspection query.

graphql-js's ``getIntrospectionQuery()`` and graphql-core's ``get_introspection_query()`` with their
defaults ask for ``args`` and ``inputFields`` without ``includeDeprecated``: whatever carries a
``deprecationReason`` there is missing from the client's schema, and a storefront document using
it (Saleor's storefront sends ``products(filter:)``) is refused at build time. So every argument
and input field of the live schema must survive the default introspection.
"""

from __future__ import annotations

from functools import cache

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
    graphql_sync,
    parse,
    validate,
)

from graphql_schema.schema import schema as asal_schema


@cache
def client_schema() -> GraphQLSchema:
    """Asal's schema as a code generator sees it (the default introspection query)."""
    result = graphql_sync(asal_schema._schema, get_introspection_query())
    assert result.errors is None, result.errors
    return build_client_schema(result.data)


def _named_types(schema: GraphQLSchema):
    return [(name, named) for name, named in sorted(schema.type_map.items()) if not name.startswith("__")]


def test_every_argument_survives_the_default_introspection():
    seen = client_schema().type_map
    missing = [
        f"{name}.{field_name}({argument})"
        for name, named in _named_types(asal_schema._schema)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType)
        for field_name, field in named.fields.items()
        for argument in field.args
        if argument not in seen[name].fields[field_name].args
    ]

    assert missing == []


def test_every_input_field_survives_the_default_introspection():
    seen = client_schema().type_map
    missing = [
        f"{name}.{field_name}"
        for name, named in _named_types(asal_schema._schema)
        if isinstance(named, GraphQLInputObjectType)
        for field_name in named.fields
        if field_name not in seen[name].fields
    ]

    assert missing == []


def test_no_argument_or_input_field_carries_a_deprecation_reason():
    """The deprecation is said in the description instead (graphql_schema/core/deprecation.py)."""
    flagged = []
    for name, named in _named_types(asal_schema._schema):
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                flagged += [
                    f"{name}.{field_name}({arg_name})"
                    for arg_name, argument in field.args.items()
                    if argument.deprecation_reason
                ]
        elif isinstance(named, GraphQLInputObjectType):
            flagged += [f"{name}.{f}" for f, field in named.fields.items() if field.deprecation_reason]

    assert flagged == []


@pytest.mark.parametrize(
    ("type_name", "field", "argument"),
    [
        ("Query", "products", "filter"),
        ("Query", "productVariants", "filter"),
        ("Category", "products", "filter"),
        ("Collection", "products", "filter"),
        ("Product", "productVariants", "filter"),
        ("Attribute", "choices", "filter"),
        ("Query", "attributes", "filter"),
        ("ProductVariant", "quantityAvailable", "countryCode"),
    ],
)
def test_the_deprecated_arguments_saleor_clients_send_are_visible(type_name, field, argument):
    field_seen = client_schema().type_map[type_name].fields[field]

    assert argument in field_seen.args
    assert "DEPRECATED" in (field_seen.args[argument].description or "")


def test_a_storefront_document_with_the_deprecated_filter_validates_against_the_client_schema():
    document = parse(
        """query Listing($channel: String!, $filter: ProductFilterInput) {
          products(first: 4, channel: $channel, filter: $filter) { edges { node { id } } }
          category(slug: "baskets") { products(first: 2, channel: $channel, filter: $filter) { totalCount } }
          collection(slug: "featured", channel: $channel) {
            products(first: 2, filter: $filter) { totalCount }
          }
          productVariants(first: 2, channel: $channel, filter: {sku: ["a"]}) { totalCount }
        }"""
    )

    assert [error.message for error in validate(client_schema(), document)] == []


def test_deprecated_fields_and_enum_values_keep_graphqls_deprecation():
    """The default query does include deprecated fields and enum values, so these stay marked."""
    product = client_schema().type_map["Product"]

    assert product.fields["descriptionJson"].deprecation_reason
    assert client_schema().type_map["ProductOrderField"].values["LAST_MODIFIED"].deprecation_reason
