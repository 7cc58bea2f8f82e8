"""A checkout is not blocked while a big lot is being received (PostgreSQL, real threads).

Lot receipt signs one certificate per piece before it touches the stock counter, and takes
the stock row's lock last, just before its commit. So while a lot of 500 is being signed,
another connection can lock the variant's stock rows at once (``NOWAIT``), as checkout will.
"""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import DatabaseError, connection, transaction

from provenance.certificates import issuance
from provenance.certificates.models import Unit
from storefront.inventory.models import Stock
from storefront.inventory.services import stock_set

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]

WAIT_SECONDS = 120


def _checkout_locks_the_variants_stock(variant) -> list[Stock]:
    """What checkout does first: lock the variant's stock rows, here refusing to wait."""
    with transaction.atomic():
        return list(
            Stock.objects.filter(product_variant=variant)
            .select_for_update(nowait=True, of=("self",))
            .order_by("pk")
        )


def test_a_checkout_locks_the_stock_row_while_a_lot_of_500_is_being_signed(
    receive_lot, variant, warehouse, monkeypatch
):
    stock_set(warehouse=warehouse, variant=variant, quantity=5)
    signing, release = threading.Event(), threading.Event()
    signed = itertools.count()
    real_sign = issuance.sign

    def sign_then_pause_after_the_first(*args, **kwargs):
        credential = real_sign(*args, **kwargs)
        if next(signed) == 0:
            signing.set()
            release.wait(WAIT_SECONDS)
        return credential

    monkeypatch.setattr(issuance, "sign", sign_then_pause_after_the_first)
    failures: list[BaseException] = []

    def receive() -> None:
        try:
            receive_lot(code="LOT-500", quantity=500)
        except BaseException as exc:  # reported by the assertions below
            failures.append(exc)
        finally:
            signing.set()
            connection.close()

    receiver = threading.Thread(target=receive)
    receiver.start()
    try:
        assert signing.wait(WAIT_SECONDS)
        assert not failures
        try:
            locked = _checkout_locks_the_variants_stock(variant)
        except DatabaseError as exc:
            pytest.fail(f"checkout had to wait for the lot receipt: {exc}")
        assert [stock.quantity for stock in locked] == [5]  # the receipt has not added its stock yet
    finally:
        release.set()
        receiver.join(WAIT_SECONDS * 5)

    assert not receiver.is_alive() and failures == []
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 505
    assert Unit.objects.filter(lot__code="LOT-500", status=Unit.Status.IN_STOCK).count() == 500
