"""Staff views of makers, producer groups and villages, and the errors of their mutations.

The public ``Maker`` type (``graphql_schema.catalog.types.provenance``) shows only consenting
makers as products carry them; these show staff the record itself, consent included.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

import strawberry

from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.relay import to_global_id
from provenance.origins import models
from provenance.origins.error_codes import MakerErrorCode

if TYPE_CHECKING:  # mypy sees a plain string; the schema sees the enum
    MakerErrorCodeEnum = str
else:
    MakerErrorCodeEnum = graphql_enum(MakerErrorCode, name="MakerErrorCode")


@strawberry.enum(description="The kind of a producer group.")
class ProducerGroupKindEnum(StrEnum):
    COOPERATIVE = models.ProducerGroup.Kind.COOPERATIVE.value
    BUMDES = models.ProducerGroup.Kind.BUMDES.value
    IKM = models.ProducerGroup.Kind.IKM.value


@strawberry.type(description="Represents errors in maker, producer group and village mutations.")
class MakerError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: MakerErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type(description="A village (desa) as staff manage it, with village-level coordinates.")
class OriginProfile:
    _origin: strawberry.Private[models.Origin]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Origin", self._origin.pk))

    @strawberry.field
    def name(self) -> str:
        return self._origin.name

    @strawberry.field
    def slug(self) -> str:
        return self._origin.slug

    @strawberry.field(description="Village (desa).")
    def village(self) -> str:
        return self._origin.village

    @strawberry.field(description="District (kecamatan).")
    def district(self) -> str:
        return self._origin.district

    @strawberry.field(description="Regency (kabupaten) or city (kota).")
    def regency(self) -> str:
        return self._origin.regency

    @strawberry.field
    def province(self) -> str:
        return self._origin.province

    @strawberry.field(description="ISO 3166-1 alpha-2 country code.")
    def country(self) -> str:
        return self._origin.country

    @strawberry.field
    def latitude(self) -> Decimal:
        return self._origin.latitude

    @strawberry.field
    def longitude(self) -> Decimal:
        return self._origin.longitude

    @strawberry.field
    def description(self) -> str:
        return self._origin.description


@strawberry.type(description="A cooperative, BUMDes or small-industry group as staff manage it.")
class ProducerGroupProfile:
    _group: strawberry.Private[models.ProducerGroup]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProducerGroup", self._group.pk))

    @strawberry.field
    def name(self) -> str:
        return self._group.name

    @strawberry.field
    def slug(self) -> str:
        return self._group.slug

    @strawberry.field
    def kind(self) -> ProducerGroupKindEnum:
        return ProducerGroupKindEnum(self._group.kind)

    @strawberry.field
    def registration_number(self) -> str:
        return self._group.registration_number

    @strawberry.field
    def origin(self) -> OriginProfile:
        return OriginProfile(_origin=self._group.origin)


@strawberry.type(description="A maker as staff manage them, whether or not they consent to be shown.")
class MakerProfile:
    _maker: strawberry.Private[models.Maker]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Maker", self._maker.pk))

    @strawberry.field(description="The pseudonymous identifier certificates use instead of the name.")
    def public_id(self) -> strawberry.ID:
        return strawberry.ID(str(self._maker.public_id))

    @strawberry.field
    def display_name(self) -> str:
        return self._maker.display_name

    @strawberry.field
    def slug(self) -> str:
        return self._maker.slug

    @strawberry.field
    def bio(self) -> str:
        return self._maker.bio

    @strawberry.field(description="True while the maker consents to their name and portrait being published.")
    def consent_to_publish(self) -> bool:
        return self._maker.consent_to_publish

    @strawberry.field(description="When consent was last recorded or withdrawn.")
    def consent_recorded_at(self) -> datetime.datetime | None:
        return self._maker.consent_recorded_at

    @strawberry.field
    def origin(self) -> OriginProfile:
        return OriginProfile(_origin=self._maker.origin)

    @strawberry.field
    def group(self) -> ProducerGroupProfile | None:
        group = self._maker.group
        return ProducerGroupProfile(_group=group) if group is not None else None

    @strawberry.field(description="Slugs of the techniques the maker practises.")
    def crafts(self) -> list[str]:
        return sorted(self._maker.crafts.values_list("slug", flat=True))
