"""Saleor's staff and permission group mutations (``MANAGE_STAFF``; apps are refused, as in Saleor).

Thin: each resolver decodes IDs into rows, calls one service of ``storefront.accounts.staff`` or
``storefront.accounts.permission_groups`` with the request's actor, and shapes Saleor's payload;
the services hold every rule and write the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar, cast

import strawberry
from django.contrib.auth.models import Group as GroupModel
from django.db import models
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.accounts.staff_types import PERMISSION_LIST, Group, PermissionGroupError, StaffError
from graphql_schema.accounts.types import User, user_root
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.metadata import MetadataInput
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_id, decode_ids
from storefront.accounts import permission_groups, staff
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.error_codes import PermissionGroupError as PermissionGroupDomainError
from storefront.accounts.models import User as UserModel
from storefront.accounts.permissions import PermissionCode

M = TypeVar("M", bound=models.Model)
_DEPRECATED_ERRORS = "Use `errors` field instead."
_STAFF_ONLY = (
    " Apps are not allowed to perform this mutation. \n\n"
    "Requires one of the following permissions: MANAGE_STAFF."
)
_METADATA = (
    "Fields required to update the user metadata. Can be read by any API client authorized to read "
    "the object it's attached to.\n\nWarning: never store sensitive information, including financial "
    "data such as credit card details."
)
_PRIVATE_METADATA = (
    "Fields required to update the user private metadata. Requires permissions to modify and to read the "
    "metadata of the object it's attached to.\n\nWarning: never store sensitive information, including "
    "financial data such as credit card details."
)


def _staff_only() -> Any:
    return permission_required(PermissionCode.MANAGE_STAFF, apps=False)


def _rows(model: type[M], ids: Sequence[strawberry.ID] | None, *, type_name: str) -> list[M]:
    """The rows of ``ids`` in their order; an ID that names nothing is Saleor's resolve error."""
    if not ids:
        return []
    pks = decode_ids(ids, expected=type_name)
    found = model._default_manager.in_bulk(pks)
    missing = [global_id for global_id, pk in zip(ids, pks, strict=True) if pk not in found]
    if missing:
        raise GraphQLError(
            f"Could not resolve to a node with the global id list of '{missing}'.",
            extensions={"exception": {"code": "GraphQLError"}},
        )
    return [found[pk] for pk in dict.fromkeys(pks)]


def _codes(values: Sequence[Any] | None) -> list[PermissionCode]:
    return [PermissionCode(value.value) for value in values or ()]


def _items(metadata: list[MetadataInput] | None) -> list[tuple[str, str]] | None:
    return None if metadata is None else [(item.key, item.value) for item in metadata]


# --- permission groups -------------------------------------------------------------------------


@strawberry.input(description="Fields required to create a permission group.")
class PermissionGroupCreateInput:
    add_permissions: list[Any] | None = strawberry.field(
        default=None,
        graphql_type=PERMISSION_LIST,
        description="List of permission code names to assign to this group.",
    )
    add_users: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of users to assign to this group."
    )
    name: str = strawberry.field(description="Group name.")


@strawberry.input(description="Fields required to update a permission group.")
class PermissionGroupUpdateInput:
    add_permissions: list[Any] | None = strawberry.field(
        default=None,
        graphql_type=PERMISSION_LIST,
        description="List of permission code names to assign to this group.",
    )
    add_users: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of users to assign to this group."
    )
    name: str | None = strawberry.field(default=None, description="Group name.")
    remove_permissions: list[Any] | None = strawberry.field(
        default=None,
        graphql_type=PERMISSION_LIST,
        description="List of permission code names to unassign from this group.",
    )
    remove_users: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of users to unassign from this group."
    )


@strawberry.type
class _GroupPayload:
    errors: list[PermissionGroupError] = strawberry.field(default_factory=list)
    group: Group | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def permission_group_errors(self) -> list[PermissionGroupError]:
        return self.errors


@strawberry.type(description="Create new permission group.")
class PermissionGroupCreate(_GroupPayload):
    pass


@strawberry.type(description="Update permission group.")
class PermissionGroupUpdate(_GroupPayload):
    pass


@strawberry.type(description="Delete permission group.")
class PermissionGroupDelete(_GroupPayload):
    pass


def _group(id: strawberry.ID) -> GroupModel:
    return _rows(GroupModel, [id], type_name="Group")[0]


# --- staff -------------------------------------------------------------------------------------


@strawberry.input(description="Fields required to create a staff user.")
class StaffCreateInput:
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    email: str | None = strawberry.field(default=None, description="The unique email address of the user.")
    is_active: bool | None = strawberry.field(default=None, description="User account is active.")
    metadata: list[MetadataInput] | None = strawberry.field(default=None, description=_METADATA)
    private_metadata: list[MetadataInput] | None = strawberry.field(
        default=None, description=_PRIVATE_METADATA
    )
    add_groups: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of permission group IDs to which user should be assigned."
    )
    redirect_url: str | None = strawberry.field(
        default=None,
        description=(
            "URL of a view where users should be redirected to set the password. URL in RFC 1808 format."
        ),
    )


