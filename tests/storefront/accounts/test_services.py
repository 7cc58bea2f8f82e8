"""Login, refresh, revocation, apps and staff users (storefront/accounts/services.py)."""

from __future__ import annotations

import hashlib
import sys
import uuid

import pytest

from storefront.accounts import selectors, services, throttle, tokens
from storefront.accounts.error_codes import AccountError, AccountErrorCode
from storefront.accounts.models import AppToken, RefreshToken, User
from storefront.accounts.permissions import PermissionCode
from tests.storefront.accounts.factories import PASSWORD, UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_address(monkeypatch):
    """Each test logs in from its own address: the per-address counts outlive a test in Redis."""
    monkeypatch.setattr(sys.modules[__name__], "IP", f"2001:db8::{uuid.uuid4().hex[:4]}")


IP = "2001:db8::1"


def _login_error(email: str, password: str, ip: str | None = None) -> AccountError:
    ip = ip or IP
    with pytest.raises(AccountError) as caught:
        services.token_create(email=email, password=password, ip_address=ip)
    return caught.value


def test_login_issues_access_and_refresh_tokens_and_records_the_login():
    user = UserFactory()
    issued = services.token_create(email=user.email.upper(), password=PASSWORD, ip_address=IP)
    assert selectors.user_get_by_access_token(token=issued.access_token) == user
    refresh_claims = tokens.token_decode(token=issued.refresh_token, expected_type=tokens.REFRESH)
    assert refresh_claims["csrfToken"] == issued.csrf_token
    assert RefreshToken.objects.filter(user=user, jti=refresh_claims["jti"], revoked_at=None).exists()
    user.refresh_from_db()
    assert user.last_login is not None


def test_wrong_password_and_unknown_email_give_the_same_error():
    user = UserFactory()
    wrong = _login_error(user.email, "not-the-password")
    unknown = _login_error(f"nobody-{uuid.uuid4().hex}@example.com", PASSWORD)
    assert (wrong.code, wrong.field, wrong.message) == (unknown.code, unknown.field, unknown.message)
    assert wrong.code == AccountErrorCode.INVALID_CREDENTIALS
    assert wrong.field == "email"


def test_inactive_user_is_told_only_after_the_right_password():
    user = UserFactory(is_active=False)
    assert _login_error(user.email, "wrong").code == AccountErrorCode.INVALID_CREDENTIALS
    assert _login_error(user.email, PASSWORD).code == AccountErrorCode.INACTIVE


def test_login_is_blocked_after_too_many_failures_even_with_the_right_password():
    user = UserFactory()
    for _ in range(throttle.MAX_FAILED_ATTEMPTS):
        assert _login_error(user.email, "guess").code == AccountErrorCode.INVALID_CREDENTIALS
    blocked = _login_error(user.email, PASSWORD)
    assert blocked.code == AccountErrorCode.LOGIN_ATTEMPT_DELAYED
    assert 0 < blocked.details["retry_after_seconds"] <= throttle.WINDOW_SECONDS
    assert "Too many failed login attempts" in blocked.message


def test_the_block_is_per_email_and_ip_pair():
    user = UserFactory()
    for _ in range(throttle.MAX_FAILED_ATTEMPTS):
        _login_error(user.email, "guess")
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address="198.51.100.9")
    assert issued.user == user


def test_successful_login_resets_the_failure_count():
    user = UserFactory()
    for _ in range(throttle.MAX_FAILED_ATTEMPTS - 1):
        _login_error(user.email, "guess")
    services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    for _ in range(throttle.MAX_FAILED_ATTEMPTS - 1):
        _login_error(user.email, "guess")
    assert services.token_create(email=user.email, password=PASSWORD, ip_address=IP).user == user


def test_refresh_gives_a_new_access_token_for_the_same_user():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    access, refreshed_user = services.token_refresh(
        refresh_token=issued.refresh_token, csrf_token=None, from_cookie=False
    )
    assert refreshed_user == user
    assert selectors.user_get_by_access_token(token=access) == user


def test_refresh_from_cookie_requires_the_matching_csrf_token():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    for csrf, code in [
        (None, AccountErrorCode.REQUIRED),
        ("forged", AccountErrorCode.JWT_INVALID_CSRF_TOKEN),
    ]:
        with pytest.raises(AccountError) as caught:
            services.token_refresh(refresh_token=issued.refresh_token, csrf_token=csrf, from_cookie=True)
        assert (caught.value.code, caught.value.field) == (code, "csrfToken")
    access, _ = services.token_refresh(
        refresh_token=issued.refresh_token, csrf_token=issued.csrf_token, from_cookie=True
    )
    assert selectors.user_get_by_access_token(token=access) == user


