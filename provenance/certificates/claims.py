"""Claim secrets and ownership claims.

Staff read a unit's first claim secret to print it inside the packaging; a buyer presents it
(from the public page or the API) to claim the piece, and receives the next secret to hand on
with it. Both are audited in the transaction that does them.

Attempts are rate-limited: a wrong secret counts against both the item's serial and the
caller's address; over either limit every attempt is refused (even a right one) until the
window passes, and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import secret_decrypt
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.serials import claim_secret_digest, claim_secret_matches, claim_secret_new
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.ratelimit import FailureLimit

PER_SERIAL = FailureLimit(scope="claim-serial", limit=5, window_seconds=15 * 60)
PER_ADDRESS = FailureLimit(scope="claim-address", limit=20, window_seconds=60 * 60)


@dataclass(frozen=True)
class ClaimResult:
    event: CustodyEvent
    next_secret: str


def unit_initial_claim_secret(*, unit: Unit, actor: Actor) -> str:
    """The first claim secret, for printing inside the packaging (staff only).

    Reading a secret changes nothing, but who saw which one must be traceable: audited.
    """
    if not unit.initial_claim_secret_encrypted:
        raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND, "This unit has been claimed already.")
    secret = secret_decrypt(unit.initial_claim_secret_encrypted)
    with transaction.atomic():
        audit_log_record(
            actor=actor, action="unit.claim_secret_viewed", target=unit, payload={"serial": unit.serial}
        )
    return secret


def ownership_claim(
    *,
    serial: str,
    secret: str,
    actor: Actor,
    claimant_name: str = "",
    claimant_email: str = "",
    country: str = "",
) -> ClaimResult:
    """Claim (first time) or take over (later) a unit with its current secret; issue the next secret.

    The secret is compared under the unit's row lock, so the same secret can never be used
    twice even by two simultaneous requests. The caller rate-limits attempts. The claimant's
    name and e-mail stay in the custody event's private data only, never in the audit log.
    """
    with transaction.atomic():
        unit = Unit.objects.select_for_update().filter(serial=serial).first()
        if unit is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND, "No unit has this serial.", field="serial")
        if not claim_secret_matches(secret, unit.claim_secret_digest):
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID_CLAIM_SECRET,
                "This secret is not valid for this item (it may have been used already).",
                field="secret",
            )
        first_claim = unit.claimed_at is None
        next_secret = claim_secret_new()
        unit.claim_secret_digest = claim_secret_digest(next_secret)
        unit.initial_claim_secret_encrypted = ""
        unit.claimed_at = unit.claimed_at or timezone.now()
        unit.save(update_fields=["claim_secret_digest", "initial_claim_secret_encrypted", "claimed_at"])
        private = {k: v for k, v in (("name", claimant_name), ("email", claimant_email)) if v}
        event = custody_event_append(
            unit=unit,
            type=CustodyEvent.Type.OWNERSHIP_CLAIMED if first_claim else CustodyEvent.Type.TRANSFERRED,
            country=country,
            private_data=private or None,
        )
        audit_log_record(
            actor=actor,
            action="unit.ownership_claimed",
            target=unit,
            payload={"serial": unit.serial, "event": event.type, "sequence": event.sequence},
        )
    return ClaimResult(event=event, next_secret=next_secret)


def ownership_claim_attempt(
    *,
    serial: str,
    secret: str,
    ip_address: str,
    actor: Actor,
    claimant_name: str = "",
    claimant_email: str = "",
    country: str = "",
) -> ClaimResult:
    """``ownership_claim`` behind the per-serial and per-address limits on wrong secrets."""
    if PER_SERIAL.blocked(serial) or PER_ADDRESS.blocked(ip_address):
        raise ProvenanceError(
            ProvenanceErrorCode.RATE_LIMITED, "Too many wrong secrets. Try again later.", field="secret"
        )
    try:
        return ownership_claim(
            serial=serial,
            secret=secret,
            actor=actor,
            claimant_name=claimant_name[:120],
            claimant_email=claimant_email[:254],
            country=country[:2],
        )
    except ProvenanceError as error:
        if error.code == ProvenanceErrorCode.INVALID_CLAIM_SECRET:
            PER_SERIAL.record_failure(serial)
            PER_ADDRESS.record_failure(ip_address)
        raise
