"""Staff and permission group services: Saleor's scope rules, what stays manageable, the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from storefront.accounts.actor import Actor
from storefront.accounts.error_codes import (
    AccountError,
    AccountErrorCode,
    PermissionGroupError,
    PermissionGroupErrorCode,
)
from storefront.accounts.models import AuditLogEntry, User
from storefront.accounts.permission_groups import (
    groups_manageable_by,
    permission_group_create,
    permission_group_delete,
    permission_group_update,
)
from storefront.accounts.permissions import PermissionCode as P
from storefront.accounts.staff import staff_create, staff_delete, staff_update
from storefront.accounts.staff_scope import staff_holdings_load, user_codes
from tests.storefront.accounts.factories import UserFactory, staff_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system()


def group_of(name: str, *codes: P, users: tuple[User, ...] = ()) -> Group:
    return permission_group_create(actor=SYSTEM, name=name, add_permissions=codes, add_users=users)


def codes_of(exc: PermissionGroupError | AccountError) -> list[str]:
    return [error.code for error in exc.errors]


@pytest.fixture
def manager() -> User:
    """A staff manager holding MANAGE_STAFF and MANAGE_ORDERS through a group."""
    user = staff_user()
    group_of("Managers", P.MANAGE_STAFF, P.MANAGE_ORDERS, users=(user,))
    return User.objects.get(pk=user.pk)


# --- permission groups ------------------------------------------------------------------------------


def test_a_group_is_created_with_its_permissions_and_members_and_audited(manager):
    member = staff_user()

    group = permission_group_create(
        actor=Actor.of(user=manager), name="Fulfilment", add_permissions=[P.MANAGE_ORDERS], add_users=[member]
    )

    assert user_codes(User.objects.get(pk=member.pk)) == {P.MANAGE_ORDERS}
    entry = AuditLogEntry.objects.get(action="permission_group.created", object_id=str(group.pk))
    assert entry.actor_user == manager
    assert entry.payload == {
        "before": None,
        "after": {"name": "Fulfilment", "permissions": ["MANAGE_ORDERS"], "users": [member.email]},
    }


def test_nobody_grants_a_permission_they_do_not_hold(manager):
    with pytest.raises(PermissionGroupError) as caught:
        permission_group_create(
            actor=Actor.of(user=manager), name="Money", add_permissions=[P.MANAGE_ORDERS, P.HANDLE_PAYMENTS]
        )

    assert caught.value.code == PermissionGroupErrorCode.OUT_OF_SCOPE_PERMISSION
    assert caught.value.field == "add_permissions"
    assert caught.value.details["permissions"] == [P.HANDLE_PAYMENTS]
    assert not Group.objects.filter(name="Money").exists()


def test_group_names_are_required_and_unique_and_every_problem_comes_at_once(manager):
    buyer = UserFactory()

    with pytest.raises(PermissionGroupError) as caught:
        permission_group_create(actor=Actor.of(user=manager), name="managers", add_users=[buyer])

    assert codes_of(caught.value) == ["UNIQUE", "ASSIGN_NON_STAFF_MEMBER"]
    with pytest.raises(PermissionGroupError) as blank:
        permission_group_create(actor=SYSTEM, name="  ")
    assert blank.value.code == PermissionGroupErrorCode.REQUIRED


def test_a_member_with_more_rights_than_the_actor_is_out_of_scope(manager):
    stronger = staff_user(P.HANDLE_PAYMENTS)
    group = group_of("Orders", P.MANAGE_ORDERS)

    with pytest.raises(PermissionGroupError) as caught:
        permission_group_update(actor=Actor.of(user=manager), group=group, add_users=[stronger])

    assert caught.value.code == PermissionGroupErrorCode.OUT_OF_SCOPE_USER
    assert caught.value.details["users"] == [stronger]


def test_a_group_with_permissions_beyond_the_actor_cannot_be_changed_or_deleted(manager):
    payments = group_of("Payments", P.HANDLE_PAYMENTS)

    with pytest.raises(PermissionGroupError) as changed:
        permission_group_update(actor=Actor.of(user=manager), group=payments, name="Money")
    with pytest.raises(PermissionGroupError) as deleted:
        permission_group_delete(actor=Actor.of(user=manager), group=payments)

    assert changed.value.code == deleted.value.code == PermissionGroupErrorCode.OUT_OF_SCOPE_PERMISSION
    assert Group.objects.get(pk=payments.pk).name == "Payments"


def test_the_last_manager_cannot_be_removed_from_the_managing_group(manager):
    group = Group.objects.get(name="Managers")

    with pytest.raises(PermissionGroupError) as caught:
        permission_group_update(actor=Actor.of(user=manager), group=group, remove_users=[manager])

    assert caught.value.code == PermissionGroupErrorCode.LEFT_NOT_MANAGEABLE_PERMISSION
    assert caught.value.field == "remove_users"
    assert set(caught.value.details["permissions"]) == {P.MANAGE_STAFF, P.MANAGE_ORDERS}
    assert group.user_set.filter(pk=manager.pk).exists()


def test_removing_manage_staff_from_the_last_managing_group_or_deleting_it_is_refused(manager):
    group = Group.objects.get(name="Managers")

    with pytest.raises(PermissionGroupError) as removed:
        permission_group_update(
            actor=Actor.of(user=manager), group=group, remove_permissions=[P.MANAGE_STAFF]
        )
    with pytest.raises(PermissionGroupError) as deleted:
        permission_group_delete(actor=Actor.of(user=manager), group=group)

    assert removed.value.code == deleted.value.code == PermissionGroupErrorCode.LEFT_NOT_MANAGEABLE_PERMISSION
    assert removed.value.field == "remove_permissions"


def test_a_second_manager_makes_the_same_removal_possible_and_it_is_audited(manager):
    group = Group.objects.get(name="Managers")
    second = staff_user()
    permission_group_update(actor=Actor.of(user=manager), group=group, add_users=[second])

    permission_group_update(actor=Actor.of(user=manager), group=group, remove_users=[manager])

    assert not group.user_set.filter(pk=manager.pk).exists()
    entry = AuditLogEntry.objects.filter(action="permission_group.updated").first()
    assert entry is not None
    assert sorted(entry.payload["before"]["users"]) == sorted([manager.email, second.email])
    assert entry.payload["after"]["users"] == [second.email]


def test_a_permission_both_added_and_removed_is_a_duplicated_item(manager):
    group = group_of("Orders", P.MANAGE_ORDERS)

    with pytest.raises(PermissionGroupError) as caught:
        permission_group_update(
            actor=Actor.of(user=manager),
            group=group,
            add_permissions=[P.MANAGE_ORDERS],
            remove_permissions=[P.MANAGE_ORDERS],
        )

    assert codes_of(caught.value) == ["DUPLICATED_INPUT_ITEM", "DUPLICATED_INPUT_ITEM"]
    assert [error.field for error in caught.value.errors] == ["add_permissions", "remove_permissions"]


def test_deleting_a_group_is_audited_with_what_it_was(manager):
    group = group_of("Orders", P.MANAGE_ORDERS)

    deleted = permission_group_delete(actor=Actor.of(user=manager), group=group)

    assert deleted.pk == group.pk and not Group.objects.filter(pk=group.pk).exists()
    entry = AuditLogEntry.objects.get(action="permission_group.deleted")
    assert entry.payload == {
        "before": {"name": "Orders", "permissions": ["MANAGE_ORDERS"], "users": []},
        "after": None,
    }


def test_editable_groups_are_those_within_the_users_permissions(manager):
    orders = group_of("Orders", P.MANAGE_ORDERS)
    group_of("Payments", P.HANDLE_PAYMENTS)

    editable = set(groups_manageable_by(manager).values_list("name", flat=True))

    assert editable == {"Managers", orders.name}


# --- staff ------------------------------------------------------------------------------------------


def test_staff_are_created_without_a_password_in_groups_the_actor_manages(manager, mailoutbox, settings):
    orders = group_of("Orders", P.MANAGE_ORDERS)

    user = staff_create(actor=Actor.of(user=manager), email="Wayan@Example.com", add_groups=[orders])

    assert user.email == "wayan@example.com" and user.is_staff and not user.has_usable_password()
    assert user_codes(user) == {P.MANAGE_ORDERS}
    entry = AuditLogEntry.objects.get(action="staff.created")
    assert entry.actor_user == manager
    assert entry.payload["before"] is None
    assert entry.payload["after"]["groups"] == ["Orders"]
    assert mailoutbox == []  # no redirectUrl, no e-mail


def test_staff_are_never_put_in_a_group_beyond_the_actors_permissions(manager):
    payments = group_of("Payments", P.HANDLE_PAYMENTS)

    with pytest.raises(AccountError) as caught:
        staff_create(actor=Actor.of(user=manager), email="putu@example.com", add_groups=[payments])

    assert caught.value.code == AccountErrorCode.OUT_OF_SCOPE_GROUP
    assert caught.value.details["groups"] == [payments]
    assert not User.objects.filter(email="putu@example.com").exists()


def test_a_taken_email_and_a_foreign_redirect_url_are_refused_together(manager):
    taken = UserFactory()

    with pytest.raises(AccountError) as caught:
        staff_create(actor=Actor.of(user=manager), email=taken.email, redirect_url="https://evil.example/x")

    assert [(error.code, error.field) for error in caught.value.errors] == [
        ("UNIQUE", "email"),
        ("INVALID", "redirect_url"),
    ]


def test_nobody_manages_a_staff_member_holding_more_than_they_do(manager):
    stronger = staff_user(P.HANDLE_PAYMENTS)

    with pytest.raises(AccountError) as updated:
        staff_update(actor=Actor.of(user=manager), user=stronger, first_name="X")
    with pytest.raises(AccountError) as deleted:
        staff_delete(actor=Actor.of(user=manager), user=stronger)

    assert updated.value.code == deleted.value.code == AccountErrorCode.OUT_OF_SCOPE_USER
    assert User.objects.filter(pk=stronger.pk).exists()


def test_staff_cannot_delete_or_deactivate_themselves_or_a_superuser(manager):
    boss = staff_user(is_superuser=True)
    actor = Actor.of(user=manager)

    cases = [
        (lambda: staff_delete(actor=actor, user=manager), AccountErrorCode.DELETE_OWN_ACCOUNT),
        (lambda: staff_delete(actor=actor, user=boss), AccountErrorCode.DELETE_SUPERUSER_ACCOUNT),
        (
            lambda: staff_update(actor=actor, user=manager, is_active=False),
            AccountErrorCode.DEACTIVATE_OWN_ACCOUNT,
        ),
        (
            lambda: staff_update(actor=Actor.of(user=boss), user=boss, is_active=False),
            AccountErrorCode.DEACTIVATE_OWN_ACCOUNT,
        ),
        (lambda: staff_delete(actor=actor, user=UserFactory()), AccountErrorCode.DELETE_NON_STAFF_USER),
    ]
    for call, code in cases:
        with pytest.raises(AccountError) as caught:
            call()
        assert caught.value.code == code


def test_a_superuser_is_out_of_scope_for_staff_who_are_not_superusers():
    everything = staff_user(*P)
    boss = staff_user(is_superuser=True)

    with pytest.raises(AccountError) as caught:
        staff_update(actor=Actor.of(user=everything), user=boss, first_name="X")

    assert caught.value.code == AccountErrorCode.OUT_OF_SCOPE_USER


def test_deactivating_or_deleting_the_last_manager_is_refused(manager):
    admin = staff_user(P.MANAGE_STAFF, P.MANAGE_ORDERS)  # may manage the manager, but holds directly

    staff_update(actor=SYSTEM, user=admin, is_active=False)  # only the manager is left
    with pytest.raises(AccountError) as deactivated:
        staff_update(actor=SYSTEM, user=manager, is_active=False)
    with pytest.raises(AccountError) as deleted:
        staff_delete(actor=SYSTEM, user=manager)

    assert deactivated.value.code == deleted.value.code == AccountErrorCode.LEFT_NOT_MANAGEABLE_PERMISSION
    assert set(deleted.value.details["permissions"]) == {P.MANAGE_STAFF, P.MANAGE_ORDERS}


def test_a_superuser_keeps_every_permission_manageable(manager):
    staff_user(is_superuser=True)

    staff_delete(actor=SYSTEM, user=manager)

    assert not User.objects.filter(pk=manager.pk).exists()


def test_an_update_is_audited_with_before_and_after(manager):
    orders = group_of("Orders", P.MANAGE_ORDERS)
    member = staff_create(actor=SYSTEM, email="baiq@example.com", first_name="Baiq")

    staff_update(actor=Actor.of(user=manager), user=member, last_name="Nurul", add_groups=[orders])

    entry = AuditLogEntry.objects.get(action="staff.updated")
    assert entry.actor_user == manager
    assert entry.payload["before"]["last_name"] == "" and entry.payload["before"]["groups"] == []
    assert entry.payload["after"]["last_name"] == "Nurul" and entry.payload["after"]["groups"] == ["Orders"]


def test_deleting_staff_is_audited_with_what_they_were(manager):
    member = staff_create(actor=SYSTEM, email="lalu@example.com")

    staff_delete(actor=Actor.of(user=manager), user=member)

    entry = AuditLogEntry.objects.get(action="staff.deleted")
    assert entry.payload["before"]["email"] == "lalu@example.com" and entry.payload["after"] is None


def test_the_holdings_count_only_active_staff():
    group = group_of("Managers", P.MANAGE_STAFF)
    inactive = staff_user(is_active=False)
    buyer = UserFactory()
    group.user_set.add(inactive, buyer)

    assert staff_holdings_load().manageable() == frozenset()


# --- the management command -------------------------------------------------------------------------


def test_create_staff_user_puts_the_person_in_a_group():
    group_of("Fulfilment", P.MANAGE_ORDERS, P.HANDLE_PAYMENTS)

    call_command("create_staff_user", "wayan@example.com", "--group", "Fulfilment", "--no-input")

    user = User.objects.get(email="wayan@example.com")
    assert user_codes(user) == {P.MANAGE_ORDERS, P.HANDLE_PAYMENTS}
    assert AuditLogEntry.objects.filter(action="staff.updated", object_id=str(user.pk)).exists()


def test_create_staff_user_refuses_an_unknown_group_and_creates_nobody():
    with pytest.raises(CommandError, match="No permission group named Nope"):
        call_command("create_staff_user", "wayan@example.com", "--group", "Nope", "--no-input")

    assert not User.objects.filter(email="wayan@example.com").exists()
