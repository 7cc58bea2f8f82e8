"""Staff mutations on certificates: revoke, suspend, reinstate, rotate the signing key, read a
unit's claim secret. Each is audited, refused without permission, and changes nothing on error."""

from __future__ import annotations

import pytest

from provenance.certificates.keys import secret_decrypt
from provenance.certificates.models import CustodyEvent, OriginCertificate, SigningKey
from provenance.certificates.status_changes import certificate_revoke
from provenance.certificates.verification import certificate_verify
from storefront.accounts.actor import Actor
from storefront.accounts.models import AuditLogEntry
from tests.graphql.provenance.helpers import denied

pytestmark = pytest.mark.django_db

STATUS_CHANGE = """
mutation Change($serial: String!, $reason: String!) {
  %s(serial: $serial, reason: $reason) {
    certificate { serial status revocationReason suspensionReason }
    errors { field code message }
  }
}
"""
REVOKE = STATUS_CHANGE % "certificateRevoke"
SUSPEND = STATUS_CHANGE % "certificateSuspend"
REINSTATE = STATUS_CHANGE % "certificateReinstate"
ROTATE = (
    "mutation { signingKeyRotate { signingKey { id keyId publicKeyMultibase isActive } errors { code } } }"
)
CLAIM_SECRET = """
mutation Secret($serial: String!) { unitClaimSecret(serial: $serial) { serial secret errors { field code } } }
"""


def _state(certificate: OriginCertificate) -> tuple:
    certificate.refresh_from_db()
    return (
        certificate.revoked_at,
        certificate.suspended_at,
        CustodyEvent.objects.filter(unit=certificate.unit_id).count(),
        AuditLogEntry.objects.count(),
    )


def test_staff_revoke_a_certificate_with_a_reason_and_it_is_audited(call, staff, unit):
    result = call(REVOKE, {"serial": unit.serial, "reason": "Cracked in the kiln"}, user=staff)

    payload = result["data"]["certificateRevoke"]
    assert payload["errors"] == []
    assert payload["certificate"]["status"] == "REVOKED"
    assert payload["certificate"]["revocationReason"] == "Cracked in the kiln"
    assert certificate_verify(unit.certificate.credential).verified is False
    entry = AuditLogEntry.objects.get(action="certificate.revoked")
    assert entry.actor_user == staff
    assert (entry.object_type, entry.object_id) == (
        "certificates.OriginCertificate",
        str(unit.certificate.pk),
    )
    assert entry.payload == {"serial": unit.serial, "reason": "Cracked in the kiln"}


