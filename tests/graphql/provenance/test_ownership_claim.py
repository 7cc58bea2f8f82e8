"""``ownershipClaim``: a secret works once and hands on the next; used or forged secrets are refused and
change nothing; wrong secrets are limited per address, never so as to lock the owner out."""

from __future__ import annotations

import json

import pytest

from provenance.certificates.claims import PER_ADDRESS, unit_initial_claim_secret
from provenance.certificates.custody import custody_chain_verify
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.status_changes import unit_write_off
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry

pytestmark = pytest.mark.django_db

CLAIM = """
mutation Claim($serial: String!, $secret: String!, $name: String, $email: String, $country: CountryCode) {
  ownershipClaim(serial: $serial, secret: $secret, name: $name, email: $email, country: $country) {
    nextSecret claimType
    certificate { claims { type country } }
    errors { field code message }
  }
}
"""


@pytest.fixture
def secret(unit) -> str:
    return unit_initial_claim_secret(actor=Actor.system(), unit=unit)


def _claim(call, unit, secret, **extra) -> dict:
    result = call(CLAIM, {"serial": unit.serial, "secret": secret, **extra})
    assert "errors" not in result, result
    return result["data"]["ownershipClaim"]


def _state(unit) -> tuple:
    unit.refresh_from_db()
    return (
        unit.claim_secret_digest,
        unit.claimed_at,
        CustodyEvent.objects.filter(unit=unit).count(),
        AuditLogEntry.objects.count(),
    )


def test_a_claim_records_ownership_and_gives_the_next_secret_once(call, unit, secret):
    payload = _claim(call, unit, secret, name="Ms Private", email="private@example.com", country="NL")

    assert payload["errors"] == []
    assert payload["claimType"] == "OWNERSHIP_CLAIMED"
    assert payload["nextSecret"] and payload["nextSecret"] != secret
    assert payload["certificate"]["claims"] == [{"type": "OWNERSHIP_CLAIMED", "country": "NL"}]
    event = CustodyEvent.objects.filter(unit=unit).last()
    assert (event.type, event.country) == ("OWNERSHIP_CLAIMED", "NL")
    assert (event.private_data["name"], event.private_data["email"]) == ("Ms Private", "private@example.com")
    assert custody_chain_verify(unit=unit).ok


def test_a_claim_is_audited_without_the_claimants_details(call, unit, secret):
    _claim(call, unit, secret, name="Ms Private", email="private@example.com")

    entry = AuditLogEntry.objects.get(action="unit.ownership_claimed")
    assert entry.actor_user is None
    assert (entry.object_type, entry.object_id) == ("certificates.Unit", str(unit.pk))
    assert entry.payload["event"] == "OWNERSHIP_CLAIMED"
    assert "private@example.com" not in str(entry.payload) and "Ms Private" not in str(entry.payload)


def test_a_double_submit_is_answered_already_claimed_and_changes_nothing(call, unit, secret):
    _claim(call, unit, secret)
    before = _state(unit)

    payload = _claim(call, unit, secret)

    assert payload["nextSecret"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("secret", "ALREADY_CLAIMED")]
    assert _state(unit) == before


def test_the_next_secret_transfers_ownership_and_works_once(call, unit, secret):
    first = _claim(call, unit, secret)

    second = _claim(call, unit, first["nextSecret"], country="DE")
    again = _claim(call, unit, first["nextSecret"])

    assert second["claimType"] == "TRANSFERRED"
    assert [c["type"] for c in second["certificate"]["claims"]] == ["OWNERSHIP_CLAIMED", "TRANSFERRED"]
    assert [e["code"] for e in again["errors"]] == ["ALREADY_CLAIMED"]


def test_a_forged_secret_is_refused_and_changes_nothing(call, unit, secret):
    before = _state(unit)

    payload = _claim(call, unit, "AAAA-BBBB-CCCC-DDDD")

    assert [e["code"] for e in payload["errors"]] == ["INVALID_CLAIM_SECRET"]
    assert _state(unit) == before


def test_an_unknown_serial_is_not_found(call, db):
    result = call(CLAIM, {"serial": "ASL-NOPE0-NOPE0", "secret": "AAAA-BBBB-CCCC-DDDD"})

    payload = result["data"]["ownershipClaim"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("serial", "NOT_FOUND")]
    assert not AuditLogEntry.objects.exists()


def test_five_wrong_secrets_from_one_address_do_not_stop_the_right_secret_from_another(client, unit, secret):
    """Must show: a stranger guessing at a public serial never locks its owner out."""
    for _ in range(5):
        wrong = _post(client, unit, "AAAA-BBBB-CCCC-DDDD", address="192.0.2.66")
        assert [e["code"] for e in wrong["errors"]] == ["INVALID_CLAIM_SECRET"]

    payload = _post(client, unit, secret, address="192.0.2.77")

    assert payload["errors"] == [] and payload["claimType"] == "OWNERSHIP_CLAIMED"
    PER_ADDRESS.clear("192.0.2.66")


def _post(client, unit, secret, *, address: str) -> dict:
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": CLAIM, "variables": {"serial": unit.serial, "secret": secret}}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    return response.json()["data"]["ownershipClaim"]


def test_the_answer_that_shows_a_new_secret_is_never_stored(client, unit, secret, remote_addr):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": CLAIM, "variables": {"serial": unit.serial, "secret": secret}}),
        content_type="application/json",
        REMOTE_ADDR=remote_addr,
    )

    assert response.json()["data"]["ownershipClaim"]["nextSecret"]
    assert response["Cache-Control"] == "no-store"


def test_a_written_off_piece_cannot_be_claimed(call, unit, secret):
    unit_write_off(unit=unit, status=Unit.Status.LOST, reason="Lost in the flood", actor=Actor.system())
    before = _state(unit)

    payload = _claim(call, unit, secret)

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("serial", "NOT_CLAIMABLE")]
    assert _state(unit) == before


def test_a_country_that_is_no_country_is_a_clear_error(call, unit, secret):
    payload = _claim(call, unit, secret, country="EU")

    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("country", "INVALID")]


def test_claimable_says_whether_the_piece_can_be_claimed(call, unit):
    query = "query($s: String!) { certificate(serial: $s) { claimable } }"
    before = call(query, {"s": unit.serial})["data"]["certificate"]["claimable"]

    unit_write_off(unit=unit, status=Unit.Status.DAMAGED, reason="Cracked", actor=Actor.system())

    assert (before, call(query, {"s": unit.serial})["data"]["certificate"]["claimable"]) == (True, False)


def test_the_rate_limit_counts_the_callers_address(call, unit, secret, remote_addr):
    """The mutation hands the request's REMOTE_ADDR to the limiter: a blocked address is refused."""
    for _ in range(PER_ADDRESS.limit):
        PER_ADDRESS.record_failure(remote_addr)
    before = _state(unit)

    payload = _claim(call, unit, secret)

    assert [e["code"] for e in payload["errors"]] == ["RATE_LIMITED"]
    assert _state(unit) == before
    PER_ADDRESS.clear(remote_addr)
