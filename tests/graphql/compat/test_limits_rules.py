"""The query limits on a small stand-alone schema: depth, cost and page sizes, before any resolver runs.

The live API's limits are checked in ``test_limits_api.py``; here a tiny schema with a
self-nesting type and a connection makes every rule easy to trigger and to count.
"""

from __future__ import annotations

import strawberry
from django.test import override_settings

from graphql_schema.core.limits import QueryLimits

CALLS: list[str] = []


@strawberry.type
class ItemCountableEdge:
    @strawberry.field
    def node(self) -> Item:
        return Item()


@strawberry.type
class ItemCountableConnection:
    total_count: int = 0

    @strawberry.field
    def edges(self) -> list[ItemCountableEdge]:
        return [ItemCountableEdge()]


@strawberry.type
class Item:
    name: str = "bowl"

    @strawberry.field
    def parent(self) -> Item | None:
        CALLS.append("parent")
        return Item()

    @strawberry.field
    def items(self, first: int | None = None, last: int | None = None) -> ItemCountableConnection:
        CALLS.append("items")
        return ItemCountableConnection()


@strawberry.type
class Query:
    @strawberry.field
    def item(self) -> Item:
        CALLS.append("item")
        return Item()

    @strawberry.field
    def items(self, first: int | None = None, last: int | None = None) -> ItemCountableConnection:
        CALLS.append("items")
        return ItemCountableConnection()


schema = strawberry.Schema(query=Query, extensions=[QueryLimits])


def run(query: str, variables: dict | None = None):
    CALLS.clear()
    return schema.execute_sync(query, variable_values=variables)


def nested(levels: int) -> str:
    return "{ item { " + "parent { " * levels + "name" + " }" * levels + " } }"


@override_settings(GRAPHQL_MAX_DEPTH=15)
def test_a_30_level_query_is_refused_before_any_resolver_runs():
    result = run(nested(30))

    assert result.data is None
    assert [error.message for error in result.errors] == ["'anonymous' exceeds maximum operation depth of 15"]
    assert CALLS == []


@override_settings(GRAPHQL_MAX_DEPTH=15)
def test_a_query_within_the_depth_limit_runs():
    result = run(nested(10))

    assert result.errors is None
    node = result.data["item"]
    for _ in range(10):
        node = node["parent"]
    assert node == {"name": "bowl"}


@override_settings(GRAPHQL_MAX_DEPTH=15)
def test_depth_counts_through_fragments():
    fragment = "fragment Deep on Item { " + "parent { " * 20 + "name" + " }" * 20 + " }"
    result = run("query Q { item { ...Deep } } " + fragment)

    assert result.errors[0].message == "'Q' exceeds maximum operation depth of 15"


def test_first_over_100_is_refused_with_saleors_message():
    result = run("{ items(first: 1000) { edges { node { name } } } }")

    assert result.data is None
    assert result.errors[0].message == (
        "Requesting 1000 records on the `items` connection exceeds the `first` limit of 100 records."
    )
    assert CALLS == []


def test_last_over_100_given_as_a_variable_is_refused():
    result = run("query Q($n: Int) { items(last: $n) { edges { node { name } } } }", {"n": 101})

    assert result.errors[0].message == (
        "Requesting 101 records on the `items` connection exceeds the `last` limit of 100 records."
    )


def test_a_variable_default_counts_as_the_page_size():
    result = run("query Q($n: Int = 500) { items(first: $n) { edges { node { name } } } }")

    assert "exceeds the `first` limit of 100 records" in result.errors[0].message


def test_edges_without_first_or_last_is_refused():
    result = run("{ items { edges { node { name } } } }")

    assert result.data is None
    assert result.errors[0].message == (
        "You must provide a `first` or `last` value to properly paginate the `items` connection."
    )


def test_edges_selected_through_a_fragment_still_need_a_page_size():
    result = run("{ items { ...Page } } fragment Page on ItemCountableConnection { edges { node { name } } }")

    assert "You must provide a `first` or `last` value" in result.errors[0].message


def test_total_count_alone_needs_no_page_size():
    """As in Saleor, counting a connection without reading its edges is allowed."""
    result = run("{ items { totalCount } }")

    assert result.errors is None
    assert result.data == {"items": {"totalCount": 0}}


def test_first_and_last_together_are_refused():
    result = run("{ items(first: 2, last: 2) { edges { node { name } } } }")

    assert result.errors[0].message == "Argument `last` cannot be combined with `first`."


def test_negative_first_is_refused():
    result = run("{ items(first: -1) { edges { node { name } } } }")

    assert result.errors[0].message == "Argument `first` must be a non-negative integer."


def test_100_is_allowed_and_reports_its_cost():
    result = run("{ items(first: 100) { edges { node { name } } } }")

    assert result.errors is None
    # items: 100 x (1 + edges (1 + node (1 + name 0))) = 300: objects cost 1, scalars nothing
    assert result.extensions["cost"] == {"requestedQueryCost": 300, "maximumAvailable": 50000}


@override_settings(GRAPHQL_MAX_COST=50000)
def test_nested_connections_multiply_and_an_expensive_query_is_refused():
    query = (
        "{ items(first: 100) { edges { node { items(first: 100) { edges { node {"
        " items(first: 100) { edges { node { name } } } } } } } } } }"
    )

    result = run(query)

    assert result.data is None
    assert result.errors[0].message.startswith("The query exceeds the maximum cost of 50000. Actual cost is ")
    assert int(result.errors[0].message.rsplit(" ", 1)[1]) > 1_000_000
    assert CALLS == []


@override_settings(GRAPHQL_MAX_ALIASES=1000)
def test_a_fragment_spread_many_times_is_measured_once():
    """Measuring must stay cheap: 20 levels of 10 spreads each would be 10**20 visits if re-walked."""
    levels = ["fragment F0 on Item { name }"]
    for level in range(1, 20):
        spreads = " ".join(f"a{i}: parent {{ ...F{level - 1} }}" for i in range(10))
        levels.append(f"fragment F{level} on Item {{ {spreads} }}")
    result = run("{ item { ...F19 } } " + " ".join(levels))

    assert result.data is None
    messages = " ".join(error.message for error in result.errors)
    assert "exceeds maximum operation depth" in messages
    assert "exceeds the maximum cost" in messages


def test_introspection_is_not_limited_by_depth():
    result = run("{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }")

    assert result.errors is None


def test_an_unknown_fragment_is_a_validation_error_not_a_crash():
    result = run("{ item { ...Missing } }")

    assert result.data is None
    assert result.errors[0].message == "Unknown fragment 'Missing'."


def test_cyclic_fragments_are_a_validation_error_not_a_crash():
    result = run(
        "{ item { ...A } } fragment A on Item { parent { ...B } } fragment B on Item { parent { ...A } }"
    )

    assert result.data is None
    assert any("Cannot spread fragment 'A' within itself" in error.message for error in result.errors)
