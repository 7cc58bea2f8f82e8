"""The demo's staff (``infra/demo/staff.py``): four groups, one account per group that logs in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.test import override_settings

from infra.demo import services as demo_services
from infra.demo.staff import DEMO_STAFF, demo_staff_load
from storefront.accounts.models import AuditLogEntry, User
from storefront.accounts.permissions import PermissionCode as P
from storefront.accounts.staff_scope import group_codes, user_codes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

LOGIN = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token user { email isStaff } errors { code } }
}
"""
EXPECTED = {
    "Fulfilment": {P.MANAGE_ORDERS, P.HANDLE_PAYMENTS},
    "Catalogue": {
        P.MANAGE_PRODUCTS,
        P.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES,
        P.MANAGE_PROVENANCE,
        P.MANAGE_TRANSLATIONS,
    },
    "Marketing": {
        P.MANAGE_DISCOUNTS,
        P.MANAGE_PAGES,
        P.MANAGE_MENUS,
        P.MANAGE_TRANSLATIONS,
        P.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
        P.MANAGE_GIFT_CARD,
    },
    "Administrators": set(P),
}


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def test_the_demo_groups_hold_the_permissions_their_names_promise():
    demo_staff_load()

    assert {group.name: set(group_codes(group)) for group in Group.objects.all()} == EXPECTED


def test_each_demo_account_is_staff_in_its_group_and_logs_in_with_its_listed_password(gql):
    demo_staff_load()

    for demo in DEMO_STAFF:
        user = User.objects.get(email=demo.email)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [demo.group]
        assert set(user_codes(user)) == EXPECTED[demo.group]
        body = gql(LOGIN, {"email": demo.email, "password": demo.password})
        assert body["data"]["tokenCreate"]["errors"] == [], demo.email
        assert body["data"]["tokenCreate"]["user"] == {"email": demo.email, "isStaff": True}


def test_a_second_load_changes_nothing_and_keeps_a_changed_password():
    demo_staff_load()
    admin = User.objects.get(email="admin@asal.example")
    admin.set_password("chosen-by-the-admin-77")
    admin.save()
    entries = AuditLogEntry.objects.count()

    demo_staff_load()

    assert AuditLogEntry.objects.count() == entries
    assert User.objects.get(pk=admin.pk).check_password("chosen-by-the-admin-77")
    assert Group.objects.count() == len(DEMO_STAFF)


def test_the_demo_writes_are_audited_as_the_systems():
    demo_staff_load()

    created = AuditLogEntry.objects.filter(action__in=["permission_group.created", "staff.created"])
    assert created.count() == 2 * len(DEMO_STAFF)
    assert not created.exclude(actor_user=None).exists()


def test_the_demo_passwords_pass_the_password_validators():
    for demo in DEMO_STAFF:
        validate_password(demo.password, User(email=demo.email, first_name=demo.first_name))


def test_the_demo_load_includes_the_staff(monkeypatch):
    """``make run``'s loader calls ``demo_staff_load`` (the rest of the load is stubbed out here)."""

    class Called(Exception):
        pass

    def called() -> None:
        raise Called

    for step in ("load_reference", "load_structure", "load_shipping"):
        monkeypatch.setattr(demo_services, step, lambda _cat: None)
    monkeypatch.setattr(demo_services, "demo_staff_load", called)

    with pytest.raises(Called):
        demo_services.demo_catalogue_load()
