"""``CertificateVerification``: a verifier's report as GraphQL, one entry per check with its reason.

A buyer at a market stall needs to know *why* a certificate does not verify (forged signature,
revoked, an image merely unavailable), so every check of ``provenance.vc.verify`` is exposed
with its status, machine code and human reason rather than a single boolean. The verdict says
what they add up to, and fails closed: a sound signature by an issuer this shop does not trust,
or a status that could not be confirmed, is never "valid".
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_schema.core.errors import graphql_enum
from provenance.certificates.verification import CertificateVerifier, IssuerTrust, issuer_trust
from provenance.vc.results import Check, CheckCode, CheckStatus
from provenance.vc.verdict import Verdict
from provenance.vc.verify import VerificationReport

_VERIFIER = "certificate-verifier"


class CertificateStatus(StrEnum):
    """What the cooperative says of a certificate now (its status list bits)."""

    VALID = "VALID"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"


def _upper_names(domain_enum: type[StrEnum], name: str) -> type[StrEnum]:
    # GraphQL enum values are upper case by convention; the domain's values are lower case.
    return StrEnum(name, [(member.name, member.name) for member in domain_enum])  # type: ignore[return-value]


CertificateStatusEnum = graphql_enum(
    CertificateStatus, name="CertificateStatusEnum", description="Status of an origin certificate."
)
CertificateCheckStatusEnum = graphql_enum(
    _upper_names(CheckStatus, "CheckStatusName"),
    name="CertificateCheckStatusEnum",
    description=(
        "Outcome of one verification check. UNAVAILABLE: could not be decided (a status list or "
        "image that cannot be fetched), which is not a forgery."
    ),
)
CertificateCheckCodeEnum = graphql_enum(
    _upper_names(CheckCode, "CheckCodeName"),
    name="CertificateCheckCodeEnum",
    description="Machine-readable outcome of a verification check, finer than its status.",
)
CertificateVerdictEnum = graphql_enum(
    _upper_names(Verdict, "VerdictName"),
    name="CertificateVerdictEnum",
    description=(
        "What a verification adds up to. VALID: genuine (signed by this cooperative or an issuer it "
        "trusts, nothing failed, status confirmed). UNCONFIRMED: nothing failed, but the status (or "
        "the issuer's key) could not be checked. SUSPENDED, REVOKED: the issuer's status list says "
        "so. UNTRUSTED_ISSUER: the signature holds, but the issuer is neither this cooperative nor an "
        "issuer it trusts. INVALID: a check failed (forged, tampered, malformed, expired)."
    ),
)
IssuerTrustEnum = graphql_enum(
    _upper_names(IssuerTrust, "IssuerTrustName"),
    name="CertificateIssuerTrustEnum",
    description=(
        "Who issued a credential: COOPERATIVE (this shop's own did:web), TRUSTED (an issuer the "
        "operator configured), UNTRUSTED (anyone else)."
    ),
)


@strawberry.type(description="One step of a certificate's verification and its outcome.")
class CertificateCheck:
    name: str = strawberry.field(
        description=(
            "What was checked: parse, data_model, proof, verification_method, signature, issuer_key, "
            "validity_period, status, media."
        )
    )
    status: CertificateCheckStatusEnum  # type: ignore[valid-type]
    code: CertificateCheckCodeEnum  # type: ignore[valid-type]
    reason: str = strawberry.field(description="Why, in words.")
    target: str | None = strawberry.field(
        default=None,
        description="What the check was about when there are several (a media URL, a status entry).",
    )

    @classmethod
    def from_check(cls, check: Check) -> CertificateCheck:
        return cls(
            name=check.name,
            status=CertificateCheckStatusEnum(check.status.name),
            code=CertificateCheckCodeEnum(check.code.name),
            reason=check.reason,
            target=check.target,
        )


_VERDICT_STATUS = {
    Verdict.VALID: CertificateStatus.VALID,
    Verdict.REVOKED: CertificateStatus.REVOKED,
    Verdict.SUSPENDED: CertificateStatus.SUSPENDED,
}


def report_status(report: VerificationReport) -> CertificateStatus | None:
    """Revoked or suspended when a trusted issuer's status list says so; valid only when genuine."""
    return _VERDICT_STATUS.get(report.verdict)


@strawberry.type(description="The result of verifying a Verifiable Credential, check by check.")
class CertificateVerification:
    _report: strawberry.Private[VerificationReport]

    @strawberry.field(
        description=(
            "True only when the credential is genuine (verdict VALID): signed by this cooperative or an "
            "issuer it trusts, no check failed, and its status confirmed."
        )
    )
    def verified(self) -> bool:
        return self._report.verified

    @strawberry.field(
        description="What the checks add up to; only VALID is genuine.", graphql_type=CertificateVerdictEnum
    )
    def verdict(self) -> Enum:
        return CertificateVerdictEnum(self._report.verdict.name)

    @strawberry.field(
        description="Whether the issuer is this cooperative, an issuer it trusts, or neither.",
        graphql_type=IssuerTrustEnum,
    )
    def issuer_trust(self) -> Enum:
        return IssuerTrustEnum(issuer_trust(self._issuer).name)

    @strawberry.field(description="True when the issuer is this cooperative or an issuer it trusts.")
    def issuer_trusted(self) -> bool:
        return issuer_trust(self._issuer) is not IssuerTrust.UNTRUSTED

    @property
    def _issuer(self) -> str | None:
        issuer: Any = self._report.issuer
        return issuer if isinstance(issuer, str) else None

    @strawberry.field(description="Every check made, in order.")
    def checks(self) -> list[CertificateCheck]:
        return [CertificateCheck.from_check(check) for check in self._report.checks]

    @strawberry.field(description="The credential's issuer (a DID), when it names one.")
    def issuer(self) -> str | None:
        return self._issuer

    @strawberry.field(description="The verification method (DID URL of the key) its proof names.")
    def verification_method(self) -> str | None:
        return self._report.verification_method

    @strawberry.field(
        description=(
            "REVOKED or SUSPENDED when a trusted issuer's status list says so; VALID when genuine; "
            "null otherwise (see verdict: unconfirmed, untrusted issuer or invalid)."
        )
    )
    def status(self) -> CertificateStatusEnum | None:  # type: ignore[valid-type]
        status = report_status(self._report)
        return CertificateStatusEnum(status.value) if status is not None else None


def request_verifier(info: Info) -> CertificateVerifier:
    """One domain verifier per request: each lookup (DID document, status lists, media) made once."""
    verifier: CertificateVerifier = info.context.once(_VERIFIER, CertificateVerifier)
    return verifier


def forget_verifier(info: Info) -> None:
    """Call after changing a certificate's status or the keys: later fields must see the change."""
    info.context.memo.pop(_VERIFIER, None)
