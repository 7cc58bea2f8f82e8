"""Ownership claims work once per secret, hand on a new secret, and refuse forgeries with a rate limit."""

from __future__ import annotations

import pytest

from provenance.certificates.claims import PER_SERIAL, ownership_claim_attempt, unit_initial_claim_secret
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import signing_key_generate
from provenance.certificates.models import CustodyEvent
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified_unit(db, variant, warehouse, origin, maker, receive_lot):
    signing_key_generate()
    lot = receive_lot(code="LOT-CLAIM")
    return lot.units.get()


def _claim(unit, secret, ip="203.0.113.7", **extra):
    return ownership_claim_attempt(
        actor=Actor.system(), serial=unit.serial, secret=secret, ip_address=ip, **extra
    )


def test_first_claim_records_ownership_and_gives_a_new_secret(certified_unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
    result = _claim(certified_unit, secret, claimant_email="buyer@example.com", country="DE")
    assert result.event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED
    assert result.event.country == "DE"
    assert result.next_secret != secret
    assert custody_chain_verify(unit=certified_unit).ok


def test_a_used_secret_is_refused_and_changes_nothing(certified_unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
    _claim(certified_unit, secret)
    events_before = certified_unit.custody_events.count()
    with pytest.raises(ProvenanceError) as excinfo:
        _claim(certified_unit, secret)
    assert excinfo.value.code == ProvenanceErrorCode.INVALID_CLAIM_SECRET
    assert certified_unit.custody_events.count() == events_before


def test_handing_on_the_new_secret_transfers_ownership(certified_unit):
    first = _claim(certified_unit, unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit))
    second = _claim(certified_unit, first.next_secret)
    assert second.event.type == CustodyEvent.Type.TRANSFERRED
    with pytest.raises(ProvenanceError):
        _claim(certified_unit, first.next_secret)


def test_secret_typed_loosely_still_matches(certified_unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
    assert _claim(certified_unit, " " + secret.lower().replace("-", " ") + " ").event


def test_forged_secrets_are_rate_limited_even_before_the_right_one(certified_unit):
    secret = unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
    for _ in range(PER_SERIAL.limit):
        with pytest.raises(ProvenanceError):
            _claim(certified_unit, "AAAA-BBBB-CCCC-DDDD")
    with pytest.raises(ProvenanceError) as excinfo:
        _claim(certified_unit, secret)
    assert excinfo.value.code == ProvenanceErrorCode.RATE_LIMITED
    assert not certified_unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).exists()
    PER_SERIAL.clear(certified_unit.serial)
    assert _claim(certified_unit, secret).event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED


def test_initial_secret_is_gone_once_claimed(certified_unit):
    _claim(certified_unit, unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit))
    certified_unit.refresh_from_db()
    with pytest.raises(ProvenanceError):
        unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
