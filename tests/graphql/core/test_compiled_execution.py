"""The compiled execution (graphql_schema/core/compiled.py) answers exactly as graphql-core does.

A differential test: every query of the storefront's documents (``tests/graphql/storefront_documents``)
and of the benchmark's (``infra.bench``, with Asal's provenance spread in) is sent through
``/graphql/`` with the compiled path on and off, and the two responses must be the same bytes.
A small schema of its own then covers what the storefront's documents do not reach: unions and
interfaces, ``@include``/``@skip``, aliases, ``__typename``, errors raised in resolvers, nulls
propagated through non-null fields and lists of non-null, and schema extensions' ``resolve`` hooks.
Each case also records whether the compiled run finished or handed the operation back to
graphql-core, so that a compiled path that silently always gave up would fail here too.
"""

from __future__ import annotations

import json
import random
from typing import Annotated, Any

import pytest
import strawberry
from django.test import Client
from graphql import OperationDefinitionNode, parse
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

import graphql_schema.core.compiled as compiled
from graphql_schema.core.compiled import CompiledExecutionContext
from graphql_schema.core.lean import lean_resolvers
from graphql_schema.core.relay import to_global_id
from infra.bench import DOCUMENTS
from storefront.catalog.models import Collection, CollectionChannelListing, CollectionProduct
from storefront.catalog.services import (
    product_channel_listing_discounted_price_update,
    product_search_document_update,
)
from tests.graphql.catalog.factories import CategoryFactory, ChannelFactory, WarehouseFactory, full_product
from tests.graphql.compat.storefront import operation_names, operation_text


@pytest.fixture
def outcomes(monkeypatch):
    """Each compiled attempt's outcome: "compiled", or "abandoned" (graphql-core answered)."""
    seen: list[str] = []
    original = CompiledExecutionContext._compiled_root

    def recorded(self):
        try:
            data = original(self)
        except Exception:
            seen.append("abandoned")
            raise
        seen.append("compiled")
        return data

    monkeypatch.setattr(CompiledExecutionContext, "_compiled_root", recorded)
    return seen


def both(settings, send) -> tuple[Any, Any]:
    """``send()``'s answer through graphql-core's executor, then through the compiled one."""
    settings.GRAPHQL_COMPILED_EXECUTION = False
    standard = send()
    settings.GRAPHQL_COMPILED_EXECUTION = True
    return standard, send()


# --- the storefront's and the benchmark's documents, with data ---------------------------------


@pytest.fixture
def catalogue(db):
    channel = ChannelFactory()
    category = CategoryFactory(name="Baskets", slug="baskets")
    warehouse = WarehouseFactory()
    basket = full_product(channel, warehouse=warehouse, category=category, name="Loyok bamboo basket")
    tray = full_product(channel, warehouse=warehouse, category=category, name="Rattan tray")
    for product in (basket, tray):
        product_search_document_update(product=product)
        product_channel_listing_discounted_price_update(product=product)
    collection = Collection.objects.create(name="Featured", slug="featured")
    CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
    CollectionProduct.objects.create(collection=collection, product=tray, sort_order=0)
    variant = basket.variants.order_by("pk").first()
    return {
        "channel": channel,
        "category": category,
        "basket": basket,
        "collection": collection,
        "variant": variant,
    }


def post(client: Client, query: str, variables: dict[str, Any]) -> bytes:
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    assert response.status_code in (200, 400), response.content
    return response.content


# The catalogue's documents must run without errors here, so that they compare real data.
CATALOGUE_QUERIES = {
    "HomeProducts",
    "ProductsPage",
    "ProductSearch",
    "CategoryShelf",
    "CollectionShelf",
    "ProductPage",
    "ProductPageVariants",
    "ProductPageVariant",
    "CategoryIdsBySlug",
    "ChannelPicker",
    "ChannelShipsTo",
    "AddressFormRules",
}


def storefront_queries() -> list[str]:
    names = []
    for name in operation_names():
        operation = next(
            d for d in parse(operation_text(name)).definitions if isinstance(d, OperationDefinitionNode)
        )
        if operation.operation.value == "query":
            names.append(name)
    return names


