"""The storefront's catalogue requests (``tests/graphql/storefront_documents``), one operation at a time.

Each operation is assembled as a code generator sends it: the operation and the fragments it
spreads, transitively, in one document (``infra.bench_documents`` does the assembling, so the
benchmark sends exactly what these tests check).

``selection_paths`` reduces an operation to what a server sees of it, one line per variable and
per selected leaf, so two documents can be compared whatever their names, layout and fragments.
Run as a script, this module compares our documents with another copy of the storefront's::

    python -m tests.graphql.compat.storefront DIRECTORY_OF_THE_STOREFRONTS_GRAPHQL_FILES
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    build_schema,
    get_named_type,
    print_ast,
)

from infra.bench_documents import graphql_definitions, operation_with_fragments

DOCUMENTS_DIR = Path(__file__).resolve().parent.parent / "storefront_documents"
SELECTIONS = DOCUMENTS_DIR / "selections.txt"
SALEOR_SDL = Path(__file__).with_name("saleor-schema.graphql")

# Our operation -> the storefront's operation it mirrors (saleor/storefront at 60fea09).
MIRRORS = {
    "HomeProducts": "ProductList",
    "ProductsPage": "ProductListPaginated",
    "ProductSearch": "SearchProducts",
    "CategoryShelf": "ProductListByCategory",
    "CollectionShelf": "ProductListByCollection",
    "ProductPage": "ProductDetails",
    "ProductPageVariants": "ProductVariantsForPdp",
    "ProductPageVariant": "ProductVariantForPdp",
    "CategoryIdsBySlug": "CategoriesBySlug",
    "ChannelPicker": "ChannelsList",
    # Cart and account pages (src/graphql/).
    "CartOpen": "CheckoutCreate",
    "CartAddOne": "CheckoutAddLine",
    "CartPage": "CheckoutFind",
    "CartQuantities": "CheckoutLinesUpdate",
    "CartRemoveLines": "CheckoutDeleteLines",
    "CartForget": "CheckoutCustomerDetach",
    "AccountHeader": "CurrentUser",
    "AccountRecentOrders": "CurrentUserOrderList",
    "AccountOrderPages": "CurrentUserOrdersPaginated",
    "AccountProfile": "CurrentUserProfile",
    "AccountOrderHistory": "OrderByNumber",
    "AccountPasswordChange": "PasswordChange",
    "AccountNameChange": "AccountUpdate",
    "AccountAddressAdd": "AccountAddressCreate",
    "AccountAddressEdit": "AccountAddressUpdate",
    "AccountAddressRemove": "AccountAddressDelete",
    "AccountAddressMakeDefault": "AccountSetDefaultAddress",
    "AccountClose": "AccountRequestDeletion",
    # The checkout application (src/checkout/graphql/).
    "CheckoutSteps": "checkout",
    "ChannelShipsTo": "channel",
    "AddressFormRules": "addressValidationRules",
    "CheckoutStart": "checkoutCreate",
    "CheckoutAddLines": "checkoutLinesAdd",
    "CheckoutChangeLines": "checkoutLinesUpdate",
    "CheckoutRemoveLine": "checkoutLineDelete",
    "CheckoutSetEmail": "checkoutEmailUpdate",
    "CheckoutMarketingConsent": "checkoutMetadataUpdate",
    "CheckoutClaim": "checkoutCustomerAttach",
    "CheckoutRelease": "checkoutCustomerDetach",
    "CheckoutApplyCode": "checkoutAddPromoCode",
    "CheckoutDropCode": "checkoutRemovePromoCode",
    "CheckoutShipTo": "checkoutShippingAddressUpdate",
    "CheckoutBillTo": "checkoutBillingAddressUpdate",
    "CheckoutDeliveryOptions": "deliveryOptionsCalculate",
    "CheckoutChooseDelivery": "checkoutDeliveryMethodUpdate",
    "CheckoutPlaceOrder": "checkoutComplete",
    "PlacedOrder": "order",
    "CheckoutBuyer": "user",
    "CheckoutSignUp": "userRegister",
    "CheckoutPasswordReset": "requestPasswordReset",
    "CheckoutAddressBookAdd": "userAddressCreate",
    "CheckoutAddressBookEdit": "userAddressUpdate",
    "CheckoutAddressBookRemove": "userAddressDelete",
    "CheckoutAddressBookDefault": "userSetDefaultAddress",
    # Paying (src/checkout/graphql/payment.graphql).
    "PaymentGatewaysStart": "paymentGatewaysInitialize",
    "PaymentStart": "transactionInitialize",
    "PaymentConfirm": "transactionProcess",
    # Menus and content pages (src/graphql/, issue 12).
    "NavigationMenu": "MenuGetBySlug",
    "ContentPage": "PageGetBySlug",
    "ContentBlocks": "StorefrontContentPages",
}

# The storefront's operations left for later issues: none in the checkout application.
NOT_MIRRORED: set[str] = set()


@cache
def _definitions() -> dict[str, ExecutableDefinitionNode]:
    return graphql_definitions(sorted(DOCUMENTS_DIR.glob("*.graphql")))


def operation_names() -> list[str]:
    return sorted(name for name, node in _definitions().items() if isinstance(node, OperationDefinitionNode))


def operation_document(name: str) -> DocumentNode:
    """Our operation ``name``, or ours that mirrors the storefront's operation ``name``."""
    ours = {theirs: ours for ours, theirs in MIRRORS.items()}.get(name, name)
    return operation_with_fragments(ours, _definitions())


