"""orderNoteAdd and orderNoteUpdate: staff notes kept as order events, the earlier text never lost."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.orders.choices import OrderEventType
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db

ADD = """mutation($order: ID!, $message: String!) {
  orderNoteAdd(order: $order, input: { message: $message }) {
    order { id events { type message } }
    event { id type message user { email } }
    errors { field code message }
  }
}"""
UPDATE = """mutation($note: ID!, $message: String!) {
  orderNoteUpdate(note: $note, input: { message: $message }) {
    order { id }
    event { id type message }
    errors { field code message }
  }
}"""


def _denied(body) -> bool:
    return any(
        (error.get("extensions") or {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in body.get("errors") or []
    )


def test_staff_add_a_note_and_update_it_keeping_both_texts(gql):
    order = order_placed()
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    order_id = to_global_id("Order", order.pk)

    added = gql(ADD, {"order": order_id, "message": "  Gift wrap, please.  "}, headers=bearer(staff))
    note_id = added["data"]["orderNoteAdd"]["event"]["id"]
    updated = gql(UPDATE, {"note": note_id, "message": "Gift wrap in batik."}, headers=bearer(staff))

    payload = added["data"]["orderNoteAdd"]
    assert payload["errors"] == []
    assert payload["event"] == {
        "id": note_id,
        "type": "NOTE_ADDED",
        "message": "Gift wrap, please.",
        "user": {"email": staff.email},
    }
    assert payload["order"]["events"][-1] == {"type": "NOTE_ADDED", "message": "Gift wrap, please."}
    result = updated["data"]["orderNoteUpdate"]
    assert result["errors"] == [] and result["order"]["id"] == order_id
    assert result["event"]["type"] == "NOTE_UPDATED" and result["event"]["message"] == "Gift wrap in batik."
    new = order.events.get(type=OrderEventType.NOTE_UPDATED)
    assert new.parameters["related_event_id"] == order.events.get(type=OrderEventType.NOTE_ADDED).pk
    assert list(
        AuditLogEntry.objects.filter(object_id=str(order.pk)).order_by("pk").values_list("action", flat=True)
    ) == [
        "order.note_added",
        "order.note_updated",
    ]
    assert AuditLogEntry.objects.get(action="order.note_updated").payload["message"] == {
        "before": "Gift wrap, please.",
        "after": "Gift wrap in batik.",
    }


@pytest.mark.parametrize("message", ["", "   \n"])
def test_an_empty_note_is_required(gql, message):
    order = order_placed()
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    body = gql(ADD, {"order": to_global_id("Order", order.pk), "message": message}, headers=headers)

    assert body["data"]["orderNoteAdd"]["errors"] == [
        {"field": "message", "code": "REQUIRED", "message": "Message can't be empty."}
    ]
    assert not order.events.filter(type=OrderEventType.NOTE_ADDED).exists()


def test_a_note_too_long_is_refused_cleanly(gql):
    order = order_placed()
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    body = gql(ADD, {"order": to_global_id("Order", order.pk), "message": "x" * 10_001}, headers=headers)

    assert [(e["field"], e["code"]) for e in body["data"]["orderNoteAdd"]["errors"]] == [
        ("message", "GRAPHQL_ERROR")
    ]
    assert not order.events.filter(type=OrderEventType.NOTE_ADDED).exists()


def test_an_unknown_order_or_an_event_that_is_no_note_is_refused(gql):
    order = order_placed()
    placed = order.events.get(type=OrderEventType.PLACED)
    headers = bearer(staff_user(PermissionCode.MANAGE_ORDERS))

    no_order = gql(
        ADD,
        {"order": to_global_id("Order", "00000000-0000-4000-8000-000000000000"), "message": "Hi"},
        headers=headers,
    )
    not_a_note = gql(
        UPDATE, {"note": to_global_id("OrderEvent", placed.pk), "message": "Hi"}, headers=headers
    )
    no_event = gql(UPDATE, {"note": to_global_id("OrderEvent", 10**9), "message": "Hi"}, headers=headers)
    wrong_type = gql(UPDATE, {"note": to_global_id("Order", order.pk), "message": "Hi"}, headers=headers)

    assert [(e["field"], e["code"]) for e in no_order["data"]["orderNoteAdd"]["errors"]] == [
        ("order", "GRAPHQL_ERROR")
    ]
    for body in (not_a_note, no_event):
        assert [(e["field"], e["code"]) for e in body["data"]["orderNoteUpdate"]["errors"]] == [
            ("note", "NOT_FOUND")
        ]
    assert wrong_type["data"]["orderNoteUpdate"]["errors"][0]["code"] == "GRAPHQL_ERROR"
    assert order.events.count() == 1 and placed.parameters == order.events.get().parameters


def test_callers_without_manage_orders_are_refused_and_nothing_is_written(gql):
    buyer = UserFactory()
    order = order_placed(user=buyer)
    staff = staff_user(PermissionCode.MANAGE_ORDERS)
    note_id = gql(
        ADD, {"order": to_global_id("Order", order.pk), "message": "Fragile"}, headers=bearer(staff)
    )["data"]["orderNoteAdd"]["event"]["id"]

    for headers in ({}, bearer(buyer), bearer(staff_user(PermissionCode.MANAGE_PRODUCTS))):
        added = gql(ADD, {"order": to_global_id("Order", order.pk), "message": "Mine"}, headers=headers)
        updated = gql(UPDATE, {"note": note_id, "message": "Mine"}, headers=headers)
        assert _denied(added) and added["data"]["orderNoteAdd"] is None
        assert _denied(updated) and updated["data"]["orderNoteUpdate"] is None

    assert list(order.events.filter(type__startswith="NOTE").values_list("parameters", flat=True)) == [
        {"message": "Fragile"}
    ]
    assert AuditLogEntry.objects.filter(action__startswith="order.note").count() == 1
