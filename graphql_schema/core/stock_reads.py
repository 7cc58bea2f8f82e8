"""Which public catalogue documents can show stock: the registry of stock-reading schema coordinates.

A cached public response (``graphql_schema.core.response_cache``) is kept for the catalogue's
generation, and, when its document can show stock, for the stock generation too
(``storefront.core.versioned_cache.stock_changed``: reservations, allocations, stock counts), so
a buyer's checkout forgets only what it could have changed. Whether a document can show stock is
decided here from the document and its variables, never from the response: it does when it
selects a field, or passes an input field, argument or enum value, listed in ``STOCK_READS``
(through fragments, variables and defaults; any fragment of the document counts, used or not).
Anything not understood (an unknown type, a value that does not fit its input type) counts as
reading stock.

``STOCK_READS`` is the one list. ``tests/graphql/test_stock_reads.py`` walks the schema from the
public root fields and fails when a field's resolver reaches the inventory
(``storefront.inventory``: stock rows, reservations, warehouses' stock) or a coordinate's name
or description speaks of stock, unless it is listed here or reviewed there as not showing stock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from graphql import (
    ArgumentNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    ObjectFieldNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_abstract_type,
    visit,
)
from graphql.language.visitor import BREAK
from graphql.utilities import type_from_ast

# Schema coordinates whose value reads stock rows, reservations or allocations: output fields
# (``Type.field``), input fields (``Input.field``), arguments (``Type.field(arg:)``) and enum
# values (``Enum.VALUE``).
STOCK_READS = frozenset(
    {
        # free units in the channel's warehouses (quantity - allocated - active reservations)
        "Product.isAvailable",
        "ProductVariant.quantityAvailable",
        # certified pieces, capped by the channel's free stock
        "Product.certifiedUnitsAvailable",
        "ProductVariant.certifiedUnitsAvailable",
        # stock rows (staff only, never cached; listed all the same)
        "ProductVariant.stocks",
        "Stock.quantity",
        "Stock.quantityAllocated",
        "Stock.warehouse",
        # filters on stock: a product listed or not, and the list's count, follow stock
        "ProductFilterInput.stockAvailability",
        "ProductFilterInput.stocks",
        "ProductWhereInput.stockAvailability",
        "ProductWhereInput.stocks",
    }
)


def document_reads_stock(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Mapping[str, Any] | None,
) -> bool:
    """Whether the operation's response can show stock (see the module docstring)."""
    try:
        return _literals_read_stock(schema, document) or _variables_read_stock(
            schema, operation, variables or {}
        )
    except Exception:
        return True


def _registered(schema: GraphQLSchema, type_: Any, name: str) -> bool:
    if type_ is None:
        return True  # not understood
    if f"{type_.name}.{name}" in STOCK_READS:
        return True
    if is_abstract_type(type_):
        return any(f"{possible.name}.{name}" in STOCK_READS for possible in schema.get_possible_types(type_))
    return False


class _Finder(Visitor):
    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo) -> None:
        super().__init__()
        self.schema = schema
        self.type_info = type_info
        self.found = False

    def _hit(self) -> Any:
        self.found = True
        return BREAK

    def enter_field(self, node: FieldNode, *_args: Any) -> Any:
        name = node.name.value
        if name.startswith("__"):
            return None
        if self.type_info.get_field_def() is None:
            return self._hit()  # not understood
        if _registered(self.schema, self.type_info.get_parent_type(), name):
            return self._hit()
        return None

    def enter_argument(self, node: ArgumentNode, _key: Any, _parent: Any, _path: Any, ancestors: Any) -> Any:
        field = next((a for a in reversed(ancestors) if isinstance(a, FieldNode)), None)
        if field is None:
            return None  # a directive's argument
        if _registered(
            self.schema, self.type_info.get_parent_type(), f"{field.name.value}({node.name.value}:)"
        ):
            return self._hit()
        return None

    def enter_object_field(self, node: ObjectFieldNode, *_args: Any) -> Any:
        parent = get_named_type(self.type_info.get_parent_input_type())
        if not isinstance(parent, GraphQLInputObjectType):
            return self._hit()
        if f"{parent.name}.{node.name.value}" in STOCK_READS:
            return self._hit()
        return None

    def enter_enum_value(self, node: EnumValueNode, *_args: Any) -> Any:
        enum = get_named_type(self.type_info.get_input_type())
        if not isinstance(enum, GraphQLEnumType):
            return self._hit()
        if f"{enum.name}.{node.value}" in STOCK_READS:
            return self._hit()
        return None


def _literals_read_stock(schema: GraphQLSchema, document: DocumentNode) -> bool:
    type_info = TypeInfo(schema)
    finder = _Finder(schema, type_info)
    visit(document, TypeInfoVisitor(type_info, finder))
    return finder.found


def _variables_read_stock(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> bool:
    for definition in operation.variable_definitions or ():
        type_ = type_from_ast(schema, cast(Any, definition.type))  # a TypeNode: one of the overloads
        if type_ is None:
            return True
        name = definition.variable.name.value
        if name in variables and _value_reads_stock(type_, variables[name]):
            return True
    return False


def _value_reads_stock(type_: Any, value: Any) -> bool:
    if value is None:
        return False
    if isinstance(type_, GraphQLNonNull):
        return _value_reads_stock(type_.of_type, value)
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return any(_value_reads_stock(type_.of_type, item) for item in items)
    if isinstance(type_, GraphQLInputObjectType):
        if not isinstance(value, Mapping):
            return True
        for key, item in value.items():
            if f"{type_.name}.{key}" in STOCK_READS:
                return True
            field = type_.fields.get(key)
            if field is None or _value_reads_stock(field.type, item):
                return True
        return False
    if isinstance(type_, GraphQLEnumType):
        return not isinstance(value, str) or f"{type_.name}.{value}" in STOCK_READS
    return False  # a scalar


__all__ = ["STOCK_READS", "document_reads_stock"]
