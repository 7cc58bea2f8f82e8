"""The registry of stock-reading schema coordinates (graphql_schema/core/stock_reads.py) is complete.

A cached public response is kept across reservations unless its document can show stock, decided
from ``STOCK_READS``. A stock-reading field added without being registered would be served stale
for a whole stock generation, so these tests walk the schema from the public root fields and
fail when (a) a field's resolver reaches the inventory (``storefront.inventory``: stock rows,
reservations, warehouses) through the functions, loaders and modules it names, transitively, or
(b) a field's, argument's, input field's or enum value's name or description speaks of stock,
unless it is in ``STOCK_READS`` or reviewed below as not showing stock.
"""

from __future__ import annotations

import functools
import inspect
import random
import re
import types
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    get_named_type,
    parse,
)
from graphql.utilities import get_operation_ast

from graphql_schema.catalog import filter_conditions, filters
from graphql_schema.catalog import loaders as catalog_loaders
from graphql_schema.core.dataloaders import Loader
from graphql_schema.core.response_cache import PUBLIC_ROOT_FIELDS, _public_query
from graphql_schema.core.stock_reads import STOCK_READS, document_reads_stock
from graphql_schema.schema import schema
from tests.graphql.compat.storefront import operation_names, operation_text

GRAPHQL = schema._schema

# Coordinates whose name or description speaks of stock but whose value reads none (reviewed).
NOT_STOCK = {
    "AttributeSortField.AVAILABLE_IN_GRID": "an attribute column",
    "CollectionSortField.AVAILABILITY": "the collection's channel listing",
    "ProductOrderField.RANK": "search rank",
    "ProductOrderField.COLLECTION": "position in a collection",
    "ProductFilterInput.isAvailable": "the listing's available-for-purchase date",
    "ProductWhereInput.isAvailable": "the listing's available-for-purchase date",
    "ProductFilterInput.availableFrom": "the listing's available-for-purchase date",
    "ProductWhereInput.availableFrom": "the listing's available-for-purchase date",
    "ProductFilterInput.hasPreorderedVariants": "matches nothing (no preorders)",
    "ProductWhereInput.hasPreorderedVariants": "matches nothing (no preorders)",
    "ProductStockFilterInput.warehouseIds": "inside ProductFilterInput.stocks (registered)",
    "ProductStockFilterInput.quantity": "inside ProductFilterInput.stocks (registered)",
    "StockAvailability.IN_STOCK": "only inside stockAvailability (registered)",
    "StockAvailability.OUT_OF_STOCK": "only inside stockAvailability (registered)",
    "Product.channelListings": "listing rows",
    "Product.availableForPurchase": "the listing's date",
    "Product.availableForPurchaseAt": "the listing's date",
    "Product.isAvailableForPurchase": "the listing's date",
    "ProductChannelListing.availableForPurchaseAt": "the listing's date",
    "ProductChannelListing.isAvailableForPurchase": "the listing's date",
    "Collection.channelListings": "listing rows",
    "ProductVariant.trackInventory": "a column of the variant",
    "ProductVariant.quantityLimitPerCustomer": "a column of the variant",
    "CertificateCheckCodeEnum.UNAVAILABLE": "a certificate check's outcome",
    "CertificateCheckStatusEnum.UNAVAILABLE": "a certificate check's outcome",
    "CustodyEventTypeEnum.RESTOCKED": "a custody event's type (certificates app: a catalogue write)",
}

# What reads stock only to prime ``VARIANT_STOCK`` for the fields that may ask later (those are
# registered); the rows it returns, and which, show none of it (reviewed).
PRIMES_ONLY = {catalog_loaders._product_variants, catalog_loaders.variants_seen}
# Filter conditions reading stock, applied only when a registered input field asks for them
# (``filters._common``: ``stockAvailability`` and ``stocks`` of ``ProductFilterInput`` and
# ``ProductWhereInput``): a list reads stock by its arguments, which the document walk sees.
GATED_BY_INPUTS = {filter_conditions.stock_availability, filter_conditions.stocks_condition}
PRIMES_ONLY_FIELDS = {"Query.productVariants": "annotates stock_available to prime VARIANT_STOCK"}

STOCKISH = re.compile(r"stock|reserv|inventory|warehouse|quantit|availab|allocat", re.IGNORECASE)


def _public_types() -> list[Any]:
    """The named types reachable from the public root fields (what the response cache may store)."""
    seen: dict[str, Any] = {}
    todo: list[Any] = [GRAPHQL.query_type]
    while todo:
        type_ = get_named_type(todo.pop())
        if type_.name in seen:
            continue
        seen[type_.name] = type_
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in type_.fields.items():
                if type_ is GRAPHQL.query_type and name not in PUBLIC_ROOT_FIELDS:
                    continue
                todo.append(field.type)
                todo.extend(argument.type for argument in field.args.values())
            if isinstance(type_, GraphQLInterfaceType):
                todo.extend(GRAPHQL.get_possible_types(type_))
        elif isinstance(type_, GraphQLInputObjectType):
            todo.extend(field.type for field in type_.fields.values())
    return list(seen.values())


