"""Finding the checkout a request names, and who may see it.

A guest's checkout is reached by whoever holds its token (its ``id`` is the token's global ID,
``token`` the bare UUID). A checkout that belongs to a user is visible only to that user and to
staff or apps holding ``MANAGE_CHECKOUTS``; to anyone else it does not exist (``null`` from the
query, ``NOT_FOUND`` from a mutation), so a leaked token of a signed-in buyer's cart is useless.
"""

from __future__ import annotations

import uuid
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.permissions import has_permission
from graphql_schema.core.relay import decode_id, from_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.error_codes import CheckoutError, CheckoutErrorCode
from storefront.checkout.models import Checkout


def checkout_queryset() -> Any:
    return Checkout.objects.select_related("channel", "shipping_address", "billing_address", "user")


def may_see(info: Info, checkout: Checkout) -> bool:
    """Whether the caller may read and change ``checkout`` (see the module docstring)."""
    if checkout.user_id is None:
        return True
    user = info.context.user
    if user is not None and getattr(user, "is_authenticated", False) and user.pk == checkout.user_id:
        return True
    return has_permission(info, PermissionCode.MANAGE_CHECKOUTS)


def _token_of_id(global_id: str) -> uuid.UUID:
    type_name, pk = from_global_id(global_id)
    if type_name != "Checkout":
        raise GraphQLError(
            f"Invalid ID: {global_id}. Expected: Checkout, received: {type_name}.",
            extensions={"code": "GRAPHQL_ERROR"},
        )
    try:
        return uuid.UUID(pk)
    except ValueError:
        raise GraphQLError(
            f"Couldn't resolve id: {global_id}.", extensions={"code": "GRAPHQL_ERROR"}
        ) from None


def checkout_find(info: Info, *, id: str | None = None, token: uuid.UUID | None = None) -> Checkout | None:
    """The checkout named by ``id`` (or the deprecated ``token``) if the caller may see it, else ``None``.

    A malformed ID is a GraphQL error (Saleor's).
    """
    if id is not None:
        token = _token_of_id(id)
    if token is None:
        return None
    checkout = checkout_queryset().filter(pk=token).first()
    if checkout is None or not may_see(info, checkout):
        return None
    return checkout


def checkout_for_mutation(
    info: Info, *, id: str | None = None, token: uuid.UUID | None = None, checkout_id: str | None = None
) -> Checkout:
    """The checkout a mutation names by ``id``, ``checkoutId`` or ``token``; ``CheckoutError`` otherwise.

    Nothing named: ``REQUIRED``; a malformed ID: ``GRAPHQL_ERROR``; no such checkout or one the
    caller may not see: ``NOT_FOUND`` (Saleor's codes, on the argument used).
    """
    field = "id" if id is not None else "checkout_id" if checkout_id is not None else "token"
    global_id = id if id is not None else checkout_id
    if global_id is None and token is None:
        raise CheckoutError(
            CheckoutErrorCode.REQUIRED,
            "At least one of arguments is required: 'checkoutId', 'token', 'id'.",
            field="id",
        )
    try:
        checkout = checkout_find(info, id=global_id, token=token)
    except GraphQLError as exc:
        raise CheckoutError(CheckoutErrorCode.GRAPHQL_ERROR, exc.message, field=field) from None
    if checkout is None:
        raise CheckoutError(
            CheckoutErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id or token}", field=field
        )
    return checkout


def decode_variant_id(global_id: str) -> int:
    """A variant's pk from its global ID; ``GRAPHQL_ERROR`` on ``variantId`` when malformed."""
    try:
        return decode_id(global_id, expected="ProductVariant")
    except GraphQLError as exc:
        raise CheckoutError(CheckoutErrorCode.GRAPHQL_ERROR, exc.message, field="variant_id") from None


def decode_line_id(global_id: str, *, field: str = "line_id") -> uuid.UUID:
    """A checkout line's UUID from its global ID; ``GRAPHQL_ERROR`` on ``field`` when malformed."""
    try:
        type_name, pk = from_global_id(global_id)
        if type_name != "CheckoutLine":
            raise GraphQLError(f"Invalid ID: {global_id}. Expected: CheckoutLine, received: {type_name}.")
        return uuid.UUID(pk)
    except (GraphQLError, ValueError) as exc:
        message = exc.message if isinstance(exc, GraphQLError) else f"Couldn't resolve id: {global_id}."
        raise CheckoutError(CheckoutErrorCode.GRAPHQL_ERROR, message, field=field) from None
