"""Saleor's metadata API (graphql_schema/core/metadata.py, metadata_mutations.py).

The four mutations are open at the root and refuse per object, with Saleor's rules for each
registered type; the ``ObjectWithMetadata`` fields read what the model holds.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from graphql_schema.core.metadata import metadata_owners
from graphql_schema.core.relay import to_global_id
from storefront.accounts import tokens
from storefront.accounts.models import Address
from storefront.accounts.permissions import PermissionCode
from tests.graphql.catalog.factories import ChannelFactory, full_product
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user

pytestmark = pytest.mark.django_db

ITEM = "item { __typename ... on ObjectWithMetadata { metadata { key value } } }"
UPDATE = f"""mutation($id: ID!, $input: [MetadataInput!]!) {{
  updateMetadata(id: $id, input: $input) {{ errors {{ field code message }} {ITEM} }} }}"""
DELETE = f"""mutation($id: ID!, $keys: [String!]!) {{
  deleteMetadata(id: $id, keys: $keys) {{ errors {{ field code message }} {ITEM} }} }}"""
UPDATE_PRIVATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updatePrivateMetadata(id: $id, input: $input) {
    errors { field code message } item { privateMetadata { key value } } } }"""
DELETE_PRIVATE = """mutation($id: ID!, $keys: [String!]!) {
  deletePrivateMetadata(id: $id, keys: $keys) {
    errors { field code message } item { privateMetadata { key value } } } }"""


def _items(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in values.items()]


def _denied(body: dict) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def user_id(user) -> str:
    return to_global_id("User", user.pk)


# --- users --------------------------------------------------------------------------------------


def test_a_buyer_writes_and_reads_their_own_public_metadata(gql):
    buyer = UserFactory()

    body = gql(UPDATE, {"id": user_id(buyer), "input": _items({"newsletter": "yes"})}, headers=bearer(buyer))

    assert body["data"]["updateMetadata"] == {
        "errors": [],
        "item": {"__typename": "User", "metadata": [{"key": "newsletter", "value": "yes"}]},
    }
    me = gql(
        '{ me { metadata { key value } metafield(key: "newsletter") metafields(keys: ["newsletter", "x"]) '
        'missing: metafield(key: "x") } }',
        headers=bearer(buyer),
    )["data"]["me"]
    assert me == {
        "metadata": [{"key": "newsletter", "value": "yes"}],
        "metafield": "yes",
        "metafields": {"newsletter": "yes"},
        "missing": None,
    }


def test_a_buyer_cannot_write_another_users_metadata(gql):
    buyer, other = UserFactory(), UserFactory(metadata={"a": "1"})

    body = gql(UPDATE, {"id": user_id(other), "input": _items({"a": "2"})}, headers=bearer(buyer))

    assert _denied(body)
    other.refresh_from_db()
    assert other.metadata == {"a": "1"}


def test_anonymous_callers_are_refused(gql):
    other = UserFactory()

    assert _denied(gql(UPDATE, {"id": user_id(other), "input": _items({"a": "2"})}))


@pytest.mark.parametrize(
    ("target_is_staff", "permission", "allowed"),
    [
        (False, PermissionCode.MANAGE_USERS, True),
        (False, PermissionCode.MANAGE_STAFF, False),
        (True, PermissionCode.MANAGE_STAFF, True),
        (True, PermissionCode.MANAGE_USERS, False),
    ],
)
def test_customers_need_manage_users_and_staff_accounts_manage_staff(
    gql, target_is_staff, permission, allowed
):
    target = UserFactory(is_staff=target_is_staff)
    caller = staff_user(permission)

    public = gql(UPDATE, {"id": user_id(target), "input": _items({"k": "v"})}, headers=bearer(caller))
    private = gql(
        UPDATE_PRIVATE, {"id": user_id(target), "input": _items({"p": "v"})}, headers=bearer(caller)
    )

    assert _denied(public) is not allowed
    assert _denied(private) is not allowed
    target.refresh_from_db()
    assert (target.metadata, target.private_metadata) == (({"k": "v"}, {"p": "v"}) if allowed else ({}, {}))


def test_a_user_may_not_read_or_write_their_own_private_metadata(gql):
    buyer = UserFactory(private_metadata={"risk": "low"})

    read = gql("{ me { privateMetadata { key } } }", headers=bearer(buyer))
    write = gql(
        UPDATE_PRIVATE, {"id": user_id(buyer), "input": _items({"risk": "none"})}, headers=bearer(buyer)
    )

    assert _denied(read) and _denied(write)
    buyer.refresh_from_db()
    assert buyer.private_metadata == {"risk": "low"}


def test_staff_read_a_customers_private_metadata(gql):
    customer = UserFactory(private_metadata={"risk": "low"})
    query = (
        'query($id: ID!) { user(id: $id) { privateMetadata { key value } privateMetafield(key: "risk") } }'
    )

    body = gql(query, {"id": user_id(customer)}, headers=bearer(staff_user(PermissionCode.MANAGE_USERS)))

    assert body["data"]["user"] == {
        "privateMetadata": [{"key": "risk", "value": "low"}],
        "privateMetafield": "low",
    }


