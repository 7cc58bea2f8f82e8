"""transactionInitialize and paymentGatewayInitialize through the API, with the dummy gateway."""

from __future__ import annotations

import pytest

from graphql_schema.core.relay import to_global_id
from payments.models import Transaction, TransactionEvent
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel
from tests.graphql.payments.conftest import DUMMY, GATEWAYS, INITIALIZE, dummy
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_ready
from tests.storefront.orders.factories import order_placed

pytestmark = pytest.mark.django_db


def _pay(gql, variables: dict, headers: dict | None = None) -> dict:
    body = gql(INITIALIZE, variables, headers=headers)
    assert "errors" not in body, body["errors"]
    return body["data"]["transactionInitialize"]


def test_a_charge_pays_the_whole_checkout(gql, checkout, checkout_id):
    payload = _pay(gql, {"id": checkout_id, "gateway": dummy()})

    assert payload["errors"] == []
    row = Transaction.objects.get()
    transaction = payload["transaction"]
    assert transaction["id"] == to_global_id("TransactionItem", row.pk)
    assert transaction["token"] == str(row.pk)
    assert transaction["name"] == "Dummy payment app"
    assert transaction["pspReference"] == row.psp_reference != ""
    assert transaction["chargedAmount"] == {"amount": 45.0, "currency": "USD"}
    assert transaction["authorizedAmount"] == {"amount": 0.0, "currency": "USD"}
    assert transaction["actions"] == ["REFUND"]
    assert [event["type"] for event in transaction["events"]] == ["CHARGE_SUCCESS"]
    assert transaction["checkout"] == {"id": checkout_id, "chargeStatus": "FULL", "authorizeStatus": "FULL"}
    assert transaction["order"] is None
    event = payload["transactionEvent"]
    assert event["type"] == "CHARGE_SUCCESS"
    assert event["id"] == to_global_id("TransactionEvent", TransactionEvent.objects.get().pk)
    assert event["amount"] == {"amount": 45.0, "currency": "USD"}
    assert payload["data"] is None


def test_an_authorisation_leaves_the_capture_and_cancel_to_staff(gql, checkout_id):
    payload = _pay(gql, {"id": checkout_id, "gateway": dummy("AUTHORIZATION_SUCCESS")})

    transaction = payload["transaction"]
    assert transaction["authorizedAmount"]["amount"] == 45.0
    assert transaction["chargedAmount"]["amount"] == 0.0
    assert transaction["actions"] == ["CHARGE", "CANCEL"]
    assert transaction["checkout"]["authorizeStatus"] == "FULL"
    assert transaction["checkout"]["chargeStatus"] == "NONE"


def test_a_declined_charge_is_an_event_not_an_error(gql, checkout_id):
    payload = _pay(gql, {"id": checkout_id, "gateway": dummy("CHARGE_FAILURE")})

    assert payload["errors"] == []
    assert payload["transactionEvent"]["type"] == "CHARGE_FAILURE"
    assert payload["transaction"]["chargedAmount"]["amount"] == 0.0
    assert payload["transaction"]["checkout"]["chargeStatus"] == "NONE"


def test_a_partial_amount_leaves_the_rest_to_pay(gql, checkout_id):
    payload = _pay(gql, {"id": checkout_id, "gateway": dummy(), "amount": "20.5"})

    assert payload["transaction"]["chargedAmount"]["amount"] == 20.5
    assert payload["transaction"]["checkout"]["chargeStatus"] == "PARTIAL"
    rest = _pay(gql, {"id": checkout_id, "gateway": dummy()})
    assert rest["transaction"]["chargedAmount"]["amount"] == 24.5
    assert rest["transaction"]["checkout"]["chargeStatus"] == "FULL"


def test_the_same_idempotency_key_starts_no_second_payment(gql, checkout_id):
    first = _pay(gql, {"id": checkout_id, "gateway": dummy(), "key": "pay-1"})
    again = _pay(gql, {"id": checkout_id, "gateway": dummy(), "key": "pay-1"})

    assert again["errors"] == []
    assert again["transaction"]["id"] == first["transaction"]["id"]
    assert Transaction.objects.count() == 1 and TransactionEvent.objects.count() == 1