def test_a_revoked_refresh_token_is_refused():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    RefreshToken.objects.filter(user=user).update(revoked_at="2026-01-01T00:00:00Z")
    with pytest.raises(AccountError) as caught:
        services.token_refresh(refresh_token=issued.refresh_token, csrf_token=None, from_cookie=False)
    assert caught.value.code == AccountErrorCode.JWT_INVALID_TOKEN


def test_an_access_token_cannot_be_used_to_refresh():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    with pytest.raises(AccountError) as caught:
        services.token_refresh(refresh_token=issued.access_token, csrf_token=None, from_cookie=False)
    assert (caught.value.code, caught.value.field) == (AccountErrorCode.JWT_INVALID_TOKEN, "refreshToken")


def test_deactivate_all_kills_earlier_access_and_refresh_tokens_but_not_later_ones():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    services.tokens_deactivate_all(user=user)
    assert selectors.user_get_by_access_token(token=issued.access_token) is None
    with pytest.raises(AccountError):
        services.token_refresh(refresh_token=issued.refresh_token, csrf_token=None, from_cookie=False)
    assert not RefreshToken.objects.filter(user=user, revoked_at=None).exists()
    fresh = services.token_create(email=user.email, password=PASSWORD, ip_address=IP)
    assert selectors.user_get_by_access_token(token=fresh.access_token) == user


def test_deactivated_user_loses_access_at_once():
    user = UserFactory()
    access = tokens.access_token_encode(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert selectors.user_get_by_access_token(token=access) is None


def test_app_create_stores_only_a_digest_and_the_last_four_characters():
    app, raw = services.app_create(name="Storefront server", permissions=[PermissionCode.MANAGE_PRODUCTS])
    stored = AppToken.objects.get(app=app)
    assert stored.token_digest == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.token_last_4 == raw[-4:]
    assert raw not in {stored.token_digest, stored.name}
    assert selectors.app_permission_codenames(app=app) == {"manage_products"}
    assert selectors.app_get_by_token(raw_token=raw) == app


def test_app_token_lookup_refuses_unknown_tokens_and_inactive_apps():
    app, raw = services.app_create(name="Feed", permissions=[])
    assert selectors.app_get_by_token(raw_token=raw + "x") is None
    app.is_active = False
    app.save()
    assert selectors.app_get_by_token(raw_token=raw) is None


def test_second_app_token_works_alongside_the_first():
    app, first = services.app_create(name="Feed", permissions=["manage_orders"])
    _token, second = services.app_token_create(app=app, name="rotation")
    assert first != second
    assert selectors.app_get_by_token(raw_token=second) == app
    assert selectors.app_get_by_token(raw_token=first) == app


def test_app_with_unknown_permission_is_not_created():
    with pytest.raises(AccountError) as caught:
        services.app_create(name="Bad", permissions=["MAKE_COFFEE"])
    assert caught.value.code == AccountErrorCode.INVALID


def test_staff_user_create_validates_the_password():
    with pytest.raises(AccountError) as caught:
        services.staff_user_create(email="staff@example.com", password="short", permissions=[])
    assert (caught.value.code, caught.value.field) == (AccountErrorCode.PASSWORD_TOO_SHORT, "password")
    assert not User.objects.filter(email="staff@example.com").exists()


def test_staff_user_create_is_idempotent_and_adds_permissions():
    user, created = services.staff_user_create(
        email="Staff@Example.com", password=PASSWORD, permissions=[PermissionCode.MANAGE_PRODUCTS]
    )
    again, created_again = services.staff_user_create(
        email="staff@example.com", password=None, permissions=[PermissionCode.MANAGE_ORDERS]
    )
    assert (created, created_again) == (True, False)
    assert again.pk == user.pk
    again = User.objects.get(pk=user.pk)
    assert again.is_staff and again.check_password(PASSWORD)
    assert again.has_perm("accounts.manage_products") and again.has_perm("accounts.manage_orders")


def test_user_permission_list_counts_only_for_staff():
    staff = staff_user(PermissionCode.MANAGE_PRODUCTS)
    buyer = UserFactory()
    buyer.user_permissions.add(*staff.user_permissions.all())
    assert [p.codename for p in selectors.user_permission_list(user=staff)] == ["manage_products"]
    assert list(selectors.user_permission_list(user=buyer)) == []


def test_audience_is_carried_in_both_tokens_and_kept_on_refresh():
    user = UserFactory()
    issued = services.token_create(email=user.email, password=PASSWORD, ip_address=IP, audience="kiosk")
    assert tokens.token_decode(token=issued.access_token)["aud"] == "custom:kiosk"
    assert tokens.token_decode(token=issued.refresh_token)["aud"] == "custom:kiosk"
    access, _ = services.token_refresh(refresh_token=issued.refresh_token, csrf_token=None, from_cookie=False)
    assert tokens.token_decode(token=access)["aud"] == "custom:kiosk"
    assert selectors.user_get_by_access_token(token=access) == user
