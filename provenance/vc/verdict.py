"""The verdict on a credential, derived from its checks in one place, and the issuer trust check.

A valid signature proves only that *someone* signed: anyone can sign a certificate naming a
cooperative and a village with their own ``did:key``. So "genuine" needs more than sound
cryptography: the issuer must be one the verifier trusts (the cooperative itself, or an issuer its
operator named), and the verifier must have confirmed that the issuer has not revoked or
suspended it. Anything that could not be confirmed is not genuine: the verdict fails closed.

Verdicts, from the worst down (the first that applies wins):

- ``invalid``: a check failed (forged or tampered, malformed, expired, a forged status list);
- ``untrusted_issuer``: the proof holds, but the issuer is not one this verifier trusts;
- ``revoked`` / ``suspended``: the issuer's status list says so;
- ``unconfirmed``: nothing failed, but something needed could not be checked (the status list
  or the issuer's key could not be fetched, or only the proof was asked for);
- ``valid``: genuine.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from enum import StrEnum

from provenance.vc.results import Check, CheckCode, CheckStatus, failed, passed

ISSUER_TRUST = "issuer_trust"

# The checks that must have passed for a credential to be genuine. Media is not among them: a
# withdrawn portrait makes its check "unavailable", never the certificate doubtful.
_REQUIRED = ("signature", "issuer_key", ISSUER_TRUST)
_STATUS_CODES = {CheckCode.REVOKED, CheckCode.SUSPENDED}
# Undecided checks that leave the verdict unconfirmed (an unreachable image does not).
_UNDECIDED = {"verification_method", "status"}


class Verdict(StrEnum):
    VALID = "valid"
    UNCONFIRMED = "unconfirmed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    UNTRUSTED_ISSUER = "untrusted_issuer"
    INVALID = "invalid"


def issuer_trust_check(issuer: str | None, trusted_issuers: Collection[str]) -> Check:
    """Passed when the credential's issuer is one of ``trusted_issuers``, failed otherwise."""
    if issuer is None:
        return failed(ISSUER_TRUST, CheckCode.MALFORMED, "the credential names no issuer")
    if issuer in trusted_issuers:
        return passed(ISSUER_TRUST, f"{issuer} is a trusted issuer", target=issuer)
    return failed(
        ISSUER_TRUST,
        CheckCode.UNTRUSTED_ISSUER,
        f"{issuer} is not the cooperative nor an issuer it trusts",
        target=issuer,
    )


def verdict_of(checks: Iterable[Check]) -> Verdict:
    """The verdict on a credential from its checks (see the module's docstring for the order)."""
    checks = tuple(checks)
    failures = [check for check in checks if check.status is CheckStatus.FAILED]
    if any(check.code not in _STATUS_CODES and check.name != ISSUER_TRUST for check in failures):
        return Verdict.INVALID
    if any(check.name == ISSUER_TRUST for check in failures):
        return Verdict.UNTRUSTED_ISSUER
    codes = {check.code for check in failures}
    if CheckCode.REVOKED in codes:
        return Verdict.REVOKED
    if CheckCode.SUSPENDED in codes:
        return Verdict.SUSPENDED
    passed_names = {check.name for check in checks if check.status is CheckStatus.PASSED}
    if any(name not in passed_names for name in _REQUIRED):
        return Verdict.UNCONFIRMED
    if any(check.status is CheckStatus.UNAVAILABLE and check.name in _UNDECIDED for check in checks):
        return Verdict.UNCONFIRMED
    return Verdict.VALID
