"""Staff queries: ``permissionGroups``, ``permissionGroup``, ``staffUsers``; ``User`` and ``Group`` fields."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graphql_schema.core.relay import to_global_id
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.accounts.permission_groups import permission_group_create
from storefront.accounts.permissions import PermissionCode as P
from storefront.accounts.services import app_create
from storefront.accounts.staff import staff_update
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db

GROUPS = """
query(
  $filter: PermissionGroupFilterInput, $sortBy: PermissionGroupSortingInput, $first: Int, $after: String
) {
  permissionGroups(filter: $filter, sortBy: $sortBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name permissions { code name } users { email } userCanManage } }
  }
}"""
STAFF = """
query($filter: StaffUserInput, $sortBy: UserSortingInput) {
  staffUsers(filter: $filter, sortBy: $sortBy, first: 20) {
    totalCount edges { node { email isActive permissionGroups { name } editableGroups { name } } }
  }
}"""


def group_of(name: str, *codes: P, users=()) -> Group:
    return permission_group_create(actor=Actor.system(), name=name, add_permissions=codes, add_users=users)


@pytest.fixture
def manager() -> User:
    user = staff_user(first_name="Made", last_name="Manager")
    group_of("Managers", P.MANAGE_STAFF, P.MANAGE_ORDERS, users=(user,))
    return user


def names(body, root: str) -> list[str]:
    return [edge["node"].get("name") or edge["node"].get("email") for edge in body["data"][root]["edges"]]


def test_permission_groups_list_their_permissions_members_and_whether_the_caller_manages_them(gql, manager):
    member = staff_user()
    group_of("Payments", P.HANDLE_PAYMENTS, users=(member,))

    body = gql(GROUPS, {"first": 10}, headers=bearer(manager))

    nodes = [edge["node"] for edge in body["data"]["permissionGroups"]["edges"]]
    assert [(n["name"], n["userCanManage"]) for n in nodes] == [("Managers", True), ("Payments", False)]
    assert nodes[1]["permissions"] == [{"code": "HANDLE_PAYMENTS", "name": "Handle payments"}]
    assert nodes[1]["users"] == [{"email": member.email}]
    assert body["data"]["permissionGroups"]["totalCount"] == 2


def test_permission_groups_filter_sort_and_page(gql, manager):
    for name in ("Catalogue", "Fulfilment", "Marketing"):
        group_of(name)
    headers = bearer(manager)

    searched = gql(GROUPS, {"first": 10, "filter": {"search": "ful"}}, headers=headers)
    by_id = gql(
        GROUPS,
        {"first": 10, "filter": {"ids": [to_global_id("Group", Group.objects.get(name="Marketing").pk)]}},
        headers=headers,
    )
    descending = gql(GROUPS, {"first": 2, "sortBy": {"field": "NAME", "direction": "DESC"}}, headers=headers)
    after = descending["data"]["permissionGroups"]["pageInfo"]["endCursor"]
    rest = gql(
        GROUPS,
        {"first": 2, "after": after, "sortBy": {"field": "NAME", "direction": "DESC"}},
        headers=headers,
    )

    assert names(searched, "permissionGroups") == ["Fulfilment"]
    assert names(by_id, "permissionGroups") == ["Marketing"]
    assert names(descending, "permissionGroups") == ["Marketing", "Managers"]
    assert names(rest, "permissionGroups") == ["Fulfilment", "Catalogue"]


def test_permission_group_by_id_and_an_unknown_one(gql, manager):
    group = Group.objects.get(name="Managers")
    query = "query($id: ID!) { permissionGroup(id: $id) { name users { email } } }"

    found = gql(query, {"id": to_global_id("Group", group.pk)}, headers=bearer(manager))
    missing = gql(query, {"id": to_global_id("Group", 999999)}, headers=bearer(manager))

    assert found["data"]["permissionGroup"] == {"name": "Managers", "users": [{"email": manager.email}]}
    assert missing["data"]["permissionGroup"] is None and "errors" not in missing


def test_staff_users_are_filtered_by_status_and_search_and_sorted(gql, manager):
    staff_user(email="wayan@example.com", first_name="Wayan")
    away = staff_user(email="ketut@example.com", first_name="Ketut")
    staff_update(actor=Actor.system(), user=away, is_active=False)
    UserFactory(email="buyer-wayan@example.com")  # a buyer is never listed
    headers = bearer(manager)

    active = gql(STAFF, {"filter": {"status": "ACTIVE"}}, headers=headers)
    deactivated = gql(STAFF, {"filter": {"status": "DEACTIVATED"}}, headers=headers)
    searched = gql(STAFF, {"filter": {"search": "wayan"}}, headers=headers)
    by_first_name = gql(STAFF, {"sortBy": {"field": "FIRST_NAME", "direction": "DESC"}}, headers=headers)

    assert set(names(active, "staffUsers")) == {manager.email, "wayan@example.com"}
    assert names(deactivated, "staffUsers") == ["ketut@example.com"]
    assert names(searched, "staffUsers") == ["wayan@example.com"]
    assert names(by_first_name, "staffUsers") == ["wayan@example.com", manager.email, "ketut@example.com"]


@pytest.mark.parametrize("field", ["ORDER_COUNT", "CREATED_AT", "LAST_MODIFIED_AT", "EMAIL", "LAST_NAME"])
def test_staff_users_sort_by_each_field(gql, manager, field):
    body = gql(STAFF, {"sortBy": {"field": field, "direction": "ASC"}}, headers=bearer(manager))

    assert names(body, "staffUsers") == [manager.email]


def test_sorting_staff_by_rank_needs_a_search(gql, manager):
    without = gql(STAFF, {"sortBy": {"field": "RANK", "direction": "ASC"}}, headers=bearer(manager))
    with_search = gql(
        STAFF,
        {"sortBy": {"field": "RANK", "direction": "ASC"}, "filter": {"search": "made"}},
        headers=bearer(manager),
    )

    assert "RANK" in without["errors"][0]["message"]
    assert names(with_search, "staffUsers") == [manager.email]


def test_a_staff_member_sees_their_groups_permissions_and_the_groups_they_could_manage(gql, manager):
    group_of("Orders", P.MANAGE_ORDERS)
    group_of("Payments", P.HANDLE_PAYMENTS)
    query = "{ me { permissionGroups { name } editableGroups { name } userPermissions { code } } }"

    body = gql(query, headers=bearer(manager))

    assert body["data"]["me"] == {
        "permissionGroups": [{"name": "Managers"}],
        "editableGroups": [{"name": "Managers"}, {"name": "Orders"}],
        "userPermissions": [{"code": "MANAGE_ORDERS"}, {"code": "MANAGE_STAFF"}],
    }


def test_a_superuser_can_manage_every_group(gql, manager):
    boss = staff_user(is_superuser=True)
    group_of("Payments", P.HANDLE_PAYMENTS)

    body = gql("{ me { editableGroups { name } } }", headers=bearer(boss))

    assert body["data"]["me"]["editableGroups"] == [{"name": "Managers"}, {"name": "Payments"}]


def test_group_members_are_hidden_from_a_member_without_manage_staff(gql):
    packer, colleague = staff_user(), staff_user()
    group_of("Orders", P.MANAGE_ORDERS, users=(packer, colleague))

    body = gql("{ me { permissionGroups { name userCanManage users { email } } } }", headers=bearer(packer))

    assert body["data"]["me"]["permissionGroups"] == [
        {"name": "Orders", "userCanManage": True, "users": None}
    ]
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert body["errors"][0]["path"][-1] == "users"


def test_an_apps_view_of_a_group_never_claims_it_can_manage_it(gql, manager):
    _app, token = app_create(name="Staff directory", permissions=[P.MANAGE_STAFF])

    body = gql(GROUPS, {"first": 5}, headers=bearer(token))

    assert [edge["node"]["userCanManage"] for edge in body["data"]["permissionGroups"]["edges"]] == [False]


def test_a_buyer_belongs_to_no_group_and_manages_none(gql):
    group_of("Empty")
    body = gql("{ me { permissionGroups { name } editableGroups { name } } }", headers=bearer(UserFactory()))

    assert body["data"]["me"] == {"permissionGroups": [], "editableGroups": []}


def test_the_shop_lists_every_permission(gql):
    body = gql("{ shop { permissions { code name } } }")

    codes = [permission["code"] for permission in body["data"]["shop"]["permissions"]]
    assert sorted(codes) == sorted(code.value for code in P)
    assert {"code": "MANAGE_PROVENANCE", "name": "Manage provenance"} in body["data"]["shop"]["permissions"]


def _statements(gql, query: str, variables: dict, headers: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        body = gql(query, variables, headers=headers)
    assert "errors" not in body, body
    return len(captured.captured_queries)


def test_a_page_of_groups_costs_the_same_for_one_and_many(gql, manager):
    for index in range(4):
        group_of(f"Group {index}", P.MANAGE_ORDERS, users=(staff_user(), staff_user()))
    headers = bearer(manager)
    query = GROUPS.replace(
        "users { email }", "users { email permissionGroups { name } editableGroups { name } }"
    )

    one = _statements(gql, query, {"first": 1}, headers)
    many = _statements(gql, query, {"first": 5}, headers)

    assert one == many


def test_a_page_of_staff_costs_the_same_for_one_and_many(gql, manager):
    for index in range(4):
        member = staff_user(email=f"member-{index}@example.com")
        group_of(f"Group {index}", P.MANAGE_ORDERS, users=(member,))
    headers = bearer(manager)
    query = (
        STAFF.replace("first: 20", "first: $first")
        .replace("$sortBy: UserSortingInput", "$sortBy: UserSortingInput, $first: Int")
        .replace("editableGroups { name }", "editableGroups { name users { email } permissions { code } }")
    )

    one = _statements(gql, query, {"first": 1}, headers)
    many = _statements(gql, query, {"first": 5}, headers)

    assert one == many
