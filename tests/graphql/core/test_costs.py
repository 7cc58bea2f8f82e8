"""Costs of work that cannot be batched (graphql_schema/core/costs.py), measured before anything runs."""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core import costs
from graphql_schema.core.limits import current_limits
from graphql_schema.schema import schema
from tests.graphql.catalog.factories import ChannelFactory
from tests.storefront.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_CREATE = 'tokenCreate(email: "{email}", password: "{password}") {{ token errors {{ code }} }}'


def _aliased_token_creates(count: int, email: str, password: str = "guess") -> str:
    fields = " ".join(f"t{i}: " + TOKEN_CREATE.format(email=email, password=password) for i in range(count))
    return f"mutation {{ {fields} }}"


@contextmanager
def hasher_spy():
    """Spies on Argon2, the hasher every password check and every unknown e-mail goes through."""
    with (
        mock.patch.object(Argon2PasswordHasher, "verify", autospec=True) as verify,
        mock.patch.object(Argon2PasswordHasher, "encode", autospec=True) as encode,
    ):
        yield verify, encode


def test_every_mutation_declares_its_cost():
    mutations = set(schema._schema.mutation_type.fields)

    assert mutations <= {name for (type_name, name) in costs.FIELD_COSTS if type_name == "Mutation"}


def test_100_aliased_token_creates_are_refused_before_any_hashing(gql):
    user = UserFactory()

    with hasher_spy() as hasher, CaptureQueriesContext(connection) as queries:
        body = gql(_aliased_token_creates(100, user.email))

    assert body.get("data") is None and body["errors"]
    assert len(queries) == 0
    verify, encode = hasher
    verify.assert_not_called()
    encode.assert_not_called()


@pytest.mark.parametrize("count", [2, 5])
def test_two_password_checks_already_exceed_the_budget(gql, count):
    """Within the cap on mutations, the cost alone refuses a second password check."""
    user = UserFactory()

    with hasher_spy() as hasher:
        body = gql(_aliased_token_creates(count, user.email))

    [error] = body["errors"]
    assert error["message"].startswith("The query exceeds the maximum cost of 50000. Actual cost is ")
    assert error["extensions"] == {"code": "QUERY_COST_EXCEEDED"}
    verify, encode = hasher
    verify.assert_not_called()
    encode.assert_not_called()


def test_one_login_fits_the_budget(gql):
    user = UserFactory()

    body = gql("mutation { " + TOKEN_CREATE.format(email=user.email, password=PASSWORD) + " }")

    assert body["data"]["tokenCreate"]["token"]
    assert body["extensions"]["cost"]["requestedQueryCost"] > costs.PASSWORD_CHECK


def test_graphiqls_one_introspection_fits_but_three_aliased_do_not(gql):
    three = (
        "{ a: __schema { queryType { name } } b: __schema { types { name } } c: __schema { types { name } } }"
    )

    body = gql(three)

    assert body.get("data") is None
    assert "exceeds the maximum cost" in body["errors"][0]["message"]
    assert gql("{ __schema { queryType { name } } }")["data"]["__schema"]["queryType"] == {"name": "Query"}


def test_a_page_size_given_as_a_float_variable_is_measured_as_its_integer(gql):
    ChannelFactory()
    query = 'query($f: Int) { products(first: $f, channel: "intl-usd") { edges { node { id } } } }'

    as_float, as_int = gql(query, {"f": 100.0}), gql(query, {"f": 100})

    assert as_float["extensions"]["cost"] == as_int["extensions"]["cost"]
    assert as_float["extensions"]["cost"]["requestedQueryCost"] == 300  # 100 x (1 + edges 1 + node 1)


def test_a_page_size_of_1000_as_a_float_never_reaches_the_resolvers(gql):
    ChannelFactory()
    query = 'query($f: Int) { products(first: $f, channel: "intl-usd") { edges { node { id } } } }'

    with CaptureQueriesContext(connection) as queries:
        body = gql(query, {"f": 1000.0})

    assert body.get("data") is None
    assert body["errors"][0]["message"] == (
        "Requesting 1000 records on the `products` connection exceeds the `first` limit of 100 records."
    )
    assert len(queries) == 0


def test_a_lot_costs_more_with_each_piece_and_photo():
    small = costs.declared_cost(
        "Mutation", "productionLotReceive", {"input": mock.Mock(quantity=1, photos=[])}
    )
    large = costs.declared_cost(
        "Mutation", "productionLotReceive", {"input": mock.Mock(quantity=1000, photos=[object()] * 10)}
    )

    assert small == costs.LOT_RECEIPT + costs.SIGNED_PIECE
    assert large == costs.LOT_RECEIPT + 1000 * costs.SIGNED_PIECE + 10 * costs.RE_ENCODED_PHOTO


def test_the_largest_lot_and_a_login_each_fit_the_default_budget():
    """A mutation the shop needs must never be refused for its cost alone at the default settings."""
    largest_lot = costs.declared_cost(
        "Mutation", "productionLotReceive", {"input": mock.Mock(quantity=1000, photos=[object()] * 10)}
    )
    budget = current_limits().max_cost

    assert largest_lot < budget and budget > costs.PASSWORD_CHECK
    assert budget < 2 * costs.PASSWORD_CHECK
