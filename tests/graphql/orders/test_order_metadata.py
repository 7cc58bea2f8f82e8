"""An order's metadata: public read by whoever holds its id, written by staff with MANAGE_ORDERS only."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db

UPDATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    errors { code } item { ... on Order { metadata { key value } } }
  }
}"""
READ = "query ($id: ID!) { order(id: $id) { metadata { key value } } }"
PRIVATE = "query ($id: ID!) { order(id: $id) { privateMetadata { key value } } }"


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def test_staff_write_an_orders_metadata_and_whoever_holds_its_id_reads_the_public_part(gql):
    buyer = UserFactory()
    order = order_placed(user=buyer)
    order_id = to_global_id("Order", order.pk)
    staff = staff_user(PermissionCode.MANAGE_ORDERS)

    written = gql(UPDATE, {"id": order_id, "input": [{"key": "gift", "value": "yes"}]}, headers=bearer(staff))
    refused = gql(UPDATE, {"id": order_id, "input": [{"key": "gift", "value": "no"}]}, headers=bearer(buyer))
    read = gql(READ, {"id": order_id})
    private = gql(PRIVATE, {"id": order_id}, headers=bearer(buyer))

    assert written["data"]["updateMetadata"]["item"]["metadata"] == [{"key": "gift", "value": "yes"}]
    assert _denied(refused)
    assert read["data"]["order"]["metadata"] == [{"key": "gift", "value": "yes"}]
    assert _denied(private)
