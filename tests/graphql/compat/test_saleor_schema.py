"""Asal's schema against Saleor's: everything Asal shares with Saleor has Saleor's exact shape.

A storefront written for Saleor must work unchanged, so for every type name both schemas have:
fields keep their return type and nullability, arguments keep their names and types (Saleor's
arguments are all there; Asal may add optional ones), enums keep all of Saleor's values,
input fields Asal accepts exist in Saleor with the same type (Asal additions only from the
allow-list below, each with its reason), and interface and union membership agree.
Saleor's SDL is copied in ``saleor-schema.graphql`` (see its first line for the source).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    Undefined,
    build_schema,
    is_non_null_type,
)

from graphql_schema.schema import schema as asal_schema

SALEOR_SDL = Path(__file__).with_name("saleor-schema.graphql")

# Input fields Asal accepts that Saleor does not have: (type, field) -> why.
ALLOWED_INPUT_ADDITIONS: dict[tuple[str, str], str] = {
    ("ProductFilterInput", "makers"): "Asal: filter products by the makers who made them.",
    ("ProductFilterInput", "villages"): "Asal: filter products by origin village (slug or Origin ID).",
    ("ProductWhereInput", "makers"): "Asal: filter products by the makers who made them.",
    ("ProductWhereInput", "villages"): "Asal: filter products by origin village (slug or Origin ID).",
    ("ProductVariantChannelListingAddInput", "makerShareAmount"): "Asal: the makers' share per unit sold.",
    ("ProductVariantChannelListingAddInput", "makerSharePercent"): "Asal: the makers' share per unit sold.",
    ("OrderFulfillLineInput", "serials"): "Asal: the serials of the certified pieces packed.",
    ("OrderReturnFulfillmentLineInput", "serials"): "Asal: the serials of the certified pieces returned.",
    ("OrderWhereInput", "readyToFulfill"): "Asal: the orders staff can pack now (the fulfilment view).",
}


@pytest.fixture(scope="module")
def saleor() -> GraphQLSchema:
    return build_schema(SALEOR_SDL.read_text())


def _shared_types(
    asal: GraphQLSchema, saleor: GraphQLSchema
) -> list[tuple[GraphQLNamedType, GraphQLNamedType]]:
    return [
        (asal_type, saleor.type_map[name])
        for name, asal_type in sorted(asal.type_map.items())
        if not name.startswith("__") and name in saleor.type_map
    ]


_KINDS = (
    (GraphQLObjectType, "object type"),
    (GraphQLInterfaceType, "interface"),
    (GraphQLUnionType, "union"),
    (GraphQLEnumType, "enum"),
    (GraphQLInputObjectType, "input"),
    (GraphQLScalarType, "scalar"),
)


def _kind(named: GraphQLNamedType) -> str:
    return next(kind for cls, kind in _KINDS if isinstance(named, cls))


def _compare_fields(asal: GraphQLObjectType | GraphQLInterfaceType, saleor, problems: list[str]) -> None:
    for name, field in asal.fields.items():
        if name not in saleor.fields:
            continue  # an Asal addition
        theirs = saleor.fields[name]
        where = f"{asal.name}.{name}"
        if str(field.type) != str(theirs.type):
            problems.append(f"{where}: returns {field.type}, Saleor returns {theirs.type}")
        for arg_name, their_arg in theirs.args.items():
            our_arg = field.args.get(arg_name)
            if our_arg is None:
                problems.append(f"{where}: missing Saleor's argument `{arg_name}: {their_arg.type}`")
            elif str(our_arg.type) != str(their_arg.type):
                problems.append(f"{where}({arg_name}:): takes {our_arg.type}, Saleor takes {their_arg.type}")
        for arg_name, our_arg in field.args.items():
            if (
                arg_name not in theirs.args
                and is_non_null_type(our_arg.type)
                and our_arg.default_value is Undefined
            ):
                problems.append(f"{where}: added argument `{arg_name}` must be optional")


def _compare_interfaces(asal_type, saleor_type, asal: GraphQLSchema, saleor: GraphQLSchema, problems) -> None:
    ours = {interface.name for interface in asal_type.interfaces}
    theirs = {interface.name for interface in saleor_type.interfaces}
    for name in sorted(ours - theirs):
        if name in saleor.type_map:  # Asal-only interfaces are additions
            problems.append(f"{asal_type.name}: implements {name}, Saleor's does not")
    for name in sorted(theirs - ours):
        if name in asal.type_map:
            problems.append(f"{asal_type.name}: does not implement {name} as Saleor's does")


def _compare_inputs(asal_type: GraphQLInputObjectType, saleor_type, problems: list[str]) -> None:
    for name, field in asal_type.fields.items():
        where = f"{asal_type.name}.{name}"
        theirs = saleor_type.fields.get(name)
        if theirs is None:
            if (asal_type.name, name) not in ALLOWED_INPUT_ADDITIONS:
                problems.append(f"{where}: not an input field of Saleor's (allow-list it with a reason)")
        elif str(field.type) != str(theirs.type):
            problems.append(f"{where}: is {field.type}, Saleor's is {theirs.type}")
    for name, theirs in saleor_type.fields.items():
        if (
            name not in asal_type.fields
            and is_non_null_type(theirs.type)
            and theirs.default_value is Undefined
        ):
            problems.append(f"{asal_type.name}.{name}: Saleor requires it, Asal does not accept it")


def _compare_unions(
    asal_type: GraphQLUnionType, saleor_type: GraphQLUnionType, asal, saleor, problems
) -> None:
    ours = {member.name for member in asal_type.types}
    theirs = {member.name for member in saleor_type.types}
    for name in sorted(ours - theirs):
        if name in saleor.type_map:
            problems.append(f"union {asal_type.name}: has member {name}, Saleor's does not")
    for name in sorted(theirs - ours):
        if name in asal.type_map:
            problems.append(f"union {asal_type.name}: lacks Saleor's member {name}")


def schema_differences(asal: GraphQLSchema, saleor: GraphQLSchema) -> list[str]:
    """Every way Asal's schema departs from Saleor's on what they share, one line each."""
    problems: list[str] = []
    for ours, theirs in _shared_types(asal, saleor):
        if _kind(ours) != _kind(theirs):
            problems.append(f"{ours.name}: is {_kind(ours)}, Saleor's is {_kind(theirs)}")
            continue
        if isinstance(ours, GraphQLObjectType | GraphQLInterfaceType):
            _compare_fields(ours, theirs, problems)
            _compare_interfaces(ours, theirs, asal, saleor, problems)
        elif isinstance(ours, GraphQLInputObjectType):
            _compare_inputs(ours, theirs, problems)
        elif isinstance(ours, GraphQLEnumType):
            missing = sorted(set(theirs.values) - set(ours.values))
            if missing:
                problems.append(f"enum {ours.name}: lacks Saleor's values {', '.join(missing)}")
        elif isinstance(ours, GraphQLUnionType):
            _compare_unions(ours, theirs, asal, saleor, problems)
        else:
            assert isinstance(ours, GraphQLScalarType)
    return problems


def test_every_shared_type_has_saleors_shape(saleor):
    problems = schema_differences(asal_schema._schema, saleor)

    assert not problems, "Asal departs from Saleor's schema:\n  " + "\n  ".join(problems)


def test_the_comparison_catches_a_changed_field(saleor):
    """Guard the guard: a schema that changes a Saleor field's nullability is reported."""
    changed = build_schema(
        "type Query { shop: Shop, channel(slug: String, mode: Int!): Channel }\n"
        "type Channel { slug: String! }\n"
        "type Shop { name: String }\n"  # Saleor: String!
        "enum OrderDirection { ASC }\n"  # Saleor also has DESC
        "input ProductOrder { direction: OrderDirection!, sorting: String }\n"  # not Saleor's
    )

    problems = schema_differences(changed, saleor)

    assert "Shop.name: returns String, Saleor returns String!" in problems
    assert "Query.channel: added argument `mode` must be optional" in problems
    assert "Query.channel: missing Saleor's argument `id: ID`" in problems
    assert "enum OrderDirection: lacks Saleor's values DESC" in problems
    assert "ProductOrder.sorting: not an input field of Saleor's (allow-list it with a reason)" in problems


def test_the_allow_list_names_only_fields_asal_has(saleor):
    """An allow-list entry for a field that no longer exists hides nothing and should go."""
    types = asal_schema._schema.type_map
    stale = [
        f"{type_name}.{field}"
        for type_name, field in ALLOWED_INPUT_ADDITIONS
        if type_name in types and field not in types[type_name].fields
    ]

    assert not stale, f"stale allow-list entries: {stale}"


def test_the_buyer_path_types_are_shared_with_saleor(saleor):
    """The comparison only means something if the storefront's types are there to compare."""
    shared = {ours.name for ours, _ in _shared_types(asal_schema._schema, saleor)}

    expected = {
        "Query",
        "Channel",
        "ProductOrder",
        "ProductFilterInput",
        "ProductWhereInput",
        "OrderDirection",
    }
    assert expected <= shared, sorted(expected - shared)