def test_suspend_then_reinstate_restores_the_certificate(call, staff, unit):
    suspended = call(SUSPEND, {"serial": unit.serial, "reason": "Checking"}, user=staff)
    reinstated = call(REINSTATE, {"serial": unit.serial, "reason": "Checked"}, user=staff)

    assert suspended["data"]["certificateSuspend"]["certificate"]["status"] == "SUSPENDED"
    assert reinstated["data"]["certificateReinstate"]["errors"] == []
    assert reinstated["data"]["certificateReinstate"]["certificate"]["status"] == "VALID"
    assert certificate_verify(unit.certificate.credential).verified is True
    assert list(
        AuditLogEntry.objects.filter(action__startswith="certificate.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["certificate.suspended", "certificate.reinstated"]


@pytest.mark.parametrize(
    ("document", "variables", "prepare", "field", "code"),
    [
        (REVOKE, {"serial": "ASL-NOPE0-NOPE0", "reason": "Lost"}, None, "serial", "NOT_FOUND"),
        (REVOKE, {"reason": "   "}, None, "reason", "REQUIRED"),
        (REVOKE, {"reason": "Again"}, "revoke", None, "ALREADY_REVOKED"),
        (SUSPEND, {"reason": "Too late"}, "revoke", None, "ALREADY_REVOKED"),
        (SUSPEND, {"reason": ""}, None, "reason", "REQUIRED"),
        (REINSTATE, {"reason": "Nothing to lift"}, None, None, "NOT_SUSPENDED"),
        (REINSTATE, {"reason": "Revocation is final"}, "revoke", None, "ALREADY_REVOKED"),
    ],
)
def test_a_refused_status_change_is_an_error_and_changes_nothing(
    call, staff, unit, document, variables, prepare, field, code
):
    if prepare == "revoke":
        certificate_revoke(actor=Actor.system(), certificate=unit.certificate, reason="Damaged")
    before = _state(unit.certificate)

    result = call(document, {"serial": unit.serial, **variables}, user=staff)

    payload = next(iter(result["data"].values()))
    assert payload["certificate"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert _state(unit.certificate) == before


@pytest.mark.parametrize("document", [REVOKE, SUSPEND, REINSTATE])
@pytest.mark.parametrize("who", ["anonymous", "product_staff"])
def test_status_changes_need_a_provenance_permission(call, request, unit, document, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    before = _state(unit.certificate)

    result = call(document, {"serial": unit.serial, "reason": "Because"}, user=user)

    assert denied(result)
    assert _state(unit.certificate) == before


def test_rotating_the_key_signs_new_certificates_with_it_and_old_ones_still_verify(call, staff, unit):
    old_key = unit.certificate.signing_key

    result = call(ROTATE, user=staff)

    payload = result["data"]["signingKeyRotate"]
    new_key = SigningKey.objects.get(is_active=True)
    assert payload["errors"] == []
    assert payload["signingKey"]["keyId"] == new_key.key_id != old_key.key_id
    assert payload["signingKey"]["publicKeyMultibase"] == new_key.public_key_multibase
    assert payload["signingKey"]["isActive"] is True
    assert certificate_verify(unit.certificate.credential).verified is True
    entry = AuditLogEntry.objects.get(action="signing_key.rotated")
    assert (entry.actor_user, entry.object_id, entry.payload["key_id"]) == (
        staff,
        str(new_key.pk),
        new_key.key_id,
    )


@pytest.mark.parametrize("who", ["anonymous", "product_staff"])
def test_rotating_the_key_needs_a_provenance_permission(call, request, signing_key, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    result = call(ROTATE, user=user)

    assert denied(result)
    assert list(SigningKey.objects.values_list("pk", flat=True)) == [signing_key.pk]


def test_staff_read_a_units_claim_secret_and_the_reading_is_audited(call, staff, unit):
    result = call(CLAIM_SECRET, {"serial": unit.serial}, user=staff)

    payload = result["data"]["unitClaimSecret"]
    assert payload["errors"] == []
    assert payload["serial"] == unit.serial
    assert payload["secret"] == secret_decrypt(unit.initial_claim_secret_encrypted)
    entry = AuditLogEntry.objects.get(action="unit.claim_secret_viewed")
    assert (entry.actor_user, entry.object_type, entry.object_id) == (
        staff,
        "certificates.Unit",
        str(unit.pk),
    )
    assert payload["secret"] not in str(entry.payload)


def test_an_unknown_units_claim_secret_is_not_found(call, staff, db):
    payload = call(CLAIM_SECRET, {"serial": "ASL-NOPE0-NOPE0"}, user=staff)["data"]["unitClaimSecret"]

    assert payload["secret"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("serial", "NOT_FOUND")]
    assert not AuditLogEntry.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "product_staff"])
def test_claim_secrets_are_for_staff_only(call, request, unit, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)

    result = call(CLAIM_SECRET, {"serial": unit.serial}, user=user)

    assert denied(result)
    assert secret_decrypt(unit.initial_claim_secret_encrypted) not in str(result)
    assert not AuditLogEntry.objects.filter(action="unit.claim_secret_viewed").exists()


def test_verification_in_one_document_sees_each_status_change_in_turn(call, staff, unit):
    document = """mutation($s: String!) {
      suspend: certificateSuspend(serial: $s, reason: "Checking") {
        certificate { verification { status } } errors { code } }
      reinstate: certificateReinstate(serial: $s, reason: "Checked") {
        certificate { verification { status } } errors { code } }
      revoke: certificateRevoke(serial: $s, reason: "Lost") {
        certificate { verification { status } } errors { code } }
    }"""

    data = call(document, {"s": unit.serial}, user=staff)["data"]

    assert [
        data[name]["certificate"]["verification"]["status"] for name in ("suspend", "reinstate", "revoke")
    ] == [
        "SUSPENDED",
        "VALID",
        "REVOKED",
    ]
