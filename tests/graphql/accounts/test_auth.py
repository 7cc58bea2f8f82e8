"""Request authentication (graphql_schema/core/auth.py): JWT users, app tokens, bad bearers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from graphql_schema.core.auth import authenticate_request
from storefront.accounts import tokens
from storefront.accounts.services import app_create, tokens_deactivate_all
from tests.storefront.accounts.factories import UserFactory, bearer

pytestmark = pytest.mark.django_db

ME = "{ me { id email firstName lastName isStaff isActive languageCode dateJoined updatedAt lastLogin } }"


def _request(authorization: str | None):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    return RequestFactory().post("/graphql/", **headers)


def test_me_is_null_for_an_anonymous_request(gql):
    assert gql(ME)["data"] == {"me": None}


def test_me_returns_the_user_of_a_valid_access_token(gql):
    user = UserFactory(first_name="Inaq", last_name="Sahnun", language_code="id")
    me = gql(ME, headers=bearer(user))["data"]["me"]
    assert me["id"] == tokens.user_global_id(user.pk)
    assert (me["email"], me["firstName"], me["lastName"]) == (user.email, "Inaq", "Sahnun")
    assert (me["isStaff"], me["isActive"], me["languageCode"]) == (False, True, "ID")
    assert me["dateJoined"].startswith(str(user.date_joined.year))
    assert me["lastLogin"] is None


@pytest.mark.parametrize(
    ("authorization", "token_error"),
    [
        ("Bearer not.a.jwt", "InvalidTokenError"),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl", "InvalidTokenError"),
        ("Bearer " + "x" * 10000, None),
        ("Bearer", None),
        ("Basic dXNlcjpwYXNz", None),
        ("Bearer garbage-app-token", None),
        ("Bearer \u00e9\u00e9\u00e9", None),
    ],
)
def test_bad_authorization_headers_leave_the_request_anonymous(gql, authorization, token_error):
    """Anonymous, but ``me`` reports a JWT that fails (tests/graphql/compat/test_token_errors.py)."""
    result = gql(ME, headers={"Authorization": authorization})
    assert result["data"] == {"me": None}
    codes = [error["extensions"]["exception"]["code"] for error in result.get("errors", [])]
    assert codes == ([token_error] if token_error else [])


def test_expired_access_token_is_anonymous(gql):
    user = UserFactory()
    expired = tokens.access_token_encode(user=user, now=timezone.now() - timedelta(hours=1))
    assert gql(ME, headers=bearer(expired))["data"] == {"me": None}


def test_revoked_access_token_is_anonymous(gql):
    user = UserFactory()
    access = tokens.access_token_encode(user=user)
    tokens_deactivate_all(user=user)
    assert gql(ME, headers=bearer(access))["data"] == {"me": None}


def test_refresh_token_is_not_an_access_token(gql):
    user = UserFactory()
    now = timezone.now()
    refresh = tokens.refresh_token_encode(
        user=user, jti="r", csrf_token="c", expires_at=now + timedelta(days=1), now=now
    )
    assert gql(ME, headers=bearer(refresh))["data"] == {"me": None}


def test_app_token_authenticates_the_app_not_a_user():
    app, raw = app_create(name="Storefront SSR", permissions=[])
    assert authenticate_request(_request(f"Bearer {raw}")) == (None, app)
    assert authenticate_request(_request(f"bearer {raw}")) == (None, app)


def test_each_authentication_path_costs_one_query():
    user = UserFactory()
    app, raw = app_create(name="Feed", permissions=[])
    for header, expected in [
        (f"Bearer {tokens.access_token_encode(user=user)}", (user, None)),
        (f"Bearer {raw}", (None, app)),
        ("Bearer unknown-app-token", (None, None)),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert authenticate_request(_request(header)) == expected
        assert len(queries) == 1, [q["sql"] for q in queries]


def test_no_header_costs_no_query():
    with CaptureQueriesContext(connection) as queries:
        assert authenticate_request(_request(None)) == (None, None)
    assert len(queries) == 0


def test_request_actor_names_the_authenticated_user_or_app():
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser

    from graphql_schema.core.auth import request_actor
    from storefront.accounts.actor import Actor

    user = UserFactory()
    app, _ = app_create(name="Importer", permissions=[])

    def info(user, app):
        return SimpleNamespace(context=SimpleNamespace(user=user, app=app))

    assert request_actor(info(user, None)) == Actor(user=user)
    assert request_actor(info(AnonymousUser(), app)) == Actor(app=app)
    assert request_actor(info(AnonymousUser(), None)).is_system
