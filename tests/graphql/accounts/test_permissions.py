"""The permission mechanism (graphql_schema/core/permissions.py) on the staff-only ``user`` query."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from graphql_schema.core.permissions import AuthorizationFilter, PermissionDenied, requestor_has_permission
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from tests.storefront.accounts.factories import UserFactory, bearer, permissions, staff_user

pytestmark = pytest.mark.django_db

USER_BY_EMAIL = "query($email: String) { user(email: $email) { email } }"
DENIED = (
    "To access this path, you need one of the following permissions: "
    "MANAGE_STAFF, MANAGE_USERS, MANAGE_ORDERS"
)


def _assert_denied(result):
    assert result["data"] == {"user": None}
    [error] = result["errors"]
    assert error["message"] == DENIED
    assert error["extensions"] == {"exception": {"code": "PermissionDenied"}}
    assert error["path"] == ["user"]


def test_anonymous_request_gets_saleors_permission_error(gql):
    buyer = UserFactory()
    _assert_denied(gql(USER_BY_EMAIL, {"email": buyer.email}))


def test_buyer_without_permissions_is_denied(gql):
    buyer = UserFactory()
    _assert_denied(gql(USER_BY_EMAIL, {"email": buyer.email}, headers=bearer(buyer)))


def test_staff_with_a_direct_permission_may_look_up_users(gql):
    buyer = UserFactory()
    staff = staff_user(PermissionCode.MANAGE_USERS)
    result = gql(USER_BY_EMAIL, {"email": buyer.email.upper()}, headers=bearer(staff))
    assert result["data"] == {"user": {"email": buyer.email}}


def test_staff_gets_permissions_through_groups(gql):
    buyer = UserFactory()
    staff = staff_user()
    group = Group.objects.create(name="Order desk")
    group.permissions.add(*permissions(PermissionCode.MANAGE_ORDERS))
    staff.groups.add(group)
    assert gql(USER_BY_EMAIL, {"email": buyer.email}, headers=bearer(staff))["data"] == {
        "user": {"email": buyer.email}
    }


def test_staff_with_an_unrelated_permission_is_denied(gql):
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)
    _assert_denied(gql(USER_BY_EMAIL, {"email": staff.email}, headers=bearer(staff)))


def test_permission_held_by_a_non_staff_user_does_not_count(gql):
    buyer = UserFactory()
    buyer.user_permissions.add(*permissions(PermissionCode.MANAGE_USERS))
    _assert_denied(gql(USER_BY_EMAIL, {"email": buyer.email}, headers=bearer(buyer)))


def test_superuser_holds_every_permission(gql):
    admin = staff_user(is_superuser=True)
    result = gql(USER_BY_EMAIL, {"email": admin.email}, headers=bearer(admin))
    assert result["data"] == {"user": {"email": admin.email}}


def test_app_with_the_permission_may_look_up_users(gql):
    buyer = UserFactory()
    _app, raw = app_create(name="CRM sync", permissions=[PermissionCode.MANAGE_USERS])
    result = gql(USER_BY_EMAIL, {"email": buyer.email}, headers=bearer(raw))
    assert result["data"] == {"user": {"email": buyer.email}}


def test_app_without_the_permission_is_denied(gql):
    _app, raw = app_create(name="Feed", permissions=[PermissionCode.MANAGE_PRODUCTS])
    _assert_denied(gql(USER_BY_EMAIL, {"email": "x@example.com"}, headers=bearer(raw)))


def test_inactive_app_is_anonymous_and_denied(gql):
    app, raw = app_create(name="Old", permissions=[PermissionCode.MANAGE_USERS])
    app.is_active = False
    app.save()
    _assert_denied(gql(USER_BY_EMAIL, {"email": "x@example.com"}, headers=bearer(raw)))


def test_user_query_by_global_id_and_bad_ids(gql):
    buyer = UserFactory()
    staff = staff_user(PermissionCode.MANAGE_USERS)
    query = "query($id: ID) { user(id: $id) { email } }"
    from storefront.accounts.tokens import user_global_id

    assert gql(query, {"id": user_global_id(buyer.pk)}, headers=bearer(staff))["data"] == {
        "user": {"email": buyer.email}
    }
    malformed = gql(query, {"id": "not-an-id"}, headers=bearer(staff))
    assert malformed["data"] == {"user": None} and "Couldn't resolve id" in malformed["errors"][0]["message"]
    no_argument = gql("{ user { email } }", headers=bearer(staff))
    assert "At least one of arguments is required" in no_argument["errors"][0]["message"]


def test_me_lists_the_staff_users_permissions(gql):
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS, PermissionCode.MANAGE_PROVENANCE)
    result = gql("{ me { userPermissions { code name } } }", headers=bearer(staff))
    assert result["data"]["me"]["userPermissions"] == [
        {"code": "MANAGE_PRODUCTS", "name": "Manage products"},
        {"code": "MANAGE_PROVENANCE", "name": "Manage provenance"},
    ]


def test_authorization_filters_distinguish_users_staff_and_apps():
    buyer, staff = UserFactory(), staff_user()
    app, _ = app_create(name="A", permissions=[])
    assert requestor_has_permission(buyer, None, AuthorizationFilter.AUTHENTICATED_USER)
    assert not requestor_has_permission(buyer, None, AuthorizationFilter.AUTHENTICATED_STAFF_USER)
    assert requestor_has_permission(staff, None, AuthorizationFilter.AUTHENTICATED_STAFF_USER)
    assert requestor_has_permission(None, app, AuthorizationFilter.AUTHENTICATED_APP)
    assert not requestor_has_permission(None, app, AuthorizationFilter.AUTHENTICATED_USER)


def test_permission_denied_without_requirements_uses_saleors_generic_message():
    assert str(PermissionDenied()) == "You do not have permission to perform this action"
