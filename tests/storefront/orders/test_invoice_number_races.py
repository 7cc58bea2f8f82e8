"""Invoice numbers under concurrency (PostgreSQL, real threads): no gap, no duplicate, even with rollbacks.

Sixty transactions ask for a number of the same year at once (at most ``WORKERS`` at a time);
every third rolls back after taking its number. The committed ones hold exactly 1..N, each
once, and the year's counter ends at N. The first number of a year is also raced: nobody
fails creating the year's counter row.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from storefront.orders.invoices import invoice_number_next
from storefront.orders.models import InvoiceNumberCounter

CALLERS = 60
WORKERS = 8
ROUNDS = range(int(os.environ.get("ASAL_RACE_REPEATS", "3")))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.race,
    pytest.mark.xdist_group("races"),
]


class _RolledBack(Exception):
    pass


def _race(year: int) -> list[str]:
    """The numbers of the transactions that committed."""
    start = threading.Event()

    def issue(index: int) -> str | None:
        try:
            start.wait()
            with transaction.atomic():
                number = invoice_number_next(year)
                if index % 3 == 0:
                    raise _RolledBack
            return number
        except _RolledBack:
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(issue, index) for index in range(CALLERS)]
        start.set()
        return [number for future in futures if (number := future.result()) is not None]


@pytest.mark.parametrize("round", ROUNDS)
def test_committed_invoice_numbers_have_no_gaps_and_no_duplicates(round):
    year = 2026 + round

    committed = _race(year)

    expected = [f"{year}/{n:06d}" for n in range(1, len(committed) + 1)]
    assert len(committed) == CALLERS - len(range(0, CALLERS, 3))
    assert sorted(committed) == expected
    assert InvoiceNumberCounter.objects.get(year=year).last == len(committed)
