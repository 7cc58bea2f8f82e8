"""Saleor-shaped payloads of the provenance mutations: the result, and ``errors: [ProvenanceError!]!``."""

from __future__ import annotations

from typing import Any

import strawberry

from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.provenance.staff_types import ProductionLot, SigningKey
from graphql_schema.provenance.types import CustodyEventTypeEnum, OriginCertificate
from provenance.certificates.error_codes import ProvenanceErrorCode
from storefront.accounts.permissions import PermissionCode

ProvenanceErrorCodeEnum = graphql_enum(ProvenanceErrorCode, name="ProvenanceErrorCode")

STAFF_PERMISSIONS = (PermissionCode.MANAGE_CERTIFICATES, PermissionCode.MANAGE_PROVENANCE)
STAFF_NOTE = "\n\nRequires one of the following permissions: MANAGE_CERTIFICATES, MANAGE_PROVENANCE."


def staff_mutation(description: str) -> Any:
    """A mutation only staff (or apps) managing certificates or provenance may call."""
    return strawberry.mutation(
        description=description + STAFF_NOTE, extensions=[permission_required(*STAFF_PERMISSIONS)]
    )


@strawberry.type(description="Represents errors in provenance mutations.")
class ProvenanceError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProvenanceErrorCodeEnum = strawberry.field(description="The error code.")  # type: ignore[valid-type]
    makers: list[strawberry.ID] | None = strawberry.field(
        default=None, description="IDs of the makers the error is about (a repeated maker, a stranger)."
    )
    photos: list[int] | None = strawberry.field(
        default=None, description="Positions (from 0, as in the input list) of the photos refused."
    )


@strawberry.type(
    description="Receive a production lot: add its stock, create and certify one unit per piece."
)
class ProductionLotReceive:
    lot: ProductionLot | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Revoke a certificate for good (a damaged or lost piece).")
class CertificateRevoke:
    certificate: OriginCertificate | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Suspend a certificate until it is reinstated.")
class CertificateSuspend:
    certificate: OriginCertificate | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Lift a certificate's suspension.")
class CertificateReinstate:
    certificate: OriginCertificate | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Add a new signing key and make it the active one; earlier keys stay published.")
class SigningKeyRotate:
    signing_key: SigningKey | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Write off a damaged or lost piece: out of stock, certificate revoked.")
class UnitWriteOff:
    certificate: OriginCertificate | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="The initial claim secret of a unit, to print inside its packaging.")
class UnitClaimSecret:
    serial: str | None = None
    secret: str | None = strawberry.field(default=None, description="Never shown publicly.")
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)


@strawberry.type(description="Claim ownership of a piece (or take it over) with its current secret.")
class OwnershipClaim:
    next_secret: str | None = strawberry.field(
        default=None, description="The new secret, shown once: hand it on with the piece."
    )
    claim_type: CustodyEventTypeEnum | None = strawberry.field(
        default=None, description="OWNERSHIP_CLAIMED for the first claim, TRANSFERRED afterwards."
    )
    certificate: OriginCertificate | None = None
    errors: list[ProvenanceError] = strawberry.field(default_factory=list)
