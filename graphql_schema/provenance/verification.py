"""``CertificateVerification``: a verifier's report as GraphQL, one entry per check with its reason.

A buyer at a market stall needs to know *why* a certificate does not verify (forged signature,
revoked, an image merely unavailable), so every check of ``provenance.vc.verify`` is exposed
with its status, machine code and human reason rather than a single boolean.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_schema.core.errors import graphql_enum
from provenance.certificates.verification import CertificateVerifier
from provenance.vc.results import Check, CheckCode, CheckStatus
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


def report_status(report: VerificationReport) -> CertificateStatus | None:
    """Revoked or suspended when a status list says so; valid only when everything verified."""
    codes = report.status_codes
    if CheckCode.REVOKED in codes:
        return CertificateStatus.REVOKED
    if CheckCode.SUSPENDED in codes:
        return CertificateStatus.SUSPENDED
    return CertificateStatus.VALID if report.verified else None


@strawberry.type(description="The result of verifying a Verifiable Credential, check by check.")
class CertificateVerification:
    _report: strawberry.Private[VerificationReport]

    @strawberry.field(description="True when the signature is valid and no check failed.")
    def verified(self) -> bool:
        return self._report.verified

    @strawberry.field(description="Every check made, in order.")
    def checks(self) -> list[CertificateCheck]:
        return [CertificateCheck.from_check(check) for check in self._report.checks]

    @strawberry.field(description="The credential's issuer (a DID), when it names one.")
    def issuer(self) -> str | None:
        issuer: Any = self._report.issuer
        return issuer if isinstance(issuer, str) else None

    @strawberry.field(description="The verification method (DID URL of the key) its proof names.")
    def verification_method(self) -> str | None:
        return self._report.verification_method

    @strawberry.field(
        description=(
            "REVOKED or SUSPENDED when the issuer's status list says so; VALID when everything "
            "verified; null when undecided or not verified for another reason."
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
