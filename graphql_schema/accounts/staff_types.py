"""Saleor's staff and permission group types: ``Group``, ``Permission``, their inputs, sorts and errors.

A ``Group``'s root value is Django's ``auth.Group``. Saleor's channel restrictions
(``Group.restrictedAccessToChannels``/``accessibleChannels`` and the ``*Channels`` inputs) are
left out: Asal's permissions apply to every channel, and the accounts domain sits below the
channels, so a group cannot name them.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, cast

import strawberry
from django.contrib.auth.models import Group as GroupModel
from strawberry.types import Info

from graphql_schema.accounts import staff_loaders
from graphql_schema.accounts.types import AccountErrorCodeEnum, PermissionEnum, User
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.core.address import AddressTypeEnum
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, model_type_check, node_id
from storefront.accounts.error_codes import PermissionGroupErrorCode
from storefront.accounts.permissions import PermissionCode

PermissionGroupErrorCodeEnum = graphql_enum(PermissionGroupErrorCode, name="PermissionGroupErrorCode")
GroupRoot = strawberry.Parent[GroupModel]
# ``[PermissionEnum!]`` for fields typed ``list[Any]`` (the enum is built at run time, see graphql_enum).
PERMISSION_LIST: Any = cast(Any, list)[PermissionEnum] | None
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't associated "
    "with a particular field."
)


@strawberry.type(description="Represents a permission object in a friendly form.")
class Permission:
    code: Any = strawberry.field(graphql_type=PermissionEnum, description="Internal code for permission.")
    name: str = strawberry.field(description="Describe action(s) allowed to do by permission.")


def permission_of(code: PermissionCode, name: str) -> Permission:
    return Permission(code=PermissionEnum(code.value), name=name)


@strawberry.type(name="Group", description="Represents permission group data.")
class Group(Node):
    is_type_of = model_type_check(GroupModel)

    id: strawberry.ID = node_id("Group")
    name: str = strawberry.field(description="The name of the group.")

    @strawberry.field(
        description="List of group users\n\nRequires one of the following permissions: MANAGE_STAFF.",
        extensions=[permission_required(PermissionCode.MANAGE_STAFF)],
    )
    def users(self, info: Info, root: GroupRoot) -> list[User] | None:
        return cast(list[User], staff_loaders.GROUP_USERS.load(info, root.pk))

    @strawberry.field(description="List of group permissions")
    def permissions(self, info: Info, root: GroupRoot) -> list[Permission] | None:
        return [
            permission_of(code, name) for code, name in staff_loaders.GROUP_PERMISSIONS.load(info, root.pk)
        ]

    @strawberry.field(description="True, if the currently authenticated user has rights to manage a group.")
    def user_can_manage(self, info: Info, root: GroupRoot) -> bool:
        held = staff_loaders.requestor_codes(info)
        return bool(held) and staff_loaders.group_codes(info, root) <= held


@strawberry.type(description="Represents errors in permission group mutations.")
class PermissionGroupError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: Any = strawberry.field(graphql_type=PermissionGroupErrorCodeEnum, description="The error code.")
    permissions: list[Any] | None = strawberry.field(
        default=None,
        graphql_type=PERMISSION_LIST,
        description="List of permissions which causes the error.",
    )
    users: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of user IDs which causes the error."
    )


@strawberry.type(description="Represents errors in staff mutations.")
class StaffError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: Any = strawberry.field(graphql_type=AccountErrorCodeEnum, description="The error code.")
    address_type: AddressTypeEnum | None = strawberry.field(
        default=None, description="A type of address that causes the error."
    )
    permissions: list[Any] | None = strawberry.field(
        default=None,
        graphql_type=PERMISSION_LIST,
        description="List of permissions which causes the error.",
    )
    groups: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of permission group IDs which cause the error."
    )
    users: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of user IDs which causes the error."
    )


@strawberry.enum
class PermissionGroupSortField(Enum):
    NAME = strawberry.enum_value("NAME", description="Sort permission group accounts by name.")


@strawberry.input
class PermissionGroupSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort permission group."
    )
    field: PermissionGroupSortField = strawberry.field(
        description="Sort permission group by the selected field."
    )


@strawberry.input
class PermissionGroupFilterInput:
    search: str | None = None
    ids: list[strawberry.ID] | None = None


@strawberry.enum
class StaffMemberStatus(Enum):
    ACTIVE = strawberry.enum_value("ACTIVE", description="User account has been activated.")
    DEACTIVATED = strawberry.enum_value("DEACTIVATED", description="User account has not been activated yet.")


@strawberry.input
class StaffUserInput:
    status: StaffMemberStatus | None = None
    search: str | None = None
    ids: list[strawberry.ID] | None = None


@strawberry.enum
class UserSortField(Enum):
    FIRST_NAME = strawberry.enum_value("FIRST_NAME", description="Sort users by first name.")
    LAST_NAME = strawberry.enum_value("LAST_NAME", description="Sort users by last name.")
    EMAIL = strawberry.enum_value("EMAIL", description="Sort users by email.")
    ORDER_COUNT = strawberry.enum_value("ORDER_COUNT", description="Sort users by order count.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="Sort users by created at.")
    LAST_MODIFIED_AT = strawberry.enum_value(
        "LAST_MODIFIED_AT", description="Sort users by last modified at."
    )
    RANK = strawberry.enum_value(
        "RANK",
        description="Sort users by rank. Note: This option is available only with the `search` filter.",
    )


@strawberry.input
class UserSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort users."
    )
    field: UserSortField = strawberry.field(description="Sort users by the selected field.")
