"""``OriginCertificate`` as a buyer sees it: the signed claims, the status, the tag and the custody chain.

What a certificate says is read from the signed credential itself, never from today's catalogue
rows: a renamed product or a maker who later withdrew consent does not change what was signed.
Status, custody chain and claims come from the database (they change after signing). Reasons
for revocation or suspension stay staff-only; custody events show type, date and country only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

import strawberry
from django.conf import settings
from django.urls import reverse
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.provenance import loaders
from graphql_schema.provenance.verification import (
    CertificateStatus,
    CertificateStatusEnum,
    CertificateVerification,
    request_verifier,
)
from provenance.certificates import models
from provenance.certificates.credentials import item_url
from provenance.certificates.selectors import CLAIM_TYPES, unit_claimable
from storefront.accounts.permissions import PermissionCode

CustodyEventTypeEnum = graphql_enum(
    models.CustodyEvent.Type, name="CustodyEventTypeEnum", description="Kinds of custody chain events."
)


def _staff_only() -> Any:
    """Null (not an error) for buyers: a storefront may select the field without the permission."""
    return permission_required(
        PermissionCode.MANAGE_CERTIFICATES, PermissionCode.MANAGE_PROVENANCE, fail_silently=True
    )


LanguageArg = Annotated[
    LanguageCodeEnum | None,
    strawberry.argument(
        description="Language of the name; the signed English name when the certificate has no such language."
    ),
]


def _public_url(path: str) -> str:
    return f"{settings.PUBLIC_URL}{path}"


def pick_language(values: Any, language_code: Enum | None) -> str | None:
    """The value in the wanted language from JSON-LD language values, else the first (English)."""
    if isinstance(values, str) or values is None:
        return values
    wanted = language_code_from_enum(language_code).split("-")[0] if language_code else "en"
    for value in values:
        if value.get("@language") == wanted:
            return value.get("@value")
    return values[0].get("@value") if values else None


def _float(value: Any) -> float | None:
    # Numbers are signed as strings (canonical JSON is then the same in every language).
    try:
        return float(Decimal(str(value))) if value is not None else None
    except (InvalidOperation, ValueError):
        return None


def _date(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@strawberry.type(description="A maker as named in a certificate (name only with consent given at signing).")
class CertificateMaker:
    id: str = strawberry.field(description="Stable pseudonymous identifier (urn:uuid).")
    name: str | None = strawberry.field(description="Display name, when the maker consented to it.")
    role: str = strawberry.field(description="Weaver, potter, dyer, harvester…")
    portrait_url: str | None = strawberry.field(description="Consented portrait, when published.")


@strawberry.type(description="The village a certified piece was made in (village-level coordinates).")
class CertificateOrigin:
    village: str | None
    district: str | None
    regency: str | None
    province: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code.")
    latitude: float | None
    longitude: float | None


@strawberry.type(description="A material as named in a certificate, with the area it comes from.")
class CertificateMaterial:
    _data: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def name(self, language_code: LanguageArg = None) -> str:
        return pick_language(self._data.get("name"), language_code) or ""

    @strawberry.field(description="Where the material comes from, e.g. 'slopes of Rinjani'.")
    def origin_area(self) -> str | None:
        return self._data.get("originArea")


@strawberry.type(description="A craft technique as named in a certificate.")
class CertificateTechnique:
    _data: strawberry.Private[dict[str, Any]]

    @strawberry.field
    def name(self, language_code: LanguageArg = None) -> str:
        return pick_language(self._data.get("name"), language_code) or ""


@strawberry.type(description="When a piece was made.")
class ProductionPeriod:
    start_date: datetime.date | None
    end_date: datetime.date | None


@strawberry.type(description="The producer group named in a certificate.")
class CertificateProducerGroup:
    name: str
    kind: str | None
    registration_number: str | None


@strawberry.type(description="A public image a certificate references, with the digest it was signed with.")
class CertificateMedia:
    url: str
    digest_multibase: str | None = strawberry.field(description="Multihash (sha2-256) of the bytes signed.")

    @classmethod
    def from_claim(cls, claim: Any) -> CertificateMedia | None:
        if not isinstance(claim, dict) or not isinstance(claim.get("id"), str):
            return None
        return cls(url=claim["id"], digest_multibase=claim.get("digestMultibase"))


@strawberry.type(description="Outer dimensions (centimetres) and weight (kilograms) as signed.")
class CertificateMeasurements:
    length_cm: float | None
    width_cm: float | None
    height_cm: float | None
    weight_kg: float | None


@strawberry.type(description="A public custody chain event: its type, date and country only.")
class CustodyEvent:
    type: CustodyEventTypeEnum  # type: ignore[valid-type]
    occurred_at: datetime.datetime
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code, when known.")

    @classmethod
    def from_model(cls, event: models.CustodyEvent) -> CustodyEvent:
        return cls(
            type=CustodyEventTypeEnum(event.type),
            occurred_at=event.occurred_at,
            country=event.country or None,
        )


@strawberry.type(description="The signed origin certificate (a W3C Verifiable Credential) of one piece.")
class OriginCertificate:
    _certificate: strawberry.Private[models.OriginCertificate]

    @property
    def _subject(self) -> dict[str, Any]:
        subject = self._certificate.credential.get("credentialSubject")
        return subject if isinstance(subject, dict) else {}

    @property
    def _serial(self) -> str:
        return self._certificate.unit.serial

    @strawberry.field(description="The piece's serial number.")
    def serial(self) -> str:
        return self._serial

    @strawberry.field(description="The short code printed on the tag; tag and certificate must agree.")
    def check_code(self) -> str:
        return self._certificate.check_code

    @strawberry.field(description="When the certificate was signed.")
    def issued_at(self) -> datetime.datetime:
        return self._certificate.issued_at

    @strawberry.field(description="The signed credential exactly as issued (eddsa-jcs-2022).")
    def credential(self) -> JSON:
        return self._certificate.credential

    @strawberry.field(description="Whether the cooperative stands by the certificate now.")
    def status(self) -> CertificateStatusEnum:
        if self._certificate.revoked_at is not None:
            return CertificateStatusEnum(CertificateStatus.REVOKED.value)
        if self._certificate.suspended_at is not None:
            return CertificateStatusEnum(CertificateStatus.SUSPENDED.value)
        return CertificateStatusEnum(CertificateStatus.VALID.value)

    @strawberry.field(
        description="Why it was revoked (staff only).\n\nRequires one of the following permissions: "
        "MANAGE_CERTIFICATES, MANAGE_PROVENANCE.",
        extensions=[_staff_only()],
    )
    def revocation_reason(self) -> str | None:
        return self._certificate.revocation_reason or None

    @strawberry.field(
        description="Why it is suspended (staff only).\n\nRequires one of the following permissions: "
        "MANAGE_CERTIFICATES, MANAGE_PROVENANCE.",
        extensions=[_staff_only()],
    )
    def suspension_reason(self) -> str | None:
        return self._certificate.suspension_reason or None

    @strawberry.field(
        description=(
            "Whether ownership can be claimed with the packaging's secret: false once the piece is "
            "written off (lost, damaged) or its certificate revoked."
        )
    )
    def claimable(self) -> bool:
        return unit_claimable(unit=self._certificate.unit, certificate=self._certificate)

    @strawberry.field(description="The issuer: the cooperative's did:web.")
    def issuer(self) -> str | None:
        issuer = self._certificate.credential.get("issuer")
        return issuer.get("id") if isinstance(issuer, dict) else issuer

    @strawberry.field(description="The DID URL of the key that signed the certificate.")
    def verification_method(self) -> str | None:
        proof = self._certificate.credential.get("proof")
        return proof.get("verificationMethod") if isinstance(proof, dict) else None

    @strawberry.field(
        description="The public page of the piece: what its QR code holds (a GS1 Digital Link with a GTIN)."
    )
    def url(self) -> str:
        signed = self._subject.get("id")  # the credential subject's id is the item's URL
        return signed if isinstance(signed, str) else item_url(self._serial)

    @strawberry.field(description="The QR code of the piece's URL as SVG.")
    def qr_svg_url(self) -> str:
        return _public_url(reverse("item-tag-qr", args=[self._serial]))

    @strawberry.field(description="The printable tag (PDF): QR code, serial, check code, maker, village.")
    def tag_pdf_url(self) -> str:
        return _public_url(reverse("item-tag-pdf", args=[self._serial]))

    @strawberry.field(description="The product's name as signed.")
    def product_name(self, language_code: LanguageArg = None) -> str:
        return pick_language(self._subject.get("productName"), language_code) or ""

    @strawberry.field(description="The variant's name as signed.")
    def variant_name(self, language_code: LanguageArg = None) -> str | None:
        return pick_language(self._subject.get("variantName"), language_code)

    @strawberry.field(description="The production lot's code.")
    def lot(self) -> str | None:
        return self._subject.get("lot")

    @strawberry.field(description="Category name as signed.")
    def category(self) -> str | None:
        return self._subject.get("category")

    @strawberry.field(description="Harmonized System code.")
    def hs_code(self) -> str | None:
        return self._subject.get("hsCode") or None

    @strawberry.field(description="Motif of the piece.")
    def motif(self) -> str | None:
        return self._subject.get("motif")

    @strawberry.field(description="The makers of this very piece, with their roles.")
    def makers(self) -> list[CertificateMaker]:
        return [
            CertificateMaker(
                id=str(maker.get("id", "")),
                name=maker.get("name"),
                role=str(maker.get("role", "")),
                portrait_url=(maker.get("portrait") or {}).get("id"),
            )
            for maker in self._subject.get("makers", [])
            if isinstance(maker, dict)
        ]

    @strawberry.field(description="The village the piece was made in.")
    def origin(self) -> CertificateOrigin | None:
        origin = self._subject.get("origin")
        if not isinstance(origin, dict):
            return None
        return CertificateOrigin(
            village=origin.get("village"),
            district=origin.get("district"),
            regency=origin.get("regency"),
            province=origin.get("province"),
            country=origin.get("country"),
            latitude=_float(origin.get("latitude")),
            longitude=_float(origin.get("longitude")),
        )

    @strawberry.field(description="The producer group the makers belong to.")
    def producer_group(self) -> CertificateProducerGroup | None:
        group = self._subject.get("producerGroup")
        if not isinstance(group, dict):
            return None
        return CertificateProducerGroup(
            name=group.get("name", ""),
            kind=group.get("kind"),
            registration_number=group.get("registrationNumber"),
        )

    @strawberry.field(description="Materials, with their origin area.")
    def materials(self) -> list[CertificateMaterial]:
        return [
            CertificateMaterial(_data=m) for m in self._subject.get("materials", []) if isinstance(m, dict)
        ]

    @strawberry.field(description="Craft techniques.")
    def techniques(self) -> list[CertificateTechnique]:
        return [
            CertificateTechnique(_data=t) for t in self._subject.get("techniques", []) if isinstance(t, dict)
        ]

    @strawberry.field(description="When the piece was made.")
    def production_period(self) -> ProductionPeriod | None:
        period = self._subject.get("productionPeriod")
        if not isinstance(period, dict):
            return None
        return ProductionPeriod(
            start_date=_date(period.get("startDate")), end_date=_date(period.get("endDate"))
        )

    @strawberry.field(description="Food: harvest or production date.")
    def harvest_date(self) -> datetime.date | None:
        return _date(self._subject.get("harvestDate"))

    @strawberry.field(description="Food: best-before date.")
    def best_before(self) -> datetime.date | None:
        return _date(self._subject.get("bestBefore"))

    @strawberry.field(description="The product photo the certificate signs by digest.")
    def photo(self) -> CertificateMedia | None:
        return CertificateMedia.from_claim(self._subject.get("photo"))

    @strawberry.field(description="Workshop photos the certificate signs by digest.")
    def workshop_photos(self) -> list[CertificateMedia]:
        photos = self._subject.get("workshopPhotos")
        found = [CertificateMedia.from_claim(p) for p in photos] if isinstance(photos, list) else []
        return [photo for photo in found if photo is not None]

    @strawberry.field(description="Dimensions and weight, when signed.")
    def measurements(self) -> CertificateMeasurements | None:
        sizes = self._subject.get("dimensions")
        sizes = sizes if isinstance(sizes, dict) else {}
        weight = self._subject.get("weight")
        weight = weight if isinstance(weight, dict) else {}
        if not sizes and not weight:
            return None
        return CertificateMeasurements(
            length_cm=_float(sizes.get("length")),
            width_cm=_float(sizes.get("width")),
            height_cm=_float(sizes.get("height")),
            weight_kg=_float(weight.get("value")),
        )

    @strawberry.field(description="The custody chain: event types, dates and countries only.")
    def custody(self, info: Info) -> list[CustodyEvent]:
        return [CustodyEvent.from_model(e) for e in loaders.custody_events(info, self._certificate.unit_id)]

    @strawberry.field(description="Ownership claims and transfers, oldest first.")
    def claims(self, info: Info) -> list[CustodyEvent]:
        events = loaders.custody_events(info, self._certificate.unit_id)
        return [CustodyEvent.from_model(e) for e in events if e.type in CLAIM_TYPES]

    @strawberry.field(
        description="Verify the certificate now with this shop's DID document and status lists (no network)."
    )
    def verification(self, info: Info) -> CertificateVerification:
        report = request_verifier(info).verify(self._certificate.credential)
        return CertificateVerification(_report=report)
