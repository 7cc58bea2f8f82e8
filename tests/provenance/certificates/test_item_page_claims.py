"""The claim form on the item page: offered only while the piece can be claimed, answers that are
never stored, clear errors for a bad country code or a second submit."""

from __future__ import annotations

import itertools
import os

import pytest

from provenance.certificates.claims import unit_initial_claim_secret
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.status_changes import certificate_revoke, unit_write_off
from storefront.accounts.actor import Actor

pytestmark = pytest.mark.django_db
_addresses = itertools.count(1)


@pytest.fixture
def unit(received):
    return received.units.first()


@pytest.fixture
def secret(unit):
    return unit_initial_claim_secret(actor=Actor.system(), unit=unit)


@pytest.fixture
def post(client):
    """POST the claim form from an address of this test's own (limits are counted per address)."""
    n = next(_addresses) + (os.getpid() % 200) * 1000
    address = f"198.19.{n >> 8 & 255}.{n & 255}"

    def run(unit, data):
        return client.post(f"/p/{unit.serial}", data, REMOTE_ADDR=address)

    return run


def test_a_claimable_piece_offers_the_claim_form(client, unit):
    body = client.get(f"/p/{unit.serial}").content.decode()

    assert '<form method="post">' in body and 'id="not-claimable"' not in body


def test_a_revoked_page_does_not_offer_the_claim_form(client, unit):
    certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Counterfeit tag")

    body = client.get(f"/p/{unit.serial}").content.decode()

    assert '<form method="post">' not in body and 'name="secret"' not in body
    assert 'id="not-claimable"' in body


def test_a_written_off_piece_refuses_a_claim_posted_anyway(unit, secret, post):
    unit_write_off(unit=unit, status=Unit.Status.LOST, reason="Lost at the market", actor=Actor.system())

    response = post(unit, {"secret": secret})

    assert response.status_code == 409
    assert 'id="claim-error"' in response.content.decode()
    assert not unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).exists()


def test_the_answer_showing_the_new_secret_is_never_stored(unit, secret, post):
    response = post(unit, {"secret": secret})

    assert 'id="next-secret"' in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_second_submit_of_the_same_secret_says_it_already_claimed_the_piece(unit, secret, post):
    post(unit, {"secret": secret})

    again = post(unit, {"secret": secret})

    assert again.status_code == 409
    assert "already claimed with this secret" in again.content.decode()
    assert again["Cache-Control"] == "no-store"


@pytest.mark.parametrize("country", ["DEU", "EU", "1", "Nederland", "\x00"])
def test_a_country_that_is_not_an_iso_code_is_a_clear_error(unit, secret, post, country):
    response = post(unit, {"secret": secret, "country": country})

    assert response.status_code == 400
    assert "two letters" in response.content.decode()
    assert not unit.custody_events.filter(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).exists()


def test_a_country_in_small_letters_is_taken(unit, secret, post):
    assert post(unit, {"secret": secret, "country": "nl"}).status_code == 200
    assert unit.custody_events.get(type=CustodyEvent.Type.OWNERSHIP_CLAIMED).country == "NL"