def test_a_key_reused_for_another_amount_is_unique(gql, checkout_id):
    _pay(gql, {"id": checkout_id, "gateway": dummy(), "key": "pay-1", "amount": "10"})

    payload = _pay(gql, {"id": checkout_id, "gateway": dummy(), "key": "pay-1", "amount": "11"})

    assert payload["errors"] == [
        {"field": "idempotencyKey", "code": "UNIQUE", "message": payload["errors"][0]["message"]}
    ]
    assert Transaction.objects.count() == 1


def test_nothing_left_to_pay_is_invalid(gql, checkout_id):
    _pay(gql, {"id": checkout_id, "gateway": dummy()})

    payload = _pay(gql, {"id": checkout_id, "gateway": dummy()})

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("amount", "INVALID")]
    assert payload["transaction"] is None
    assert Transaction.objects.count() == 1


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"gateway": {"id": "mirumee.payments.stripe"}}, "paymentGateway", "NOT_FOUND"),
        ({"gateway": {"id": DUMMY, "data": {"event": {"type": "REFUND_SUCCESS"}}}}, "data", "INVALID"),
        ({"gateway": {"id": DUMMY}}, "data", "INVALID"),
        ({"gateway": {"id": DUMMY, "data": ["a list"]}}, "paymentGateway", "INVALID"),
        ({"amount": "0"}, "amount", "INVALID"),
        ({"amount": "10.001"}, "amount", "INVALID"),
        ({"amount": "1e16"}, "amount", "INVALID"),
        ({"key": ""}, "idempotencyKey", "INVALID"),
        ({"key": "x" * 513}, "idempotencyKey", "INVALID"),
    ],
)
def test_refused_input_writes_nothing(gql, checkout_id, variables, field, code):
    payload = _pay(gql, {"id": checkout_id, "gateway": dummy(), **variables})

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert payload["transaction"] is None
    assert not Transaction.objects.exists() and not TransactionEvent.objects.exists()


@pytest.mark.parametrize("key", ["nul\x00key", "\ud800"])
def test_a_key_no_text_column_can_hold_is_refused_before_anything_runs(gql, checkout_id, key):
    body = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy(), "key": key})

    assert body.get("data") is None
    assert body["errors"]
    assert not Transaction.objects.exists()


def test_a_jpy_amount_with_sen_is_invalid(gql):
    channel = channel_create("jp-jpy", "JPY", shipping_price="500")
    checkout = checkout_ready(channel, [(product_create(channel, price="3800"), 1)])
    checkout_id = to_global_id("Checkout", checkout.pk)

    refused = _pay(gql, {"id": checkout_id, "gateway": dummy(), "amount": "100.5"})
    paid = _pay(gql, {"id": checkout_id, "gateway": dummy(), "amount": "4300"})

    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("amount", "INVALID")]
    assert paid["transaction"]["chargedAmount"] == {"amount": 4300.0, "currency": "JPY"}
    assert paid["transaction"]["checkout"]["chargeStatus"] == "FULL"


@pytest.mark.parametrize(
    ("checkout_ref", "code"),
    [
        (to_global_id("Checkout", "00000000-0000-4000-8000-000000000000"), "NOT_FOUND"),
        (to_global_id("Checkout", "not-a-uuid"), "GRAPHQL_ERROR"),
        (to_global_id("Product", 1), "GRAPHQL_ERROR"),
        ("not base64!", "GRAPHQL_ERROR"),
    ],
)
def test_an_unknown_or_malformed_id_is_refused_on_id(gql, checkout_ref, code):
    payload = _pay(gql, {"id": checkout_ref, "gateway": dummy()})

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", code)]


