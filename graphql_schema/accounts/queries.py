"""Identity queries: ``me`` and the staff lookup ``user(id|email|externalReference)``."""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.accounts.types import User
from graphql_schema.core.permissions import has_permission, permission_required, refuse_bad_token
from graphql_schema.core.relay import decode_id
from storefront.accounts import selectors
from storefront.accounts.permissions import PermissionCode


@strawberry.type
class AccountQueries:
    @strawberry.field(description="Return the currently authenticated user.")
    def me(self, info: Info) -> User | None:
        user = info.context.user
        if not getattr(user, "is_authenticated", False):
            refuse_bad_token(info)  # an expired session is reported, not answered as a stranger's
            return None
        return user

    @strawberry.field(
        description=(
            "Look up a user by ID or email address.\n\n"
            "Requires one of the following permissions: MANAGE_STAFF, MANAGE_USERS, MANAGE_ORDERS."
        ),
        extensions=[
            permission_required(
                PermissionCode.MANAGE_STAFF, PermissionCode.MANAGE_USERS, PermissionCode.MANAGE_ORDERS
            )
        ],
    )
    def user(
        self,
        info: Info,
        id: Annotated[strawberry.ID | None, strawberry.argument(description="ID of the user.")] = None,
        email: Annotated[str | None, strawberry.argument(description="Email address of the user.")] = None,
        external_reference: Annotated[
            str | None, strawberry.argument(description="External ID of the user.")
        ] = None,
    ) -> User | None:
        given = [value for value in (id, email, external_reference) if value is not None]
        if len(given) != 1:
            raise GraphQLError(
                "Argument 'id' cannot be combined with 'email' or 'externalReference'."
                if given
                else "At least one of arguments is required: 'id', 'email', 'externalReference'.",
                extensions={"exception": {"code": "GraphQLError"}},
            )
        if external_reference is not None:
            return None  # Asal has no external references yet, so none matches.
        staff = _visible_kind(info)
        if id is not None:
            return selectors.user_get(pk=decode_id(id, expected="User"), staff=staff)  # type: ignore[return-value]
        return selectors.user_get(email=email, staff=staff)  # type: ignore[return-value]


def _visible_kind(info: Info) -> bool | None:
    """Which accounts the caller may look up, as in Saleor: staff accounts need ``MANAGE_STAFF``,
    customers ``MANAGE_USERS`` or ``MANAGE_ORDERS``; both kinds need ``MANAGE_STAFF`` and
    ``MANAGE_USERS``. ``None``: everyone; ``True``: staff only; ``False``: customers only."""
    manages_staff = has_permission(info, PermissionCode.MANAGE_STAFF)
    manages_customers = has_permission(info, PermissionCode.MANAGE_USERS)
    if manages_staff and manages_customers:
        return None
    return manages_staff
