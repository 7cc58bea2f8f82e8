"""Test environment, loaded as a pytest plugin (``-p tests.testenv``) before Django starts.

The suite runs on PostgreSQL: ``DATABASE_URL`` when set, else the local server on
127.0.0.1:5432. Only with ``ASAL_TEST_SQLITE=1`` does it run on SQLite, and then it
leaves out the PostgreSQL-only tests and says so loudly.
"""

from __future__ import annotations

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest

USE_SQLITE = os.environ.get("ASAL_TEST_SQLITE") == "1"


def worker_redis_url(url: str, worker: str | None) -> str:
    """``url`` with the database of xdist worker ``gw<N>`` (1 + N, within Redis's default 16)."""
    if not worker or not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{1 + int(worker[2:]) % 14}"))


if USE_SQLITE:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.gettempdir(), "asal-test.sqlite3")
else:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asal")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    # Each xdist worker uses a Redis database of its own (1 + the worker's index; the run without
    # xdist keeps the one it was given), and its cache's clear() deletes only its own keys
    # (tests/cache.py): Django's RedisCache.clear() is FLUSHDB, and a test module that clears the
    # cache must not wipe the other worker's rate limits and cached rows in the middle of a test.
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], os.environ.get("PYTEST_XDIST_WORKER"))
    os.environ["CACHE_BACKEND"] = "tests.cache.ProcessRedisCache"
# Each test process gets its own cache namespace in the shared Redis (xdist workers, parallel runs).
# Assigned, not defaulted: xdist's workers inherit the controller's environment, and two workers
# sharing a namespace would read each other's cached rows (their databases reuse the same pks).
os.environ["CACHE_KEY_PREFIX"] = f"test-{os.getpid()}"
os.environ.setdefault("ASAL_VAR_DIR", os.path.join(tempfile.gettempdir(), "asal-test-var"))
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

_left_out: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not USE_SQLITE:
        return
    kept = []
    for item in items:
        if item.get_closest_marker("postgres_only"):
            _left_out.append(item.nodeid)
        else:
            kept.append(item)
    if _left_out:
        config.hook.pytest_deselected(items=[i for i in items if i.nodeid in set(_left_out)])
        items[:] = kept


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if USE_SQLITE:
        terminalreporter.section("ASAL_TEST_SQLITE=1: PostgreSQL-only tests LEFT OUT", sep="!")
        for nodeid in _left_out:
            terminalreporter.write_line(f"LEFT OUT (needs PostgreSQL): {nodeid}")
        terminalreporter.write_line(f"{len(_left_out)} tests were not run. CI runs them on PostgreSQL.")
