"""The Stripe gateway: PaymentIntents with automatic payment methods, behind the contract.

Saleor's Stripe app is the model for what the storefront sees: the id ``saleor.app.payment.stripe``,
``{"stripePublishableKey": ...}`` to start, ``{"paymentIntent": {"stripeClientSecret": ...}}``
after ``transactionInitialize``, and an ``*_ACTION_REQUIRED`` event until the browser has
confirmed the payment with Stripe.js. ``transactionProcess`` and every webhook then re-read the
PaymentIntent and report the state it is in now, so a late, repeated or out-of-order call or
delivery reports the same truth and the recorder keeps each event once.

Every request that creates or moves money carries an idempotency key derived from the caller's,
so a retried call (ours or the library's, after a lost response) happens at most once at Stripe.
Settings are read when a call needs them, never at import: ``STRIPE_SECRET_KEY``,
``STRIPE_PUBLISHABLE_KEY``, ``STRIPE_WEBHOOK_SECRET`` and ``STRIPE_API_BASE`` (another server
than Stripe's, for tests). Explicit constructor arguments win over them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from payments.contract import (
    ActionRequest,
    FlowStrategy,
    GatewayResult,
    InitializeRequest,
    ProcessRequest,
    TransactionEvent,
    TransactionEventType,
    WebhookMessage,
)
from payments.error_codes import PaymentError, TransactionInitializeErrorCode
from payments.stripe.amounts import from_stripe_amount, to_stripe_amount
from payments.stripe.client import (
    MAX_NETWORK_RETRIES,
    StripeClient,
    build_client,
    stripe_errors_as_payment_errors,
    verify_webhook,
)
from payments.stripe.mapping import (
    CONFIRM_IN_BROWSER,
    PAYABLE_STATUSES,
    charge_settlements,
    client_secret_data,
    dashboard_url,
    dispute_events,
    dispute_settlements,
    payment_intent_events,
    refund_events,
    refund_settlements,
    webhook_payment_intent_id,
)
from storefront.core.money import Money

STRIPE_GATEWAY_ID = "saleor.app.payment.stripe"
# The charge and its balance transaction come with every read of a PaymentIntent: the settlement
# (what the cooperative receives, in its currency) is known as soon as Stripe has booked it.
EXPAND_PAYMENT_INTENT = ["latest_charge.balance_transaction"]
EXPAND_REFUND = ["balance_transaction", "failure_balance_transaction"]
# Statuses in which the payment has gone ahead: a retried initialise reports it, never starts another.
STARTED_STATUSES = frozenset({"processing", "requires_capture", "succeeded"})


def _invalid(message: str, field: str | None = None) -> PaymentError:
    return PaymentError(TransactionInitializeErrorCode.INVALID, message, field=field)


def _check_amount(amount: Money, currency: str) -> int:
    if amount.currency != currency.upper():
        raise _invalid(f"The amount is in {amount.currency}, the payment in {currency.upper()}.", "amount")
    return to_stripe_amount(amount)


def _check_idempotency_key(key: str) -> str:
    if not key or not key.strip():
        raise _invalid("An idempotency key is required for every Stripe request.", "idempotencyKey")
    return key


def _check_data(data: Mapping[str, Any]) -> None:
    """The storefront's ``{"paymentIntent": {"paymentMethod": "card"}}``: the browser picks the
    method among those Stripe enables automatically, so only the shape is checked."""
    if not isinstance(data, Mapping):
        raise _invalid('Stripe expects data {"paymentIntent": {...}}.', "data")
    intent = data.get("paymentIntent", {})
    if not isinstance(intent, Mapping) or not isinstance(intent.get("paymentMethod", ""), str):
        raise _invalid('Stripe expects data {"paymentIntent": {"paymentMethod": "card"}}.', "data")


def _psp_reference(reference: str | None) -> str:
    if not reference:
        raise _invalid("This transaction has no Stripe payment.", "id")
    return reference


class StripeGateway:
    """Payments through Stripe; any currency Stripe presents (``amounts`` refuses what it cannot)."""

    id = STRIPE_GATEWAY_ID
    name = "Stripe"
    currencies: frozenset[str] | None = None

    def __init__(
        self,
        *,
        client: StripeClient | None = None,
        secret_key: str | None = None,
        publishable_key: str | None = None,
        webhook_secret: str | None = None,
        api_base: str | None = None,
        max_network_retries: int = MAX_NETWORK_RETRIES,
    ) -> None:
        self._client = client
        self._secret_key = secret_key
        self._publishable_key = publishable_key
        self._webhook_secret = webhook_secret
        self._api_base = api_base
        self._max_network_retries = max_network_retries
        self._built: tuple[tuple[str, str], StripeClient] | None = None

    @staticmethod
    def _setting(explicit: str | None, name: str) -> str:
        return explicit if explicit is not None else str(getattr(settings, name, "") or "")

    @property
    def client(self) -> StripeClient:
        """The injected client, or one built from settings (rebuilt if they change, as in tests)."""
        if self._client is not None:
            return self._client
        config = (
            self._setting(self._secret_key, "STRIPE_SECRET_KEY"),
            self._setting(self._api_base, "STRIPE_API_BASE"),
        )
        if not config[0]:
            raise _invalid("Stripe payments are not configured on this shop.")
        if self._built is None or self._built[0] != config:
            client = build_client(
                config[0], api_base=config[1], max_network_retries=self._max_network_retries
            )
            self._built = (config, client)
        return self._built[1]

    def config(self, channel_currency: str) -> dict[str, Any]:
        key = self._setting(self._publishable_key, "STRIPE_PUBLISHABLE_KEY")
        if not key:
            raise _invalid("Stripe payments are not configured on this shop.")
        return {"stripePublishableKey": key}

    # -- reading a PaymentIntent ------------------------------------------------------------

    def _retrieve(self, payment_intent_id: str) -> dict[str, Any]:
        found = self.client.v1.payment_intents.retrieve(payment_intent_id, {"expand": EXPAND_PAYMENT_INTENT})
        return found.to_dict()

    def _state(self, payment_intent: Mapping[str, Any]) -> GatewayResult:
        """Where the PaymentIntent stands, what the browser needs to go on, and its settlement."""
        payable = payment_intent.get("status") in PAYABLE_STATUSES
        return GatewayResult(
            events=payment_intent_events(payment_intent),
            psp_reference=payment_intent["id"],
            data=client_secret_data(payment_intent) if payable else {},
            settlements=charge_settlements(payment_intent),
        )

    # -- the buyer's side -------------------------------------------------------------------

    def initialize(self, request: InitializeRequest) -> GatewayResult:
        minor = _check_amount(request.amount, request.currency)
        _check_data(request.data)
        key = f"asal-pi-{_check_idempotency_key(request.idempotency_key)}"
        manual = request.action == FlowStrategy.AUTHORIZATION
        with stripe_errors_as_payment_errors("initialize"):
            if request.psp_reference:
                previous = self._retrieve(request.psp_reference)
                if previous.get("status") in STARTED_STATUSES:
                    return self._state(previous)
                if (
                    previous.get("status") in PAYABLE_STATUSES
                    and previous["amount"] == minor
                    and previous["currency"] == request.currency.lower()
                    and (previous.get("capture_method") == "manual") == manual
                ):
                    return self._started(previous)
                # Canceled, or started for another amount: a new PaymentIntent, under a key of its
                # own (the first key would replay the old one), still the same on a retry.
                key = f"{key}-after-{previous['id']}"
            params: dict[str, Any] = {
                "amount": minor,
                "currency": request.currency.lower(),
                "automatic_payment_methods": {"enabled": True},
                "capture_method": "manual" if manual else "automatic",
                "metadata": {"reference": request.reference},
            }
            if request.email:
                params["receipt_email"] = request.email
            created = self.client.v1.payment_intents.create(params, {"idempotency_key": key})  # type: ignore[arg-type]
        return self._started(created.to_dict())

    def _started(self, payment_intent: Mapping[str, Any]) -> GatewayResult:
        """A payment the browser has to confirm: the client secret and an ``*_ACTION_REQUIRED``."""
        manual = payment_intent.get("capture_method") == "manual"
        event = TransactionEvent(
            TransactionEventType.AUTHORIZATION_ACTION_REQUIRED
            if manual
            else TransactionEventType.CHARGE_ACTION_REQUIRED,
            from_stripe_amount(payment_intent["amount"], payment_intent["currency"]),
            payment_intent["id"],
            CONFIRM_IN_BROWSER,
            dashboard_url(payment_intent),
        )
        return GatewayResult(
            events=(event,), psp_reference=payment_intent["id"], data=client_secret_data(payment_intent)
        )

    def process(self, request: ProcessRequest) -> GatewayResult:
        payment_intent_id = _psp_reference(request.psp_reference)
        with stripe_errors_as_payment_errors("process"):
            return self._state(self._retrieve(payment_intent_id))

    # -- staff actions ----------------------------------------------------------------------

    def _current(self, request: ActionRequest) -> tuple[dict[str, Any], int]:
        minor = _check_amount(request.amount, request.currency)
        _check_idempotency_key(request.idempotency_key)
        payment_intent = self._retrieve(_psp_reference(request.psp_reference))
        if payment_intent["currency"] != request.currency.lower():
            raise _invalid(f"The payment is in {payment_intent['currency'].upper()}.", "amount")
        return payment_intent, minor

    def charge(self, request: ActionRequest) -> GatewayResult:
        """Capture ``amount`` of an authorisation (the rest is released, as Stripe does)."""
        with stripe_errors_as_payment_errors("charge"):
            payment_intent, minor = self._current(request)
            status = payment_intent.get("status")
            if status == "succeeded":  # captured already (a retried capture): report it
                return self._state(payment_intent)
            if status != "requires_capture":
                raise _invalid(f"The payment cannot be captured: it is {status}.")
            if minor > payment_intent["amount_capturable"]:
                most = from_stripe_amount(payment_intent["amount_capturable"], payment_intent["currency"])
                raise _invalid(f"At most {most.amount} {most.currency} can be captured.", "amount")
            captured = self.client.v1.payment_intents.capture(
                payment_intent["id"],
                {"amount_to_capture": minor, "expand": EXPAND_PAYMENT_INTENT},
                {"idempotency_key": f"asal-capture-{request.idempotency_key}"},
            )
        return self._state(captured.to_dict())

    def refund(self, request: ActionRequest) -> GatewayResult:
        """Refund ``amount`` (all or part) of a charged payment; the refund's id names its events."""
        with stripe_errors_as_payment_errors("refund"):
            payment_intent, minor = self._current(request)
            created = self.client.v1.refunds.create(
                {
                    "payment_intent": payment_intent["id"],
                    "amount": minor,
                    "metadata": {"reference": request.reference},
                    "expand": EXPAND_REFUND,
                },
                {"idempotency_key": f"asal-refund-{request.idempotency_key}"},
            )
            refund = created.to_dict()
        return GatewayResult(
            events=refund_events([refund]),
            psp_reference=payment_intent["id"],
            settlements=refund_settlements([refund]),
        )

    def cancel(self, request: ActionRequest) -> GatewayResult:
        """Cancel a payment not yet charged (releasing an authorisation)."""
        with stripe_errors_as_payment_errors("cancel"):
            payment_intent, _ = self._current(request)
            status = payment_intent.get("status")
            if status == "canceled":  # a retried cancel: report it
                return self._state(payment_intent)
            if status == "succeeded":
                raise _invalid("The payment is charged already; refund it instead.")
            canceled = self.client.v1.payment_intents.cancel(
                payment_intent["id"],
                {"expand": EXPAND_PAYMENT_INTENT},
                {"idempotency_key": f"asal-cancel-{request.idempotency_key}"},
            )
        return self._state(canceled.to_dict())

    # -- webhooks ---------------------------------------------------------------------------

    def webhook_verify(self, headers: Mapping[str, str], body: bytes) -> WebhookMessage:
        event = verify_webhook(headers, body, self._setting(self._webhook_secret, "STRIPE_WEBHOOK_SECRET"))
        event_id, event_type, data = event.get("id"), event.get("type"), event.get("data")
        if not (
            isinstance(event_id, str)
            and event_id
            and isinstance(event_type, str)
            and event_type
            and isinstance(data, Mapping)
            and isinstance(data.get("object"), Mapping)
        ):
            raise _invalid("The webhook's body is not a Stripe event.")
        return WebhookMessage(event_id, event_type, webhook_payment_intent_id(event), event)

    def _refunds(self, payment_intent_id: str) -> list[dict[str, Any]]:
        expand = [f"data.{field}" for field in EXPAND_REFUND]
        found = self.client.v1.refunds.list(
            {"payment_intent": payment_intent_id, "limit": 100, "expand": expand}
        )
        return [refund.to_dict() for refund in found.auto_paging_iter()]

    def _disputes(self, payment_intent_id: str) -> list[dict[str, Any]]:
        found = self.client.v1.disputes.list({"payment_intent": payment_intent_id, "limit": 100})
        return [dispute.to_dict() for dispute in found.auto_paging_iter()]

    def webhook_process(self, message: WebhookMessage) -> GatewayResult:
        """The payment as it is now; with its refunds for a refund event (``charge.refunded``,
        ``charge.refund.updated``, ``refund.*``), its disputes for a ``charge.dispute.*`` event.
        The event's own copy of the object is only used to find the payment."""
        payment_intent_id = message.psp_reference
        obj = message.payload["data"]["object"]
        with stripe_errors_as_payment_errors("webhook"):
            if (
                payment_intent_id is None
                and obj.get("object") == "dispute"
                and isinstance(obj.get("charge"), str)
            ):
                charge = self.client.v1.charges.retrieve(obj["charge"]).to_dict()
                payment_intent_id = charge.get("payment_intent")
            if not isinstance(payment_intent_id, str):
                return GatewayResult()
            state = self._state(self._retrieve(payment_intent_id))
            events, settlements = list(state.events), list(state.settlements)
            if message.event_type.startswith(("charge.refund", "refund.")):
                refunds = self._refunds(payment_intent_id)
                events += refund_events(refunds)
                settlements += refund_settlements(refunds)
            if message.event_type.startswith("charge.dispute."):
                disputes = self._disputes(payment_intent_id)
                events += dispute_events(disputes)
                settlements += dispute_settlements(disputes)
        return GatewayResult(
            events=tuple(events), psp_reference=payment_intent_id, settlements=tuple(settlements)
        )
