"""Payment transactions, their append-only events, settlements and raw webhook deliveries.

``payments`` imports no other domain, so a transaction names its owner by plain columns, not
foreign keys: ``checkout_token`` (the checkout it was started for, kept for ever) and ``order_id``
(set when that checkout became an order, or for a payment started on an order). The checkout and
order services read them through ``payments.services``.

The amounts on ``Transaction`` are a cache of its events, recomputed by ``payments.amounts`` each
time an event is recorded, under the transaction row's lock. Events are never updated or deleted;
one with a PSP reference is recorded once per (PSP reference, type): a retried call or a webhook
delivered again is recognised by the unique constraint, not by luck.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone

from payments.contract import FlowStrategy, SettlementKind, TransactionEventType
from storefront.core.money import Money


def _amount() -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0))


class Transaction(models.Model):
    """One payment at one gateway (Saleor's ``TransactionItem``): a Stripe PaymentIntent, say."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gateway = models.CharField(max_length=128, help_text="The gateway's id, e.g. saleor.app.payment.stripe.")
    name = models.CharField(max_length=512, blank=True)
    psp_reference = models.CharField(max_length=512, blank=True)
    checkout_token = models.UUIDField(null=True, blank=True, db_index=True)
    order_id = models.UUIDField(null=True, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=512)
    action = models.CharField(max_length=32, choices=[(s.value, s.value) for s in FlowStrategy])
    currency = models.CharField(max_length=3)
    amount_requested = _amount()
    authorized_amount = _amount()
    charged_amount = _amount()
    refunded_amount = _amount()
    canceled_amount = _amount()
    authorize_pending_amount = _amount()
    charge_pending_amount = _amount()
    refund_pending_amount = _amount()
    cancel_pending_amount = _amount()
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            # One transaction per PSP payment: a webhook finds exactly one row to update.
            models.UniqueConstraint(
                fields=["gateway", "psp_reference"],
                condition=~Q(psp_reference=""),
                name="payments_transaction_unique_psp_reference",
            ),
            # A retried transactionInitialize with the same key finds the same row.
            models.UniqueConstraint(
                fields=["checkout_token", "idempotency_key"],
                condition=Q(checkout_token__isnull=False),
                name="payments_transaction_unique_checkout_key",
            ),
            models.UniqueConstraint(
                fields=["order_id", "idempotency_key"],
                condition=Q(checkout_token__isnull=True, order_id__isnull=False),
                name="payments_transaction_unique_order_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.psp_reference or self.pk}"

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.currency)

    @property
    def authorized(self) -> Money:
        return self.money(self.authorized_amount)

    @property
    def charged(self) -> Money:
        return self.money(self.charged_amount)

    @property
    def refunded(self) -> Money:
        return self.money(self.refunded_amount)

    @property
    def canceled(self) -> Money:
        return self.money(self.canceled_amount)


class TransactionEvent(models.Model):
    """Something a gateway (or staff) reported about a transaction; append-only."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=64, choices=[(t.value, t.value) for t in TransactionEventType])
    amount_value = _amount()
    currency = models.CharField(max_length=3)
    psp_reference = models.CharField(max_length=512, blank=True)
    message = models.CharField(max_length=512, blank=True)
    external_url = models.URLField(max_length=2048, blank=True)
    # Who caused it: "gateway", "webhook", or the staff/app label given by the caller.
    created_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["transaction", "psp_reference", "type"],
                condition=~Q(psp_reference=""),
                name="payments_event_unique_psp_reference_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.amount_value} {self.currency}"

    @property
    def amount(self) -> Money:
        return Money(self.amount_value, self.currency)


class Settlement(models.Model):
    """What the seller actually received or gave back for one balance movement of a transaction.

    Amounts are in the settlement currency (the seller's account, rupiah for the cooperative),
    negative for refunds and disputes, so a sum over a period is what reached the bank.
    """

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="settlements")
    psp_reference = models.CharField(max_length=255, unique=True)
    source_reference = models.CharField(max_length=255)
    kind = models.CharField(max_length=32, choices=[(k.value, k.value) for k in SettlementKind])
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(max_digits=20, decimal_places=3)
    fee = models.DecimalField(max_digits=20, decimal_places=3)
    net = models.DecimalField(max_digits=20, decimal_places=3)
    exchange_rate = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)
    available_on = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} {self.net} {self.currency}"


class WebhookDeliveryStatus(models.TextChoices):
    RECEIVED = "RECEIVED"
    PROCESSED = "PROCESSED"
    FAILED = "FAILED"


class WebhookDelivery(models.Model):
    """A webhook request whose signature checked out, stored before anything acts on it.

    Unique per gateway and event id, so a redelivery is recognised; a processing failure is kept
    here (``last_error``, ``attempts``) and retried by Celery, never lost.
    """

    gateway = models.CharField(max_length=128)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=255)
    psp_reference = models.CharField(max_length=512, blank=True)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=WebhookDeliveryStatus.choices, default=WebhookDeliveryStatus.RECEIVED
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("received_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="payments_webhook_unique_event")
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="payments_webhook_status")]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_id}"