def test_a_buyers_checkout_cannot_be_paid_by_anyone_else(gql, channel):
    owner = UserFactory()
    checkout = checkout_ready(channel, [(product_create(channel), 1)], user=owner)
    checkout_id = to_global_id("Checkout", checkout.pk)

    stranger = _pay(gql, {"id": checkout_id, "gateway": dummy()}, headers=bearer(UserFactory()))
    anonymous = _pay(gql, {"id": checkout_id, "gateway": dummy()})
    own = _pay(gql, {"id": checkout_id, "gateway": dummy()}, headers=bearer(owner))

    assert [e["code"] for e in stranger["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in anonymous["errors"]] == ["NOT_FOUND"]
    assert own["errors"] == [] and own["transaction"]["checkout"]["chargeStatus"] == "FULL"
    assert Transaction.objects.count() == 1


def test_a_gateway_the_channel_does_not_enable_is_not_found(gql, channel, checkout_id):
    Channel.objects.filter(pk=channel.pk).update(payment_gateways=["saleor.app.payment.stripe"])

    payload = _pay(gql, {"id": checkout_id, "gateway": dummy()})

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("paymentGateway", "NOT_FOUND")]
    assert not Transaction.objects.exists()


def test_an_order_is_paid_by_whoever_holds_its_id(gql):
    order = order_placed()

    payload = _pay(gql, {"id": to_global_id("Order", order.pk), "gateway": dummy()})

    assert payload["errors"] == []
    assert payload["transaction"]["order"] == {"id": to_global_id("Order", order.pk)}
    assert payload["transaction"]["chargedAmount"]["amount"] == float(order.total_gross_amount)
    order.refresh_from_db()
    assert (order.charge_status, order.is_paid) == ("FULL", True)


def test_a_buyer_may_not_choose_the_flow_or_give_an_ip_address(gql, checkout_id):
    for variables in ({"action": "AUTHORIZATION"}, {"ip": "192.0.2.1"}):
        body = gql(INITIALIZE, {"id": checkout_id, "gateway": dummy(), **variables})

        assert body["data"]["transactionInitialize"] is None
        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not Transaction.objects.exists()


def test_an_app_with_handle_payments_chooses_the_flow(gql, checkout_id):
    staff = staff_user(PermissionCode.HANDLE_PAYMENTS)

    payload = _pay(
        gql,
        {
            "id": checkout_id,
            "gateway": dummy("AUTHORIZATION_SUCCESS"),
            "action": "AUTHORIZATION",
            "ip": "2001:db8::1",
        },
        headers=bearer(staff),
    )

    assert payload["errors"] == []
    assert Transaction.objects.get().action == "AUTHORIZATION"


def test_a_bad_ip_address_is_invalid(gql, checkout_id):
    staff = staff_user(PermissionCode.HANDLE_PAYMENTS)

    payload = _pay(gql, {"id": checkout_id, "gateway": dummy(), "ip": "999.1.1.1"}, headers=bearer(staff))

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("customerIpAddress", "INVALID")]
    assert not Transaction.objects.exists()


# --- paymentGatewayInitialize ---------------------------------------------------------------------


def test_every_available_gateway_is_initialised_when_none_is_named(gql, checkout_id):
    body = gql(GATEWAYS, {"id": checkout_id})

    payload = body["data"]["paymentGatewayInitialize"]
    assert payload["errors"] == []
    assert payload["gatewayConfigs"] == [{"id": DUMMY, "data": {}, "errors": []}]


def test_an_unavailable_gateway_gets_its_own_error(gql, checkout_id):
    body = gql(
        GATEWAYS, {"id": checkout_id, "gateways": [{"id": DUMMY}, {"id": "saleor.app.payment.stripe"}]}
    )

    configs = body["data"]["paymentGatewayInitialize"]["gatewayConfigs"]
    assert configs[0] == {"id": DUMMY, "data": {}, "errors": []}
    assert configs[1]["id"] == "saleor.app.payment.stripe"
    assert configs[1]["data"] is None
    assert [(e["field"], e["code"]) for e in configs[1]["errors"]] == [("id", "NOT_FOUND")]
    assert body["data"]["paymentGatewayInitialize"]["errors"] == []


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"id": to_global_id("Checkout", "00000000-0000-4000-8000-000000000000")}, "id", "NOT_FOUND"),
        ({"id": to_global_id("Product", 1)}, "id", "GRAPHQL_ERROR"),
        ({"amount": "1.001"}, "amount", "INVALID"),
    ],
)
def test_gateway_initialisation_refusals(gql, checkout_id, variables, field, code):
    body = gql(GATEWAYS, {"id": checkout_id, **variables})

    payload = body["data"]["paymentGatewayInitialize"]
    assert payload["gatewayConfigs"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
