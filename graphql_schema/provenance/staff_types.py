"""Staff-facing provenance types: signing keys, and production lots with their certified units."""

from __future__ import annotations

import datetime

import strawberry
from django.conf import settings

from graphql_schema.core.relay import to_global_id
from graphql_schema.provenance.types import OriginCertificate
from provenance.certificates import models


@strawberry.type(description="A signing key of the cooperative's did:web.")
class SigningKey:
    _key: strawberry.Private[models.SigningKey]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("SigningKey", self._key.pk))

    @strawberry.field(description="DID URL fragment, e.g. 'key-2'.")
    def key_id(self) -> str:
        return self._key.key_id

    @strawberry.field(description="The Ed25519 public key as a Multikey (multibase, base58btc).")
    def public_key_multibase(self) -> str:
        return self._key.public_key_multibase

    @strawberry.field(description="True for the key new certificates are signed with.")
    def is_active(self) -> bool:
        return self._key.is_active

    @strawberry.field
    def created_at(self) -> datetime.datetime:
        return self._key.created_at


@strawberry.type(description="A certified piece of a production lot.")
class CertifiedUnit:
    _unit: strawberry.Private[models.Unit]
    _certificate: strawberry.Private[models.OriginCertificate | None]

    @strawberry.field
    def serial(self) -> str:
        return self._unit.serial

    @strawberry.field(description="IN_STOCK, SOLD, SHIPPED, RETURNED, DAMAGED or LOST.")
    def status(self) -> str:
        return self._unit.status

    @strawberry.field
    def certificate(self) -> OriginCertificate | None:
        return OriginCertificate(_certificate=self._certificate) if self._certificate is not None else None


@strawberry.type(description="A public workshop photo of a lot, as stored (without its EXIF data).")
class LotPhoto:
    _photo: strawberry.Private[models.LotPhoto]

    @strawberry.field
    def url(self) -> str:
        url = self._photo.image.url
        return settings.PUBLIC_URL + url if url.startswith("/") else url

    @strawberry.field
    def caption(self) -> str:
        return self._photo.caption


@strawberry.type(description="A batch of one variant made by named makers, received into a warehouse.")
class ProductionLot:
    _lot: strawberry.Private[models.ProductionLot]
    _units: strawberry.Private[list[CertifiedUnit]]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductionLot", self._lot.pk))

    @strawberry.field
    def code(self) -> str:
        return self._lot.code

    @strawberry.field
    def quantity(self) -> int:
        return self._lot.quantity

    @strawberry.field(description="Every piece of the lot, each with its serial and signed certificate.")
    def units(self) -> list[CertifiedUnit]:
        return self._units

    @strawberry.field(description="Workshop photos, in order; certificates sign their digests.")
    def photos(self) -> list[LotPhoto]:
        return [LotPhoto(_photo=photo) for photo in self._lot.photos.all()]
