"""The ``create_app`` and ``create_staff_user`` management commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from storefront.accounts import selectors
from storefront.accounts.models import App, User
from tests.storefront.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_create_app_prints_a_working_token_once():
    out, err = StringIO(), StringIO()
    call_command("create_app", "Storefront SSR", "--permission", "MANAGE_PRODUCTS", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    app = App.objects.get(name="Storefront SSR")
    assert selectors.app_get_by_token(raw_token=raw) == app
    assert selectors.app_permission_codenames(app=app) == {"manage_products"}
    assert "shown only now" in err.getvalue()


def test_create_app_rejects_an_unknown_permission():
    with pytest.raises(CommandError):
        call_command("create_app", "Bad", "--permission", "MAKE_TEA")
    assert not App.objects.exists()


def test_create_staff_user_with_password_and_permissions():
    out = StringIO()
    call_command(
        "create_staff_user",
        "ketua@koperasi.example",
        "--password",
        PASSWORD,
        "--permission",
        "MANAGE_PRODUCTS",
        "--permission",
        "MANAGE_PROVENANCE",
        stdout=out,
    )
    user = User.objects.get(email="ketua@koperasi.example")
    assert user.is_staff and not user.is_superuser and user.check_password(PASSWORD)
    assert user.has_perm("accounts.manage_products") and user.has_perm("accounts.manage_provenance")
    assert not user.has_perm("accounts.manage_orders")
    assert "Created staff user" in out.getvalue()


def test_create_staff_user_prompts_twice_for_the_password(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_staff_user", "admin@koperasi.example", "--superuser", stdout=StringIO())
    user = User.objects.get(email="admin@koperasi.example")
    assert user.is_superuser and user.check_password(PASSWORD)


def test_create_staff_user_refuses_mismatched_passwords(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="do not match"):
        call_command("create_staff_user", "admin@koperasi.example")
    assert not User.objects.exists()


def test_create_staff_user_refuses_a_weak_password():
    with pytest.raises(CommandError, match="too short"):
        call_command("create_staff_user", "admin@koperasi.example", "--password", "abc")
