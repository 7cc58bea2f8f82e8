"""Permission groups (Django's ``auth.Group``): create, update, delete, with Saleor's rules.

A group carries Saleor permissions (``permissions.py``) and staff members; a member holds the
permissions of every group they belong to. Each write checks the actor's scope and what stays
manageable (``staff_scope``), reports every problem at once with Saleor's
``PermissionGroupErrorCode``, and records an audit entry with the group before and after, in
its own transaction, so the API, the admin and management commands get the same rules.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q, QuerySet

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.accounts.error_codes import PermissionGroupError, PermissionGroupErrorCode
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.staff_scope import (
    codes_out_of_scope,
    group_codes,
    groups_out_of_scope,
    not_manageable_after,
    shop_permissions,
    staff_holdings_load,
    staff_writes_serialize,
    user_codes,
    users_out_of_scope,
)

MAX_NAME = Group._meta.get_field("name").max_length or 150
Code = PermissionGroupErrorCode


def group_snapshot(group: Group) -> dict[str, Any]:
    """What the audit log keeps of a group: its name, permissions and members (by e-mail)."""
    return {
        "name": group.name,
        "permissions": sorted(code.value for code in group_codes(group)),
        "users": sorted(group.user_set.values_list("email", flat=True)),
    }


def permission_group_list(
    *, search: str | None = None, ids: Collection[int] | None = None
) -> QuerySet[Group]:
    """Groups by name (``search`` matches part of it, any case)."""
    groups = Group.objects.all()
    if search:
        groups = groups.filter(name__icontains=search.strip())
    if ids is not None:
        groups = groups.filter(pk__in=ids)
    return groups.order_by("name", "pk")


def _name_clean(name: Any, *, exclude: int | None = None) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise PermissionGroupError(Code.REQUIRED, "A group needs a name.", field="name")
    if len(text) > MAX_NAME:
        raise PermissionGroupError(Code.INVALID, f"At most {MAX_NAME} characters are allowed.", field="name")
    if any(ord(char) < 32 or ord(char) == 127 or 0xD800 <= ord(char) <= 0xDFFF for char in text):
        raise PermissionGroupError(Code.INVALID, "Control characters are not allowed.", field="name")
    taken = Group.objects.filter(name__iexact=text)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise PermissionGroupError(Code.UNIQUE, "Group with this name already exists.", field="name")
    return text


def _duplicates(
    added: Sequence[Any], removed: Sequence[Any], *, fields: tuple[str, str], detail: str
) -> list[PermissionGroupError]:
    both = [item for item in dict.fromkeys(added) if item in set(removed)]
    if not both:
        return []
    return [
        PermissionGroupError(
            Code.DUPLICATED_INPUT_ITEM,
            "The same items are both added and removed.",
            field=field,
            **{detail: both},
        )
        for field in fields
    ]


def _permission_problems(
    actor: Actor, codes: Sequence[PermissionCode], *, field: str
) -> list[PermissionGroupError]:
    outside = codes_out_of_scope(actor, codes)
    if not outside:
        return []
    return [
        PermissionGroupError(
            Code.OUT_OF_SCOPE_PERMISSION,
            "You can't add or remove permissions you don't have.",
            field=field,
            permissions=outside,
        )
    ]


def _user_problems(
    actor: Actor, users: Sequence[User], *, field: str, adding: bool
) -> list[PermissionGroupError]:
    problems = []
    if adding:
        outsiders = [user for user in users if not user.is_staff]
        if outsiders:
            problems.append(
                PermissionGroupError(
                    Code.ASSIGN_NON_STAFF_MEMBER,
                    "Only staff members can be assigned to a group.",
                    field=field,
                    users=outsiders,
                )
            )
    out_of_scope = users_out_of_scope(actor, [user for user in users if user.is_staff])
    if out_of_scope:
        problems.append(
            PermissionGroupError(
                Code.OUT_OF_SCOPE_USER,
                "You can't manage staff members who have permissions you don't have.",
                field=field,
                users=out_of_scope,
            )
        )
    return problems


def _left_not_manageable(lost: list[PermissionCode], *, field: str | None) -> PermissionGroupError:
    return PermissionGroupError(
        Code.LEFT_NOT_MANAGEABLE_PERMISSION,
        "The change would leave permissions that no staff member could manage any more.",
        field=field,
        permissions=lost,
    )


def _permission_rows(codes: Sequence[PermissionCode]) -> list[Any]:
    return list(shop_permissions().filter(codename__in=[code.value.lower() for code in codes]))


@transaction.atomic
def permission_group_create(
    *,
    actor: Actor,
    name: str,
    add_permissions: Sequence[PermissionCode] = (),
    add_users: Sequence[User] = (),
) -> Group:
    """A new group with ``add_permissions`` and ``add_users`` (staff only, within the actor's scope)."""
    staff_writes_serialize()
    problems: list[PermissionGroupError] = []
    clean_name = ""
    try:
        clean_name = _name_clean(name)
    except PermissionGroupError as exc:
        problems.append(exc)
    problems += _permission_problems(actor, add_permissions, field="add_permissions")
    problems += _user_problems(actor, add_users, field="add_users", adding=True)
    if problems:
        raise PermissionGroupError.group(problems)
    group = Group.objects.create(name=clean_name)
    group.permissions.set(_permission_rows(add_permissions))
    group.user_set.set(add_users)
    audit_log_record(
        actor=actor,
        action="permission_group.created",
        target=group,
        payload={"before": None, "after": group_snapshot(group)},
    )
    return group


@transaction.atomic
def permission_group_update(
    *,
    actor: Actor,
    group: Group,
    name: str | None = None,
    add_permissions: Sequence[PermissionCode] = (),
    remove_permissions: Sequence[PermissionCode] = (),
    add_users: Sequence[User] = (),
    remove_users: Sequence[User] = (),
) -> Group:
    """Rename a group, add or remove permissions and members (every problem reported at once)."""
    staff_writes_serialize()
    if groups_out_of_scope(actor, [group]):
        raise PermissionGroupError(
            Code.OUT_OF_SCOPE_PERMISSION, "You can't manage a group with permissions you don't have."
        )
    before = group_snapshot(group)
    problems: list[PermissionGroupError] = []
    clean_name = None
    if name is not None:
        try:
            clean_name = _name_clean(name, exclude=group.pk)
        except PermissionGroupError as exc:
            problems.append(exc)
    problems += _duplicates(
        add_permissions,
        remove_permissions,
        fields=("add_permissions", "remove_permissions"),
        detail="permissions",
    )
    problems += _duplicates(add_users, remove_users, fields=("add_users", "remove_users"), detail="users")
    problems += _permission_problems(actor, add_permissions, field="add_permissions")
    problems += _permission_problems(actor, remove_permissions, field="remove_permissions")
    problems += _user_problems(actor, add_users, field="add_users", adding=True)
    problems += _user_problems(actor, remove_users, field="remove_users", adding=False)
    if not problems:
        holdings = staff_holdings_load()
        current = holdings.group_permissions.get(group.pk, frozenset())
        members = holdings.members.get(group.pk, frozenset())
        after = holdings.with_group(
            group.pk,
            permissions=(current | set(add_permissions)) - set(remove_permissions),
            members=(members | {user.pk for user in add_users}) - {user.pk for user in remove_users},
        )
        lost = not_manageable_after(holdings, after)
        if lost:
            field = "remove_permissions" if remove_permissions else "remove_users"
            problems.append(_left_not_manageable(lost, field=field))
    if problems:
        raise PermissionGroupError.group(problems)
    if clean_name is not None and clean_name != group.name:
        group.name = clean_name
        group.save(update_fields=["name"])
    if add_permissions:
        group.permissions.add(*_permission_rows(add_permissions))
    if remove_permissions:
        group.permissions.remove(*_permission_rows(remove_permissions))
    if add_users:
        group.user_set.add(*add_users)
    if remove_users:
        group.user_set.remove(*remove_users)
    after_snapshot = group_snapshot(group)
    if after_snapshot != before:
        audit_log_record(
            actor=actor,
            action="permission_group.updated",
            target=group,
            payload={"before": before, "after": after_snapshot},
        )
    return group


@transaction.atomic
def permission_group_delete(*, actor: Actor, group: Group) -> Group:
    """Delete a group the actor may manage, unless its permissions would become unmanageable.

    Returns the deleted group with its primary key kept, for the payload's ``group``.
    """
    staff_writes_serialize()
    if groups_out_of_scope(actor, [group]):
        raise PermissionGroupError(
            Code.OUT_OF_SCOPE_PERMISSION, "You can't manage a group with permissions you don't have."
        )
    holdings = staff_holdings_load()
    lost = not_manageable_after(holdings, holdings.with_group(group.pk, deleted=True))
    if lost:
        raise _left_not_manageable(lost, field="id")
    before = group_snapshot(group)
    audit_log_record(
        actor=actor,
        action="permission_group.deleted",
        target=group,
        payload={"before": before, "after": None},
    )
    pk = group.pk
    group.delete()
    group.pk = pk
    return group


def groups_manageable_by(user: User) -> QuerySet[Group]:
    """The groups whose permissions are all within ``user``'s (``User.editableGroups``)."""
    held = [code.value.lower() for code in user_codes(user)]
    if user.is_superuser and user.is_active and user.is_staff:
        return Group.objects.order_by("name", "pk")
    foreign = Q(
        permissions__content_type__app_label="accounts",
        permissions__codename__in=[
            code.value.lower() for code in PermissionCode if code.value.lower() not in held
        ],
    )
    return Group.objects.exclude(pk__in=Group.objects.filter(foreign).values("pk")).order_by("name", "pk")
