"""Ownership claims work once per secret, hand on a new secret, and cannot be jammed by strangers."""

from __future__ import annotations

import itertools
import os

import pytest

from provenance.certificates.claims import (
    PER_ADDRESS,
    claim_address_key,
    ownership_claim_attempt,
    unit_initial_claim_secret,
)
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import signing_key_generate
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.status_changes import certificate_revoke, certificate_suspend, unit_write_off
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db

WRONG = "AAAA-BBBB-CCCC-DDDD"
_addresses = itertools.count(1)


@pytest.fixture
def address():
    """A callable giving an address no other test of this process uses (limits live in Redis)."""

    def fresh() -> str:
        n = next(_addresses) + (os.getpid() % 200) * 1000
        return f"198.18.{n >> 8 & 255}.{n & 255}"

    return fresh


@pytest.fixture
def certified_unit(db, variant, warehouse, origin, maker, receive_lot):
    signing_key_generate()
    lot = receive_lot(code="LOT-CLAIM")
    return lot.units.get()


@pytest.fixture
def secret(certified_unit):
    return unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)


def _claim(unit, secret, ip, **extra):
    return ownership_claim_attempt(
        actor=Actor.system(), serial=unit.serial, secret=secret, ip_address=ip, **extra
    )


def _refusal(unit, secret, ip, **extra) -> ProvenanceError:
    with pytest.raises(ProvenanceError) as excinfo:
        _claim(unit, secret, ip, **extra)
    return excinfo.value


def test_first_claim_records_ownership_and_gives_a_new_secret(certified_unit, secret, address):
    result = _claim(certified_unit, secret, address(), claimant_email="buyer@example.com", country="DE")
    assert result.event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED
    assert result.event.country == "DE"
    assert result.next_secret != secret
    assert custody_chain_verify(unit=certified_unit).ok


def test_the_same_secret_twice_is_recognised_as_already_claimed(certified_unit, secret, address):
    """A double submit of the right secret is answered as such, changes nothing and is no guess."""
    ip = address()
    _claim(certified_unit, secret, ip)
    events_before = certified_unit.custody_events.count()

    refusal = _refusal(certified_unit, secret, ip)

    assert refusal.code == ProvenanceErrorCode.ALREADY_CLAIMED
    assert certified_unit.custody_events.count() == events_before
    assert PER_ADDRESS.blocked(ip) is False and _failures(ip) == 0


def _failures(ip: str) -> int:
    from django.core.cache import cache

    return cache.get(PER_ADDRESS._key(claim_address_key(ip))) or 0


def test_handing_on_the_new_secret_transfers_ownership(certified_unit, secret, address):
    first = _claim(certified_unit, secret, address())
    second = _claim(certified_unit, first.next_secret, address())
    assert second.event.type == CustodyEvent.Type.TRANSFERRED
    assert _refusal(certified_unit, first.next_secret, address()).code == ProvenanceErrorCode.ALREADY_CLAIMED
    assert _refusal(certified_unit, secret, address()).code == ProvenanceErrorCode.INVALID_CLAIM_SECRET


def test_secret_typed_loosely_still_matches(certified_unit, secret, address):
    assert _claim(certified_unit, " " + secret.lower().replace("-", " ") + " ", address()).event


def test_five_wrong_secrets_from_one_address_do_not_stop_the_right_secret_from_another(
    certified_unit, secret, address
):
    """Must show: serials are public, so a stranger's guesses never lock the owner out."""
    stranger = address()
    for _ in range(5):
        assert _refusal(certified_unit, WRONG, stranger).code == ProvenanceErrorCode.INVALID_CLAIM_SECRET

    result = _claim(certified_unit, secret, address())

    assert result.event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED


def test_guesses_from_many_addresses_never_refuse_the_right_secret(certified_unit, secret, address):
    for _ in range(30):
        _refusal(certified_unit, WRONG, address())

    assert _claim(certified_unit, secret, address()).event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED


def test_an_address_over_its_limit_is_refused_before_its_secret_is_looked_at(certified_unit, secret, address):
    """The per-address limit stays: otherwise one address could guess without end."""
    ip = address()
    for _ in range(PER_ADDRESS.limit):
        _refusal(certified_unit, WRONG, ip)

    refusal = _refusal(certified_unit, secret, ip)

    assert refusal.code == ProvenanceErrorCode.RATE_LIMITED
    assert not certified_unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).exists()


def test_an_ipv6_caller_is_limited_by_its_network_not_each_address():
    assert claim_address_key("2001:db8:1:2::1") == claim_address_key("2001:db8:1:2:ffff::9")
    assert claim_address_key("2001:db8:1:2::1") != claim_address_key("2001:db8:1:3::1")
    assert claim_address_key("::ffff:203.0.113.7") == "203.0.113.7"


@pytest.mark.parametrize("status", [Unit.Status.LOST, Unit.Status.DAMAGED])
def test_a_written_off_piece_cannot_be_claimed(certified_unit, secret, address, status):
    unit_write_off(unit=certified_unit, status=status, reason="Fell off the truck", actor=Actor.system())

    refusal = _refusal(certified_unit, secret, address())

    assert refusal.code == ProvenanceErrorCode.NOT_CLAIMABLE
    assert not certified_unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).exists()


def test_a_piece_whose_certificate_is_revoked_cannot_be_claimed(certified_unit, secret, address):
    certificate_revoke(certificate=certified_unit.certificate, reason="Counterfeit tag", actor=Actor.system())

    assert _refusal(certified_unit, secret, address()).code == ProvenanceErrorCode.NOT_CLAIMABLE


def test_a_suspended_piece_can_still_be_claimed(certified_unit, secret, address):
    certificate_suspend(certificate=certified_unit.certificate, reason="Checking", actor=Actor.system())

    assert _claim(certified_unit, secret, address()).event.type == CustodyEvent.Type.OWNERSHIP_CLAIMED


@pytest.mark.parametrize("country", ["DEU", "ZZ", "EU", "D", "1A", "Deutschland"])
def test_a_country_that_is_not_an_iso_code_is_refused_and_not_counted(
    certified_unit, secret, address, country
):
    ip = address()

    refusal = _refusal(certified_unit, secret, ip, country=country)

    assert (refusal.code, refusal.field) == (ProvenanceErrorCode.INVALID, "country")
    assert certified_unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).count() == 0
    assert _failures(ip) == 0


def test_a_country_is_read_in_any_case(certified_unit, secret, address):
    assert _claim(certified_unit, secret, address(), country=" nl ").event.country == "NL"


def test_a_nul_character_in_the_name_is_refused(certified_unit, secret, address):
    refusal = _refusal(certified_unit, secret, address(), claimant_name="Ms\x00Private")

    assert (refusal.code, refusal.field) == (ProvenanceErrorCode.INVALID, "name")


def test_initial_secret_is_gone_once_claimed(certified_unit, secret, address):
    _claim(certified_unit, secret, address())
    certified_unit.refresh_from_db()
    with pytest.raises(ProvenanceError):
        unit_initial_claim_secret(actor=Actor.system(), unit=certified_unit)
