"""Saleor's staff and permission group mutations through /graphql/: who may call them, what they write.

Every mutation is allowed to staff holding ``MANAGE_STAFF`` and refused (Saleor's
``PermissionDenied``, nothing written, no audit entry) to anonymous callers, buyers, staff
without it and apps (even an app holding it: Saleor lets no app manage staff).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry, User
from storefront.accounts.permission_groups import permission_group_create
from storefront.accounts.permissions import PermissionCode as P
from storefront.accounts.services import app_create
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.accounts.mail import link_in, token_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

REDIRECT = "http://localhost:3000/dashboard/new-password/"
ERRORS = "errors { field code message permissions users }"
STAFF_ERRORS = "errors { field code message permissions groups users }"

GROUP_CREATE = f"""
mutation($input: PermissionGroupCreateInput!) {{
  permissionGroupCreate(input: $input) {{
    group {{ id name permissions {{ code }} users {{ email }} }} {ERRORS}
  }}
}}"""
GROUP_UPDATE = f"""
mutation($id: ID!, $input: PermissionGroupUpdateInput!) {{
  permissionGroupUpdate(id: $id, input: $input) {{
    group {{ name permissions {{ code }} users {{ email }} }} {ERRORS}
  }}
}}"""
GROUP_DELETE = f"""
mutation($id: ID!) {{ permissionGroupDelete(id: $id) {{ group {{ id name }} {ERRORS} }} }}"""
STAFF_CREATE = f"""
mutation($input: StaffCreateInput!) {{
  staffCreate(input: $input) {{ user {{ id email isStaff permissionGroups {{ name }} }} {STAFF_ERRORS} }}
}}"""
STAFF_UPDATE = f"""
mutation($id: ID!, $input: StaffUpdateInput!) {{
  staffUpdate(id: $id, input: $input) {{
    user {{ email firstName isActive permissionGroups {{ name }} }} {STAFF_ERRORS}
  }}
}}"""
STAFF_DELETE = f"""
mutation($id: ID!) {{ staffDelete(id: $id) {{ user {{ id email }} {STAFF_ERRORS} }} }}"""
LOGIN = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { code } }
}
"""
SET_PASSWORD = """
mutation($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) { token errors { field code } }
}
"""


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def run(gql, django_capture_on_commit_callbacks):
    def call(query, variables=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return gql(query, variables, **kwargs)

    return call


@pytest.fixture
def manager() -> User:
    """Holds MANAGE_STAFF, MANAGE_ORDERS and MANAGE_PRODUCTS through the "Managers" group."""
    user = staff_user()
    permission_group_create(
        actor=Actor.system(),
        name="Managers",
        add_permissions=[P.MANAGE_STAFF, P.MANAGE_ORDERS, P.MANAGE_PRODUCTS],
        add_users=[user],
    )
    return user


def gid(kind: str, obj) -> str:
    return to_global_id(kind, obj.pk)


def group_of(name: str, *codes: P, users=()) -> Group:
    return permission_group_create(actor=Actor.system(), name=name, add_permissions=codes, add_users=users)


# --- who may call them ------------------------------------------------------------------------------


def _calls(target_group: Group, target_user: User) -> dict[str, tuple[str, dict]]:
    return {
        "permissionGroupCreate": (
            GROUP_CREATE,
            {"input": {"name": "New", "addPermissions": ["MANAGE_ORDERS"]}},
        ),
        "permissionGroupUpdate": (
            GROUP_UPDATE,
            {"id": gid("Group", target_group), "input": {"name": "Renamed"}},
        ),
        "permissionGroupDelete": (GROUP_DELETE, {"id": gid("Group", target_group)}),
        "staffCreate": (STAFF_CREATE, {"input": {"email": "new-staff@example.com"}}),
        "staffUpdate": (STAFF_UPDATE, {"id": gid("User", target_user), "input": {"firstName": "Renamed"}}),
        "staffDelete": (STAFF_DELETE, {"id": gid("User", target_user)}),
    }


MUTATIONS = [
    "permissionGroupCreate",
    "permissionGroupUpdate",
    "permissionGroupDelete",
    "staffCreate",
    "staffUpdate",
    "staffDelete",
]


def _outsiders() -> dict[str, dict[str, str]]:
    _app, token = app_create(name="Holds MANAGE_STAFF", permissions=[P.MANAGE_STAFF])
    _other, other_token = app_create(name="Holds the rest", permissions=[c for c in P if c != P.MANAGE_STAFF])
    return {
        "anonymous": {},
        "buyer": bearer(UserFactory()),
        "staff without MANAGE_STAFF": bearer(staff_user(*[c for c in P if c != P.MANAGE_STAFF])),
        "app holding MANAGE_STAFF": bearer(token),
        "app holding every other permission": bearer(other_token),
    }


@pytest.mark.parametrize("name", MUTATIONS)
def test_callers_without_manage_staff_and_apps_are_refused_and_nothing_changes(gql, name):
    target_group = group_of("Orders", P.MANAGE_ORDERS)
    target_user = staff_user(P.MANAGE_ORDERS)
    audited = AuditLogEntry.objects.count()
    query, variables = _calls(target_group, target_user)[name]

    for label, headers in _outsiders().items():
        body = gql(query, variables, headers=headers)

        assert body["data"][name] is None, label
        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied", label
    assert AuditLogEntry.objects.count() == audited
    assert Group.objects.get(pk=target_group.pk).name == "Orders"
    assert User.objects.get(pk=target_user.pk).first_name == target_user.first_name
    assert not User.objects.filter(email="new-staff@example.com").exists()


@pytest.mark.parametrize("name", MUTATIONS)
def test_staff_holding_manage_staff_may_call_each_and_it_is_audited(run, manager, name):
    target_group = group_of("Orders", P.MANAGE_ORDERS)
    target_user = staff_user(P.MANAGE_ORDERS)
    query, variables = _calls(target_group, target_user)[name]
    audited = AuditLogEntry.objects.count()

    body = run(query, variables, headers=bearer(manager))

    assert "errors" not in body, body
    assert body["data"][name]["errors"] == []
    entry = AuditLogEntry.objects.order_by("-pk").first()
    assert AuditLogEntry.objects.count() == audited + 1
    assert entry is not None and entry.actor_user == manager
    assert set(entry.payload) == {"before", "after"}


# --- permission groups ------------------------------------------------------------------------------


def test_a_group_is_created_with_permissions_and_members(run, manager):
    member = staff_user()

    body = run(
        GROUP_CREATE,
        {
            "input": {
                "name": "Fulfilment",
                "addPermissions": ["MANAGE_ORDERS"],
                "addUsers": [gid("User", member)],
            }
        },
        headers=bearer(manager),
    )

    group = body["data"]["permissionGroupCreate"]["group"]
    assert group["name"] == "Fulfilment"
    assert group["permissions"] == [{"code": "MANAGE_ORDERS"}]
    assert group["users"] == [{"email": member.email}]


def test_granting_a_permission_one_lacks_is_out_of_scope(run, manager):
    body = run(
        GROUP_CREATE,
        {"input": {"name": "Money", "addPermissions": ["MANAGE_ORDERS", "HANDLE_PAYMENTS"]}},
        headers=bearer(manager),
    )

    assert body["data"]["permissionGroupCreate"] == {
        "group": None,
        "errors": [
            {
                "field": "addPermissions",
                "code": "OUT_OF_SCOPE_PERMISSION",
                "message": "You can't add or remove permissions you don't have.",
                "permissions": ["HANDLE_PAYMENTS"],
                "users": None,
            }
        ],
    }


def test_adding_a_buyer_and_a_stronger_member_names_each(run, manager):
    buyer, stronger = UserFactory(), staff_user(P.HANDLE_PAYMENTS)
    group = group_of("Orders", P.MANAGE_ORDERS)

    body = run(
        GROUP_UPDATE,
        {"id": gid("Group", group), "input": {"addUsers": [gid("User", buyer), gid("User", stronger)]}},
        headers=bearer(manager),
    )

    errors = body["data"]["permissionGroupUpdate"]["errors"]
    assert [(e["code"], e["field"], e["users"]) for e in errors] == [
        ("ASSIGN_NON_STAFF_MEMBER", "addUsers", [gid("User", buyer)]),
        ("OUT_OF_SCOPE_USER", "addUsers", [gid("User", stronger)]),
    ]


def test_the_last_manager_cannot_leave_the_managing_group(run, manager):
    managers = Group.objects.get(name="Managers")

    body = run(
        GROUP_UPDATE,
        {"id": gid("Group", managers), "input": {"removeUsers": [gid("User", manager)]}},
        headers=bearer(manager),
    )

    [error] = body["data"]["permissionGroupUpdate"]["errors"]
    assert (error["code"], error["field"]) == ("LEFT_NOT_MANAGEABLE_PERMISSION", "removeUsers")
    assert set(error["permissions"]) == {"MANAGE_STAFF", "MANAGE_ORDERS", "MANAGE_PRODUCTS"}


def test_a_group_beyond_the_callers_permissions_cannot_be_deleted(run, manager):
    payments = group_of("Payments", P.HANDLE_PAYMENTS)

    body = run(GROUP_DELETE, {"id": gid("Group", payments)}, headers=bearer(manager))

    assert body["data"]["permissionGroupDelete"]["errors"][0]["code"] == "OUT_OF_SCOPE_PERMISSION"
    assert Group.objects.filter(pk=payments.pk).exists()


def test_a_deleted_group_is_returned_with_its_id(run, manager):
    group = group_of("Orders", P.MANAGE_ORDERS)

    body = run(GROUP_DELETE, {"id": gid("Group", group)}, headers=bearer(manager))

    assert body["data"]["permissionGroupDelete"]["group"] == {"id": gid("Group", group), "name": "Orders"}


def test_an_unknown_group_id_is_a_resolve_error_not_a_crash(gql, manager):
    body = gql(GROUP_DELETE, {"id": to_global_id("Group", 999999)}, headers=bearer(manager))

    assert body["data"]["permissionGroupDelete"] is None
    assert "Could not resolve" in body["errors"][0]["message"]


# --- staff ------------------------------------------------------------------------------------------


def test_a_new_staff_member_sets_a_password_from_the_email_and_logs_in(run, manager, mailoutbox):
    orders = group_of("Orders", P.MANAGE_ORDERS)

    body = run(
        STAFF_CREATE,
        {
            "input": {
                "email": "wayan@example.com",
                "addGroups": [gid("Group", orders)],
                "redirectUrl": REDIRECT,
            }
        },
        headers=bearer(manager),
    )

    created = body["data"]["staffCreate"]["user"]
    assert created["isStaff"] and created["permissionGroups"] == [{"name": "Orders"}]
    [message] = mailoutbox
    assert message.to == ["wayan@example.com"] and link_in(message).startswith(REDIRECT)
    assert "staff account" in message.subject
    set_body = run(
        SET_PASSWORD,
        {"email": "wayan@example.com", "token": token_in(message), "password": "pack-and-ship-42"},
    )
    assert set_body["data"]["setPassword"]["errors"] == []
    login = run(LOGIN, {"email": "wayan@example.com", "password": "pack-and-ship-42"})
    assert login["data"]["tokenCreate"]["token"]


def test_a_redirect_url_on_another_site_is_refused_and_nothing_is_sent(run, manager, mailoutbox):
    body = run(
        STAFF_CREATE,
        {"input": {"email": "wayan@example.com", "redirectUrl": "https://evil.example/set"}},
        headers=bearer(manager),
    )

    [error] = body["data"]["staffCreate"]["errors"]
    assert (error["field"], error["code"]) == ("redirectUrl", "INVALID")
    assert mailoutbox == [] and not User.objects.filter(email="wayan@example.com").exists()


def test_staff_cannot_be_put_in_a_group_beyond_the_callers_permissions(run, manager):
    payments = group_of("Payments", P.HANDLE_PAYMENTS)

    body = run(
        STAFF_CREATE,
        {"input": {"email": "putu@example.com", "addGroups": [gid("Group", payments)]}},
        headers=bearer(manager),
    )

    [error] = body["data"]["staffCreate"]["errors"]
    assert (error["field"], error["code"], error["groups"]) == (
        "addGroups",
        "OUT_OF_SCOPE_GROUP",
        [gid("Group", payments)],
    )


def test_staff_cannot_delete_themselves_or_a_superuser(run, manager):
    boss = staff_user(is_superuser=True)

    own = run(STAFF_DELETE, {"id": gid("User", manager)}, headers=bearer(manager))
    superuser = run(STAFF_DELETE, {"id": gid("User", boss)}, headers=bearer(manager))

    assert own["data"]["staffDelete"]["errors"][0]["code"] == "DELETE_OWN_ACCOUNT"
    assert superuser["data"]["staffDelete"]["errors"][0]["code"] == "DELETE_SUPERUSER_ACCOUNT"
    assert User.objects.filter(pk__in=[manager.pk, boss.pk]).count() == 2


def test_staff_cannot_deactivate_themselves(run, manager):
    body = run(
        STAFF_UPDATE, {"id": gid("User", manager), "input": {"isActive": False}}, headers=bearer(manager)
    )

    [error] = body["data"]["staffUpdate"]["errors"]
    assert (error["field"], error["code"]) == ("isActive", "DEACTIVATE_OWN_ACCOUNT")


def test_a_stronger_staff_member_is_out_of_scope(run, manager):
    stronger = staff_user(P.HANDLE_PAYMENTS)

    body = run(
        STAFF_UPDATE, {"id": gid("User", stronger), "input": {"firstName": "X"}}, headers=bearer(manager)
    )

    [error] = body["data"]["staffUpdate"]["errors"]
    assert (error["code"], error["users"]) == ("OUT_OF_SCOPE_USER", [gid("User", stronger)])


def test_leaving_the_last_managing_group_is_refused(run, manager):
    managers = Group.objects.get(name="Managers")

    body = run(
        STAFF_UPDATE,
        {"id": gid("User", manager), "input": {"removeGroups": [gid("Group", managers)]}},
        headers=bearer(manager),
    )

    [error] = body["data"]["staffUpdate"]["errors"]
    assert (error["field"], error["code"]) == ("removeGroups", "LEFT_NOT_MANAGEABLE_PERMISSION")


def test_a_buyer_is_not_a_staff_member_to_update_or_delete(run, manager):
    buyer = UserFactory()

    updated = run(
        STAFF_UPDATE, {"id": gid("User", buyer), "input": {"firstName": "X"}}, headers=bearer(manager)
    )
    deleted = run(STAFF_DELETE, {"id": gid("User", buyer)}, headers=bearer(manager))

    assert updated["data"]["staffUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    assert deleted["data"]["staffDelete"]["errors"][0]["code"] == "DELETE_NON_STAFF_USER"


def test_an_update_changes_names_status_and_groups(run, manager):
    orders = group_of("Orders", P.MANAGE_ORDERS)
    member = staff_user()

    body = run(
        STAFF_UPDATE,
        {
            "id": gid("User", member),
            "input": {"firstName": "Putu", "isActive": False, "addGroups": [gid("Group", orders)]},
        },
        headers=bearer(manager),
    )

    assert body["data"]["staffUpdate"] == {
        "user": {
            "email": member.email,
            "firstName": "Putu",
            "isActive": False,
            "permissionGroups": [{"name": "Orders"}],
        },
        "errors": [],
    }


def test_a_deleted_staff_member_is_returned_with_their_id(run, manager):
    member = staff_user(P.MANAGE_ORDERS)

    body = run(STAFF_DELETE, {"id": gid("User", member)}, headers=bearer(manager))

    assert body["data"]["staffDelete"]["user"] == {"id": gid("User", member), "email": member.email}
    assert not User.objects.filter(pk=member.pk).exists()
