"""Receiving a lot certifies every unit; certificates verify, change status, and survive key rotation."""

from __future__ import annotations

import copy
import datetime

import pytest

from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import signing_key_generate
from provenance.certificates.models import CustodyEvent, OriginCertificate
from provenance.certificates.status_changes import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
)
from provenance.certificates.verification import certificate_verify, did_document
from provenance.vc.results import CheckCode
from storefront.accounts.actor import Actor
from storefront.inventory.models import Stock

pytestmark = pytest.mark.django_db


def test_receiving_a_lot_adds_stock_and_certifies_each_unit(received, variant, warehouse):
    assert Stock.objects.get(warehouse=warehouse, product_variant=variant).quantity == 3
    units = list(received.units.all())
    assert len(units) == 3
    assert len({u.serial for u in units}) == 3
    for unit in units:
        assert unit.certificate.credential["credentialSubject"]["serialNumber"] == unit.serial
        types = list(unit.custody_events.values_list("type", flat=True))
        assert types == [CustodyEvent.Type.PRODUCED, CustodyEvent.Type.CERTIFIED]


def test_certificate_names_the_maker_village_and_claims(received, maker):
    subject = received.units.first().certificate.credential["credentialSubject"]
    assert subject["makers"] == [
        {"id": f"urn:uuid:{maker.public_id}", "role": "weaver", "name": "Inaq Sumiati"}
    ]
    assert subject["origin"]["village"] == "Loyok"
    assert subject["origin"]["latitude"] == "-8.613"
    assert subject["hsCode"] == "4602"
    assert subject["productionPeriod"] == {"startDate": "2026-10-01", "endDate": "2026-10-20"}
    assert subject["motif"] == "Kembang"


def test_fresh_certificate_verifies(received):
    report = certificate_verify(received.units.first().certificate.credential)
    assert report.verified, report.checks
    assert report.status_codes == ()


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _leaves(child, (*path, index))
    else:
        yield path


def test_changing_any_single_claim_fails_verification(received):
    credential = received.units.first().certificate.credential
    paths = [p for p in _leaves(credential) if p[0] != "proof"]
    assert len(paths) > 30
    for path in paths:
        forged = copy.deepcopy(credential)
        target = forged
        for key in path[:-1]:
            target = target[key]
        leaf = target[path[-1]]
        target[path[-1]] = leaf + "x" if isinstance(leaf, str) else "changed"
        assert not certificate_verify(forged).verified, f"changing {path} went unnoticed"


def test_revoked_certificate_verifies_as_revoked(received):
    certificate = received.units.first().certificate
    certificate_revoke(actor=Actor.system(), certificate=certificate, reason="Damaged in the workshop flood")
    report = certificate_verify(certificate.credential)
    assert CheckCode.REVOKED in report.status_codes
    assert not report.verified


def test_revocation_needs_a_reason_and_happens_once(received):
    certificate = received.units.first().certificate
    with pytest.raises(ProvenanceError):
        certificate_revoke(actor=Actor.system(), certificate=certificate, reason=" ")
    certificate_revoke(actor=Actor.system(), certificate=certificate, reason="Lost in transit")
    with pytest.raises(ProvenanceError) as excinfo:
        certificate_revoke(actor=Actor.system(), certificate=certificate, reason="again")
    assert excinfo.value.code == ProvenanceErrorCode.ALREADY_REVOKED


def test_reinstating_a_suspended_certificate_restores_it(received):
    certificate = received.units.first().certificate
    certificate_suspend(actor=Actor.system(), certificate=certificate, reason="Checking the maker record")
    assert CheckCode.SUSPENDED in certificate_verify(certificate.credential).status_codes
    certificate_reinstate(actor=Actor.system(), certificate=certificate, reason="Record confirmed")
    report = certificate_verify(certificate.credential)
    assert report.verified
    assert report.status_codes == ()


def test_revoking_one_leaves_the_others_valid(received):
    first, second = received.units.all()[:2]
    certificate_revoke(actor=Actor.system(), certificate=first.certificate, reason="Damaged")
    assert certificate_verify(second.certificate.credential).verified


def test_after_rotation_old_certificates_verify_and_new_ones_use_the_new_key(
    received, variant, warehouse, origin, maker, receive_lot
):
    old = received.units.first().certificate
    new_key = signing_key_generate()
    assert len(did_document()["assertionMethod"]) == 2
    lot = receive_lot(
        code="LOT-LYK-002",
        production_started_on=datetime.date(2026, 11, 1),
        production_finished_on=datetime.date(2026, 11, 2),
    )
    fresh = lot.units.get().certificate
    assert fresh.signing_key == new_key
    assert fresh.credential["proof"]["verificationMethod"].endswith("#" + new_key.key_id)
    assert certificate_verify(old.credential).verified
    assert certificate_verify(fresh.credential).verified


def test_maker_without_consent_appears_only_by_pseudonym(
    signing_key, variant, warehouse, origin, maker, receive_lot
):
    maker.consent_to_publish = False
    maker.save()
    lot = receive_lot(
        code="LOT-LYK-003",
        production_started_on=datetime.date(2026, 11, 1),
        production_finished_on=datetime.date(2026, 11, 2),
    )
    (claim,) = lot.units.get().certificate.credential["credentialSubject"]["makers"]
    assert claim == {"id": f"urn:uuid:{maker.public_id}", "role": "weaver"}


def test_invalid_lot_changes_nothing(signing_key, variant, warehouse, origin, maker, receive_lot):
    with pytest.raises(ProvenanceError):
        receive_lot(
            code="LOT-BAD",
            quantity=2,
            production_started_on=datetime.date(2026, 11, 2),
            production_finished_on=datetime.date(2026, 11, 1),
        )
    assert not Stock.objects.filter(product_variant=variant).exists()
    assert not OriginCertificate.objects.exists()


def test_status_list_indexes_are_random_not_sequential(received):
    indexes = list(OriginCertificate.objects.values_list("revocation_index", flat=True))
    assert indexes != sorted(indexes) or max(indexes) - min(indexes) > 3


def test_the_made_event_is_dated_when_the_lot_was_finished(received):
    made = received.units.first().custody_events.get(type=CustodyEvent.Type.PRODUCED)
    assert made.occurred_at.date() == datetime.date(2026, 10, 20)


def test_a_lot_finished_in_the_future_is_refused(signing_key, variant, warehouse, origin, maker, receive_lot):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ProvenanceError) as excinfo:
        receive_lot(code="LOT-FUTURE", production_finished_on=tomorrow)
    assert excinfo.value.field == "production_period"
