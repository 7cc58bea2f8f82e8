"""Every audited provenance service records its entry itself, with no GraphQL involved.

A webhook, a Celery task, the admin or a management command calling a service gets the same
audit entry as the API: the service writes it in its own transaction, naming the actor.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from provenance.certificates.claims import ownership_claim, unit_initial_claim_secret
from provenance.certificates.error_codes import ProvenanceError
from provenance.certificates.issuance import signing_key_rotate
from provenance.certificates.keys import secret_decrypt
from provenance.certificates.models import SigningKey, Unit
from provenance.certificates.status_changes import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    unit_write_off,
)
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.services import app_create
from tests.storefront.accounts.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return staff_user(PermissionCode.MANAGE_CERTIFICATES)


@pytest.fixture
def unit(received) -> Unit:
    return received.units.select_related("certificate").first()


def _entry(action: str) -> AuditLogEntry:
    return AuditLogEntry.objects.get(action=action)


def test_receiving_a_lot_records_who_received_it(receive_lot, staff):
    lot = receive_lot(code="LOT-AUDIT", quantity=2, actor=Actor(user=staff))

    entry = _entry("production_lot.received")
    assert (entry.actor_user, entry.object_type, entry.object_id) == (
        staff,
        "certificates.ProductionLot",
        str(lot.pk),
    )
    assert entry.payload["serials"] == list(lot.units.order_by("pk").values_list("serial", flat=True))


def test_revoking_records_the_certificate_and_the_reason(unit, staff):
    certificate_revoke(certificate=unit.certificate, reason=" Cracked ", actor=Actor(user=staff))

    entry = _entry("certificate.revoked")
    assert (entry.actor_user, entry.object_type, entry.object_id) == (
        staff,
        "certificates.OriginCertificate",
        str(unit.certificate.pk),
    )
    assert entry.payload == {"serial": unit.serial, "reason": "Cracked"}


def test_suspending_and_reinstating_are_each_recorded(unit):
    app, _ = app_create(name="Registry sync", permissions=[])

    certificate_suspend(certificate=unit.certificate, reason="Checking", actor=Actor(app=app))
    certificate_reinstate(certificate=unit.certificate, reason="Checked", actor=Actor(app=app))

    assert [(e.action, e.actor_app) for e in AuditLogEntry.objects.order_by("pk")][-2:] == [
        ("certificate.suspended", app),
        ("certificate.reinstated", app),
    ]


def test_a_write_off_is_one_entry_for_the_unit(unit, staff):
    unit_write_off(unit=unit, status=Unit.Status.LOST, reason="Lost at the market", actor=Actor(user=staff))

    entry = _entry("unit.written_off")
    assert (entry.actor_user, entry.object_id) == (staff, str(unit.pk))
    assert entry.payload == {"serial": unit.serial, "status": "LOST", "reason": "Lost at the market"}
    assert not AuditLogEntry.objects.filter(action="certificate.revoked").exists()


def test_reading_a_claim_secret_records_who_read_it_but_not_the_secret(unit, staff):
    secret = unit_initial_claim_secret(unit=unit, actor=Actor(user=staff))

    entry = _entry("unit.claim_secret_viewed")
    assert (entry.actor_user, entry.object_id, entry.payload) == (
        staff,
        str(unit.pk),
        {"serial": unit.serial},
    )
    assert secret not in str(entry.payload)


def test_an_ownership_claim_is_recorded_without_the_claimants_details(unit):
    secret = secret_decrypt(unit.initial_claim_secret_encrypted)

    ownership_claim(
        serial=unit.serial, secret=secret, actor=Actor.system(), claimant_email="private@example.com"
    )

    entry = _entry("unit.ownership_claimed")
    assert (entry.actor_user, entry.actor_app, entry.object_id) == (None, None, str(unit.pk))
    assert entry.payload == {"serial": unit.serial, "event": "OWNERSHIP_CLAIMED", "sequence": 3}


def test_rotating_the_key_records_the_new_key(signing_key, staff):
    key = signing_key_rotate(actor=Actor(user=staff))

    entry = _entry("signing_key.rotated")
    assert (entry.actor_user, entry.object_id, entry.payload["key_id"]) == (staff, str(key.pk), key.key_id)


def test_the_management_command_rotates_the_key_as_the_system(signing_key):
    call_command("signing_key_generate", "--rotate", stdout=io.StringIO())

    entry = _entry("signing_key.rotated")
    new_key = SigningKey.objects.get(is_active=True)
    assert (entry.actor_user, entry.actor_app, entry.object_id) == (None, None, str(new_key.pk))


def test_a_refused_change_leaves_no_entry(unit, staff):
    certificate_revoke(certificate=unit.certificate, reason="Damaged", actor=Actor(user=staff))

    with pytest.raises(ProvenanceError, match="already revoked"):
        certificate_revoke(certificate=unit.certificate, reason="Again", actor=Actor(user=staff))

    assert AuditLogEntry.objects.filter(action="certificate.revoked").count() == 1
