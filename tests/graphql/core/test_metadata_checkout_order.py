"""Metadata of checkouts and orders, with Saleor's rules and the storefront's own document.

A checkout's public metadata is written by whoever reaches it (a guest's by the holder of its
token, a signed-in buyer's by that buyer; anyone else needs MANAGE_CHECKOUTS), private metadata by
MANAGE_CHECKOUTS. An order's metadata, public and private, by MANAGE_ORDERS.
"""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.lines import LineInput
from storefront.checkout.models import Checkout
from storefront.checkout.services import checkout_create
from tests.graphql.compat.storefront import operation_text
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db

PRIVATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updatePrivateMetadata(id: $id, input: $input) {
    errors { code } item { privateMetadata { key value } } } }"""
READ_CHECKOUT = """query($id: ID!) { checkout(id: $id) {
  metadata { key value } metafield(key: "consent") } }"""
UPDATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    errors { code field } item { __typename metadata { key value } } } }"""


def _consent(value: str = "yes") -> list[dict[str, str]]:
    return [{"key": "consent", "value": value}]


def _denied(body: dict) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


@pytest.fixture
def channel():
    return channel_create()


def test_the_storefronts_checkout_metadata_update_stores_the_guests_consent(gql, channel):
    checkout = checkout_create(channel=channel, email="guest@example.com")
    checkout_id = to_global_id("Checkout", checkout.token)

    body = gql(operation_text("CheckoutMarketingConsent"), {"id": checkout_id, "input": _consent()})

    assert body["data"]["updateMetadata"] == {"errors": [], "item": {"id": checkout_id}}
    checkout.refresh_from_db()
    assert checkout.metadata == {"consent": "yes"}
    read = gql(READ_CHECKOUT, {"id": checkout_id})["data"]["checkout"]
    assert read == {"metadata": [{"key": "consent", "value": "yes"}], "metafield": "yes"}


def test_a_bare_checkout_token_names_the_checkout(gql, channel):
    checkout = checkout_create(channel=channel)

    body = gql(UPDATE, {"id": str(checkout.token), "input": _consent("no")})

    assert body["data"]["updateMetadata"]["item"] == {
        "__typename": "Checkout",
        "metadata": [{"key": "consent", "value": "no"}],
    }


def test_a_buyers_checkout_metadata_is_refused_to_anyone_else(gql, channel):
    buyer = UserFactory()
    checkout = checkout_create(channel=channel, user=buyer)
    variables = {"id": to_global_id("Checkout", checkout.token), "input": _consent()}

    # As the checkout's own lookups answer: someone else's checkout is not found (its existence is
    # not told), and nothing is written.
    for headers in ({}, bearer(UserFactory())):
        refused = gql(UPDATE, variables, headers=headers)["data"]["updateMetadata"]
        assert refused == {"errors": [{"code": "NOT_FOUND", "field": "id"}], "item": None}
    assert Checkout.objects.get(pk=checkout.pk).metadata == {}

    mine = gql(UPDATE, variables, headers=bearer(buyer))
    assert mine["data"]["updateMetadata"]["errors"] == []


def test_a_checkouts_private_metadata_needs_manage_checkouts(gql, channel):
    checkout = checkout_create(channel=channel)
    variables = {"id": to_global_id("Checkout", checkout.token), "input": [{"key": "fraud", "value": "low"}]}

    assert _denied(gql(PRIVATE, variables))
    assert _denied(gql(PRIVATE, variables, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS))))
    allowed = gql(PRIVATE, variables, headers=bearer(staff_user(PermissionCode.MANAGE_CHECKOUTS)))

    assert allowed["data"]["updatePrivateMetadata"]["item"]["privateMetadata"] == [
        {"key": "fraud", "value": "low"}
    ]
    assert _denied(
        gql("query($id: ID!) { checkout(id: $id) { privateMetadata { key } } }", {"id": variables["id"]})
    )


def test_an_orders_metadata_needs_manage_orders(gql):
    buyer = UserFactory()
    order = order_placed(user=buyer)
    variables = {"id": to_global_id("Order", order.pk), "input": [{"key": "erp", "value": "SO-1"}]}

    assert _denied(gql(UPDATE, variables))
    assert _denied(gql(UPDATE, variables, headers=bearer(buyer)))
    assert _denied(gql(PRIVATE, variables, headers=bearer(buyer)))
    manager = bearer(staff_user(PermissionCode.MANAGE_ORDERS))
    public = gql(UPDATE, variables, headers=manager)
    private = gql(PRIVATE, {"id": str(order.pk), "input": variables["input"]}, headers=manager)

    assert public["data"]["updateMetadata"]["item"] == {
        "__typename": "Order",
        "metadata": [{"key": "erp", "value": "SO-1"}],
    }
    assert private["data"]["updatePrivateMetadata"]["item"]["privateMetadata"] == [
        {"key": "erp", "value": "SO-1"}
    ]
    order.refresh_from_db()
    assert (order.metadata, order.private_metadata) == ({"erp": "SO-1"}, {"erp": "SO-1"})


def test_an_order_lines_metadata_is_written_by_manage_orders(gql):
    order = order_placed()
    line = order.lines.get()
    variables = {"id": to_global_id("OrderLine", line.pk), "input": [{"key": "gift", "value": "wrap"}]}

    assert _denied(gql(UPDATE, variables))
    body = gql(UPDATE, variables, headers=bearer(staff_user(PermissionCode.MANAGE_ORDERS)))

    assert body["data"]["updateMetadata"]["item"] == {
        "__typename": "OrderLine",
        "metadata": [{"key": "gift", "value": "wrap"}],
    }


def test_a_checkout_lines_public_metadata_follows_its_checkout(gql, channel):
    variant = product_create(channel)
    checkout = checkout_create(channel=channel, lines=[LineInput(variant_id=variant.pk, quantity=1)])
    line = checkout.lines.get()
    variables = {
        "id": to_global_id("CheckoutLine", line.pk),
        "input": [{"key": "engraving", "value": "S.A."}],
    }

    body = gql(UPDATE, variables)

    assert body["data"]["updateMetadata"]["item"] == {
        "__typename": "CheckoutLine",
        "metadata": [{"key": "engraving", "value": "S.A."}],
    }
    assert _denied(gql(PRIVATE, variables))