def variables_for(name: str, catalogue: dict[str, Any], checkout_id: str) -> dict[str, Any]:
    channel, basket = catalogue["channel"], catalogue["basket"]
    common: dict[str, Any] = {
        "channel": channel.slug,
        "languageCode": "ID",
        "first": 10,
        "slug": basket.slug,
        "slugs": [catalogue["category"].slug],
        "search": "loyok",
        "countryCode": "DE",
        "id": checkout_id,
    }
    special: dict[str, dict[str, Any]] = {
        "CategoryShelf": {"slug": catalogue["category"].slug},
        "CollectionShelf": {"slug": catalogue["collection"].slug},
        "ChannelShipsTo": {"slug": channel.slug},
        "ProductPageVariant": {"id": to_global_id("ProductVariant", catalogue["variant"].pk)},
        "PlacedOrder": {"id": to_global_id("Order", 999_999)},
        "ProductSearch": {"sortBy": "RANK", "sortDirection": "DESC"},
        "NavigationMenu": {"slug": "navbar"},
        "ContentPage": {"slug": "about"},
        "ContentBlocks": {"slugs": ["about"]},
    }
    operation = next(
        d for d in parse(operation_text(name)).definitions if isinstance(d, OperationDefinitionNode)
    )
    wanted = {definition.variable.name.value for definition in operation.variable_definitions or ()}
    values = {**common, **special.get(name, {})}
    return {key: value for key, value in values.items() if key in wanted}


def test_every_storefront_query_answers_the_same_bytes(settings, catalogue, outcomes):
    client = Client()
    opened = json.loads(
        post(
            client,
            operation_text("CartOpen"),
            {"channel": catalogue["channel"].slug, "languageCode": "EN"},
        )
    )
    checkout_id = opened["data"]["checkoutCreate"]["checkout"]["id"]
    post(
        client,
        operation_text("CartAddOne"),
        {"id": checkout_id, "productVariantId": to_global_id("ProductVariant", catalogue["variant"].pk)},
    )
    names = storefront_queries()
    assert set(names) >= CATALOGUE_QUERIES | {"CartPage", "CheckoutSteps", "AccountHeader"}

    for name in names:
        variables = variables_for(name, catalogue, checkout_id)
        outcomes.clear()
        standard, compiled_answer = both(settings, lambda: post(client, operation_text(name), variables))

        assert compiled_answer == standard, name
        body = json.loads(standard)
        if name in CATALOGUE_QUERIES or name in {"CartPage", "CheckoutSteps"}:
            assert "errors" not in body, (name, body.get("errors"))
            assert outcomes == ["compiled"], name
        elif "errors" in body:
            assert outcomes == ["abandoned"], name  # graphql-core answered the errors itself


@pytest.mark.parametrize("name", ["listing", "search", "filtered", "category", "product_page", "channels"])
def test_the_benchmarks_documents_answer_the_same_bytes(settings, catalogue, outcomes, name):
    samples = {
        "channel": catalogue["channel"].slug,
        "language": "ID",
        "slugs": [catalogue["basket"].slug],
        "search": ["loyok"],
        "categories": [{"id": to_global_id("Category", catalogue["category"].pk), "slug": "baskets"}],
    }
    request = DOCUMENTS[name].request(random.Random(0), samples)
    body = json.loads(request["body"])
    client = Client()

    standard, compiled_answer = both(settings, lambda: post(client, body["query"], body["variables"]))

    assert compiled_answer == standard
    assert "errors" not in json.loads(standard)
    assert outcomes == ["compiled"]


def test_the_setting_turns_the_compiled_path_off(settings, catalogue, outcomes):
    settings.GRAPHQL_COMPILED_EXECUTION = False
    post(Client(), operation_text("ChannelPicker"), {})

    assert outcomes == []


def test_mutations_keep_the_standard_path(settings, catalogue, outcomes):
    settings.GRAPHQL_COMPILED_EXECUTION = True
    post(Client(), operation_text("CartOpen"), {"channel": catalogue["channel"].slug, "languageCode": "EN"})

    assert outcomes == []


# --- a schema of its own for the cases the storefront does not send ----------------------------


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Dog(Named):
    barks: bool