def test_delete_metadata_and_private_metadata(gql):
    customer = UserFactory(metadata={"a": "1", "b": "2"}, private_metadata={"c": "3"})
    manager = bearer(staff_user(PermissionCode.MANAGE_USERS))

    public = gql(DELETE, {"id": user_id(customer), "keys": ["a", "zzz"]}, headers=manager)
    private = gql(DELETE_PRIVATE, {"id": user_id(customer), "keys": ["c"]}, headers=manager)

    assert public["data"]["deleteMetadata"]["item"]["metadata"] == [{"key": "b", "value": "2"}]
    assert private["data"]["deletePrivateMetadata"]["item"]["privateMetadata"] == []


def test_an_expired_session_is_reported_not_refused(gql):
    buyer = UserFactory()
    expired = tokens.access_token_encode(user=buyer, now=timezone.now() - timedelta(hours=1))

    body = gql(UPDATE, {"id": user_id(buyer), "input": _items({"a": "1"})}, headers=bearer(expired))

    assert body["errors"][0]["extensions"]["exception"]["code"] == "ExpiredSignatureError"


# --- addresses ----------------------------------------------------------------------------------


def test_an_address_owner_writes_its_public_metadata_and_others_may_not(gql):
    owner, stranger = UserFactory(), UserFactory()
    address = Address.objects.create(user=owner, country="DE", city="Berlin")
    variables = {"id": to_global_id("Address", address.pk), "input": _items({"door": "blue"})}

    assert _denied(gql(UPDATE, variables, headers=bearer(stranger)))
    assert _denied(gql(UPDATE, variables))
    body = gql(UPDATE, variables, headers=bearer(owner))

    assert body["data"]["updateMetadata"]["item"] == {
        "__typename": "Address",
        "metadata": [{"key": "door", "value": "blue"}],
    }
    assert _denied(gql(UPDATE_PRIVATE, variables, headers=bearer(owner)))
    staff = gql(UPDATE_PRIVATE, variables, headers=bearer(staff_user(PermissionCode.MANAGE_USERS)))
    assert staff["data"]["updatePrivateMetadata"]["item"]["privateMetadata"] == [
        {"key": "door", "value": "blue"}
    ]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("object_id", "code"),
    [
        (to_global_id("User", 987654), "NOT_FOUND"),
        (to_global_id("User", "not-a-number"), "NOT_FOUND"),
        ("not base64 at all", "NOT_FOUND"),
        ("0b6c3c5e-6f7a-4a8e-9d7c-5b8f2f6a1c11", "NOT_FOUND"),
        (to_global_id("Warehouse", 1), "INVALID"),
    ],
    ids=["no such user", "bad key", "garbage", "unknown token", "type without metadata"],
)
def test_an_id_that_names_nothing_writable_is_an_error_in_the_payload(gql, object_id, code):
    body = gql(UPDATE, {"id": object_id, "input": _items({"a": "1"})}, headers=bearer(UserFactory()))

    assert "errors" not in body
    assert body["data"]["updateMetadata"]["errors"][0]["code"] == code
    assert body["data"]["updateMetadata"]["errors"][0]["field"] == "id"
    assert body["data"]["updateMetadata"]["item"] is None


def test_bad_keys_are_errors_in_the_payload_and_nothing_is_written(gql):
    buyer = UserFactory()

    body = gql(
        UPDATE,
        {"id": user_id(buyer), "input": _items({"fine": "ok", "": "x", "k": "\x1b"})},
        headers=bearer(buyer),
    )

    assert [error["code"] for error in body["data"]["updateMetadata"]["errors"]] == ["REQUIRED", "INVALID"]
    buyer.refresh_from_db()
    assert buyer.metadata == {}


# --- types that show the interface without storing metadata -----------------------------------------


def test_the_catalogue_shows_empty_metadata_and_guards_private_metadata(gql):
    channel = ChannelFactory()
    product = full_product(channel)
    query = f'{{ product(slug: "{product.slug}", channel: "{channel.slug}") {{ metadata {{ key }} %s }} }}'

    public = gql(query % 'metafield(key: "x") metafields')
    private_anonymous = gql(query % "privateMetadata { key }")
    private_staff = gql(
        query % "privateMetadata { key }", headers=bearer(staff_user(PermissionCode.MANAGE_PRODUCTS))
    )

    assert public["data"]["product"] == {"metadata": [], "metafield": None, "metafields": {}}
    assert _denied(private_anonymous)
    assert private_staff["data"]["product"] == {"metadata": [], "privateMetadata": []}


def test_the_registered_types_are_the_ones_whose_models_store_metadata():
    for owner in metadata_owners():
        fields = {field.name for field in owner.model._meta.get_fields()}
        assert {"metadata", "private_metadata"} <= fields, owner.type_name
