"""Fixtures of the admin's tests: the demo's staff (one account per permission group), an order
ready to fulfil, and the fulfilment service (the real one, its calls recorded)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from infra.demo.staff import DEMO_STAFF, demo_staff_load
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.checkout.complete import complete_checkout
from storefront.orders import fulfilment
from storefront.orders.models import Order
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    local_media,
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)
from tests.storefront.checkout.factories import channel_create, product_create
from tests.storefront.orders.checkouts import checkout_ready

PASSWORDS = {demo.group: demo.password for demo in DEMO_STAFF}


@pytest.fixture
def staff(db) -> dict[str, User]:
    """The demo's staff accounts by group name: Fulfilment, Catalogue, Marketing, Administrators."""
    demo_staff_load()
    return {demo.group: User.objects.get(email=demo.email) for demo in DEMO_STAFF}


@pytest.fixture
def as_staff(staff):
    """A test client logged in as the demo member of a group."""

    def client_for(group: str) -> Client:
        client = Client()
        client.force_login(staff[group])
        return client

    return client_for


@pytest.fixture
def fulfilment_service(monkeypatch):
    """The real ``storefront.orders.fulfilment``, its ``order_fulfill`` wrapped to record each call
    (``CALLS``) before running it, so tests see what the admin asked as well as what it did."""
    calls: list[dict[str, Any]] = []
    real = fulfilment.order_fulfill

    def recorded(**kwargs: Any) -> Any:
        calls.append(
            {
                "order": kwargs["order"].pk,
                "lines": list(kwargs["lines"]),
                "actor": kwargs["actor"],
                "tracking": kwargs.get("tracking_number", ""),
                "notify": kwargs.get("notify_customer", True),
            }
        )
        return real(**kwargs)

    monkeypatch.setattr(fulfilment, "order_fulfill", recorded)
    monkeypatch.setattr(fulfilment, "CALLS", calls, raising=False)
    return fulfilment


@pytest.fixture
def order(db) -> Order:
    """An order of two lines (2 + 1 pieces) to Berlin, in a channel that allows unpaid orders."""
    channel = channel_create(allow_unpaid_orders=True)
    first, second = product_create(channel, stock=5), product_create(channel, stock=5)
    return complete_checkout(checkout_ready(channel, [(first, 2), (second, 1)]), actor=Actor.system())
