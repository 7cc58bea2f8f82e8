"""The custody chain is append-only, hash-linked, detects tampering and survives erasure."""

from __future__ import annotations

import itertools

import pytest

from provenance.certificates.custody import (
    custody_chain_verify,
    custody_event_append,
    custody_private_data_erase,
)
from provenance.certificates.models import CustodyEvent

pytestmark = pytest.mark.django_db

Type = CustodyEvent.Type


def _chain(unit):
    custody_event_append(unit=unit, type=Type.PRODUCED, country="ID")
    custody_event_append(unit=unit, type=Type.CERTIFIED, country="ID")
    custody_event_append(
        unit=unit, type=Type.SOLD, country="DE", private_data={"order": "ASL-1001", "email": "b@example.com"}
    )
    custody_event_append(unit=unit, type=Type.SHIPPED, country="DE", private_data={"tracking": "JX123"})


def test_each_event_points_at_the_previous_one(unit):
    _chain(unit)
    events = list(unit.custody_events.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4]
    assert events[0].previous_hash == ""
    for before, after in itertools.pairwise(events):
        assert after.previous_hash == before.hash
    assert custody_chain_verify(unit=unit).ok


def test_altered_public_field_breaks_the_chain_at_that_event(unit):
    _chain(unit)
    CustodyEvent.objects.filter(unit=unit, sequence=3).update(country="FR")
    check = custody_chain_verify(unit=unit)
    assert not check.ok
    assert check.broken_at == 3


def test_deleted_event_is_detected(unit):
    _chain(unit)
    CustodyEvent.objects.filter(unit=unit, sequence=2).delete()
    check = custody_chain_verify(unit=unit)
    assert (check.ok, check.broken_at) == (False, 3)


def test_rewritten_private_digest_is_detected(unit):
    _chain(unit)
    CustodyEvent.objects.filter(unit=unit, sequence=3).update(private_digest="0" * 64)
    assert custody_chain_verify(unit=unit).broken_at == 3


def test_erasing_buyer_data_keeps_the_chain_whole(unit):
    _chain(unit)
    assert custody_private_data_erase(unit=unit) == 2
    assert not CustodyEvent.objects.filter(unit=unit).exclude(private_data={}).exists()
    assert custody_chain_verify(unit=unit).ok


def test_private_digest_is_salted(unit):
    first = custody_event_append(unit=unit, type=Type.SOLD, private_data={"order": "ASL-1"})
    second = custody_event_append(unit=unit, type=Type.RETURNED, private_data={"order": "ASL-1"})
    assert first.private_digest != second.private_digest
