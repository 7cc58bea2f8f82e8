"""Parallel appends to one unit's chain serialise on its row lock (real PostgreSQL transactions)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from provenance.certificates.custody import custody_chain_verify, custody_event_append
from provenance.certificates.models import CustodyEvent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def test_parallel_appends_keep_one_unbroken_chain(unit):
    workers = 8
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def append() -> None:
        try:
            barrier.wait()
            custody_event_append(unit=unit, type=CustodyEvent.Type.RESTOCKED, country="ID")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(unit.custody_events.values_list("sequence", flat=True)) == list(range(1, workers + 1))
    assert custody_chain_verify(unit=unit).ok
