"""Failure limits count failures per key in the shared cache and refuse a key at the limit."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache

from storefront.core.ratelimit import FailureLimit


@pytest.fixture
def limit() -> FailureLimit:
    # A scope of its own per test: the counters live in the Redis every test worker shares.
    return FailureLimit(scope=f"test-{uuid.uuid4().hex}", limit=3, window_seconds=60)


def test_failures_are_counted_from_one(limit):
    assert [limit.record_failure("203.0.113.5") for _ in range(3)] == [1, 2, 3]


def test_a_key_is_refused_once_it_reaches_the_limit(limit):
    for _ in range(limit.limit - 1):
        limit.record_failure("ASL-0001")
    assert not limit.blocked("ASL-0001")

    limit.record_failure("ASL-0001")

    assert limit.blocked("ASL-0001")


def test_keys_are_counted_apart(limit):
    for _ in range(limit.limit):
        limit.record_failure("ASL-0001")

    assert not limit.blocked("ASL-0002")


def test_clearing_a_key_lifts_its_block(limit):
    for _ in range(limit.limit):
        limit.record_failure("ASL-0001")

    limit.clear("ASL-0001")

    assert not limit.blocked("ASL-0001")
    assert limit.record_failure("ASL-0001") == 1


def test_the_cache_key_is_a_digest_not_the_raw_key(limit):
    limit.record_failure("buyer@example.com|203.0.113.5")

    stored = limit._key("buyer@example.com|203.0.113.5")

    assert cache.get(stored) == 1
    assert "buyer@example.com" not in stored
    assert "203.0.113.5" not in stored


def test_retry_after_is_zero_until_the_limit_then_counts_down_a_window(limit):
    for _ in range(limit.limit - 1):
        limit.record_failure("ASL-0001")
    assert limit.retry_after("ASL-0001") == 0

    limit.record_failure("ASL-0001")

    assert 0 < limit.retry_after("ASL-0001") <= limit.window_seconds
    limit.clear("ASL-0001")
    assert limit.retry_after("ASL-0001") == 0