def operation_text(name: str) -> str:
    return print_ast(operation_document(name))


@cache
def saleor_schema() -> GraphQLSchema:
    return build_schema(SALEOR_SDL.read_text(encoding="utf-8"))


# --- normalised selections -------------------------------------------------------------------


def selection_paths(document: DocumentNode, schema: GraphQLSchema) -> list[str]:
    """The variables (``$name: Type = default``) and the path to every selected leaf, sorted.

    What a server sees is kept: aliases, arguments and their values, directives, and type
    conditions that narrow the type (``<AssignedBooleanAttribute>``). What it does not see is
    dropped: names of operations and fragments, the order of fields, arguments, variables and
    input-object fields, and whether a selection is spelt out in place or through a fragment.
    """
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    root = {"query": schema.query_type, "mutation": schema.mutation_type}[operation.operation.value]
    variables = {
        f"${v.variable.name.value}: {print_ast(v.type)}"
        + (f" = {_value(v.default_value)}" if v.default_value else "")
        for v in operation.variable_definitions or ()
    }
    leaves = set(_leaves(operation.selection_set, root, "", fragments, schema))
    return sorted(variables) + sorted(leaves)


def _leaves(selections: SelectionSetNode, parent, prefix: str, fragments: dict, schema) -> Iterator[str]:
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            path = f"{prefix}.{_label(selection)}" if prefix else _label(selection)
            if selection.selection_set is None:
                yield path
            else:
                # A field the schema lacks (Saleor 3.24 removed ``checkoutLineDelete``, which the
                # storefront still sends) is followed without its type: type conditions below it
                # are then always written out, the same way for both documents compared.
                definition = parent.fields.get(selection.name.value) if parent is not None else None
                child = get_named_type(definition.type) if definition is not None else None
                yield from _leaves(selection.selection_set, child, path, fragments, schema)
            continue
        assert isinstance(selection, FragmentSpreadNode | InlineFragmentNode)
        fragment = fragments[selection.name.value] if isinstance(selection, FragmentSpreadNode) else selection
        condition = fragment.type_condition
        narrowed = schema.get_type(condition.name.value) if condition else parent
        marker = "".join(f" {print_ast(d)}" for d in selection.directives or ())
        if narrowed is not parent or marker:
            step = f"<{narrowed.name}{marker}>"
            prefix_here = f"{prefix}.{step}" if prefix else step
        else:
            prefix_here = prefix
        yield from _leaves(fragment.selection_set, narrowed, prefix_here, fragments, schema)


def _label(field: FieldNode) -> str:
    alias = f"{field.alias.value}: " if field.alias else ""
    arguments = ", ".join(sorted(f"{a.name.value}: {_value(a.value)}" for a in field.arguments or ()))
    directives = "".join(f" {print_ast(d)}" for d in field.directives or ())
    return alias + field.name.value + (f"({arguments})" if arguments else "") + directives


def _value(node: ValueNode) -> str:
    if isinstance(node, ObjectValueNode):
        return "{" + ", ".join(sorted(f"{f.name.value}: {_value(f.value)}" for f in node.fields)) + "}"
    if isinstance(node, ListValueNode):
        return "[" + ", ".join(_value(value) for value in node.values) + "]"
    return print_ast(node)


def committed_selections() -> dict[str, list[str]]:
    """``selections.txt``: under ``[Operation]``, the lines ``selection_paths`` gives for it."""
    blocks: dict[str, list[str]] = {}
    current: list[str] = []
    for line in SELECTIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = blocks.setdefault(line[1:-1], [])
        elif line.strip() and not line.startswith("#"):
            current.append(line)
    return blocks


def _compare(directory: Path) -> int:
    """Print how the storefront's operations under ``directory`` differ from ours; 1 when they do."""
    theirs = graphql_definitions(sorted(directory.rglob("*.graphql")))
    differences = 0
    for ours, name in MIRRORS.items():
        if name not in theirs:
            print(f"{name} (our {ours}): gone from the storefront")
            differences += 1
            continue
        expected = set(selection_paths(operation_with_fragments(name, theirs), saleor_schema()))
        actual = set(selection_paths(operation_document(ours), saleor_schema()))
        for line in sorted(expected - actual):
            print(f"{ours}: missing  {line}")
        for line in sorted(actual - expected):
            print(f"{ours}: extra    {line}")
        differences += len(expected ^ actual)
    unmirrored = sorted(
        name
        for name, node in theirs.items()
        if isinstance(node, OperationDefinitionNode) and name not in MIRRORS.values()
    )
    print(f"Not mirrored here (outside the catalogue, or types Asal lacks): {', '.join(unmirrored)}")
    print("Same selections." if not differences else f"{differences} differing lines.")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(_compare(Path(sys.argv[1])))
