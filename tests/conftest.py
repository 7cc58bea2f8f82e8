"""Shared fixtures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from storefront.channels.tax import tax_cache
from storefront.core.versioned_cache import catalogue_cache
from storefront.shipping.cache import shipping_cache
from tests.hashers import use_cheap_argon2
from tests.s3 import *  # noqa: F403  (S3 server fixtures, see tests/s3.py)


def pytest_configure(config: pytest.Config) -> None:
    use_cheap_argon2()  # production's Argon2 costs 0.4 s of CPU a password (tests/hashers.py)


@pytest.fixture(autouse=True)
def _fresh_reference_caches(settings) -> None:
    """Shipping and tax tables are cached whole; a rolled-back test's rows must not reach the next.

    The public response cache is off unless a test turns it on (tests/graphql/test_response_cache.py):
    tests that count SQL or ``on_commit`` hooks send the same query twice. Every run of a prepared
    statement is checked against a fresh build of its queryset (``storefront.catalog.sql.prepared``).
    """
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.PREPARED_STATEMENTS_VERIFY = True
    shipping_cache.forget_now()
    tax_cache.forget_now()
    catalogue_cache.forget_now()  # public catalogue responses (graphql_schema/core/response_cache.py)


@pytest.fixture
def gql(client: Client):
    """POST a GraphQL document to /graphql/ and return the decoded JSON response."""

    def run(query: str, variables: dict[str, Any] | None = None, *, headers: dict[str, str] | None = None):
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            headers=headers or {},
        )
        assert response.status_code in (200, 400), response.content
        return response.json()

    return run
