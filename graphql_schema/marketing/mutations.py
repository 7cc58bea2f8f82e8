"""``campaignCreate/Update/Delete`` and ``campaignLinkCreate/Delete`` (``MANAGE_DISCOUNTS``): thin,
the rules and the audit entries are in ``storefront.marketing.services``."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, TypeVar, cast

import strawberry
from django.db import models as django_models
from strawberry.types import Info

from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id
from graphql_schema.marketing.enums import CampaignLinkTargetEnum
from graphql_schema.marketing.queries import campaign_pk
from graphql_schema.marketing.types import Campaign, CampaignError, CampaignLink
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import Category, Collection, Product
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.discounts.models import Promotion, Voucher
from storefront.marketing import models, services
from storefront.marketing.error_codes import CampaignError as CampaignDomainError
from storefront.marketing.error_codes import CampaignErrorCode

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
_PK_MAX = 2**31 - 1
M = TypeVar("M", bound=django_models.Model)


def _mutation(description: str) -> Any:
    return strawberry.mutation(
        description=description + " Added in Asal." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )


def _not_found(field: str, value: object) -> CampaignDomainError:
    return CampaignDomainError(
        CampaignErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {value}", field=field
    )


def _pk(global_id: str, *, expected: str, field: str) -> int:
    type_name, pk = from_global_id(global_id)
    if type_name != expected or not pk.isdigit() or int(pk) > _PK_MAX:
        raise _not_found(field, global_id)
    return int(pk)


def _row(model: type[M], global_id: strawberry.ID | None, *, expected: str, field: str) -> M | None:
    if global_id is None:
        return None
    found = model._default_manager.filter(pk=_pk(global_id, expected=expected, field=field)).first()
    if found is None:
        raise _not_found(field, global_id)
    return found


def _rows(model: type[M], ids: list[strawberry.ID] | None, *, expected: str, field: str) -> list[M]:
    pks = list(dict.fromkeys(_pk(value, expected=expected, field=field) for value in ids or []))
    found = model._default_manager.in_bulk(pks)
    if len(found) != len(pks):
        raise _not_found(
            field,
            next(value for value in ids or [] if _pk(value, expected=expected, field=field) not in found),
        )
    return [found[pk] for pk in pks]


def _campaign(id: strawberry.ID) -> models.Campaign:
    pk = campaign_pk(id)
    found = models.Campaign.objects.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise _not_found("id", id)
    return found


@strawberry.input(description="Fields of a campaign; fields left out are unchanged. Added in Asal.")
class CampaignInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name (required to create).")
    slug: str | None = strawberry.field(
        default=strawberry.UNSET, description="Slug; made from the name if left out."
    )
    channels: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Channels it runs in (none: every channel)."
    )
    starts_at: datetime.datetime | None = strawberry.field(default=strawberry.UNSET, description="Start.")
    ends_at: datetime.datetime | None = strawberry.field(default=strawberry.UNSET, description="End.")
    utm_source: str | None = strawberry.field(
        default=strawberry.UNSET, description="utm_source of its links."
    )
    utm_medium: str | None = strawberry.field(
        default=strawberry.UNSET, description="utm_medium of its links."
    )
    utm_campaign: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="utm_campaign of its links; orders carrying it are attributed to it.",
    )
    budget_note: str | None = strawberry.field(default=strawberry.UNSET, description="A note on its budget.")
    collections: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Collections it features."
    )
    vouchers: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Vouchers it hands out (replaces the list)."
    )
    promotions: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Promotions it runs (replaces the list)."
    )


@strawberry.input(description="A new link of a campaign. Added in Asal.")
class CampaignLinkCreateInput:
    campaign: strawberry.ID = strawberry.field(description="ID of the campaign.")
    label: str = strawberry.field(description='Where it is used, e.g. "Jakarta expo stand B12".')
    target: CampaignLinkTargetEnum = strawberry.field(description="What it opens.")
    product: strawberry.ID | None = strawberry.field(
        default=None, description="The product (target PRODUCT)."
    )
    collection: strawberry.ID | None = strawberry.field(
        default=None, description="The collection (target COLLECTION)."
    )
    category: strawberry.ID | None = strawberry.field(
        default=None, description="The category (target CATEGORY)."
    )
    channel: strawberry.ID | None = strawberry.field(
        default=None, description="Channel whose storefront pages it opens (default: the campaign's first)."
    )


@strawberry.type
class _CampaignPayload:
    errors: list[CampaignError] = strawberry.field(default_factory=list)
    campaign: Campaign | None = None


@strawberry.type(description="Creates a campaign. Added in Asal.")
class CampaignCreate(_CampaignPayload):
    pass


@strawberry.type(description="Updates a campaign. Added in Asal.")
class CampaignUpdate(_CampaignPayload):
    pass


@strawberry.type(description="Deletes a campaign with its links and visits. Added in Asal.")
class CampaignDelete(_CampaignPayload):
    pass


@strawberry.type
class _CampaignLinkPayload:
    errors: list[CampaignError] = strawberry.field(default_factory=list)
    campaign_link: CampaignLink | None = None
    campaign: Campaign | None = None


@strawberry.type(description="Creates a campaign link with a fresh code. Added in Asal.")
class CampaignLinkCreate(_CampaignLinkPayload):
    pass


@strawberry.type(description="Deletes a campaign link and its visits. Added in Asal.")
class CampaignLinkDelete(_CampaignLinkPayload):
    pass


def _fields(input: CampaignInput) -> services.CampaignFields:
    def given(value: Any) -> Any:
        return UNSET if value is strawberry.UNSET else value

    return services.CampaignFields(
        name=given(input.name),
        slug=given(input.slug),
        channels=UNSET
        if input.channels is strawberry.UNSET
        else _rows(Channel, input.channels, expected="Channel", field="channels"),
        starts_at=given(input.starts_at),
        ends_at=given(input.ends_at),
        utm_source=given(input.utm_source),
        utm_medium=given(input.utm_medium),
        utm_campaign=given(input.utm_campaign),
        budget_note=given(input.budget_note),
        collections=UNSET
        if input.collections is strawberry.UNSET
        else _rows(Collection, input.collections, expected="Collection", field="collections"),
        vouchers=UNSET
        if input.vouchers is strawberry.UNSET
        else _rows(Voucher, input.vouchers, expected="Voucher", field="vouchers"),
        promotions=UNSET
        if input.promotions is strawberry.UNSET
        else _rows(Promotion, input.promotions, expected="Promotion", field="promotions"),
    )


@strawberry.type
class MarketingMutations:
    @_mutation("Creates a campaign.")
    @returns_errors(CampaignCreate, CampaignError, CampaignDomainError)
    def campaign_create(
        self,
        info: Info,
        input: Annotated[CampaignInput, strawberry.argument(description="Fields of the campaign.")],
    ) -> CampaignCreate | None:
        campaign = services.campaign_create(actor=request_actor(info), fields=_fields(input))
        return CampaignCreate(campaign=cast(Campaign, campaign))

    @_mutation("Updates a campaign.")
    @returns_errors(CampaignUpdate, CampaignError, CampaignDomainError)
    def campaign_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the campaign.")],
        input: Annotated[CampaignInput, strawberry.argument(description="Fields to change.")],
    ) -> CampaignUpdate | None:
        campaign = services.campaign_update(
            actor=request_actor(info), campaign=_campaign(id), fields=_fields(input)
        )
        return CampaignUpdate(campaign=cast(Campaign, campaign))

    @_mutation("Deletes a campaign with its links and visits (orders keep their UTM values).")
    @returns_errors(CampaignDelete, CampaignError, CampaignDomainError)
    def campaign_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID of the campaign.")]
    ) -> CampaignDelete | None:
        campaign = services.campaign_delete(actor=request_actor(info), campaign=_campaign(id))
        return CampaignDelete(campaign=cast(Campaign, campaign))

    @_mutation("Creates a campaign link with a fresh unguessable code.")
    @returns_errors(CampaignLinkCreate, CampaignError, CampaignDomainError)
    def campaign_link_create(
        self,
        info: Info,
        input: Annotated[CampaignLinkCreateInput, strawberry.argument(description="Fields of the link.")],
    ) -> CampaignLinkCreate | None:
        campaign = _campaign(input.campaign)
        link = services.campaign_link_create(
            actor=request_actor(info),
            campaign=campaign,
            label=input.label,
            target=models.CampaignLinkTarget(input.target.value),
            product=_row(Product, input.product, expected="Product", field="product"),
            collection=_row(Collection, input.collection, expected="Collection", field="collection"),
            category=_row(Category, input.category, expected="Category", field="category"),
            channel=_row(Channel, input.channel, expected="Channel", field="channel"),
        )
        return CampaignLinkCreate(
            campaign_link=cast(CampaignLink, link), campaign=cast(Campaign, link.campaign)
        )

    @_mutation("Deletes a campaign link and its visits.")
    @returns_errors(CampaignLinkDelete, CampaignError, CampaignDomainError)
    def campaign_link_delete(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID of the link.")]
    ) -> CampaignLinkDelete | None:
        found = _row(models.CampaignLink, id, expected="CampaignLink", field="id")
        assert found is not None
        link = services.campaign_link_delete(actor=request_actor(info), link=found)
        return CampaignLinkDelete(
            campaign_link=cast(CampaignLink, link), campaign=cast(Campaign, link.campaign)
        )
