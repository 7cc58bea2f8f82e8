"""Shared fixtures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _pytest.nodeid import NodeId
from celery._state import _set_task_join_will_block
from django.test import Client

from storefront.channels.tax import tax_cache
from storefront.core.versioned_cache import catalogue_cache
from storefront.shipping.cache import shipping_cache
from tests.hashers import use_cheap_argon2
from tests.s3 import *  # noqa: F403  (S3 server fixtures, see tests/s3.py)


def pytest_configure(config: pytest.Config) -> None:
    use_cheap_argon2()  # production's Argon2 costs 0.4 s of CPU a password (tests/hashers.py)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--dist loadgroup``: send the tests of one ``xdist_group`` to one worker, as xdist means to.

    xdist 3.8 names a test's group by appending ``@<group>`` to ``item._nodeid``, which pytest 9.2
    no longer reads (a node's id is ``item._id``), so every group was ignored: the demo catalogue
    loaded on both workers (``tests/infra/demo/test_load_demo.py``) and the race tests ran beside
    each other. This appends the suffix where pytest reads it, unless xdist already did.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


@pytest.fixture(autouse=True)
def _fresh_reference_caches(settings) -> None:
    """Shipping and tax tables are cached whole; a rolled-back test's rows must not reach the next.

    The public response cache, and kept counts, are off unless a test turns them on
    (tests/graphql/test_response_cache.py, tests/graphql/catalog/test_kept_counts.py):
    tests that count SQL or ``on_commit`` hooks send the same query twice. Every run of a prepared
    statement is checked against a fresh build of its queryset (``storefront.catalog.sql.prepared``).
    """
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.CATALOGUE_COUNT_SECONDS = 0  # filtered counts are counted every time, as the SQL counts expect
    settings.PREPARED_STATEMENTS_VERIFY = True
    shipping_cache.forget_now()
    tax_cache.forget_now()
    catalogue_cache.forget_now()  # public catalogue responses (graphql_schema/core/response_cache.py)


@pytest.fixture(autouse=True)
def _celery_join_allowed() -> None:
    """Each test starts outside any task, as far as Celery's "never join inside a task" check knows.

    An eagerly run task (the embedded default) runs inside ``denied_join_result()``, which saves and
    restores one process-wide flag. Buyers racing in threads (the ``races`` tests) run eager tasks at
    once and interleave the saves and restores, which can leave the flag set after they finish; the
    next test on that worker to call ``AsyncResult.get()`` would then be refused as if it were a task.
    """
    _set_task_join_will_block(False)


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
