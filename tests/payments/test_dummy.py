from decimal import Decimal

import pytest

from payments.contract import (
    ActionRequest,
    InitializeRequest,
    PaymentGateway,
    ProcessRequest,
    TransactionEvent,
    TransactionEventType,
)
from payments.dummy import DUMMY_GATEWAY_ID, INITIALIZE_EVENT_TYPES, DummyGateway, psp_reference_for
from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from storefront.core.money import Money

USD_10 = Money(Decimal("10.00"), "USD")


def init(event=None, *, amount=USD_10, currency="USD", key="key-1", data=None):
    if data is None:
        data = {"event": {"type": event, "includePspReference": True}}
    return InitializeRequest(
        amount=amount, currency=currency, reference="checkout-1", idempotency_key=key, data=data
    )


def action(amount=USD_10, currency="USD", key="action-1"):
    return ActionRequest(
        amount=amount, currency=currency, reference="order-1", psp_reference="psp-1", idempotency_key=key
    )


def test_dummy_describes_itself_and_is_a_gateway():
    gateway: PaymentGateway = DummyGateway()
    assert gateway.id == DUMMY_GATEWAY_ID == "saleor.io.dummy-payment-app"
    assert gateway.currencies is None
    assert gateway.config("IDR") == {}


@pytest.mark.parametrize("event_type", sorted(INITIALIZE_EVENT_TYPES))
def test_initialize_reports_every_requested_result(event_type):
    result = DummyGateway().initialize(init(str(event_type)))
    (event,) = result.events
    assert event.type == event_type
    assert event.amount == USD_10
    assert event.psp_reference == result.psp_reference == psp_reference_for("key-1")


def test_process_reports_the_requested_result():
    request = ProcessRequest(
        amount=USD_10,
        currency="USD",
        reference="checkout-1",
        psp_reference=None,
        idempotency_key="key-2",
        data={"event": {"type": "CHARGE_FAILURE", "includePspReference": True}},
    )
    (event,) = DummyGateway().process(request).events
    assert event.type is TransactionEventType.CHARGE_FAILURE
    assert event.psp_reference == psp_reference_for("key-2")


def test_psp_reference_only_when_asked():
    result = DummyGateway().initialize(init(data={"event": {"type": "CHARGE_SUCCESS"}}))
    assert result.psp_reference is None
    assert result.events[0].psp_reference is None


def test_psp_reference_is_stable_per_idempotency_key():
    gateway = DummyGateway()
    first = gateway.initialize(init("CHARGE_SUCCESS", key="a"))
    again = gateway.initialize(init("CHARGE_SUCCESS", key="a"))
    other = gateway.initialize(init("CHARGE_SUCCESS", key="b"))
    assert first.psp_reference == again.psp_reference != other.psp_reference
    assert first.events[0].event_key() == again.events[0].event_key()
    assert first.events[0].event_key() != other.events[0].event_key()


def test_zero_decimal_currency():
    yen = Money(Decimal("1500"), "JPY")
    (event,) = DummyGateway().initialize(init("CHARGE_SUCCESS", amount=yen, currency="JPY")).events
    assert event.amount == yen


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("charge", TransactionEventType.CHARGE_SUCCESS),
        ("refund", TransactionEventType.REFUND_SUCCESS),
        ("cancel", TransactionEventType.CANCEL_SUCCESS),
    ],
)
def test_actions_succeed(method, expected):
    partial = Money(Decimal("4.50"), "USD")
    result = getattr(DummyGateway(), method)(action(amount=partial))
    (event,) = result.events
    assert event.type is expected
    assert event.amount == partial
    assert event.psp_reference == psp_reference_for("action-1")
    assert result.psp_reference == "psp-1"


def test_two_partial_refunds_are_two_events_and_a_retry_is_one():
    gateway = DummyGateway()
    first = gateway.refund(action(key="refund-1")).events[0]
    retry = gateway.refund(action(key="refund-1")).events[0]
    second = gateway.refund(action(key="refund-2")).events[0]
    assert first.event_key() == retry.event_key()
    assert first.event_key() != second.event_key()


def test_webhooks_are_refused():
    with pytest.raises(PaymentError):
        DummyGateway().webhook_verify({}, b"{}")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "data"),
        ({"event": None}, "data"),
        ({"event": "CHARGE_SUCCESS"}, "data"),
        ({"event": {}}, "data"),
        ({"event": {"type": "PAID"}}, "data"),
        ({"event": {"type": None}}, "data"),
        ({"event": {"type": "REFUND_SUCCESS"}}, "data"),
    ],
)
def test_bad_data_is_refused(data, field):
    with pytest.raises(PaymentError) as caught:
        DummyGateway().initialize(init(data=data))
    assert caught.value.code == TransactionInitializeErrorCode.INVALID
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        (Money(Decimal("0"), "USD"), "USD"),
        (Money(Decimal("-1.00"), "USD"), "USD"),
        (Money(Decimal("10.00"), "EUR"), "USD"),
    ],
)
def test_bad_amounts_are_refused(amount, currency):
    gateway = DummyGateway()
    for call in (
        lambda: gateway.initialize(init("CHARGE_SUCCESS", amount=amount, currency=currency)),
        lambda: gateway.refund(action(amount=amount, currency=currency)),
        lambda: gateway.charge(action(amount=amount, currency=currency)),
        lambda: gateway.cancel(action(amount=amount, currency=currency)),
    ):
        with pytest.raises(PaymentError) as caught:
            call()
        assert caught.value.code == TransactionInitializeErrorCode.INVALID
        assert caught.value.field == "amount"


def test_event_key_is_psp_reference_and_type():
    one = TransactionEvent(TransactionEventType.CHARGE_SUCCESS, USD_10, "pi_1", "first")
    repeated = TransactionEvent(TransactionEventType.CHARGE_SUCCESS, USD_10, "pi_1", "delivered again")
    refund = TransactionEvent(TransactionEventType.REFUND_SUCCESS, USD_10, "pi_1")
    assert one.event_key() == repeated.event_key() == ("pi_1", "CHARGE_SUCCESS")
    assert one.event_key() != refund.event_key()


@pytest.mark.parametrize("flag", [False, "true", 1, None])
def test_psp_reference_needs_include_psp_reference_true(flag):
    data = {"event": {"type": "AUTHORIZATION_SUCCESS", "includePspReference": flag}}
    assert DummyGateway().initialize(init(data=data)).psp_reference is None
