"""Invoice numbers: sequential per year, without gaps, unique under concurrency.

Tax rules want an unbroken series, so the number is not taken from a PostgreSQL sequence
(``nextval`` is never rolled back: a failed transaction would burn its number and leave a
gap). Each year has a counter row (``InvoiceNumberCounter``) that :func:`invoice_number_next`
locks with ``SELECT ... FOR UPDATE`` and increments inside the caller's transaction: a
concurrent caller waits for that transaction to end, and if it rolls back the increment
rolls back with it, so the next caller gets the same number. The price is that invoices of
one year are numbered one at a time; keep the transaction that issues one short.

Format: ``YYYY/NNNNNN``, the year and the number zero-padded to six digits
(``2026/000123``); past 999999 the number simply grows longer.
"""

from __future__ import annotations

from django.db import connection

from storefront.orders.models import InvoiceNumberCounter


def invoice_number_format(*, year: int, number: int) -> str:
    """``2026/000123``: how an invoice number is printed."""
    return f"{year:04d}/{number:06d}"


def invoice_number_next(year: int) -> str:
    """The next invoice number of ``year``; call it in the ``transaction.atomic()`` saving the invoice.

    Outside a transaction the lock would be released at once and the number could be given
    twice, so that is refused (a bug, not an expected failure).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("invoice_number_next must be called inside transaction.atomic().")
    if not 1 <= year <= 9999:
        raise ValueError(f"Not a calendar year: {year}")
    # ON CONFLICT DO NOTHING: the first invoice of a year creates the row; a concurrent first
    # waits on the unique key and then finds it, instead of failing the transaction.
    InvoiceNumberCounter.objects.bulk_create([InvoiceNumberCounter(year=year, last=0)], ignore_conflicts=True)
    counter = InvoiceNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return invoice_number_format(year=year, number=counter.last)
