"""Metadata of vouchers, gift cards, pages, page types, menus and menu items (issue 12): staff of
the area write both kinds, private metadata is theirs only, and nobody else changes anything."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.permissions import PermissionCode
from storefront.content.menus import MenuItemFields
from storefront.content.models import MenuItem
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create
from tests.storefront.content.factories import menu, page, page_type
from tests.storefront.discounts.factories import gift_card_create, voucher_create

pytestmark = pytest.mark.django_db

UPDATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    errors { field code message }
    item { __typename metadata { key value } }
  } }"""
UPDATE_PRIVATE = """mutation($id: ID!, $input: [MetadataInput!]!) {
  updatePrivateMetadata(id: $id, input: $input) {
    errors { field code message }
    item { __typename privateMetadata { key value } }
  } }"""
PAGE = """query($id: ID!) { page(id: $id) { metadata { key value } privateMetadata { key } } }"""


def _objects():
    channel = channel_create()
    navbar = menu(MenuItemFields(name="Rattan"), slug="navbar")
    return {
        "Voucher": (voucher_create(channel, code="META"), PermissionCode.MANAGE_DISCOUNTS),
        "GiftCard": (gift_card_create(code="META-CARD"), PermissionCode.MANAGE_GIFT_CARD),
        "Page": (page(title="Loyok"), PermissionCode.MANAGE_PAGES),
        "PageType": (page_type("Village"), PermissionCode.MANAGE_PAGES),
        "Menu": (navbar, PermissionCode.MANAGE_MENUS),
        "MenuItem": (MenuItem.objects.get(menu=navbar), PermissionCode.MANAGE_MENUS),
    }


def test_staff_of_each_area_write_public_and_private_metadata(gql) -> None:
    for type_name, (instance, code) in _objects().items():
        object_id = to_global_id(type_name, instance.pk)
        headers = bearer(staff_user(code))
        public = gql(
            UPDATE, {"id": object_id, "input": [{"key": "fair", "value": "Jakarta"}]}, headers=headers
        )
        assert public["data"]["updateMetadata"]["errors"] == [], type_name
        assert public["data"]["updateMetadata"]["item"] == {
            "__typename": type_name,
            "metadata": [{"key": "fair", "value": "Jakarta"}],
        }
        private = gql(
            UPDATE_PRIVATE, {"id": object_id, "input": [{"key": "budget", "value": "5m"}]}, headers=headers
        )
        assert private["data"]["updatePrivateMetadata"]["item"]["privateMetadata"] == [
            {"key": "budget", "value": "5m"}
        ], type_name
        instance.refresh_from_db()
        assert (instance.metadata, instance.private_metadata) == ({"fair": "Jakarta"}, {"budget": "5m"})


def test_buyers_and_other_staff_change_nothing(gql) -> None:
    for type_name, (instance, _code) in _objects().items():
        object_id = to_global_id(type_name, instance.pk)
        for headers in (bearer(UserFactory()), bearer(staff_user(PermissionCode.MANAGE_ORDERS))):
            body = gql(UPDATE, {"id": object_id, "input": [{"key": "k", "value": "v"}]}, headers=headers)
            payload = (body.get("data") or {}).get("updateMetadata")
            refused = bool(body.get("errors")) or (payload and payload["errors"])
            assert refused and not (payload and payload["item"]), (type_name, body)
            body = gql(
                UPDATE_PRIVATE, {"id": object_id, "input": [{"key": "k", "value": "v"}]}, headers=headers
            )
            payload = (body.get("data") or {}).get("updatePrivateMetadata")
            assert bool(body.get("errors")) or (payload and payload["errors"]), (type_name, body)
        instance.refresh_from_db()
        assert (instance.metadata, instance.private_metadata) == ({}, {}), type_name


def test_a_buyer_reads_a_published_pages_public_metadata_not_its_private(gql) -> None:
    story = page(title="Care guide")
    story.metadata, story.private_metadata = {"hero": "ikat"}, {"note": "internal"}
    story.save(update_fields=["metadata", "private_metadata"])
    body = gql(PAGE, {"id": to_global_id("Page", story.pk)})
    assert body["data"]["page"] is None or body["data"]["page"]["privateMetadata"] is None
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    public = gql(
        """query($id: ID!) { page(id: $id) { metadata { key value } } }""",
        {"id": to_global_id("Page", story.pk)},
    )
    assert public["data"]["page"]["metadata"] == [{"key": "hero", "value": "ikat"}]
    staff = bearer(staff_user(PermissionCode.MANAGE_PAGES))
    assert gql(PAGE, {"id": to_global_id("Page", story.pk)}, headers=staff)["data"]["page"][
        "privateMetadata"
    ] == [{"key": "note"}]
    # An unpublished page is not found for a buyer writing to it.
    draft = page(title="Draft", published=False)
    body = gql(
        UPDATE,
        {"id": to_global_id("Page", draft.pk), "input": [{"key": "k", "value": "v"}]},
        headers=bearer(UserFactory()),
    )
    assert body["data"]["updateMetadata"]["errors"][0]["code"] == "NOT_FOUND"
