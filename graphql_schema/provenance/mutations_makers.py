"""Staff mutations of makers, producer groups and villages (origins), behind ``MANAGE_PROVENANCE``.

Consent goes only through the catalogue's consent services (``makerConsentRecord`` /
``makerConsentWithdraw``), which also refresh the products' search documents; the rest through
``storefront.catalog.services.staff_makers``. Each resolver decodes its arguments, calls one
service with the caller as its ``actor`` and shapes the payload; expected failures come back as
``errors: [MakerError!]!``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

import strawberry
from django.db.models import Model
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.countries import CountryCode
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_id, decode_ids
from graphql_schema.provenance.maker_types import (
    MakerError,
    MakerProfile,
    OriginProfile,
    ProducerGroupKindEnum,
    ProducerGroupProfile,
)
from provenance.origins.error_codes import MakerError as MakerDomainError
from provenance.origins.error_codes import MakerErrorCode
from provenance.origins.models import Maker, Origin, ProducerGroup, Technique
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.services.makers import maker_publication_consent, maker_publication_withdraw
from storefront.catalog.services.staff_makers import (
    MakerFields,
    OriginFields,
    ProducerGroupFields,
    staff_maker_create,
    staff_maker_delete,
    staff_maker_update,
    staff_origin_create,
    staff_origin_update,
    staff_producer_group_create,
    staff_producer_group_delete,
    staff_producer_group_update,
)
from storefront.catalog.services.staff_products import UNSET

M = TypeVar("M", bound=Model)
NOTE = "\n\nRequires one of the following permissions: MANAGE_PROVENANCE."


def provenance_mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description + NOTE, extensions=[permission_required(PermissionCode.MANAGE_PROVENANCE)]
    )


def _given(value: Any) -> Any:
    return UNSET if value is strawberry.UNSET else value


def _row(model: type[M], global_id: str, *, type_name: str, field: str) -> M:
    found = model._default_manager.filter(pk=decode_id(global_id, expected=type_name)).first()
    if found is None:
        raise MakerDomainError(
            MakerErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {global_id}", field=field
        )
    return found


def _optional_row(model: type[M], global_id: Any, *, type_name: str, field: str) -> Any:
    if global_id is strawberry.UNSET:
        return UNSET
    if global_id is None:
        return None
    return _row(model, global_id, type_name=type_name, field=field)


def _techniques(global_ids: Any) -> Any:
    if global_ids is strawberry.UNSET:
        return UNSET
    pks = list(dict.fromkeys(decode_ids(global_ids or [], expected="Technique")))
    found = Technique.objects.in_bulk(pks)
    if len(found) != len(pks):
        raise MakerDomainError(MakerErrorCode.NOT_FOUND, "Couldn't resolve to a technique.", field="crafts")
    return [found[pk] for pk in pks]


# --- inputs -------------------------------------------------------------------------------------


@strawberry.input(description="Fields of a maker. Consent is recorded with makerConsentRecord, not here.")
class MakerInput:
    display_name: str | None = strawberry.field(default=strawberry.UNSET, description="Public display name.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Made from the name if not given."
    )
    bio: str | None = strawberry.field(default=strawberry.UNSET)
    origin: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="ID of the village the maker lives in (required to create)."
    )
    group: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="ID of the producer group; `null` for none."
    )
    crafts: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="IDs of the techniques the maker practises."
    )


@strawberry.input(description="Fields of a producer group.")
class ProducerGroupInput:
    name: str | None = strawberry.field(default=strawberry.UNSET)
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Made from the name if not given."
    )
    kind: ProducerGroupKindEnum | None = strawberry.field(default=strawberry.UNSET)
    registration_number: str | None = strawberry.field(default=strawberry.UNSET)
    origin: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="ID of its village."
    )


@strawberry.input(description="Fields of a village. Coordinates are the village's, never a home's.")
class OriginInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="e.g. 'Loyok, East Lombok'.")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Made from the name if not given."
    )
    village: str | None = strawberry.field(default=strawberry.UNSET, description="Desa.")
    district: str | None = strawberry.field(default=strawberry.UNSET, description="Kecamatan.")
    regency: str | None = strawberry.field(default=strawberry.UNSET, description="Kabupaten or kota.")
    province: str | None = strawberry.field(default=strawberry.UNSET)
    country: CountryCode | None = strawberry.field(default=strawberry.UNSET)
    latitude: Decimal | None = strawberry.field(default=strawberry.UNSET)
    longitude: Decimal | None = strawberry.field(default=strawberry.UNSET)
    description: str | None = strawberry.field(default=strawberry.UNSET)


def _maker_fields(data: MakerInput) -> MakerFields:
    return MakerFields(
        display_name=_given(data.display_name),
        slug=_given(data.slug),
        bio=_given(data.bio),
        origin=_optional_row(Origin, data.origin, type_name="Origin", field="origin"),
        group=_optional_row(ProducerGroup, data.group, type_name="ProducerGroup", field="group"),
        crafts=_techniques(data.crafts),
    )


def _group_fields(data: ProducerGroupInput) -> ProducerGroupFields:
    kind = _given(data.kind)
    return ProducerGroupFields(
        name=_given(data.name),
        slug=_given(data.slug),
        kind=kind.value if isinstance(kind, ProducerGroupKindEnum) else kind,
        registration_number=_given(data.registration_number),
        origin=_optional_row(Origin, data.origin, type_name="Origin", field="origin"),
    )


def _origin_fields(data: OriginInput) -> OriginFields:
    country = _given(data.country)
    return OriginFields(
        name=_given(data.name),
        slug=_given(data.slug),
        village=_given(data.village),
        district=_given(data.district),
        regency=_given(data.regency),
        province=_given(data.province),
        country=country.value if hasattr(country, "value") else country,
        latitude=_given(data.latitude),
        longitude=_given(data.longitude),
        description=_given(data.description),
    )


# --- payloads -----------------------------------------------------------------------------------


@strawberry.type(description="Creates a maker.")
class MakerCreate:
    maker: MakerProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Updates a maker.")
class MakerUpdate:
    maker: MakerProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Deletes a maker no lot, certified piece or earnings line names.")
class MakerDelete:
    maker: MakerProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Records a maker's consent to publish their name and portrait.")
class MakerConsentRecord:
    maker: MakerProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Withdraws a maker's consent: name and portrait leave the shop.")
class MakerConsentWithdraw:
    maker: MakerProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Creates a producer group.")
class ProducerGroupCreate:
    producer_group: ProducerGroupProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Updates a producer group.")
class ProducerGroupUpdate:
    producer_group: ProducerGroupProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Deletes a producer group; its makers stay, in no group.")
class ProducerGroupDelete:
    producer_group: ProducerGroupProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Creates a village.")
class OriginCreate:
    origin: OriginProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


@strawberry.type(description="Updates a village.")
class OriginUpdate:
    origin: OriginProfile | None = None
    errors: list[MakerError] = strawberry.field(default_factory=list)


MakerIdArg = Annotated[strawberry.ID, strawberry.argument(description="ID of a maker.")]
GroupIdArg = Annotated[strawberry.ID, strawberry.argument(description="ID of a producer group.")]


def _maker(global_id: str) -> Maker:
    return _row(Maker, global_id, type_name="Maker", field="id")


def _group(global_id: str) -> ProducerGroup:
    return _row(ProducerGroup, global_id, type_name="ProducerGroup", field="id")


@strawberry.type
class MakerMutations:
    @provenance_mutation("Creates a maker (not yet consenting to be shown).")
    @returns_errors(MakerCreate, MakerError, MakerDomainError)
    def maker_create(self, info: Info, input: MakerInput) -> MakerCreate | None:
        maker = staff_maker_create(actor=request_actor(info), fields=_maker_fields(input))
        return MakerCreate(maker=MakerProfile(_maker=maker))

    @provenance_mutation("Updates a maker's profile; their products' search follows a new name.")
    @returns_errors(MakerUpdate, MakerError, MakerDomainError)
    def maker_update(self, info: Info, id: MakerIdArg, input: MakerInput) -> MakerUpdate | None:
        maker = staff_maker_update(actor=request_actor(info), maker=_maker(id), fields=_maker_fields(input))
        return MakerUpdate(maker=MakerProfile(_maker=maker))

    @provenance_mutation("Deletes a maker, unless production lots, certified pieces or earnings name them.")
    @returns_errors(MakerDelete, MakerError, MakerDomainError)
    def maker_delete(self, info: Info, id: MakerIdArg) -> MakerDelete | None:
        maker = staff_maker_delete(actor=request_actor(info), maker=_maker(id))
        return MakerDelete(maker=MakerProfile(_maker=maker))

    @provenance_mutation("Records the maker's consent to publish their name and portrait (search follows).")
    @returns_errors(MakerConsentRecord, MakerError, MakerDomainError)
    def maker_consent_record(self, info: Info, id: MakerIdArg) -> MakerConsentRecord | None:
        maker = maker_publication_consent(maker=_maker(id), actor=request_actor(info))
        return MakerConsentRecord(maker=MakerProfile(_maker=maker))

    @provenance_mutation(
        "Withdraws the maker's consent: their name leaves products and search, their portrait is deleted."
    )
    @returns_errors(MakerConsentWithdraw, MakerError, MakerDomainError)
    def maker_consent_withdraw(self, info: Info, id: MakerIdArg) -> MakerConsentWithdraw | None:
        maker = maker_publication_withdraw(maker=_maker(id), actor=request_actor(info))
        return MakerConsentWithdraw(maker=MakerProfile(_maker=maker))

    @provenance_mutation("Creates a producer group.")
    @returns_errors(ProducerGroupCreate, MakerError, MakerDomainError)
    def producer_group_create(self, info: Info, input: ProducerGroupInput) -> ProducerGroupCreate | None:
        group = staff_producer_group_create(actor=request_actor(info), fields=_group_fields(input))
        return ProducerGroupCreate(producer_group=ProducerGroupProfile(_group=group))

    @provenance_mutation("Updates a producer group.")
    @returns_errors(ProducerGroupUpdate, MakerError, MakerDomainError)
    def producer_group_update(
        self, info: Info, id: GroupIdArg, input: ProducerGroupInput
    ) -> ProducerGroupUpdate | None:
        group = staff_producer_group_update(
            actor=request_actor(info), group=_group(id), fields=_group_fields(input)
        )
        return ProducerGroupUpdate(producer_group=ProducerGroupProfile(_group=group))

    @provenance_mutation("Deletes a producer group; its makers stay, in no group.")
    @returns_errors(ProducerGroupDelete, MakerError, MakerDomainError)
    def producer_group_delete(self, info: Info, id: GroupIdArg) -> ProducerGroupDelete | None:
        group = staff_producer_group_delete(actor=request_actor(info), group=_group(id))
        return ProducerGroupDelete(producer_group=ProducerGroupProfile(_group=group))

    @provenance_mutation("Creates a village (desa) with village-level coordinates.")
    @returns_errors(OriginCreate, MakerError, MakerDomainError)
    def origin_create(self, info: Info, input: OriginInput) -> OriginCreate | None:
        origin = staff_origin_create(actor=request_actor(info), fields=_origin_fields(input))
        return OriginCreate(origin=OriginProfile(_origin=origin))

    @provenance_mutation("Updates a village; products from it are re-indexed for search.")
    @returns_errors(OriginUpdate, MakerError, MakerDomainError)
    def origin_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a village.")],
        input: OriginInput,
    ) -> OriginUpdate | None:
        origin = staff_origin_update(
            actor=request_actor(info),
            origin=_row(Origin, id, type_name="Origin", field="id"),
            fields=_origin_fields(input),
        )
        return OriginUpdate(origin=OriginProfile(_origin=origin))
