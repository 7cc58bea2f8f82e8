"""The test run's cache isolation (tests/testenv.py, tests/cache.py): a test module that clears the
cache forgets its own process's keys, never the other xdist worker's or another run's."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.cache import ProcessRedisCache
from tests.testenv import worker_redis_url

pytestmark = pytest.mark.postgres_only  # the full environment's Redis; the SQLite run caches in memory


def _cache(prefix: str) -> ProcessRedisCache:
    return ProcessRedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": prefix})


def test_the_tests_cache_is_this_process_s_own() -> None:
    cache = caches["default"]
    assert isinstance(cache, ProcessRedisCache)
    assert cache.key_prefix == f"test-{os.getpid()}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        assert settings.CACHES["default"]["LOCATION"].endswith(f"/{1 + int(worker[2:]) % 14}")


def test_clear_forgets_only_its_own_keys() -> None:
    mine, theirs = _cache(f"test-{os.getpid()}-mine"), _cache(f"test-{os.getpid()}-mine*[x]")
    unprefixed = _cache(f"test-{os.getpid()}-min")
    try:
        mine.set_many({"a": 1, "b": 2})
        theirs.set("a", 3)
        unprefixed.set("a", 4)
        mine.clear()
        assert mine.get_many(["a", "b"]) == {}
        assert theirs.get("a") == 3  # a glob character in a prefix matches only itself
        assert unprefixed.get("a") == 4
        theirs.clear()
        assert theirs.get("a") is None and unprefixed.get("a") == 4
    finally:
        for each in (mine, theirs, unprefixed):
            each.clear()


def test_a_cache_without_a_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="KEY_PREFIX"):
        ProcessRedisCache(settings.CACHES["default"]["LOCATION"], {})


def test_each_worker_has_a_database_of_its_own() -> None:
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/1"
    assert worker_redis_url("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/2"
    assert worker_redis_url("redis://h:6379/15", None) == "redis://h:6379/15"
