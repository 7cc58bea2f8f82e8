"""Batch loads for staff and permission groups: a page of users or groups costs the same for 1 or 100.

Users are peers of ``accounts.User`` and groups of ``auth.Group`` (``graphql_schema.core.dataloaders``):
the first ``permissionGroups`` of a user on the page loads every registered user's groups, the
first ``users`` of a group every registered group's members, and so on down.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import Group
from strawberry.types import Info

from graphql_schema.core.dataloaders import UNSCOPED, Loader, Scope, register
from storefront.accounts.models import User
from storefront.accounts.permissions import PERMISSION_CODENAMES, PermissionCode
from storefront.accounts.staff_scope import ALL_CODES, code_of

GroupPermissions = list[tuple[PermissionCode, str]]


def _user_groups(info: Info, _scope: Scope, user_ids: list[int]) -> dict[int, list[Group]]:
    rows = (
        User.groups.through.objects.filter(user_id__in=user_ids)
        .select_related("group")
        .order_by("group__name", "group_id")
    )
    found: dict[int, list[Group]] = defaultdict(list)
    for row in rows:
        found[row.user_id].append(row.group)
    register(info, Group, [group for groups in found.values() for group in groups])
    return found


USER_GROUPS: Loader[int, list[Group]] = Loader(
    "user-permission-groups", _user_groups, default=list, peers=User, channel_free=True
)


def _group_permissions(_info: Info, _scope: Scope, group_ids: list[int]) -> dict[int, GroupPermissions]:
    rows = (
        Group.permissions.through.objects.filter(
            group_id__in=group_ids,
            permission__content_type__app_label="accounts",
            permission__codename__in=PERMISSION_CODENAMES,
        )
        .order_by("permission__codename")
        .values_list("group_id", "permission__codename", "permission__name")
    )
    found: dict[int, GroupPermissions] = defaultdict(list)
    for group_id, codename, name in rows:
        found[group_id].append((code_of(codename), name))
    return found


GROUP_PERMISSIONS: Loader[int, GroupPermissions] = Loader(
    "group-permissions", _group_permissions, default=list, peers=Group, channel_free=True
)


def _group_users(info: Info, _scope: Scope, group_ids: list[int]) -> dict[int, list[User]]:
    rows = (
        User.groups.through.objects.filter(group_id__in=group_ids)
        .select_related("user")
        .order_by("user__email", "user_id")
    )
    found: dict[int, list[User]] = defaultdict(list)
    for row in rows:
        found[row.group_id].append(row.user)
    register(info, User, [user for users in found.values() for user in users])
    return found


GROUP_USERS: Loader[int, list[User]] = Loader(
    "group-users", _group_users, default=list, peers=Group, channel_free=True
)


def _user_codes(_info: Info, _scope: Scope, user_ids: list[int]) -> dict[int, frozenset[PermissionCode]]:
    """What each user holds: the same rule as ``staff_scope.user_codes``, for many users at once."""
    accounts = User.objects.filter(pk__in=user_ids).values_list("pk", "is_active", "is_staff", "is_superuser")
    found: dict[int, set[PermissionCode]] = {}
    superusers = []
    for pk, is_active, is_staff, is_superuser in accounts:
        if is_active and is_staff:
            found[pk] = set()
            if is_superuser:
                superusers.append(pk)
    accounts_perms = {
        "permission__content_type__app_label": "accounts",
        "permission__codename__in": PERMISSION_CODENAMES,
    }
    own = User.user_permissions.through.objects.filter(user_id__in=list(found), **accounts_perms)
    for user_id, codename in own.values_list("user_id", "permission__codename"):
        found[user_id].add(code_of(codename))
    through = Group.permissions.through.objects.filter(
        group__user__in=list(found), **accounts_perms
    ).values_list("group__user", "permission__codename")
    for user_id, codename in through:
        found[user_id].add(code_of(codename))
    result = {pk: frozenset(codes) for pk, codes in found.items()}
    result.update({pk: ALL_CODES for pk in superusers})
    return result


USER_CODES: Loader[int, frozenset[PermissionCode]] = Loader(
    "user-permission-codes", _user_codes, default=frozenset, peers=User, channel_free=True
)

_ONE = 0


def _every_group(info: Info, _scope: Scope, _keys: list[int]) -> dict[int, list[Group]]:
    """Every group, with every group's permissions primed: what ``editableGroups`` compares."""
    groups = list(Group.objects.order_by("name", "pk"))
    register(info, Group, groups)
    for group_pk, permissions in _group_permissions(info, UNSCOPED, [group.pk for group in groups]).items():
        GROUP_PERMISSIONS.prime(info, group_pk, permissions)
    for group in groups:
        if not GROUP_PERMISSIONS.has(info, group.pk):
            GROUP_PERMISSIONS.prime(info, group.pk, [])
    return {_ONE: groups}


EVERY_GROUP: Loader[int, list[Group]] = Loader("every-group", _every_group, default=list, channel_free=True)


def every_group(info: Info) -> list[Group]:
    """Every permission group of the shop (``User.editableGroups`` picks from them), once per request."""
    return EVERY_GROUP.load(info, _ONE)


def group_codes(info: Info, group: Group) -> frozenset[PermissionCode]:
    return frozenset(code for code, _name in GROUP_PERMISSIONS.load(info, group.pk))


def _requestor_codes(info: Info, _scope: Scope, _keys: list[int]) -> dict[int, frozenset[PermissionCode]]:
    user = info.context.user
    if info.context.app is not None or not getattr(user, "is_authenticated", False):
        return {_ONE: frozenset()}
    return {_ONE: _user_codes(info, UNSCOPED, [user.pk]).get(user.pk, frozenset())}


# The caller's own permissions, apart from the users on the page (whether the caller is among
# them must not change what a page costs).
REQUESTOR_CODES: Loader[int, frozenset[PermissionCode]] = Loader(
    "requestor-permission-codes", _requestor_codes, default=frozenset, channel_free=True
)


def requestor_codes(info: Info) -> frozenset[PermissionCode]:
    """What the requesting user holds (``Group.userCanManage``); apps and anonymous callers: nothing."""
    return REQUESTOR_CODES.load(info, _ONE)
