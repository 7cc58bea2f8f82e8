"""What a Saleor client expects of the endpoint besides the schema.

- A request that never executes (syntax error, a document the schema refuses, variables that do
  not coerce, a limit) is answered HTTP 400 with ``errors`` and no ``data``, as Saleor answers;
  errors raised while executing keep HTTP 200 and ``data``.
- An access token that authenticates nobody leaves public queries answering as for anyone, but a
  field that needs a user reports Saleor's ``ExpiredSignatureError`` / ``InvalidTokenError``
  (``extensions.exception.code``), which is how Saleor's storefront notices an expired session.
- ``User.avatar`` and the attribute types the storefront's fragments name exist.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from graphql import parse, validate

from graphql_schema.schema import schema as asal_schema
from storefront.accounts import tokens
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import tokens_deactivate_all
from tests.graphql.conftest import unique_address
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db


def post(query: str, variables: dict | None = None, headers: dict | None = None):
    client = Client(REMOTE_ADDR=unique_address())
    return client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        headers=headers or {},
    )


# --- HTTP 400 for documents that never execute ----------------------------------------------------

LISTING = 'query($first: Int!) { products(first: $first, channel: "none") { totalCount } }'


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("{ shop { name ", None),
        ("{ noSuchField }", None),
        ("{ products(first: 1) { edges { node { noSuchField } } } }", None),
        ("query($id: ID!) { product(id: $id) { name } }", None),
        (LISTING, {"first": "ten"}),
        (LISTING, {"first": 1000}),
    ],
    ids=["syntax", "unknown field", "unknown nested field", "missing variable", "bad variable", "limit"],
)
def test_a_request_that_never_executes_is_a_400_without_data(query, variables):
    response = post(query, variables)

    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"] and all("path" not in error for error in body["errors"])


def test_an_error_while_executing_keeps_200_and_data():
    response = post('{ product(id: "not-an-id", channel: "none") { name } }')

    assert response.status_code == 200
    body = response.json()
    assert "data" in body
    assert body["errors"][0]["path"] == ["product"]


def test_a_valid_request_is_a_200():
    response = post("{ shop { name } }")

    assert response.status_code == 200
    assert "errors" not in response.json()


# --- token problems -------------------------------------------------------------------------------

ME = "{ me { email } }"


def _expired(user) -> dict[str, str]:
    return bearer(tokens.access_token_encode(user=user, now=timezone.now() - timedelta(hours=1)))


def _codes(body: dict) -> list[str]:
    return [error["extensions"]["exception"]["code"] for error in body.get("errors", [])]


def test_me_with_an_expired_token_reports_expired_signature():
    body = post(ME, headers=_expired(UserFactory())).json()

    assert body["data"] == {"me": None}
    assert _codes(body) == ["ExpiredSignatureError"]
    assert body["errors"][0]["message"] == "Signature has expired"


@pytest.mark.parametrize("kind", ["forged", "revoked", "refresh token", "deleted user"])
def test_me_with_an_invalid_token_reports_invalid_token(kind):
    user = UserFactory()
    token = tokens.access_token_encode(user=user)
    if kind == "forged":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif kind == "revoked":
        tokens_deactivate_all(user=user)
    elif kind == "refresh token":
        now = timezone.now()
        token = tokens.refresh_token_encode(
            user=user, jti="r", csrf_token="c", expires_at=now + timedelta(days=1), now=now
        )
    else:
        user.delete()

    body = post(ME, headers=bearer(token)).json()

    assert body["data"] == {"me": None}
    assert _codes(body) == ["InvalidTokenError"]


def test_a_field_needing_a_permission_reports_the_token_problem_instead_of_permission_denied():
    query = "query($id: ID!) { user(id: $id) { email } }"
    variables = {"id": tokens.user_global_id(UserFactory().pk)}
    staff = staff_user(PermissionCode.MANAGE_USERS)

    body = post(query, variables, headers=_expired(staff)).json()

    assert body["data"] == {"user": None}
    assert _codes(body) == ["ExpiredSignatureError"]
    assert _codes(post(query, variables).json()) == ["PermissionDenied"]  # anonymous, no token


def test_public_queries_answer_with_a_bad_token_as_for_anyone():
    body = post("{ shop { name } channels { slug } }", headers=_expired(UserFactory())).json()

    assert "errors" not in body
    assert body["data"]["shop"]["name"]


def test_a_valid_token_still_authenticates():
    user = UserFactory()

    body = post(ME, headers=bearer(user)).json()

    assert body == {"data": {"me": {"email": user.email}}, "extensions": body["extensions"]}


# --- types the storefront's fragments name ----------------------------------------------------------


def test_user_avatar_is_null_as_asal_keeps_no_avatars():
    user = UserFactory()

    body = post("{ me { avatar(size: 128, format: WEBP) { url alt } } }", headers=bearer(user)).json()

    assert body["data"] == {"me": {"avatar": None}}


def test_fragments_on_file_and_collection_reference_attributes_validate():
    document = parse(
        """query($slug: String!, $channel: String!) { product(slug: $slug, channel: $channel) {
          assignedAttributes { attribute { slug }
            ... on AssignedFileAttribute { value { url contentType } }
            ... on AssignedSingleCollectionReferenceAttribute { value { id slug name } }
          } } }"""
    )

    assert [error.message for error in validate(asal_schema._schema, document)] == []
