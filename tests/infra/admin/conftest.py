"""Fixtures of the admin's tests: the demo's staff (one account per permission group), an order
ready to fulfil, and the fulfilment service (a stand-in until the real one is merged)."""

from __future__ import annotations

import sys

import pytest
from django.test import Client

import storefront.orders
from infra.demo.staff import DEMO_STAFF, demo_staff_load
from storefront.accounts.actor import Actor
from storefront.accounts.models import User
from storefront.checkout.complete import complete_checkout
from storefront.orders.models import Order
from tests.infra.admin import fulfilment_standin
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
    """TEMPORARY: the stand-in for ``storefront.orders.fulfilment`` (see fulfilment_standin.py).
    LEAD: once the real service is merged, make this fixture return the real module."""
    monkeypatch.setitem(sys.modules, "storefront.orders.fulfilment", fulfilment_standin)
    monkeypatch.setattr(storefront.orders, "fulfilment", fulfilment_standin, raising=False)
    fulfilment_standin.CALLS.clear()
    return fulfilment_standin


@pytest.fixture
def order(db) -> Order:
    """An order of two lines (2 + 1 pieces) to Berlin, in a channel that allows unpaid orders."""
    channel = channel_create(allow_unpaid_orders=True)
    first, second = product_create(channel, stock=5), product_create(channel, stock=5)
    return complete_checkout(checkout_ready(channel, [(first, 2), (second, 1)]), actor=Actor.system())
