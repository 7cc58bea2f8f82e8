"""Fixtures for the Stripe gateway's tests: the Stripe-shaped server and a gateway pointed at it.

These tests need no database: the gateway is pure (requests in, events out) and the server is
an HTTP server in a thread.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from payments.contract import ActionRequest, FlowStrategy, InitializeRequest, ProcessRequest
from payments.stripe.gateway import StripeGateway
from storefront.core.money import Money
from tests.payments.stripe_server import StripeServer, stripe_server, stripe_settings

__all__ = ["stripe_server", "stripe_settings"]


@pytest.fixture
def gateway(stripe_server: StripeServer) -> StripeGateway:
    """A gateway configured by arguments (settings are covered in test_settings.py)."""
    return StripeGateway(
        secret_key=stripe_server.secret_key,
        publishable_key=stripe_server.publishable_key,
        webhook_secret=stripe_server.webhook_secret,
        api_base=stripe_server.url,
    )


def money(amount: str, currency: str = "USD") -> Money:
    return Money(Decimal(amount), currency)


def init_request(
    amount: str = "10.00",
    currency: str = "USD",
    *,
    key: str = "init-1",
    psp_reference: str | None = None,
    action: FlowStrategy = FlowStrategy.CHARGE,
    data: dict | None = None,
    email: str | None = "buyer@example.com",
) -> InitializeRequest:
    return InitializeRequest(
        amount=money(amount, currency),
        currency=currency,
        reference="checkout-1",
        idempotency_key=key,
        email=email,
        data={"paymentIntent": {"paymentMethod": "card"}} if data is None else data,
        action=action,
        psp_reference=psp_reference,
    )


def process_request(
    psp_reference: str | None, amount: str = "10.00", currency: str = "USD"
) -> ProcessRequest:
    return ProcessRequest(
        amount=money(amount, currency),
        currency=currency,
        reference="checkout-1",
        psp_reference=psp_reference,
        idempotency_key="process-1",
    )


def action_request(
    psp_reference: str | None, amount: str, currency: str = "USD", *, key: str
) -> ActionRequest:
    return ActionRequest(
        amount=money(amount, currency),
        currency=currency,
        reference="order-1",
        psp_reference=psp_reference,
        idempotency_key=key,
    )
