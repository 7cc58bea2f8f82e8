"""Payment services with the dummy gateway: one row per payment, each event once, nothing half-written."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from payments import services
from payments.contract import (
    FlowStrategy,
    GatewayResult,
    SettlementKind,
    TransactionEvent,
    TransactionEventType,
)
from payments.contract import Settlement as ReportedSettlement
from payments.dummy import DummyGateway
from payments.error_codes import PaymentError
from payments.models import Settlement, Transaction
from payments.models import TransactionEvent as EventRow
from payments.services import ActionType, PaymentOwner
from storefront.core.money import Money

DUMMY = "saleor.io.dummy-payment-app"
CHARGE = {"event": {"type": "CHARGE_SUCCESS", "includePspReference": True}}
FAIL = {"event": {"type": "CHARGE_FAILURE", "includePspReference": True}}
AUTHORIZE = {"event": {"type": "AUTHORIZATION_SUCCESS", "includePspReference": True}}

pytestmark = pytest.mark.django_db


def owner(
    total: str = "120.00", currency: str = "USD", gateway_ids: tuple[str, ...] | None = None
) -> PaymentOwner:
    return PaymentOwner(
        checkout_token=uuid.uuid4(),
        order_id=None,
        total=Money(Decimal(total), currency),
        email="buyer@example.com",
        gateway_ids=gateway_ids,
    )


def test_a_charge_covers_the_checkout_and_is_recorded_once():
    buyer = owner()
    outcome = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE)
    row = outcome.transaction
    assert row.charged == Money(Decimal("120.00"), "USD")
    assert row.psp_reference and outcome.event is not None
    assert outcome.event.type == "CHARGE_SUCCESS"
    assert services.owner_paid_sums(buyer).charged == Decimal("120.00")
    # Paid in full: a second call with no amount has nothing left to pay, and charges nothing.
    with pytest.raises(PaymentError) as refused:
        services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE)
    assert (refused.value.code, refused.value.field) == ("INVALID", "amount")
    assert Transaction.objects.count() == 1 and EventRow.objects.count() == 1


def test_a_retry_after_a_declined_payment_takes_up_the_same_transaction():
    buyer = owner()
    declined = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=FAIL)
    assert declined.transaction.charged_amount == 0
    paid = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE)
    assert paid.transaction.pk == declined.transaction.pk
    assert [event.type for event in paid.transaction.events.all()] == ["CHARGE_FAILURE", "CHARGE_SUCCESS"]


def test_the_same_idempotency_key_returns_the_same_transaction_and_event():
    buyer = owner()
    first = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE, idempotency_key="k-1")
    again = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE, idempotency_key="k-1")
    assert again.transaction.pk == first.transaction.pk
    assert again.event is not None and first.event is not None and again.event.pk == first.event.pk
    assert EventRow.objects.count() == 1
    assert again.transaction.charged_amount == Decimal("120.00")


def test_an_idempotency_key_reused_for_another_amount_is_refused():
    buyer = owner()
    services.transaction_initialize(
        owner=buyer, gateway_id=DUMMY, data=FAIL, idempotency_key="k-1", amount=Money(Decimal("10"), "USD")
    )
    with pytest.raises(PaymentError) as refused:
        services.transaction_initialize(
            owner=buyer,
            gateway_id=DUMMY,
            data=CHARGE,
            idempotency_key="k-1",
            amount=Money(Decimal("20"), "USD"),
        )
    assert (refused.value.code, refused.value.field) == ("UNIQUE", "idempotencyKey")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Money(Decimal("10"), "EUR")}, "amount"),
        ({"amount": Money(Decimal("0"), "USD")}, "amount"),
        ({"idempotency_key": ""}, "idempotencyKey"),
        ({"idempotency_key": "x" * 513}, "idempotencyKey"),
        ({"data": {"event": {"type": "NOPE"}}}, "data"),
        ({"gateway_id": "acme.pay"}, "paymentGateway"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(kwargs: dict[str, Any], field: str):
    call: dict[str, Any] = {"owner": owner(), "gateway_id": DUMMY, "data": CHARGE} | kwargs
    with pytest.raises(PaymentError) as refused:
        services.transaction_initialize(**call)
    assert refused.value.field == field
    assert not Transaction.objects.exists()
    assert not EventRow.objects.exists()


def test_a_gateway_the_channel_does_not_enable_is_not_offered():
    buyer = owner(gateway_ids=("saleor.app.payment.stripe",))
    assert services.gateways_for(buyer) == []
    with pytest.raises(PaymentError) as refused:
        services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE)
    assert refused.value.code == "NOT_FOUND"


def test_an_authorisation_is_captured_refunded_and_its_limits_hold():
    buyer = owner()
    outcome = services.transaction_initialize(
        owner=buyer, gateway_id=DUMMY, data=AUTHORIZE, action=FlowStrategy.AUTHORIZATION
    )
    row = outcome.transaction
    assert row.authorized_amount == Decimal("120.00")
    captured = services.transaction_action_request(
        transaction_row=row, action=ActionType.CHARGE, amount=None, created_by="staff:1"
    ).transaction
    assert (captured.authorized_amount, captured.charged_amount) == (Decimal("0"), Decimal("120.00"))
    services.transaction_action_request(
        transaction_row=captured,
        action=ActionType.REFUND,
        amount=Money(Decimal("20"), "USD"),
        created_by="staff:1",
    )
    refunded = services.transaction_action_request(
        transaction_row=Transaction.objects.get(pk=row.pk),
        action=ActionType.REFUND,
        amount=Money(Decimal("30"), "USD"),
        created_by="staff:1",
    ).transaction
    assert (refunded.charged_amount, refunded.refunded_amount) == (Decimal("70.00"), Decimal("50.00"))
    with pytest.raises(PaymentError) as refused:
        services.transaction_action_request(
            transaction_row=refunded,
            action=ActionType.REFUND,
            amount=Money(Decimal("70.01"), "USD"),
            created_by="x",
        )
    assert refused.value.field == "amount"
    types = list(refunded.events.values_list("type", flat=True))
    assert types.count("REFUND_REQUEST") == 2 and types.count("REFUND_SUCCESS") == 2
    assert refunded.refund_pending_amount == 0


def test_events_reported_again_are_recognised_and_settlements_stored_once():
    buyer = owner()
    row = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=AUTHORIZE).transaction
    result = GatewayResult(
        events=(
            TransactionEvent(TransactionEventType.CHARGE_SUCCESS, Money(Decimal("120"), "USD"), "pi_x"),
            TransactionEvent(TransactionEventType.CHARGE_REQUEST, Money(Decimal("120"), "USD"), "pi_x"),
        )
    )
    first = services.events_record(row.pk, result, created_by="webhook")
    second = services.events_record(row.pk, result, created_by="webhook")
    assert len(first.new) == 2 and second.new == ()
    assert [event.pk for event in second.events] == [event.pk for event in first.events]
    assert second.transaction.charge_pending_amount == 0


class _Unreachable(DummyGateway):
    def initialize(self, request):  # type: ignore[no-untyped-def]
        raise PaymentError("INVALID", "We could not reach the card processor; nothing was charged.")


def test_a_gateway_failure_leaves_nothing_behind():
    with (
        override_settings(PAYMENT_GATEWAYS=[f"{__name__}._Unreachable"]),
        pytest.raises(PaymentError) as refused,
    ):
        services.transaction_initialize(owner=owner(), gateway_id=DUMMY, data=CHARGE)
    assert "nothing was charged" in refused.value.message
    assert not Transaction.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
def test_concurrent_initialise_calls_for_one_checkout_make_one_transaction():
    buyer = owner()
    fail = {"event": {"type": "CHARGE_ACTION_REQUIRED", "includePspReference": True}}

    def start(_: int) -> str:
        try:
            return str(
                services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=fail).transaction.pk
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = set(pool.map(start, range(12)))
    assert len(ids) == 1
    assert Transaction.objects.count() == 1
    assert EventRow.objects.count() == 1
    assert not Settlement.objects.exists()


def _settlement(reference: str, kind: str, amount: str, fee: str) -> Any:
    gross, charge = Money(Decimal(amount), "IDR"), Money(Decimal(fee), "IDR")
    return ReportedSettlement(
        psp_reference=reference,
        source_reference=f"src_{reference}",
        kind=SettlementKind(kind),
        amount=gross,
        fee=charge,
        net=gross - charge,
        exchange_rate=Decimal("16250.5"),
    )


def test_settlements_are_stored_once_and_refunds_and_disputes_reduce_what_was_received():
    buyer = owner()
    row = services.transaction_initialize(owner=buyer, gateway_id=DUMMY, data=CHARGE).transaction
    charge = _settlement("txn_1", "CHARGE", "1950060.00", "58800.00")
    refund = _settlement("txn_2", "REFUND", "-325010.00", "0.00")
    dispute = _settlement("txn_3", "DISPUTE", "-1625050.00", "240000.00")
    services.events_record(row.pk, GatewayResult(settlements=(charge,)), created_by="webhook")
    services.events_record(row.pk, GatewayResult(settlements=(charge, refund)), created_by="webhook")
    services.events_record(row.pk, GatewayResult(settlements=(dispute,)), created_by="webhook")
    assert Settlement.objects.count() == 3
    (totals,) = services.settled_totals(buyer)
    assert totals.amount == Money(Decimal("0.00"), "IDR")
    assert totals.fee == Money(Decimal("298800.00"), "IDR")
    assert totals.net == Money(Decimal("-298800.00"), "IDR")
    assert Settlement.objects.get(psp_reference="txn_1").exchange_rate == Decimal("16250.5")
