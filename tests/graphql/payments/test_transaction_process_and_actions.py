"""transactionProcess (the transaction's id is enough, as in Saleor) and staff's transactionRequestAction."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction, TransactionEvent
from storefront.accounts.permissions import PermissionCode
from tests.graphql.payments.conftest import ACTION, INITIALIZE, PROCESS, dummy
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import product_create
from tests.storefront.orders.checkouts import checkout_ready

pytestmark = pytest.mark.django_db


def _started(gql, checkout_id: str, event_type: str) -> dict:
    payload = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy(event_type)})["data"][
        "transactionInitialize"
    ]
    assert payload["errors"] == []
    return payload["transaction"]


def _process(gql, variables: dict, headers: dict | None = None) -> dict:
    body = gql(PROCESS, variables, headers=headers)
    assert "errors" not in body, body["errors"]
    return body["data"]["transactionProcess"]


def _act(gql, variables: dict, headers: dict | None = None) -> dict:
    body = gql(ACTION, variables, headers=headers)
    assert "errors" not in body, body["errors"]
    return body["data"]["transactionRequestAction"]


@pytest.fixture
def handler() -> dict:
    return bearer(staff_user(PermissionCode.HANDLE_PAYMENTS))


def test_processing_records_what_the_browser_did(gql, checkout_id):
    started = _started(gql, checkout_id, "CHARGE_ACTION_REQUIRED")

    processed = _process(gql, {"id": started["id"], "data": dummy()["data"]})

    assert processed["errors"] == []
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["transaction"]["chargedAmount"]["amount"] == 45.0
    assert processed["transaction"]["id"] == started["id"]


@pytest.mark.parametrize("form", ["token", "bare id"])
def test_a_transaction_is_also_named_by_its_token(gql, checkout_id, form):
    started = _started(gql, checkout_id, "CHARGE_ACTION_REQUIRED")
    token = str(Transaction.objects.get().pk)

    variables = {"token": token} if form == "token" else {"id": token}
    processed = _process(gql, {**variables, "data": dummy()["data"]})

    assert processed["errors"] == [] and processed["transaction"]["id"] == started["id"]


def test_a_stranger_holding_the_transaction_id_may_process_it(gql, channel):
    """Saleor's rule: the transaction's id is an unguessable credential of its own."""
    owner = UserFactory()
    checkout = checkout_ready(channel, [(product_create(channel), 1)], user=owner)
    started = gql(
        INITIALIZE,
        {"id": to_global_id("Checkout", checkout.pk), "gateway": dummy("CHARGE_ACTION_REQUIRED")},
        headers=bearer(owner),
    )["data"]["transactionInitialize"]["transaction"]

    processed = _process(gql, {"id": started["id"], "data": dummy()["data"]}, headers=bearer(UserFactory()))

    assert processed["errors"] == []
    assert processed["transaction"]["chargedAmount"]["amount"] > 0
    # ...but the buyer's checkout stays hidden from them.
    assert processed["transaction"]["checkout"] is None


def test_processing_a_paid_transaction_again_is_refused(gql, checkout_id):
    started = _started(gql, checkout_id, "CHARGE_SUCCESS")

    processed = _process(gql, {"id": started["id"], "data": dummy()["data"]})

    assert [(e["field"], e["code"]) for e in processed["errors"]] == [("id", "TRANSACTION_ALREADY_PROCESSED")]
    assert TransactionEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({}, "id", "INVALID"),
        ({"id": to_global_id("TransactionItem", "00000000-0000-4000-8000-000000000000")}, "id", "NOT_FOUND"),
        ({"token": "00000000-0000-4000-8000-000000000000"}, "token", "NOT_FOUND"),
        ({"id": to_global_id("Checkout", "00000000-0000-4000-8000-000000000000")}, "id", "GRAPHQL_ERROR"),
        ({"id": to_global_id("TransactionItem", "x")}, "id", "GRAPHQL_ERROR"),
        ({"id": "%%%"}, "id", "GRAPHQL_ERROR"),
    ],
)
def test_process_refusals(gql, variables, field, code):
    processed = _process(gql, {**variables, "data": dummy()["data"]})

    assert [(e["field"], e["code"]) for e in processed["errors"]] == [(field, code)]
    assert processed["transaction"] is None


@pytest.mark.parametrize("data", [None, [1, 2], "text", {"event": {"type": "NOPE"}}])
def test_process_with_data_the_gateway_cannot_use_changes_nothing(gql, checkout_id, data):
    started = _started(gql, checkout_id, "CHARGE_ACTION_REQUIRED")

    processed = _process(gql, {"id": started["id"], "data": data})

    assert [e["code"] for e in processed["errors"]] == ["INVALID"]
    assert TransactionEvent.objects.count() == 1


def test_a_buyer_may_not_give_an_ip_address_to_process(gql, checkout_id):
    started = _started(gql, checkout_id, "CHARGE_ACTION_REQUIRED")

    body = gql(PROCESS, {"id": started["id"], "data": dummy()["data"], "ip": "192.0.2.1"})

    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert TransactionEvent.objects.count() == 1


# --- transactionRequestAction ---------------------------------------------------------------------


def test_staff_refund_part_then_the_rest(gql, checkout_id, handler):
    started = _started(gql, checkout_id, "CHARGE_SUCCESS")

    part = _act(gql, {"id": started["id"], "type": "REFUND", "amount": "10"}, headers=handler)
    rest = _act(gql, {"id": started["id"], "type": "REFUND"}, headers=handler)

    assert part["errors"] == [] and rest["errors"] == []
    assert part["transaction"]["refundedAmount"]["amount"] == 10.0
    assert part["transaction"]["chargedAmount"]["amount"] == 35.0
    assert rest["transaction"]["refundedAmount"]["amount"] == 45.0
    assert rest["transaction"]["chargedAmount"]["amount"] == 0.0
    assert rest["transaction"]["actions"] == []
    row = Transaction.objects.get()
    assert row.events.filter(type="REFUND_REQUEST").first().created_by.startswith("user:")


def test_staff_capture_an_authorisation(gql, checkout_id, handler):
    started = _started(gql, checkout_id, "AUTHORIZATION_SUCCESS")

    captured = _act(gql, {"id": started["id"], "type": "CHARGE"}, headers=handler)

    assert captured["errors"] == []
    assert captured["transaction"]["chargedAmount"]["amount"] == 45.0
    assert captured["transaction"]["authorizedAmount"]["amount"] == 0.0
    assert captured["transaction"]["actions"] == ["REFUND"]


def test_staff_cancel_an_authorisation(gql, checkout_id, handler):
    started = _started(gql, checkout_id, "AUTHORIZATION_SUCCESS")

    canceled = _act(gql, {"id": started["id"], "type": "CANCEL"}, headers=handler)

    assert canceled["transaction"]["canceledAmount"]["amount"] == 45.0
    assert canceled["transaction"]["authorizedAmount"]["amount"] == 0.0


@pytest.mark.parametrize(
    ("action", "amount", "field", "code"),
    [
        ("REFUND", "45.01", "amount", "INVALID"),
        ("REFUND", "0", "amount", "INVALID"),
        ("REFUND", "1.001", "amount", "INVALID"),
        ("CHARGE", None, "amount", "INVALID"),  # nothing authorised to capture
        ("CANCEL", None, "amount", "INVALID"),
    ],
)
def test_action_refusals_write_nothing(gql, checkout_id, handler, action, amount, field, code):
    started = _started(gql, checkout_id, "CHARGE_SUCCESS")

    refused = _act(gql, {"id": started["id"], "type": action, "amount": amount}, headers=handler)

    assert [(e["field"], e["code"]) for e in refused["errors"]] == [(field, code)]
    assert TransactionEvent.objects.count() == 1


def test_an_unknown_transaction_is_not_found_for_staff(gql, handler):
    refused = _act(gql, {"token": "00000000-0000-4000-8000-000000000000", "type": "REFUND"}, headers=handler)

    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("token", "NOT_FOUND")]


@pytest.mark.parametrize("who", ["anonymous", "buyer", "staff without HANDLE_PAYMENTS"])
def test_only_handle_payments_may_request_an_action(gql, checkout_id, who):
    started = _started(gql, checkout_id, "CHARGE_SUCCESS")
    headers = {
        "anonymous": {},
        "buyer": bearer(UserFactory()),
        "staff without HANDLE_PAYMENTS": bearer(staff_user(PermissionCode.MANAGE_ORDERS)),
    }[who]

    body = gql(ACTION, {"id": started["id"], "type": "REFUND"}, headers=headers)

    assert body["data"]["transactionRequestAction"] is None
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert TransactionEvent.objects.count() == 1


def test_a_refund_reason_page_is_not_found(gql, checkout_id, handler):
    started = _started(gql, checkout_id, "CHARGE_SUCCESS")
    query = ACTION.replace("$amount: PositiveDecimal)", "$amount: PositiveDecimal, $page: ID)").replace(
        "amount: $amount)", 'amount: $amount, refundReason: "damaged", refundReasonReference: $page)'
    )

    body = gql(query, {"id": started["id"], "type": "REFUND", "page": "UGFnZTox"}, headers=handler)

    errors = body["data"]["transactionRequestAction"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("refundReasonReference", "NOT_FOUND")]
    assert TransactionEvent.objects.count() == 1