def _coordinates() -> Iterator[tuple[str, str]]:
    """(coordinate, description) of every field, argument, input field and enum value reachable."""
    for type_ in _public_types():
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in type_.fields.items():
                if type_ is GRAPHQL.query_type and name not in PUBLIC_ROOT_FIELDS:
                    continue
                yield f"{type_.name}.{name}", field.description or ""
                for arg_name, argument in field.args.items():
                    yield f"{type_.name}.{name}({arg_name}:)", argument.description or ""
        elif isinstance(type_, GraphQLInputObjectType):
            for name, field in type_.fields.items():
                yield f"{type_.name}.{name}", field.description or ""
        elif isinstance(type_, GraphQLEnumType):
            for name, value in type_.values.items():
                yield f"{type_.name}.{name}", value.description or ""


def _names_used(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names


def _reaches_inventory(obj: Any, seen: set[int], path: list[str]) -> bool:
    """Whether ``obj`` (a function, loader or module named by a resolver) reaches ``storefront.inventory``."""
    if id(obj) in seen:
        return False
    seen.add(id(obj))
    if isinstance(obj, types.ModuleType):
        return obj.__name__.startswith("storefront.inventory")
    module = getattr(obj, "__module__", None) or ""
    if module.startswith("storefront.inventory"):
        path.append(getattr(obj, "__qualname__", repr(obj)))
        return True
    if isinstance(obj, Loader):
        return _reaches_inventory(obj._batch, seen, path)
    if isinstance(obj, functools.partial):
        return _reaches_inventory(obj.func, seen, path)
    if isinstance(obj, staticmethod | classmethod):
        return _reaches_inventory(obj.__func__, seen, path)
    if not inspect.isfunction(obj) or not module.startswith(("graphql_schema", "storefront", "provenance")):
        return False
    obj = inspect.unwrap(obj)
    if obj in PRIMES_ONLY or obj in GATED_BY_INPUTS:
        return False
    names = _names_used(obj.__code__)
    named: list[Any] = [obj.__globals__[name] for name in sorted(names) if name in obj.__globals__]
    named += [cell.cell_contents for cell in obj.__closure__ or () if _filled(cell)]
    # ``module.attribute``: the attribute's name is among the names the code uses.
    for module_ in [value for value in named if isinstance(value, types.ModuleType)]:
        named += [getattr(module_, name) for name in sorted(names) if hasattr(module_, name)]
    for value in named:
        if _reaches_inventory(value, seen, path):
            path.append(obj.__qualname__)
            return True
    return False


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _resolvers() -> Iterator[tuple[str, Any]]:
    """(coordinate, resolver function) of every public object field with a resolver of its own."""
    for type_ in _public_types():
        if not isinstance(type_, GraphQLObjectType):
            continue
        definition = schema.get_type_by_name(type_.name)
        for field in getattr(definition, "fields", ()):
            name = schema.config.name_converter.get_graphql_name(field)
            if type_ is GRAPHQL.query_type and name not in PUBLIC_ROOT_FIELDS:
                continue
            resolver = getattr(field, "base_resolver", None)
            if resolver is not None:
                yield f"{type_.name}.{name}", resolver.wrapped_func


def test_every_registered_coordinate_is_in_the_schema():
    coordinates = {coordinate for coordinate, _description in _coordinates()}
    assert STOCK_READS - coordinates == set()
    assert set(NOT_STOCK) - coordinates == set()
    assert STOCK_READS & set(NOT_STOCK) == set()


def test_every_resolver_reaching_the_inventory_is_registered():
    found: dict[str, list[str]] = {}
    for coordinate, resolver in _resolvers():
        path: list[str] = []
        if _reaches_inventory(resolver, set(), path):
            found[coordinate] = path[::-1]
    unregistered = {
        coordinate: path
        for coordinate, path in found.items()
        if coordinate not in STOCK_READS and coordinate not in PRIMES_ONLY_FIELDS
    }
    assert unregistered == {}, "register these in graphql_schema/core/stock_reads.py STOCK_READS"
    # The scan sees the registered resolvers it can follow (a real check, not a vacuous one).
    assert {"ProductVariant.quantityAvailable", "Product.isAvailable", "ProductVariant.stocks"} <= set(found)


def test_the_stock_filters_are_gated_by_registered_inputs():
    """What ``GATED_BY_INPUTS`` lets the resolver scan pass is reached through registered inputs."""
    source = inspect.getsource(filters._common)
    assert "source.stock_availability is not None" in source and "stock_availability(channel" in source
    assert "source.stocks is not None" in source and "stocks_condition(source.stocks)" in source
    for function in GATED_BY_INPUTS:
        callers = [
            name
            for name, value in vars(filters).items()
            if inspect.isfunction(value) and function.__name__ in _names_used(value.__code__)
        ]
        expected = (
            ["_common", "filter_lifted"] if function is filter_conditions.stock_availability else ["_common"]
        )
        assert callers == expected, function
    # The lifted filter (a buyer's filter prepared once per shape) reaches it only from the
    # registered ``stockAvailability`` input, as ``_common`` does.
    # (``filter_lifted`` names the input's attribute; its condition is built from the shape.)
    lifted = inspect.getsource(filters.filter_lifted)
    assert "if value.stock_availability is not None:" in lifted
    module = inspect.getsource(filters)
    assert module.count('("stock_availability", value.stock_availability.value)') == 1
    assert module.count("stock_availability(channel, StockAvailability(detail[0]))") == 1


def test_every_coordinate_that_speaks_of_stock_is_registered_or_reviewed():
    speaking = {
        coordinate
        for coordinate, description in _coordinates()
        if (STOCKISH.search(coordinate.rsplit(".", 1)[-1]) or STOCKISH.search(description))
        and coordinate.split("(")[0] not in STOCK_READS  # an argument of a registered field
    }
    assert speaking - STOCK_READS - set(NOT_STOCK) == set(), (
        "register in STOCK_READS (graphql_schema/core/stock_reads.py) or review in NOT_STOCK"
    )


def _reads_stock(text: str, variables: dict[str, Any] | None = None, name: str | None = None) -> bool:
    document = parse(text)
    operation = get_operation_ast(document, name)
    assert operation is not None
    return document_reads_stock(GRAPHQL, document, operation, variables)


def test_documents_read_stock_by_their_fields_filters_and_variables():
    assert not _reads_stock('{ products(first: 5, channel: "c") { edges { node { name } } } }')
    assert _reads_stock('{ product(slug: "a") { variants { quantityAvailable } } }')
    assert _reads_stock('{ product(slug: "a") { ...F } } fragment F on Product { isAvailable }')
    assert _reads_stock("{ products(first: 1, filter: {stockAvailability: IN_STOCK}) { totalCount } }")
    assert _reads_stock("{ products(first: 1, where: {stockAvailability: IN_STOCK}) { totalCount } }")
    by_variable = "query($f: ProductFilterInput) { products(first: 1, filter: $f) { totalCount } }"
    assert _reads_stock(by_variable, {"f": {"stockAvailability": "OUT_OF_STOCK"}})
    assert not _reads_stock(by_variable, {"f": {"categories": ["Q2F0ZWdvcnk6MQ=="]}})
    assert not _reads_stock(by_variable, {})
    defaulted = (
        "query($f: ProductFilterInput = {stockAvailability: IN_STOCK}) "
        "{ products(first: 1, filter: $f) { totalCount } }"
    )
    assert _reads_stock(defaulted)
    # An unused fragment counts (when in doubt, stock); so does what is not understood.
    assert _reads_stock("{ channels { slug } } fragment F on ProductVariant { quantityAvailable }")
    assert _reads_stock(by_variable, {"f": "not an object"})
    assert _reads_stock("{ products(first: 1) { edges { node { notAField } } } }")


# The storefront's cached documents (README "Cached public reads"): these show stock, so a
# reservation forgets their cached responses; every other one survives it.
STOREFRONT_READING_STOCK = {"ProductPage", "ProductPageVariant", "ProductPageVariants"}
STOREFRONT_CACHED = [name for name in operation_names() if _public_query(operation_text(name), name)]


def test_the_storefronts_cached_documents_are_these():
    assert STOREFRONT_CACHED == [
        "CategoryIdsBySlug",
        "CategoryShelf",
        "ChannelPicker",
        "ChannelShipsTo",
        "CollectionShelf",
        "HomeProducts",
        "ProductPage",
        "ProductPageVariant",
        "ProductPageVariants",
        "ProductSearch",
        "ProductsPage",
    ]


@pytest.mark.parametrize("name", STOREFRONT_CACHED)
def test_which_storefront_documents_survive_a_reservation(name):
    """As the storefront sends them (``operation_text``: the operation and its fragments); the
    listing documents' filters come as variables, and no storefront page filters by stock."""
    document = parse(operation_text(name))
    operation = get_operation_ast(document, name)
    assert operation is not None
    assert document_reads_stock(GRAPHQL, document, operation, None) == (name in STOREFRONT_READING_STOCK)


def test_the_benchmarks_documents_survive_a_reservation_except_the_product_page():
    """``make bench``'s documents as it sends them (provenance fragments, sample variables)."""
    from infra.bench import DOCUMENTS

    samples = {"search": ["ikat"], "categories": [{"id": "Q2F0ZWdvcnk6MQ==", "slug": "kain"}], "slugs": ["a"]}
    reads = {}
    for name, bench_document in DOCUMENTS.items():
        if bench_document.operation is None:
            continue
        document = parse(bench_document.query)
        operation = get_operation_ast(document, bench_document.operation)
        assert operation is not None
        variables = bench_document.variables(random.Random(0), samples)
        reads[name] = document_reads_stock(GRAPHQL, document, operation, variables)
    assert reads == {
        "listing": False,
        "search": False,
        "filtered": False,
        "category": False,
        "product_page": True,
        "channels": False,
    }