@strawberry.type
class Cat(Named):
    lives: int

    @strawberry.field
    def where(self, info: Info) -> str:
        return ".".join(str(key) for key in info.path.as_list())


Pet = Annotated[Dog | Cat, strawberry.union("Pet")]


@strawberry.type
class Box:
    label: str
    tags: list[str]
    loose_tags: list[str | None]

    @strawberry.field
    def broken(self) -> str | None:
        raise ValueError(f"{self.label} is broken")

    @strawberry.field
    def broken_required(self) -> str:
        raise ValueError(f"{self.label} is broken for good")

    @strawberry.field
    def null_required(self) -> str:
        return None  # type: ignore[return-value] - the executor must refuse it

    @strawberry.field
    def greeting(self, name: str, loud: bool = False) -> str:
        text = f"{self.label} greets {name}"
        return text.upper() if loud else text


def pets() -> list[Dog | Cat]:
    return [Dog(name="Rex", barks=True), Cat(name="Tom", lives=9), Dog(name="Fido", barks=False)]


@strawberry.type
class Query:
    @strawberry.field
    def pets(self) -> list[Pet]:
        return pets()

    @strawberry.field
    def named(self) -> list[Named]:
        return pets()

    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return [
            Box(label="a", tags=["x", "y"], loose_tags=["x", None]),
            None,
            Box(label="b", tags=[None], loose_tags=[]),  # type: ignore[list-item] - a null in [String!]!
        ]

    @strawberry.field
    def strict_boxes(self) -> list[Box]:
        return [Box(label="c", tags=[], loose_tags=[])]

    @strawberry.field
    def fail(self) -> int | None:
        raise RuntimeError("the resolver failed")

    @strawberry.field
    def count(self) -> int:
        return 3


class Shout(SchemaExtension):
    """A ``resolve`` hook (graphql-core middleware): every string comes back upper-case."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        result = _next(root, info, *args, **kwargs)
        return result.upper() if isinstance(result, str) else result


small_schema = strawberry.Schema(query=Query, execution_context_class=CompiledExecutionContext)
shouting_schema = strawberry.Schema(
    query=Query, extensions=[Shout], execution_context_class=CompiledExecutionContext
)
# As Asal's schema is built: direct resolvers (some taking neither info nor arguments) everywhere.
assert lean_resolvers(small_schema) > 0
assert lean_resolvers(shouting_schema) > 0

CASES = {
    "union with fragments and __typename": (
        "{ pets { __typename ... on Dog { name barks } ... on Cat { name lives where } } }",
        "compiled",
    ),
    "interface with inline and named fragments": (
        "{ named { __typename name ...CatLives } } fragment CatLives on Cat { lives kind: __typename }",
        "compiled",
    ),
    "aliases and arguments": (
        '{ first: strictBoxes { hi: greeting(name: "Ana") loud: greeting(name: "Ana", loud: true) } '
        "n: count }",
        "compiled",
    ),
    "include and skip with literals": (
        "{ count @include(if: false) strictBoxes { label @skip(if: true) tags } }",
        "compiled",
    ),
    "an error in a nullable field": ("{ count fail }", "abandoned"),
    "an error in a nullable field of a list item": ("{ boxes { label broken } }", "abandoned"),
    "an error propagated through a non-null field to the nullable item": (
        "{ boxes { label brokenRequired } }",
        "abandoned",
    ),
    "a null in a non-null field": ("{ strictBoxes { label nullRequired } }", "abandoned"),
    "a null in a list of non-null": ("{ boxes { label tags looseTags } }", "abandoned"),
    "a null in a list of non-null inside a non-null list": (
        "{ count strictBoxes { tags } boxes { tags } }",
        "abandoned",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_edge_cases_answer_as_graphql_core_does(settings, outcomes, case):
    query, expected = CASES[case]

    standard, compiled_answer = both(settings, lambda: small_schema.execute_sync(query))

    assert json.dumps(compiled_answer.data) == json.dumps(standard.data)
    assert [e.formatted for e in compiled_answer.errors or []] == [e.formatted for e in standard.errors or []]
    assert outcomes == [expected]


def test_include_and_skip_follow_the_variables(settings, outcomes):
    query = """query ($with: Boolean!, $without: Boolean!) {
        count @include(if: $with) pets { ... on Dog @skip(if: $without) { name } ... on Cat { lives } }
    }"""
    for flags in ({"with": True, "without": False}, {"with": False, "without": True}):
        standard, compiled_answer = both(
            settings, lambda flags=flags: small_schema.execute_sync(query, flags)
        )

        assert json.dumps(compiled_answer.data) == json.dumps(standard.data)
    assert outcomes == ["compiled", "compiled"]
    assert "count" not in compiled_answer.data and compiled_answer.data["pets"][0] == {}


def test_a_kept_plan_reads_each_requests_variables(settings, outcomes):
    """The plan is kept across requests; arguments that read variables are computed per request."""
    settings.GRAPHQL_COMPILED_EXECUTION = True
    query = 'query ($name: String!) { strictBoxes { greeting(name: $name) fixed: greeting(name: "Bo") } }'

    answers = [small_schema.execute_sync(query, {"name": name}).data for name in ("Ana", "Ben")]

    assert answers == [
        {"strictBoxes": [{"greeting": "c greets Ana", "fixed": "c greets Bo"}]},
        {"strictBoxes": [{"greeting": "c greets Ben", "fixed": "c greets Bo"}]},
    ]
    assert outcomes == ["compiled", "compiled"]


def test_resolve_hooks_of_schema_extensions_are_kept(settings, outcomes):
    query = "{ pets { ... on Dog { name } } strictBoxes { label tags } }"

    standard, compiled_answer = both(settings, lambda: shouting_schema.execute_sync(query))

    assert compiled_answer.data == standard.data
    assert compiled_answer.data["pets"][0] == {"name": "REX"}
    assert outcomes == ["compiled"]


def test_an_abandoned_run_leaves_nothing_behind(settings, outcomes):
    """The errors and data come from graphql-core's run alone: no duplicated error, no stray key."""
    settings.GRAPHQL_COMPILED_EXECUTION = True
    result = small_schema.execute_sync("{ count boxes { label broken } }")

    assert result.data == {
        "count": 3,
        "boxes": [{"label": "a", "broken": None}, None, {"label": "b", "broken": None}],
    }
    assert [error.path for error in result.errors] == [["boxes", 0, "broken"], ["boxes", 2, "broken"]]
    assert outcomes == ["abandoned"]
    assert compiled.compiled_execution_enabled()


