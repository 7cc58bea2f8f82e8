"""Whose accounts ``user(id|email)`` shows, as in Saleor: staff accounts need ``MANAGE_STAFF``,
customers ``MANAGE_USERS`` or ``MANAGE_ORDERS``."""

from __future__ import annotations

import pytest

from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from storefront.accounts.tokens import user_global_id
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db

USER = "query($id: ID) { user(id: $id) { email isStaff userPermissions { code } } }"


@pytest.fixture
def accounts():
    customer = UserFactory()
    manager = staff_user(PermissionCode.MANAGE_STAFF, PermissionCode.MANAGE_USERS)
    return customer, manager


def _look_up(gql, caller, user) -> dict | None:
    return gql(USER, {"id": user_global_id(user.pk)}, headers=bearer(caller))["data"]["user"]


def test_an_app_managing_orders_sees_customers(gql, accounts):
    customer, _manager = accounts
    _app, token = app_create(name="Order desk", permissions=[PermissionCode.MANAGE_ORDERS])

    assert _look_up(gql, token, customer)["email"] == customer.email


def test_an_app_managing_orders_never_sees_staff_accounts(gql, accounts):
    _customer, manager = accounts
    _app, token = app_create(name="Order desk", permissions=[PermissionCode.MANAGE_ORDERS])

    assert _look_up(gql, token, manager) is None


def test_staff_managing_users_see_customers_only(gql, accounts):
    customer, manager = accounts
    caller = staff_user(PermissionCode.MANAGE_USERS)

    assert _look_up(gql, caller, customer)["email"] == customer.email
    assert _look_up(gql, caller, manager) is None


def test_staff_managing_staff_see_staff_only(gql, accounts):
    customer, manager = accounts
    caller = staff_user(PermissionCode.MANAGE_STAFF)

    assert _look_up(gql, caller, manager)["email"] == manager.email
    assert _look_up(gql, caller, customer) is None


def test_managing_both_shows_everyone(gql, accounts):
    customer, manager = accounts
    caller = staff_user(PermissionCode.MANAGE_STAFF, PermissionCode.MANAGE_USERS)

    assert _look_up(gql, caller, customer)["email"] == customer.email
    assert _look_up(gql, caller, manager)["userPermissions"] == [
        {"code": "MANAGE_STAFF"},
        {"code": "MANAGE_USERS"},
    ]


def test_the_email_lookup_is_scoped_the_same_way(gql, accounts):
    _customer, manager = accounts
    _app, token = app_create(name="Order desk", permissions=[PermissionCode.MANAGE_ORDERS])

    body = gql("query($e: String) { user(email: $e) { email } }", {"e": manager.email}, headers=bearer(token))

    assert body["data"]["user"] is None
