"""Who may manage whom: the scope rules shared by the staff and permission group services.

Saleor's rules, which keep a staff member from raising anyone (themselves included) above their
own rights and keep the shop from locking itself out:

- an actor's *scope* is the permissions it holds (every one for a superuser or the system);
- a group is *manageable* by an actor when the group's permissions are within the actor's scope
  (``Group.userCanManage``, ``User.editableGroups``);
- a staff member is manageable when their permissions are within the actor's scope, and a
  superuser only by a superuser (or the system);
- a permission is *manageable* while some active staff member holds it together with
  ``MANAGE_STAFF`` (any active superuser holds everything). A change that would leave a
  permission nobody could manage any more is refused (``LEFT_NOT_MANAGEABLE_PERMISSION``):
  without that rule the last person able to manage staff could remove themselves.

Only the Saleor permissions of ``accounts.User``'s content type count (``permissions.py``); a
member counts through their groups and their own ``user_permissions`` (set by
``create_staff_user --permission``) while they are active staff.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet

from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.accounts.permissions import PERMISSION_CODENAMES, PermissionCode
from storefront.accounts.selectors import app_permission_codenames, user_permission_list

ALL_CODES: frozenset[PermissionCode] = frozenset(PermissionCode)


def shop_permissions() -> QuerySet[Permission]:
    """The permission rows of Saleor's ``PermissionEnum`` (and Asal's own), by codename."""
    return Permission.objects.filter(
        content_type__app_label="accounts", codename__in=PERMISSION_CODENAMES
    ).order_by("codename")


def code_of(codename: str) -> PermissionCode:
    return PermissionCode(codename.upper())


def user_codes(user: User) -> frozenset[PermissionCode]:
    """The permissions a user holds (through groups or directly; all for an active superuser)."""
    if not (user.is_active and user.is_staff):
        return frozenset()
    if user.is_superuser:
        return ALL_CODES
    return frozenset(code_of(p.codename) for p in user_permission_list(user=user))


def actor_codes(actor: Actor) -> frozenset[PermissionCode]:
    """An actor's scope: the system (commands, the demo loader) holds every permission."""
    if actor.user is not None:
        return user_codes(actor.user)
    if actor.app is not None:
        if not actor.app.is_active:
            return frozenset()
        codenames = app_permission_codenames(app=actor.app)
        return frozenset(code for code in PermissionCode if code.value.lower() in codenames)
    return ALL_CODES


def actor_is_superuser(actor: Actor) -> bool:
    if actor.user is not None:
        return bool(actor.user.is_superuser and actor.user.is_active)
    return actor.app is None  # the system


def group_codes(group: Group) -> frozenset[PermissionCode]:
    codenames = group.permissions.filter(
        content_type__app_label="accounts", codename__in=PERMISSION_CODENAMES
    ).values_list("codename", flat=True)
    return frozenset(code_of(name) for name in codenames)


def codes_out_of_scope(actor: Actor, codes: Iterable[PermissionCode]) -> list[PermissionCode]:
    """The permissions among ``codes`` the actor does not hold, in the enum's order."""
    scope = actor_codes(actor)
    wanted = set(codes)
    return [code for code in PermissionCode if code in wanted and code not in scope]


def users_out_of_scope(actor: Actor, users: Iterable[User]) -> list[User]:
    """The staff members among ``users`` the actor may not manage (see the module docstring)."""
    scope = actor_codes(actor)
    superuser = actor_is_superuser(actor)
    return [user for user in users if (user.is_superuser and not superuser) or not user_codes(user) <= scope]


def groups_out_of_scope(actor: Actor, groups: Iterable[Group]) -> list[Group]:
    scope = actor_codes(actor)
    return [group for group in groups if not group_codes(group) <= scope]