@pytest.mark.parametrize("target", ["small", "asal"])
def test_introspection_answers_as_graphql_core_does(settings, outcomes, target):
    """``__schema``/``__type``/``__typename``: meta fields whose resolvers read the ``Info``."""
    from graphql import get_introspection_query

    from graphql_schema.schema import schema as asal_schema

    schema = small_schema if target == "small" else asal_schema
    query = get_introspection_query(descriptions=True) + ' query Named { __type(name: "Query") { name } }'

    for operation in ("IntrospectionQuery", "Named"):
        outcomes.clear()
        standard, compiled_answer = both(
            settings, lambda op=operation: schema.execute_sync(query, operation_name=op)
        )

        assert standard.errors is None
        assert json.dumps(compiled_answer.data) == json.dumps(standard.data)
        assert outcomes == ["compiled"]


def test_asynchronous_execution_keeps_the_standard_path(settings, outcomes):
    import asyncio

    settings.GRAPHQL_COMPILED_EXECUTION = True
    result = asyncio.run(small_schema.execute("{ count pets { __typename } }"))

    assert result.errors is None
    assert result.data == {
        "count": 3,
        "pets": [{"__typename": "Dog"}, {"__typename": "Cat"}, {"__typename": "Dog"}],
    }
    assert outcomes == []


def test_a_kept_plan_keeps_no_request_alive(settings, outcomes):
    """Plans outlive requests; the request's context (and its executor) must not live on in them."""
    import gc
    import weakref

    class Context:
        pass

    settings.GRAPHQL_COMPILED_EXECUTION = True
    query = '{ pets { ... on Cat { where } } strictBoxes { greeting(name: "Ana") tags } }'
    context = Context()
    gone = weakref.ref(context)

    assert small_schema.execute_sync(query, context_value=context).errors is None
    del context
    gc.collect()

    assert gone() is None
    assert outcomes == ["compiled"]
