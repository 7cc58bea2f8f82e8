"""``campaigns``, ``campaign(id)`` and ``campaignReport(id, from, to)``: staff with ``MANAGE_DISCOUNTS``
(Saleor's marketing permission; Asal adds no permission of its own for campaigns)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import strawberry
from django.db.models import Prefetch, QuerySet
from graphql import GraphQLError

from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import from_global_id, paginate
from graphql_schema.marketing.types import Campaign, CampaignReport
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.models import Checkout
from storefront.marketing import models, reports

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
_PK_MAX = 2**31 - 1


def campaign_pk(global_id: str) -> int | None:
    """The pk of a ``Campaign`` global ID, ``None`` when no row could have it (a GraphQL error for
    what is not a campaign's ID at all)."""
    type_name, pk = from_global_id(global_id)
    if type_name != "Campaign":
        raise GraphQLError(
            f"Invalid ID: {global_id}. Expected: Campaign, received: {type_name}.",
            extensions={"code": "GRAPHQL_ERROR"},
        )
    return int(pk) if pk.isdigit() and int(pk) <= _PK_MAX else None


def campaigns_with_relations() -> QuerySet[models.Campaign]:
    """Campaigns with their channels, collections and links (and the links' targets) prefetched."""
    return models.Campaign.objects.prefetch_related(
        "channels",
        "collections",
        "vouchers",
        "promotions",
        Prefetch(
            "links",
            queryset=models.CampaignLink.objects.select_related(
                "product", "collection", "category", "channel"
            ).order_by("created_at", "pk"),
        ),
    )


@strawberry.type
class MarketingQueries:
    @strawberry.field(
        description="List of campaigns, newest first. Added in Asal." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def campaigns(
        self,
        first: int | None = None,
        last: int | None = None,
        after: str | None = None,
        before: str | None = None,
    ) -> CountableConnection[Campaign] | None:
        rows = campaigns_with_relations().order_by("-created_at", "-pk")
        page = paginate(rows, first=first, last=last, after=after, before=before, connection_name="campaigns")
        return connection(page, rows.count)  # type: ignore[arg-type]

    @strawberry.field(
        description="Look up a campaign by ID. Added in Asal." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def campaign(
        self, id: Annotated[strawberry.ID, strawberry.argument(description="ID of the campaign.")]
    ) -> Campaign | None:
        pk = campaign_pk(id)
        found: Any = campaigns_with_relations().filter(pk=pk).first() if pk is not None else None
        return found  # type: ignore[no-any-return]

    @strawberry.field(
        description=(
            "What a campaign brought in over a period (whole days, both included): visits, checkouts "
            "started, orders, conversion rate, revenue per currency and in rupiah at settlement, average "
            "order value, discounts, top products and countries, visits and orders per day, and CSV. "
            f"At most {reports.MAX_DAYS} days. Added in Asal." + _MANAGE_DISCOUNTS
        ),
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def campaign_report(
        self,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the campaign.")],
        start: Annotated[datetime.date, strawberry.argument(name="from", description="First day.")],
        end: Annotated[datetime.date, strawberry.argument(name="to", description="Last day.")],
    ) -> CampaignReport | None:
        problem = reports.period_problem(start, end)
        if problem is not None:
            raise GraphQLError(problem, extensions={"code": "GRAPHQL_ERROR"})
        pk = campaign_pk(id)
        campaign = models.Campaign.objects.filter(pk=pk).first() if pk is not None else None
        if campaign is None:
            return None
        report = reports.campaign_report(
            campaign=campaign, start=start, end=end, open_checkouts=Checkout.objects.all()
        )
        return CampaignReport(_report=report)
