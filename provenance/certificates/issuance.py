"""Issuing certificates: signing one unit's credential, and rotating the key that signs them."""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from provenance.certificates.credentials import LotClaims, certificate_unsigned
from provenance.certificates.custody import custody_event_append
from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.keys import ActiveKey, signing_key_generate
from provenance.certificates.models import CustodyEvent, OriginCertificate, SigningKey, StatusList, Unit
from provenance.certificates.status import status_list_url, status_slot_allocate
from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multibase import base58btc_encode
from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record

_SLOT_ATTEMPTS = 8


def unit_certify(
    *,
    unit: Unit,
    active_key: ActiveKey,
    claims: LotClaims,
    lists: dict[StatusList.Purpose, StatusList],
) -> OriginCertificate:
    """Sign ``unit``'s certificate with random status slots of ``lists`` and append CERTIFIED.

    Runs inside the lot's transaction; a slot taken at the same moment by another receipt is
    retried under a savepoint.
    """
    issued_at = timezone.now().replace(microsecond=0)
    for _attempt in range(_SLOT_ATTEMPTS):
        revocation = status_slot_allocate(
            purpose=StatusList.Purpose.REVOCATION, status_list=lists[StatusList.Purpose.REVOCATION]
        )
        suspension = status_slot_allocate(
            purpose=StatusList.Purpose.SUSPENSION, status_list=lists[StatusList.Purpose.SUSPENSION]
        )
        unsigned = certificate_unsigned(
            unit=unit,
            issued_at=issued_at,
            revocation=revocation,
            suspension=suspension,
            status_url=status_list_url,
            claims=claims,
        )
        credential = sign(
            unsigned, private_key=active_key.private_key, verification_method=active_key.verification_method
        )
        try:
            with transaction.atomic():
                certificate = OriginCertificate.objects.create(
                    unit=unit,
                    credential_id=credential["id"],
                    credential=credential,
                    signing_key=active_key.record,
                    check_code=check_code(credential),
                    revocation_list=revocation[0],
                    revocation_index=revocation[1],
                    suspension_list=suspension[0],
                    suspension_index=suspension[1],
                    issued_at=issued_at,
                )
        except IntegrityError:
            continue  # another certificate took the same random slot at the same moment
        custody_event_append(
            unit=unit,
            type=CustodyEvent.Type.CERTIFIED,
            occurred_at=issued_at,
            country=claims.common["origin"]["country"],
        )
        return certificate
    raise ProvenanceError(ProvenanceErrorCode.INVALID, "Could not allocate a status list slot.")


def check_code(credential: dict) -> str:
    """A short code printed on the tag, derived from the signature: tag and certificate must agree."""
    digest = hashlib.sha256(credential["proof"]["proofValue"].encode()).digest()
    return base58btc_encode(digest)[:6].upper()


def signing_key_rotate(*, actor: Actor) -> SigningKey:
    """Add a new signing key and make it the active one (earlier keys stay published); audited."""
    with transaction.atomic():
        key = signing_key_generate()
        audit_log_record(
            actor=actor,
            action="signing_key.rotated",
            target=key,
            payload={"key_id": key.key_id, "public_key_multibase": key.public_key_multibase},
        )
    return key
