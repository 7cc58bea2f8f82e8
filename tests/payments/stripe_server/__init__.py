"""The Stripe-shaped test server (``StripeServer``) and its pytest fixtures.

``stripe_server`` starts a fresh server per test; ``stripe_settings`` also points Django's
``STRIPE_*`` settings at it, so a ``StripeGateway()`` built from settings talks to it. Another
conftest registers them by importing them (``from tests.payments.stripe_server import
stripe_server, stripe_settings``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.payments.stripe_server.errors import StripeApiError
from tests.payments.stripe_server.server import (
    TEST_PUBLISHABLE_KEY,
    TEST_SECRET_KEY,
    TEST_WEBHOOK_SECRET,
    RecordedRequest,
    StripeServer,
)
from tests.payments.stripe_server.store import SettlementConfig

__all__ = [
    "TEST_PUBLISHABLE_KEY",
    "TEST_SECRET_KEY",
    "TEST_WEBHOOK_SECRET",
    "RecordedRequest",
    "SettlementConfig",
    "StripeApiError",
    "StripeServer",
    "stripe_server",
    "stripe_settings",
]


@pytest.fixture
def stripe_server() -> Iterator[StripeServer]:
    server = StripeServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def stripe_settings(settings: Any, stripe_server: StripeServer) -> Any:
    """Django settings with Stripe configured against ``stripe_server``."""
    settings.STRIPE_SECRET_KEY = stripe_server.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = stripe_server.publishable_key
    settings.STRIPE_WEBHOOK_SECRET = stripe_server.webhook_secret
    settings.STRIPE_API_BASE = stripe_server.url
    return settings
