"""Claim secrets and ownership claims.

Staff read a unit's first claim secret to print it inside the packaging; a buyer presents it
(from the public page or the API) to claim the piece, and receives the next secret to hand on
with it. Both are audited in the transaction that does them.

Serials are public (tags, QR codes, one-of-a-kind variants), so nothing a stranger does with a
serial may lock its owner out: the secret is checked first, under the unit's row lock, and the
right one always works. Guessing stays infeasible through the secret itself (80 random bits)
and a limit per caller's address (20 wrong secrets an hour; an IPv6 caller counts by its /64,
since anyone holds billions of addresses there). Wrong secrets are also counted per serial,
only to log that someone is guessing at a piece, never to refuse its owner.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from provenance.certificates.countries import COUNTRY_CODES
from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import secret_decrypt
from provenance.certificates.models import CustodyEvent, Unit
from provenance.certificates.selectors import unit_claimable
from provenance.certificates.serials import claim_secret_digest, claim_secret_matches, claim_secret_new
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.core.ratelimit import FailureLimit

logger = logging.getLogger(__name__)

PER_ADDRESS = FailureLimit(scope="claim-address", limit=20, window_seconds=60 * 60)
# Counts wrong secrets per serial to report guessing; it never refuses anyone.
GUESSES_PER_SERIAL = FailureLimit(scope="claim-serial-guesses", limit=5, window_seconds=15 * 60)

MAX_NAME = 120
MAX_EMAIL = 254


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


def claim_country_clean(country: str) -> str:
    """An ISO 3166-1 alpha-2 code in capitals, or "" when none is given (raises on anything else)."""
    code = country.strip().upper()
    if code and code not in COUNTRY_CODES:
        raise ProvenanceError(
            ProvenanceErrorCode.INVALID,
            "Give the country as its two-letter ISO 3166-1 code, for example DE, NL or JP.",
            field="country",
        )
    return code


def _text_clean(value: str, *, field: str, limit: int) -> str:
    if "\x00" in value:
        raise ProvenanceError(ProvenanceErrorCode.INVALID, "This text contains a NUL character.", field=field)
    return value.strip()[:limit]


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
    twice even by two simultaneous requests; the second of them learns that this very secret
    already claimed the piece. A written-off piece or a revoked certificate cannot be claimed.
    The caller rate-limits wrong secrets. The claimant's name and e-mail stay in the custody
    event's private data only, never in the audit log.
    """
    country = claim_country_clean(country)
    name = _text_clean(claimant_name, field="name", limit=MAX_NAME)
    email = _text_clean(claimant_email, field="email", limit=MAX_EMAIL)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().filter(serial=serial).first()
        if unit is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND, "No unit has this serial.", field="serial")
        if not unit_claimable(unit=unit):
            raise ProvenanceError(
                ProvenanceErrorCode.NOT_CLAIMABLE,
                "This piece cannot be claimed: it was written off or its certificate revoked.",
                field="serial",
            )
        if not claim_secret_matches(secret, unit.claim_secret_digest):
            if claim_secret_matches(secret, unit.used_claim_secret_digest):
                raise ProvenanceError(
                    ProvenanceErrorCode.ALREADY_CLAIMED,
                    "This piece was already claimed with this secret; its new secret was shown then.",
                    field="secret",
                )
            raise ProvenanceError(
                ProvenanceErrorCode.INVALID_CLAIM_SECRET,
                "This secret is not valid for this item (it may have been used already).",
                field="secret",
            )
        first_claim = unit.claimed_at is None
        next_secret = claim_secret_new()
        unit.used_claim_secret_digest = unit.claim_secret_digest
        unit.claim_secret_digest = claim_secret_digest(next_secret)
        unit.initial_claim_secret_encrypted = ""
        unit.claimed_at = unit.claimed_at or timezone.now()
        unit.save(
            update_fields=[
                "used_claim_secret_digest",
                "claim_secret_digest",
                "initial_claim_secret_encrypted",
                "claimed_at",
            ]
        )
        private = {k: v for k, v in (("name", name), ("email", email)) if v}
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


def claim_address_key(ip_address: str) -> str:
    """What the per-address limit counts: the address itself, or the /64 network of an IPv6 one."""
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return ip_address
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


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
    """``ownership_claim`` behind the per-address limit on wrong secrets.

    An address over its limit is refused before its secret is looked at (else the limit would
    not slow guessing at all). Only wrong secrets count: a double submit of the right one, an
    unclaimable piece or a bad country code are not guesses.
    """
    country = claim_country_clean(country)
    address = claim_address_key(ip_address)
    if PER_ADDRESS.blocked(address):
        raise ProvenanceError(
            ProvenanceErrorCode.RATE_LIMITED, "Too many wrong secrets. Try again later.", field="secret"
        )
    try:
        return ownership_claim(
            serial=serial,
            secret=secret,
            actor=actor,
            claimant_name=claimant_name,
            claimant_email=claimant_email,
            country=country,
        )
    except ProvenanceError as error:
        if error.code == ProvenanceErrorCode.INVALID_CLAIM_SECRET:
            PER_ADDRESS.record_failure(address)
            if GUESSES_PER_SERIAL.record_failure(serial) == GUESSES_PER_SERIAL.limit:
                logger.warning("Claim secrets are being guessed for serial %s", serial)
        raise
