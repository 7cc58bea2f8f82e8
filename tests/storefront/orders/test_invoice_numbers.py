"""Invoice numbers: ``YYYY/NNNNNN``, per year, only inside a transaction; a rollback gives its number back."""

from __future__ import annotations

import pytest
from django.db import transaction

from storefront.orders.invoices import invoice_number_format, invoice_number_next
from storefront.orders.models import InvoiceNumberCounter

pytestmark = pytest.mark.django_db


def test_the_format_is_the_year_and_six_digits():
    assert invoice_number_format(year=2026, number=123) == "2026/000123"
    assert invoice_number_format(year=2026, number=1234567) == "2026/1234567"


def test_numbers_follow_each_other_and_start_again_each_year():
    with transaction.atomic():
        numbers = [invoice_number_next(2026), invoice_number_next(2026), invoice_number_next(2027)]

    assert numbers == ["2026/000001", "2026/000002", "2027/000001"]


def test_a_rolled_back_transaction_gives_its_number_back():
    with transaction.atomic():
        invoice_number_next(2026)

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        invoice_number_next(2026)
        raise Abandoned

    with transaction.atomic():
        assert invoice_number_next(2026) == "2026/000002"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses_to_give_a_number():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        invoice_number_next(2026)

    assert not InvoiceNumberCounter.objects.exists()


def test_a_year_out_of_range_is_refused():
    with transaction.atomic(), pytest.raises(ValueError):
        invoice_number_next(0)
