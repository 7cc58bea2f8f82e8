"""Ownership claims from the public page: rate-limited attempts around ``ownership_claim``.

A wrong secret counts against both the item's serial and the caller's address; over either
limit every attempt is refused (even a right one) until the window passes, and nothing changes.
"""

from __future__ import annotations

from provenance.certificates.error_codes import ProvenanceError, ProvenanceErrorCode
from provenance.certificates.services import ClaimResult, ownership_claim
from storefront.core.ratelimit import FailureLimit

PER_SERIAL = FailureLimit(scope="claim-serial", limit=5, window_seconds=15 * 60)
PER_ADDRESS = FailureLimit(scope="claim-address", limit=20, window_seconds=60 * 60)


def ownership_claim_attempt(
    *,
    serial: str,
    secret: str,
    ip_address: str,
    claimant_name: str = "",
    claimant_email: str = "",
    country: str = "",
) -> ClaimResult:
    if PER_SERIAL.blocked(serial) or PER_ADDRESS.blocked(ip_address):
        raise ProvenanceError(
            ProvenanceErrorCode.RATE_LIMITED, "Too many wrong secrets. Try again later.", field="secret"
        )
    try:
        return ownership_claim(
            serial=serial,
            secret=secret,
            claimant_name=claimant_name[:120],
            claimant_email=claimant_email[:254],
            country=country[:2],
        )
    except ProvenanceError as error:
        if error.code == ProvenanceErrorCode.INVALID_CLAIM_SECRET:
            PER_SERIAL.record_failure(serial)
            PER_ADDRESS.record_failure(ip_address)
        raise