@strawberry.input(description="Fields required to update a staff user.")
class StaffUpdateInput:
    first_name: str | None = strawberry.field(default=None, description="Given name.")
    last_name: str | None = strawberry.field(default=None, description="Family name.")
    email: str | None = strawberry.field(default=None, description="The unique email address of the user.")
    is_active: bool | None = strawberry.field(default=None, description="User account is active.")
    metadata: list[MetadataInput] | None = strawberry.field(default=None, description=_METADATA)
    private_metadata: list[MetadataInput] | None = strawberry.field(
        default=None, description=_PRIVATE_METADATA
    )
    add_groups: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of permission group IDs to which user should be assigned."
    )
    remove_groups: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of permission group IDs from which user should be unassigned."
    )


@strawberry.type
class _StaffPayload:
    errors: list[StaffError] = strawberry.field(default_factory=list)
    user: User | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def staff_errors(self) -> list[StaffError]:
        return self.errors


@strawberry.type(description="Creates a new staff user.")
class StaffCreate(_StaffPayload):
    pass


@strawberry.type(description="Updates an existing staff user.")
class StaffUpdate(_StaffPayload):
    pass


@strawberry.type(description="Deletes a staff user.")
class StaffDelete(_StaffPayload):
    pass


def _staff_member(id: strawberry.ID) -> UserModel:
    user = UserModel.objects.filter(pk=decode_id(id, expected="User")).first()
    if user is None:
        raise AccountError(AccountErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {id}", field="id")
    return user


@strawberry.type
class StaffMutations:
    @strawberry.mutation(description="Create new permission group." + _STAFF_ONLY, extensions=[_staff_only()])
    @returns_errors(PermissionGroupCreate, PermissionGroupError, PermissionGroupDomainError)
    def permission_group_create(
        self,
        info: Info,
        input: Annotated[
            PermissionGroupCreateInput,
            strawberry.argument(description="Input fields to create permission group."),
        ],
    ) -> PermissionGroupCreate | None:
        group = permission_groups.permission_group_create(
            actor=request_actor(info),
            name=input.name,
            add_permissions=_codes(input.add_permissions),
            add_users=_rows(UserModel, input.add_users, type_name="User"),
        )
        return PermissionGroupCreate(group=cast(Group, group))

    @strawberry.mutation(description="Update permission group." + _STAFF_ONLY, extensions=[_staff_only()])
    @returns_errors(PermissionGroupUpdate, PermissionGroupError, PermissionGroupDomainError)
    def permission_group_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the group to update.")],
        input: Annotated[
            PermissionGroupUpdateInput,
            strawberry.argument(description="Input fields to create permission group."),
        ],
    ) -> PermissionGroupUpdate | None:
        group = permission_groups.permission_group_update(
            actor=request_actor(info),
            group=_group(id),
            name=input.name,
            add_permissions=_codes(input.add_permissions),
            remove_permissions=_codes(input.remove_permissions),
            add_users=_rows(UserModel, input.add_users, type_name="User"),
            remove_users=_rows(UserModel, input.remove_users, type_name="User"),
        )
        return PermissionGroupUpdate(group=cast(Group, group))

    @strawberry.mutation(description="Delete permission group." + _STAFF_ONLY, extensions=[_staff_only()])
    @returns_errors(PermissionGroupDelete, PermissionGroupError, PermissionGroupDomainError)
    def permission_group_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the group to delete.")],
    ) -> PermissionGroupDelete | None:
        group = permission_groups.permission_group_delete(actor=request_actor(info), group=_group(id))
        return PermissionGroupDelete(group=cast(Group, group))

    @strawberry.mutation(description="Creates a new staff user." + _STAFF_ONLY, extensions=[_staff_only()])
    @returns_errors(StaffCreate, StaffError, AccountError)
    def staff_create(
        self,
        info: Info,
        input: Annotated[
            StaffCreateInput, strawberry.argument(description="Fields required to create a staff user.")
        ],
    ) -> StaffCreate | None:
        user = staff.staff_create(
            actor=request_actor(info),
            email=input.email,
            first_name=input.first_name,
            last_name=input.last_name,
            is_active=input.is_active,
            add_groups=_rows(GroupModel, input.add_groups, type_name="Group"),
            redirect_url=input.redirect_url,
            metadata=_items(input.metadata),
            private_metadata=_items(input.private_metadata),
        )
        return StaffCreate(user=user_root(user))

    @strawberry.mutation(
        description="Updates an existing staff user." + _STAFF_ONLY, extensions=[_staff_only()]
    )
    @returns_errors(StaffUpdate, StaffError, AccountError)
    def staff_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a staff user to update.")],
        input: Annotated[
            StaffUpdateInput, strawberry.argument(description="Fields required to update a staff user.")
        ],
    ) -> StaffUpdate | None:
        user = staff.staff_update(
            actor=request_actor(info),
            user=_staff_member(id),
            email=input.email,
            first_name=input.first_name,
            last_name=input.last_name,
            is_active=input.is_active,
            add_groups=_rows(GroupModel, input.add_groups, type_name="Group"),
            remove_groups=_rows(GroupModel, input.remove_groups, type_name="Group"),
            metadata=_items(input.metadata),
            private_metadata=_items(input.private_metadata),
        )
        return StaffUpdate(user=user_root(user))

    @strawberry.mutation(description="Deletes a staff user." + _STAFF_ONLY, extensions=[_staff_only()])
    @returns_errors(StaffDelete, StaffError, AccountError)
    def staff_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a staff user to delete.")],
    ) -> StaffDelete | None:
        user = staff.staff_delete(actor=request_actor(info), user=_staff_member(id))
        return StaffDelete(user=user_root(user))
