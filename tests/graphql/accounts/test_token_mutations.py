"""Saleor's token mutations through /graphql/: tokenCreate, tokenRefresh, tokenVerify, tokensDeactivateAll."""

from __future__ import annotations

import pytest

from storefront.accounts import throttle
from tests.storefront.accounts.factories import PASSWORD, UserFactory, bearer

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { id email }
    errors { field code message }
    accountErrors { code }
  }
}
"""
TOKEN_REFRESH = """
mutation($refreshToken: String, $csrfToken: String) {
  tokenRefresh(refreshToken: $refreshToken, csrfToken: $csrfToken) {
    token user { email } errors { field code message }
  }
}
"""
TOKEN_VERIFY = """
mutation($token: String!) {
  tokenVerify(token: $token) { isValid payload user { email } errors { field code message } }
}
"""
ME = "{ me { email } }"


def _login(gql, user, password=PASSWORD):
    return gql(TOKEN_CREATE, {"email": user.email, "password": password})["data"]["tokenCreate"]


def test_token_create_returns_tokens_that_authenticate_the_user(gql):
    user = UserFactory()
    result = _login(gql, user)
    assert result["errors"] == [] and result["accountErrors"] == []
    assert result["user"]["email"] == user.email
    assert result["csrfToken"] and result["refreshToken"]
    assert gql(ME, headers=bearer(result["token"]))["data"] == {"me": {"email": user.email}}


def test_token_create_sets_the_refresh_token_as_an_http_only_cookie(gql, client):
    user = UserFactory()
    result = _login(gql, user)
    cookie = client.cookies["refreshToken"]
    assert cookie.value == result["refreshToken"]
    assert cookie["httponly"]


def test_wrong_password_gives_saleors_error_and_no_token(gql):
    result = _login(gql, UserFactory(), password="wrong")
    assert result["token"] is None and result["refreshToken"] is None and result["user"] is None
    assert result["errors"] == [
        {"field": "email", "code": "INVALID_CREDENTIALS", "message": "Please, enter valid credentials"}
    ]
    assert result["accountErrors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_inactive_user_gets_inactive_and_no_token(gql):
    result = _login(gql, UserFactory(is_active=False))
    assert result["token"] is None
    assert [e["code"] for e in result["errors"]] == ["INACTIVE"]


def test_too_many_attempts_give_a_clear_delay_error(gql):
    user = UserFactory()
    for _ in range(throttle.MAX_FAILED_ATTEMPTS):
        _login(gql, user, password="guess")
    result = _login(gql, user)
    assert result["token"] is None
    [error] = result["errors"]
    assert error["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert error["message"].startswith("Too many failed login attempts. Try again in ")


def test_refresh_with_the_token_as_argument(gql):
    user = UserFactory()
    login = _login(gql, user)
    result = gql(TOKEN_REFRESH, {"refreshToken": login["refreshToken"]})["data"]["tokenRefresh"]
    assert result["errors"] == [] and result["user"] == {"email": user.email}
    assert gql(ME, headers=bearer(result["token"]))["data"]["me"] == {"email": user.email}


def test_refresh_from_the_cookie_needs_the_csrf_token(gql):
    user = UserFactory()
    login = _login(gql, user)  # the test client keeps the refreshToken cookie
    missing = gql(TOKEN_REFRESH)["data"]["tokenRefresh"]
    assert missing["token"] is None
    assert [(e["field"], e["code"]) for e in missing["errors"]] == [("csrfToken", "REQUIRED")]
    forged = gql(TOKEN_REFRESH, {"csrfToken": "forged"})["data"]["tokenRefresh"]
    assert [e["code"] for e in forged["errors"]] == ["JWT_INVALID_CSRF_TOKEN"]
    ok = gql(TOKEN_REFRESH, {"csrfToken": login["csrfToken"]})["data"]["tokenRefresh"]
    assert ok["errors"] == [] and ok["token"]


def test_refresh_without_any_token_reports_it_missing(gql):
    result = gql(TOKEN_REFRESH, {"csrfToken": "x"})["data"]["tokenRefresh"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("refreshToken", "JWT_MISSING_TOKEN")]


def test_refresh_with_garbage_is_a_decode_error(gql):
    result = gql(TOKEN_REFRESH, {"refreshToken": "garbage.token.here"})["data"]["tokenRefresh"]
    assert result["token"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("refreshToken", "JWT_DECODE_ERROR")]


def test_verify_a_valid_token_returns_its_payload_and_user(gql):
    user = UserFactory()
    login = _login(gql, user)
    result = gql(TOKEN_VERIFY, {"token": login["token"]})["data"]["tokenVerify"]
    assert result["isValid"] is True and result["errors"] == []
    assert result["user"] == {"email": user.email}
    assert result["payload"]["type"] == "access" and result["payload"]["email"] == user.email


@pytest.mark.parametrize(
    ("token", "code"),
    [("garbage", "JWT_DECODE_ERROR"), ("a.b.c", "JWT_DECODE_ERROR"), ("", "JWT_DECODE_ERROR")],
)
def test_verify_bad_tokens_is_not_valid_with_a_code(gql, token, code):
    result = gql(TOKEN_VERIFY, {"token": token})["data"]["tokenVerify"]
    assert result["isValid"] is False and result["payload"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("token", code)]


def test_verify_an_expired_token(gql):
    from datetime import timedelta

    from django.utils import timezone

    from storefront.accounts import tokens

    expired = tokens.access_token_encode(user=UserFactory(), now=timezone.now() - timedelta(days=1))
    result = gql(TOKEN_VERIFY, {"token": expired})["data"]["tokenVerify"]
    assert result["isValid"] is False
    assert [e["code"] for e in result["errors"]] == ["JWT_SIGNATURE_EXPIRED"]


def test_deactivate_all_invalidates_access_and_refresh_tokens(gql):
    user = UserFactory()
    login = _login(gql, user)
    result = gql("mutation { tokensDeactivateAll { errors { code } } }", headers=bearer(login["token"]))
    assert result["data"] == {"tokensDeactivateAll": {"errors": []}}
    assert gql(ME, headers=bearer(login["token"]))["data"] == {"me": None}
    refresh = gql(TOKEN_REFRESH, {"refreshToken": login["refreshToken"]})["data"]["tokenRefresh"]
    assert [e["code"] for e in refresh["errors"]] == ["JWT_INVALID_TOKEN"]
    verify = gql(TOKEN_VERIFY, {"token": login["token"]})["data"]["tokenVerify"]
    assert verify["isValid"] is False


def test_deactivate_all_needs_a_logged_in_user(gql):
    result = gql("mutation { tokensDeactivateAll { errors { code } } }")
    assert result["data"] == {"tokensDeactivateAll": None}
    [error] = result["errors"]
    assert error["message"] == (
        "To access this path, you need one of the following permissions: AUTHENTICATED_USER"
    )
    assert error["extensions"] == {"exception": {"code": "PermissionDenied"}}


def test_login_is_throttled_per_client_address(gql, client):
    """``tokenCreate`` counts failures against the request's client address, across e-mails."""
    address = client.defaults["REMOTE_ADDR"]
    for index in range(throttle.MAX_FAILED_ATTEMPTS_PER_ADDRESS):
        throttle.login_failure_record(email=f"sprayed-{index}@example.com", ip_address=address)
    user = UserFactory()

    result = _login(gql, user)

    assert result["token"] is None
    assert [error["code"] for error in result["errors"]] == ["LOGIN_ATTEMPT_DELAYED"]