@dataclass(frozen=True)
class StaffHoldings:
    """Who holds which permission, for the active staff only: enough to tell what stays manageable.

    Changes are simulated on copies (``without_user``, ``with_group``) and compared with
    :func:`not_manageable_after`, so every service states its change once and gets the rule.
    """

    superusers: frozenset[int]
    direct: dict[int, frozenset[PermissionCode]]
    members: dict[int, frozenset[int]] = field(default_factory=dict)
    group_permissions: dict[int, frozenset[PermissionCode]] = field(default_factory=dict)

    def manageable(self) -> frozenset[PermissionCode]:
        if self.superusers:
            return ALL_CODES
        held: dict[int, set[PermissionCode]] = defaultdict(set)
        for user_pk, codes in self.direct.items():
            held[user_pk] |= codes
        for group_pk, user_pks in self.members.items():
            for user_pk in user_pks:
                if user_pk in self.direct:  # active staff only
                    held[user_pk] |= self.group_permissions.get(group_pk, frozenset())
        found: set[PermissionCode] = set()
        for holding in held.values():
            if PermissionCode.MANAGE_STAFF in holding:
                found |= holding
        return frozenset(found)

    def without_user(self, user_pk: int) -> StaffHoldings:
        """As if the member were deleted or deactivated."""
        direct = {pk: codes for pk, codes in self.direct.items() if pk != user_pk}
        return replace(self, superusers=frozenset(self.superusers - {user_pk}), direct=direct)

    def with_group(
        self,
        group_pk: int,
        *,
        permissions: frozenset[PermissionCode] | None = None,
        members: frozenset[int] | None = None,
        deleted: bool = False,
    ) -> StaffHoldings:
        """As if the group had these permissions and members (``None``: unchanged), or were gone."""
        group_permissions = dict(self.group_permissions)
        all_members = dict(self.members)
        if deleted:
            group_permissions.pop(group_pk, None)
            all_members.pop(group_pk, None)
        else:
            if permissions is not None:
                group_permissions[group_pk] = permissions
            if members is not None:
                all_members[group_pk] = members
        return replace(self, members=all_members, group_permissions=group_permissions)


def staff_holdings_load() -> StaffHoldings:
    """The active staff's permissions as they are stored now (four queries)."""
    staff = dict(User.objects.filter(is_active=True, is_staff=True).values_list("pk", "is_superuser"))
    direct: dict[int, set[PermissionCode]] = {pk: set() for pk in staff}
    own = User.user_permissions.through.objects.filter(
        user_id__in=list(staff),
        permission__content_type__app_label="accounts",
        permission__codename__in=PERMISSION_CODENAMES,
    ).values_list("user_id", "permission__codename")
    for user_pk, codename in own:
        direct[user_pk].add(code_of(codename))
    members: dict[int, set[int]] = defaultdict(set)
    for group_pk, user_pk in User.groups.through.objects.filter(user_id__in=list(staff)).values_list(
        "group_id", "user_id"
    ):
        members[group_pk].add(user_pk)
    group_permissions: dict[int, set[PermissionCode]] = defaultdict(set)
    rows = Group.permissions.through.objects.filter(
        permission__content_type__app_label="accounts", permission__codename__in=PERMISSION_CODENAMES
    ).values_list("group_id", "permission__codename")
    for group_pk, codename in rows:
        group_permissions[group_pk].add(code_of(codename))
    return StaffHoldings(
        superusers=frozenset(pk for pk, is_superuser in staff.items() if is_superuser),
        direct={pk: frozenset(codes) for pk, codes in direct.items()},
        members={pk: frozenset(users) for pk, users in members.items()},
        group_permissions={pk: frozenset(codes) for pk, codes in group_permissions.items()},
    )


def not_manageable_after(before: StaffHoldings, after: StaffHoldings) -> list[PermissionCode]:
    """The permissions someone could manage before the change and nobody could after it."""
    lost = before.manageable() - after.manageable()
    return [code for code in PermissionCode if code in lost]


def staff_writes_serialize() -> None:
    """Queue concurrent staff and group writes behind one another (call inside the transaction).

    The manageability rule reads every member and group: two administrators each removing the
    other's ``MANAGE_STAFF`` at the same moment would both pass it. Every staff and group write
    locks the oldest group row first (a fixed row, so no two writers wait on each other in a
    circle); a shop with no group yet has nothing to lose.
    """
    list(Group.objects.select_for_update().order_by("pk").values_list("pk", flat=True)[:1])
