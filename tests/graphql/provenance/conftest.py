"""Fixtures for the provenance API: the domain tests' lot of Loyok baskets, staff, and a caller.

The lot fixtures are the ones of ``tests/provenance/certificates/conftest.py`` (imported, so
both suites describe the same basket). ``call`` posts to /graphql/ from an address of its own
per test: ownership claims are rate-limited per address in the shared Redis.
"""

from __future__ import annotations

import itertools
import json
import os
from typing import Any

import pytest
from django.test import Client

from storefront.accounts.permissions import PermissionCode
from tests.provenance.certificates.conftest import (  # noqa: F401  (fixtures)
    maker,
    origin,
    received,
    signing_key,
    variant,
    warehouse,
)
from tests.storefront.accounts.factories import bearer, staff_user

_addresses = itertools.count(1)


@pytest.fixture
def remote_addr() -> str:
    """An address no other test of this process uses (the claim rate limit counts per address)."""
    n = next(_addresses) + (os.getpid() % 200) * 1000
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


@pytest.fixture
def call(client: Client, remote_addr: str):
    """POST a document to /graphql/ (optionally as ``user``) and return the decoded JSON."""

    def run(query: str, variables: dict[str, Any] | None = None, *, user=None) -> dict[str, Any]:
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            headers=bearer(user) if user is not None else {},
            REMOTE_ADDR=remote_addr,
        )
        assert response.status_code in (200, 400), response.content
        return response.json()

    return run


@pytest.fixture
def staff(db):
    """Staff who may manage certificates."""
    return staff_user(PermissionCode.MANAGE_CERTIFICATES)


@pytest.fixture
def provenance_staff(db):
    """Staff who may manage provenance (either permission opens the provenance mutations)."""
    return staff_user(PermissionCode.MANAGE_PROVENANCE)


@pytest.fixture
def product_staff(db):
    """Staff without a provenance permission."""
    return staff_user(PermissionCode.MANAGE_PRODUCTS)


@pytest.fixture
def unit(received):  # noqa: F811  (the imported fixture)
    return received.units.select_related("certificate").first()
