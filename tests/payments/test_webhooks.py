"""The webhook intake: verified before stored, stored before processed, each event once.

A stand-in gateway under the Stripe URL signs with a shared secret (the Stripe gateway's own
signature checks are tested in tests/payments/stripe/); here the intake's guarantees are tested.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from payments import services, tasks
from payments.contract import GatewayResult, TransactionEvent, TransactionEventType, WebhookMessage
from payments.dummy import DummyGateway
from payments.error_codes import PaymentError
from payments.models import Transaction, WebhookDelivery, WebhookDeliveryStatus
from payments.models import TransactionEvent as EventRow
from storefront.core.money import Money

SECRET = b"whsec_test"
URL = "/payments/stripe/webhook/"

pytestmark = pytest.mark.django_db


class SignedGateway(DummyGateway):
    """The dummy, under the Stripe gateway's id, with HMAC-signed webhooks reporting charges."""

    id = "saleor.app.payment.stripe"
    unreachable = False

    def webhook_verify(self, headers: Mapping[str, str], body: bytes) -> WebhookMessage:
        expected = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get("X-Signature", ""), expected):
            raise PaymentError("INVALID", "The webhook's signature does not match.")
        payload = json.loads(body)
        return WebhookMessage(
            event_id=payload["id"], event_type=payload["type"], psp_reference=payload["psp"], payload=payload
        )

    def webhook_process(self, message: WebhookMessage) -> GatewayResult:
        if SignedGateway.unreachable:
            raise PaymentError("INVALID", "The PSP could not be reached.")
        amount = Money(Decimal(message.payload["amount"]), message.payload["currency"])
        event = TransactionEvent(
            TransactionEventType(message.payload["event"]), amount, message.psp_reference
        )
        return GatewayResult(events=(event,), psp_reference=message.psp_reference)


@pytest.fixture(autouse=True)
def signed_gateway():
    SignedGateway.unreachable = False
    with override_settings(PAYMENT_GATEWAYS=[f"{__name__}.SignedGateway"]):
        yield


def started(psp: str = "pi_1") -> Transaction:
    return Transaction.objects.create(
        gateway=SignedGateway.id,
        psp_reference=psp,
        checkout_token=uuid.uuid4(),
        idempotency_key="k",
        action="CHARGE",
        currency="EUR",
        amount_requested=Decimal("40"),
    )


@pytest.fixture
def post(django_capture_on_commit_callbacks: Any) -> Any:
    """POST a webhook and run what its commit queues (the processing task, eager here)."""

    def send(payload: dict[str, Any], *, signature: str | None = None) -> Any:
        body = json.dumps(payload).encode()
        sig = signature if signature is not None else hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(
                URL, data=body, content_type="application/json", headers={"X-Signature": sig}
            )

    return send


def charge(event_id: str = "evt_1", psp: str = "pi_1", event: str = "CHARGE_SUCCESS") -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "payment_intent.succeeded",
        "psp": psp,
        "event": event,
        "amount": "40",
        "currency": "EUR",
    }


def test_a_signed_webhook_is_stored_then_recorded_on_its_transaction(post: Any):
    row = started()
    response = post(charge())
    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.event_type) == (
        "PROCESSED",
        1,
        "payment_intent.succeeded",
    )
    row.refresh_from_db()
    assert row.charged_amount == Decimal("40")


def test_a_forged_webhook_gets_400_and_changes_nothing(post: Any):
    row = started()
    response = post(charge(), signature="0" * 64)
    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    assert not WebhookDelivery.objects.exists()
    row.refresh_from_db()
    assert row.charged_amount == 0


def test_a_webhook_delivered_three_times_is_stored_and_counted_once(post: Any):
    row = started()
    for _ in range(3):
        assert post(charge()).status_code == 200
    assert WebhookDelivery.objects.count() == 1
    assert EventRow.objects.filter(transaction=row).count() == 1
    # Another event about the same payment, with the same outcome, is recognised by (PSP, type).
    assert post(charge(event_id="evt_2")).status_code == 200
    assert WebhookDelivery.objects.count() == 2
    assert EventRow.objects.filter(transaction=row).count() == 1
    row.refresh_from_db()
    assert row.charged_amount == Decimal("40")


def test_only_post_is_answered_and_oversized_bodies_are_refused():
    assert Client().get(URL).status_code == 405
    big = Client().post(URL, data=b"x" * (1024 * 1024 + 1), content_type="application/json")
    assert big.status_code == 413
    assert not WebhookDelivery.objects.exists()


def test_a_processing_failure_is_kept_and_the_sweep_retries_it(post: Any):
    row = started()
    SignedGateway.unreachable = True
    assert post(charge()).status_code == 200  # stored: the PSP is asked again later
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDeliveryStatus.FAILED
    assert "could not be reached" in delivery.last_error and delivery.attempts == 1
    SignedGateway.unreachable = False
    # Too fresh for the sweep (a worker's own retries come first) ...
    tasks.webhook_deliveries_retry()
    assert WebhookDelivery.objects.get().status == WebhookDeliveryStatus.FAILED
    # ... five minutes on, the sweep processes it.
    WebhookDelivery.objects.update(received_at=timezone.now() - timedelta(minutes=6))
    tasks.webhook_deliveries_retry()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("PROCESSED", 2, "")
    row.refresh_from_db()
    assert row.charged_amount == Decimal("40")


def test_a_webhook_that_overtakes_the_stored_payment_waits_for_it(post: Any):
    assert post(charge(psp="pi_late")).status_code == 200
    assert WebhookDelivery.objects.get().status == WebhookDeliveryStatus.FAILED
    row = started("pi_late")
    WebhookDelivery.objects.update(received_at=timezone.now() - timedelta(minutes=6))
    tasks.webhook_deliveries_retry()
    row.refresh_from_db()
    assert row.charged_amount == Decimal("40")
    assert WebhookDelivery.objects.get().status == WebhookDeliveryStatus.PROCESSED


def test_failures_older_than_three_days_are_left_for_a_person(post: Any):
    post(charge(psp="pi_nobody"))
    WebhookDelivery.objects.update(received_at=timezone.now() - timedelta(days=4))
    assert (
        services.webhook_deliveries_pending(older_than=timedelta(minutes=5), younger_than=timedelta(days=3))
        == []
    )
