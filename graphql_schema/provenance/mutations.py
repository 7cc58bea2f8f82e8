"""Provenance mutations: staff receive lots, revoke/suspend/reinstate certificates, rotate keys and
read a unit's claim secret; anyone claims ownership of a piece with its secret.

Each resolver decodes its arguments, calls one service with the caller as its ``actor`` and
shapes the payload; the service owns its transaction and records its own audit entry, so a
failed call changes nothing and leaves no entry. Expected failures come back as ``errors``
(``ProvenanceError``, every one of them); permission failures are Saleor's ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.countries import CountryCode
from graphql_schema.core.errors import returns_errors
from graphql_schema.provenance.lots import ProductionLotReceiveInput, production_lot_receive
from graphql_schema.provenance.payloads import (
    CertificateReinstate,
    CertificateRevoke,
    CertificateSuspend,
    OwnershipClaim,
    ProductionLotReceive,
    ProvenanceError,
    SigningKeyRotate,
    UnitClaimSecret,
    UnitWriteOff,
    staff_mutation,
)
from graphql_schema.provenance.staff_types import SigningKey
from graphql_schema.provenance.types import CustodyEventTypeEnum, OriginCertificate
from graphql_schema.provenance.verification import forget_verifier
from provenance.certificates import models
from provenance.certificates.claims import ownership_claim_attempt, unit_initial_claim_secret
from provenance.certificates.error_codes import ProvenanceError as ProvenanceDomainError
from provenance.certificates.error_codes import ProvenanceErrorCode
from provenance.certificates.issuance import signing_key_rotate
from provenance.certificates.selectors import certificate_get_by_serial
from provenance.certificates.status_changes import (
    certificate_reinstate,
    certificate_revoke,
    certificate_suspend,
    unit_write_off,
)
from storefront.core.http import client_address

SerialArg = Annotated[str, strawberry.argument(description="The piece's serial, as on its tag.")]
ReasonArg = Annotated[str, strawberry.argument(description="Why (kept private: staff only).")]
StatusChange = Callable[..., models.OriginCertificate]


@strawberry.enum(description="Why a piece leaves stock outside an order.")
class UnitWriteOffStatusEnum(StrEnum):
    DAMAGED = models.Unit.Status.DAMAGED.value
    LOST = models.Unit.Status.LOST.value


def _normalise(serial: str) -> str:
    return serial.strip().upper()[:64]


def _certificate(serial: str) -> models.OriginCertificate:
    found = certificate_get_by_serial(serial=_normalise(serial))
    if found is None:
        raise ProvenanceDomainError(
            ProvenanceErrorCode.NOT_FOUND, "No certificate has this serial.", field="serial"
        )
    return found


def _no_store(info: Info) -> None:
    """The response may carry a claim secret: no browser, proxy or CDN may keep a copy of it."""
    response = info.context.response
    if response is not None:
        response["Cache-Control"] = "no-store"


def _change_status(info: Info, change: StatusChange, serial: str, reason: str) -> OriginCertificate:
    changed = change(certificate=_certificate(serial), reason=reason, actor=request_actor(info))
    forget_verifier(info)
    return OriginCertificate(_certificate=changed)


@strawberry.type
class ProvenanceMutations:
    @staff_mutation("Receive a production lot: add its stock, create its units and sign their certificates.")
    @returns_errors(ProductionLotReceive, ProvenanceError, ProvenanceDomainError)
    def production_lot_receive(
        self,
        info: Info,
        input: Annotated[
            ProductionLotReceiveInput, strawberry.argument(description="Fields required to receive a lot.")
        ],
    ) -> ProductionLotReceive | None:
        return ProductionLotReceive(lot=production_lot_receive(info, input))

    @staff_mutation("Revoke a certificate for good (a damaged or lost piece); every verifier will see it.")
    @returns_errors(CertificateRevoke, ProvenanceError, ProvenanceDomainError)
    def certificate_revoke(
        self, info: Info, serial: SerialArg, reason: ReasonArg
    ) -> CertificateRevoke | None:
        return CertificateRevoke(certificate=_change_status(info, certificate_revoke, serial, reason))

    @staff_mutation("Suspend a certificate until it is reinstated.")
    @returns_errors(CertificateSuspend, ProvenanceError, ProvenanceDomainError)
    def certificate_suspend(
        self, info: Info, serial: SerialArg, reason: ReasonArg
    ) -> CertificateSuspend | None:
        return CertificateSuspend(certificate=_change_status(info, certificate_suspend, serial, reason))

    @staff_mutation("Lift a certificate's suspension (a revoked certificate stays revoked).")
    @returns_errors(CertificateReinstate, ProvenanceError, ProvenanceDomainError)
    def certificate_reinstate(
        self, info: Info, serial: SerialArg, reason: ReasonArg
    ) -> CertificateReinstate | None:
        return CertificateReinstate(certificate=_change_status(info, certificate_reinstate, serial, reason))

    @staff_mutation("Add a new signing key and sign new certificates with it; earlier keys stay published.")
    @returns_errors(SigningKeyRotate, ProvenanceError, ProvenanceDomainError)
    def signing_key_rotate(self, info: Info) -> SigningKeyRotate | None:
        key = signing_key_rotate(actor=request_actor(info))
        forget_verifier(info)
        return SigningKeyRotate(signing_key=SigningKey(_key=key))

    @staff_mutation("A piece in stock was damaged or lost: take it out of stock and revoke its certificate.")
    @returns_errors(UnitWriteOff, ProvenanceError, ProvenanceDomainError)
    def unit_write_off(
        self, info: Info, serial: SerialArg, status: UnitWriteOffStatusEnum, reason: ReasonArg
    ) -> UnitWriteOff | None:
        certificate = _certificate(serial)
        unit_write_off(
            unit=certificate.unit,
            status=models.Unit.Status(status.value),
            reason=reason,
            actor=request_actor(info),
        )
        forget_verifier(info)
        certificate.refresh_from_db()
        return UnitWriteOff(certificate=OriginCertificate(_certificate=certificate))

    @staff_mutation("The initial claim secret of a unit, for printing inside its packaging.")
    @returns_errors(UnitClaimSecret, ProvenanceError, ProvenanceDomainError)
    def unit_claim_secret(self, info: Info, serial: SerialArg) -> UnitClaimSecret | None:
        _no_store(info)
        unit = models.Unit.objects.filter(serial=_normalise(serial)).first()
        if unit is None:
            raise ProvenanceDomainError(
                ProvenanceErrorCode.NOT_FOUND, "No unit has this serial.", field="serial"
            )
        secret = unit_initial_claim_secret(unit=unit, actor=request_actor(info))
        return UnitClaimSecret(serial=unit.serial, secret=secret)

    @strawberry.mutation(
        description=(
            "Claim ownership of a piece with the secret printed inside its packaging (or handed on by its "
            "previous owner). Works once per secret and returns the next one; wrong secrets are rate-limited."
        )
    )
    @returns_errors(OwnershipClaim, ProvenanceError, ProvenanceDomainError)
    def ownership_claim(
        self,
        info: Info,
        serial: SerialArg,
        secret: Annotated[str, strawberry.argument(description="The current claim secret.")],
        name: Annotated[str | None, strawberry.argument(description="Optional, kept private.")] = None,
        email: Annotated[str | None, strawberry.argument(description="Optional, kept private.")] = None,
        country: Annotated[
            CountryCode | None,
            strawberry.argument(description="Where the piece is now (shown publicly)."),
        ] = None,
    ) -> OwnershipClaim | None:
        _no_store(info)
        serial = _normalise(serial)
        result = ownership_claim_attempt(
            serial=serial,
            secret=secret[:128],
            ip_address=client_address(info.context.request),
            actor=request_actor(info),
            claimant_name=name or "",
            claimant_email=email or "",
            country=country.value if country is not None else "",
        )
        certificate = certificate_get_by_serial(serial=serial)
        return OwnershipClaim(
            next_secret=result.next_secret,
            claim_type=CustodyEventTypeEnum(result.event.type),
            certificate=OriginCertificate(_certificate=certificate) if certificate is not None else None,
        )
