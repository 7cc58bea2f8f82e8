"""Test environment, loaded as a pytest plugin (``-p tests.testenv``) before Django starts.

The suite runs on PostgreSQL: ``DATABASE_URL`` when set, else the local server on
127.0.0.1:5432. Only with ``ASAL_TEST_SQLITE=1`` does it run on SQLite, and then it
leaves out the PostgreSQL-only tests and says so loudly.
"""

from __future__ import annotations

import os
import tempfile

import pytest

USE_SQLITE = os.environ.get("ASAL_TEST_SQLITE") == "1"

if USE_SQLITE:
    os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.gettempdir(), "asal-test.sqlite3")
else:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/asal")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
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
