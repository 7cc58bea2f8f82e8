"""Saleor's buyer account mutations through /graphql/, as a Saleor storefront sends them."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from storefront.accounts.models import User
from tests.storefront.accounts.factories import PASSWORD, UserFactory, bearer
from tests.storefront.accounts.mail import token_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]

REDIRECT = "http://localhost:3000/account"
NEW_PASSWORD = "songket-emas-2026"

REGISTER = """
mutation AccountRegister($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { id email firstName isConfirmed }
    errors { field code message }
  }
}
"""
CONFIRM = """
mutation($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) {
    user { email isConfirmed } errors { field code message }
  }
}
"""
LOGIN = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token refreshToken errors { field code } }
}
"""
RESET = """
mutation($email: String!, $redirectUrl: String!, $channel: String) {
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl, channel: $channel) {
    errors { field code message }
  }
}
"""
SET_PASSWORD = """
mutation($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token refreshToken csrfToken user { email } errors { field code message }
  }
}
"""
PASSWORD_CHANGE = """
mutation PasswordChange($newPassword: String!, $oldPassword: String!) {
  passwordChange(newPassword: $newPassword, oldPassword: $oldPassword) {
    user { email } errors { field code message }
  }
}
"""
REQUEST_DELETION = """
mutation AccountRequestDeletion($channel: String!, $redirectUrl: String!) {
  accountRequestDeletion(channel: $channel, redirectUrl: $redirectUrl) { errors { field code message } }
}
"""
DELETE = """
mutation($token: String!) { accountDelete(token: $token) { user { email } errors { field code } } }
"""
ME = "{ me { email isConfirmed languageCode avatar { url } addresses { id } defaultShippingAddress { id } } }"


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def run(gql, django_capture_on_commit_callbacks):
    """``gql`` with the transaction's on-commit work (the e-mail tasks) run as a real commit would."""

    def call(query, variables=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return gql(query, variables, **kwargs)

    return call


def _email() -> str:
    return f"buyer-{uuid.uuid4().hex[:10]}@example.com"


def test_register_confirm_and_log_in(run, mailoutbox):
    email = _email()
    registered = run(
        REGISTER,
        {
            "input": {
                "email": email,
                "password": PASSWORD,
                "firstName": "Inaq",
                "languageCode": "ID",
                "redirectUrl": f"{REDIRECT}/confirm",
                "channel": "intl-usd",
            }
        },
    )["data"]["accountRegister"]
    assert registered == {
        "requiresConfirmation": True,
        "user": {"id": "", "email": email, "firstName": "Inaq", "isConfirmed": False},
        "errors": [],
    }
    assert run(LOGIN, {"email": email, "password": PASSWORD})["data"]["tokenCreate"]["errors"] == [
        {"field": "email", "code": "ACCOUNT_NOT_CONFIRMED"}
    ]
    [message] = mailoutbox
    assert message.subject.startswith("Konfirmasi")

    confirmed = run(CONFIRM, {"email": email, "token": token_in(message)})["data"]["confirmAccount"]

    assert confirmed == {"user": {"email": email, "isConfirmed": True}, "errors": []}
    token = run(LOGIN, {"email": email, "password": PASSWORD})["data"]["tokenCreate"]["token"]
    me = run(ME, headers=bearer(token))["data"]["me"]
    assert me == {
        "email": email,
        "isConfirmed": True,
        "languageCode": "ID",
        "avatar": None,
        "addresses": [],
        "defaultShippingAddress": None,
    }


def test_register_reports_camel_case_fields(run):
    result = run(
        REGISTER,
        {
            "input": {
                "email": "nope",
                "password": PASSWORD,
                "lastName": "x\x07",
                "redirectUrl": "https://evil.example",
            }
        },
    )["data"]["accountRegister"]

    assert {(error["field"], error["code"]) for error in result["errors"]} == {
        ("email", "INVALID"),
        ("lastName", "INVALID"),
        ("redirectUrl", "INVALID"),
    }
    assert result["user"] is None


def test_a_wrong_confirmation_token_is_refused(run):
    user = UserFactory(is_confirmed=False)

    result = run(CONFIRM, {"email": user.email, "token": "abc-123"})["data"]["confirmAccount"]

    assert result == {
        "user": None,
        "errors": [{"field": "token", "code": "INVALID", "message": "Invalid or expired token."}],
    }


def test_reset_then_set_password_and_the_old_tokens_are_rejected(run, mailoutbox):
    user = UserFactory()
    old = run(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["tokenCreate"]

    assert run(RESET, {"email": user.email, "redirectUrl": f"{REDIRECT}/reset", "channel": "intl-usd"})[
        "data"
    ] == {"requestPasswordReset": {"errors": []}}
    result = run(
        SET_PASSWORD, {"email": user.email, "token": token_in(mailoutbox[0]), "password": NEW_PASSWORD}
    )["data"]["setPassword"]

    assert result["errors"] == [] and result["user"] == {"email": user.email}
    assert result["token"] and result["refreshToken"] and result["csrfToken"]
    assert run(ME, headers=bearer(result["token"]))["data"]["me"]["email"] == user.email
    assert run(ME, headers=bearer(old["token"]))["data"]["me"] is None
    refreshed = run(
        "mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { code } } }",
        {"t": old["refreshToken"]},
    )["data"]["tokenRefresh"]
    assert refreshed["token"] is None and refreshed["errors"] == [{"code": "JWT_INVALID_TOKEN"}]
    assert run(LOGIN, {"email": user.email, "password": PASSWORD})["data"]["tokenCreate"]["token"] is None
    assert run(LOGIN, {"email": user.email, "password": NEW_PASSWORD})["data"]["tokenCreate"]["token"]


def test_a_reset_for_an_unknown_email_answers_exactly_like_a_known_one(run, mailoutbox):
    known = run(RESET, {"email": UserFactory().email, "redirectUrl": REDIRECT})
    unknown = run(RESET, {"email": _email(), "redirectUrl": REDIRECT})

    assert known["data"] == unknown["data"] == {"requestPasswordReset": {"errors": []}}
    assert len(mailoutbox) == 1


def test_a_reset_link_to_another_site_is_refused(run, mailoutbox):
    result = run(RESET, {"email": UserFactory().email, "redirectUrl": "https://phish.example/reset"})

    [error] = result["data"]["requestPasswordReset"]["errors"]
    assert (error["field"], error["code"]) == ("redirectUrl", "INVALID")
    assert mailoutbox == []


def test_password_change_with_a_wrong_old_password(run):
    user = UserFactory()

    result = run(PASSWORD_CHANGE, {"oldPassword": "guess", "newPassword": NEW_PASSWORD}, headers=bearer(user))

    assert result["data"]["passwordChange"] == {
        "user": None,
        "errors": [
            {"field": "oldPassword", "code": "INVALID_PASSWORD", "message": "Old password isn't valid."}
        ],
    }
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change(run):
    user = UserFactory()

    result = run(
        PASSWORD_CHANGE, {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD}, headers=bearer(user)
    )

    assert result["data"]["passwordChange"] == {"user": {"email": user.email}, "errors": []}
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_weak_new_password_names_new_password(run):
    result = run(
        PASSWORD_CHANGE, {"oldPassword": PASSWORD, "newPassword": "123"}, headers=bearer(UserFactory())
    )

    assert [(e["field"], e["code"]) for e in result["data"]["passwordChange"]["errors"]] == [
        ("newPassword", "PASSWORD_TOO_SHORT")
    ]


def test_request_deletion_then_delete(run, mailoutbox):
    user = UserFactory()
    requested = run(REQUEST_DELETION, {"channel": "intl-usd", "redirectUrl": REDIRECT}, headers=bearer(user))
    assert requested["data"]["accountRequestDeletion"] == {"errors": []}
    assert run(DELETE, {"token": "1-nope"}, headers=bearer(user))["data"]["accountDelete"]["errors"] == [
        {"field": "token", "code": "INVALID"}
    ]

    deleted = run(DELETE, {"token": token_in(mailoutbox[0])}, headers=bearer(user))

    assert deleted["data"]["accountDelete"] == {"user": {"email": user.email}, "errors": []}
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_account_mutations_need_a_login(run):
    result = run(PASSWORD_CHANGE, {"oldPassword": PASSWORD, "newPassword": NEW_PASSWORD})

    assert result["data"]["passwordChange"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_wrong_reset_tokens_are_throttled_through_the_api(run):
    user = UserFactory()
    variables = {"email": user.email, "token": "1-wrong", "password": NEW_PASSWORD}
    for _ in range(5):
        assert run(SET_PASSWORD, variables)["data"]["setPassword"]["errors"][0]["code"] == "INVALID"

    [error] = run(SET_PASSWORD, variables)["data"]["setPassword"]["errors"]

    assert (error["field"], error["code"]) == ("token", "LOGIN_ATTEMPT_DELAYED")


def test_account_update_refuses_to_act_for_another_customer(run):
    user = UserFactory()

    result = run(
        'mutation($id: ID) { accountUpdate(customerId: $id, input: {firstName: "X"}) '
        "{ user { id } errors { field code } } }",
        {"id": "VXNlcjox"},
        headers=bearer(user),
    )["data"]["accountUpdate"]

    assert result == {"user": None, "errors": [{"field": "customerId", "code": "OUT_OF_SCOPE_USER"}]}
    user.refresh_from_db()
    assert user.first_name == "Baiq"


def test_register_and_update_keep_public_metadata(run, mailoutbox):
    email = _email()
    registered = run(
        REGISTER,
        {
            "input": {
                "email": email,
                "password": PASSWORD,
                "redirectUrl": REDIRECT,
                "metadata": [{"key": "newsletter", "value": "yes"}],
            }
        },
    )["data"]["accountRegister"]
    assert registered["errors"] == []
    user = User.objects.get(email=email)
    assert user.metadata == {"newsletter": "yes"}
    user.is_confirmed = True
    user.save()

    updated = run(
        "mutation($input: AccountInput!) { accountUpdate(input: $input) { user { metadata { key value } } "
        "errors { field code } } }",
        {"input": {"metadata": [{"key": "size", "value": "M"}]}},
        headers=bearer(user),
    )["data"]["accountUpdate"]

    assert updated["errors"] == []
    assert sorted((item["key"], item["value"]) for item in updated["user"]["metadata"]) == [
        ("newsletter", "yes"),
        ("size", "M"),
    ]


def test_bad_metadata_is_an_error_on_metadata_and_registers_nobody(run):
    email = _email()

    result = run(
        REGISTER,
        {
            "input": {
                "email": email,
                "password": PASSWORD,
                "redirectUrl": REDIRECT,
                "metadata": [{"key": " ", "value": "x"}],
            }
        },
    )["data"]["accountRegister"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("metadata", "REQUIRED")]
    assert not User.objects.filter(email=email).exists()
