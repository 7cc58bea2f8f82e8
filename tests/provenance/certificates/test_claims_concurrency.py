"""Two people presenting the same secret at the same moment: exactly one claim wins, and the others
learn that this secret already claimed the piece (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from provenance.certificates.claims import ownership_claim, unit_initial_claim_secret
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.models import CustodyEvent
from storefront.accounts.actor import Actor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def test_a_secret_presented_in_parallel_is_accepted_once(receive_lot):
    unit = receive_lot(code="LOT-RACE").units.get()
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=unit)
    workers = 6
    barrier = threading.Barrier(workers)
    won: list[str] = []
    refused: list[str] = []
    unexpected: list[BaseException] = []

    def claim() -> None:
        try:
            barrier.wait()
            won.append(ownership_claim(actor=Actor.system(), serial=unit.serial, secret=secret).next_secret)
        except ProvenanceError as error:
            refused.append(error.code)
        except BaseException as exc:  # pragma: no cover - reported below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert unexpected == []
    assert len(won) == 1
    assert refused == [ProvenanceErrorCode.ALREADY_CLAIMED] * (workers - 1)
    assert unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).count() == 1
