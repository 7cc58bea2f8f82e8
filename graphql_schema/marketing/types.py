"""Campaigns, their links and reports in the API (Asal's own types; staff with ``MANAGE_DISCOUNTS``).

Root values: ``storefront.marketing.models.Campaign`` and ``CampaignLink`` instances (a list
prefetches channels, collections and links with their targets), and
``storefront.marketing.reports.CampaignReport``. A campaign's ``collections`` are Saleor's
``Collection`` nodes, seen in the channel the field names (else the campaign's only channel, else
none: staff see them without channel data); ``collectionSlugs`` keeps the slugs the field used to
return.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from django.urls import reverse
from strawberry.types import Info

from graphql_schema.catalog.nodes import collection_nodes
from graphql_schema.core.channel_context import channel_for_request
from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.relay import Node, model_type_check, node_id
from graphql_schema.discounts.promotion_types import Promotion as PromotionType
from graphql_schema.discounts.promotion_types import promotions_register
from graphql_schema.discounts.types import Voucher as VoucherType
from graphql_schema.discounts.types import vouchers_register
from graphql_schema.marketing.enums import CampaignErrorCodeEnum, CampaignLinkTargetEnum
from storefront.marketing import models, reports
from storefront.marketing.links import link_redirect_url
from storefront.marketing.qr_sheet import link_absolute_url

if TYPE_CHECKING:
    from graphql_schema.catalog.types.category import Collection

CollectionType = Annotated["Collection", strawberry.lazy("graphql_schema.catalog.types.category")]

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.type(description="Represents errors in campaign mutations. Added in Asal.")
class CampaignError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: CampaignErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type(
    name="CampaignLink",
    description="A short link of a campaign (`/c/<code>`), printed as a QR code or posted. Added in Asal.",
)
class CampaignLink(Node):
    is_type_of = model_type_check(models.CampaignLink)

    id: strawberry.ID = node_id("CampaignLink")
    code: str = strawberry.field(description="The short, unguessable code.")
    label: str = strawberry.field(description='Where the link is used, e.g. "Jakarta expo stand B12".')
    created_at: datetime.datetime

    @strawberry.field(description="What the link opens.")
    def target(self, root: strawberry.Parent[models.CampaignLink]) -> CampaignLinkTargetEnum:
        return CampaignLinkTargetEnum(root.target)

    @strawberry.field(description="Slug of the product, collection or category it opens; null for the home.")
    def target_slug(self, root: strawberry.Parent[models.CampaignLink]) -> str | None:
        target = {"PRODUCT": root.product, "COLLECTION": root.collection, "CATEGORY": root.category}.get(
            root.target
        )
        return target.slug if target is not None else None

    @strawberry.field(description="The absolute short URL (what the QR code holds).")
    def url(self, root: strawberry.Parent[models.CampaignLink]) -> str:
        return link_absolute_url(root)

    @strawberry.field(description="The storefront URL the short link redirects to, attribution included.")
    def redirect_url(self, root: strawberry.Parent[models.CampaignLink]) -> str:
        return link_redirect_url(root)


@strawberry.type(name="Campaign", description="A marketing campaign with its links. Added in Asal.")
class Campaign(Node):
    is_type_of = model_type_check(models.Campaign)

    id: strawberry.ID = node_id("Campaign")
    name: str
    slug: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    utm_source: str
    utm_medium: str
    utm_campaign: str = strawberry.field(description="Orders whose checkout carries it are attributed to it.")
    budget_note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @strawberry.field(description="Slugs of the channels it runs in (none: every channel).")
    def channels(self, root: strawberry.Parent[models.Campaign]) -> list[str]:
        return [channel.slug for channel in root.channels.all()]

    @strawberry.field(
        description="The collections it features, seen in `channel` (default: the campaign's only "
        "channel; none when it runs in several or every channel)."
    )
    def collections(
        self,
        info: Info,
        root: strawberry.Parent[models.Campaign],
        channel: Annotated[
            str | None, strawberry.argument(description="Slug of the channel to see them in.")
        ] = None,
    ) -> list[CollectionType]:
        if channel is not None:
            seen_in = channel_for_request(info, channel)
        else:
            channels = list(root.channels.all())
            seen_in = channels[0] if len(channels) == 1 else None
        return cast(list[CollectionType], collection_nodes(info, root.collections.all(), seen_in))

    @strawberry.field(
        description="Slugs of the collections it features (what `collections` returned before)."
    )
    def collection_slugs(self, root: strawberry.Parent[models.Campaign]) -> list[str]:
        return [collection.slug for collection in root.collections.all()]

    @strawberry.field(description="The vouchers it hands out (their discounts count in its report).")
    def vouchers(self, info: Info, root: strawberry.Parent[models.Campaign]) -> list[VoucherType]:
        return vouchers_register(info, list(root.vouchers.all()))

    @strawberry.field(description="The promotions it runs (their discounts count in its report).")
    def promotions(self, info: Info, root: strawberry.Parent[models.Campaign]) -> list[PromotionType]:
        return promotions_register(info, list(root.promotions.all()))

    @strawberry.field(description="Its links.")
    def links(self, root: strawberry.Parent[models.Campaign]) -> list[CampaignLink]:
        links = list(root.links.all())
        for link in links:
            link.campaign = root  # the prefetched campaign, with its prefetched channels
        return links  # type: ignore[return-value]

    @strawberry.field(
        description="The printable QR sheet of its links (PDF, for staff signed in to the admin)."
    )
    def qr_sheet_url(self, root: strawberry.Parent[models.Campaign]) -> str:
        return reverse("admin:marketing_campaign_qr_sheet", args=[root.pk])


@strawberry.type(description="A campaign's orders and revenue in one currency. Added in Asal.")
class CampaignReportRevenue:
    _totals: strawberry.Private[reports.CurrencyTotals]

    @strawberry.field
    def currency(self) -> str:
        return self._totals.currency

    @strawberry.field
    def orders(self) -> int:
        return self._totals.orders

    @strawberry.field(description="Gross totals of the orders (goods, shipping, tax).")
    def revenue(self) -> Money:
        return _money(self._totals.revenue, self._totals.currency)

    @strawberry.field
    def average_order_value(self) -> Money:
        return _money(self._totals.average_order_value, self._totals.currency)

    @strawberry.field(description="Discounts given on these orders (undiscounted total less total).")
    def discounts(self) -> Money:
        return _money(self._totals.discounts, self._totals.currency)


@strawberry.type(description="The discounts a campaign's vouchers gave in one currency. Added in Asal.")
class CampaignReportVoucherDiscounts:
    _totals: strawberry.Private[reports.VoucherDiscountTotals]

    @strawberry.field
    def currency(self) -> str:
        return self._totals.currency

    @strawberry.field(description="Orders placed with one of its vouchers (attributed to it or not).")
    def orders(self) -> int:
        return self._totals.orders

    @strawberry.field(description="What its vouchers took off those orders.")
    def amount(self) -> Money:
        return _money(self._totals.amount, self._totals.currency)


@strawberry.type(description="The discounts a campaign's promotions gave in one currency. Added in Asal.")
class CampaignReportPromotionDiscounts:
    _totals: strawberry.Private[reports.VoucherDiscountTotals]

    @strawberry.field
    def currency(self) -> str:
        return self._totals.currency

    @strawberry.field(description="Orders one of its promotions discounted (attributed to it or not).")
    def orders(self) -> int:
        return self._totals.orders

    @strawberry.field(description="What its promotions took off those orders.")
    def amount(self) -> Money:
        return _money(self._totals.amount, self._totals.currency)


@strawberry.type(description="A product a campaign sold, by name as sold. Added in Asal.")
class CampaignReportProduct:
    name: str
    quantity: int


@strawberry.type(description="A country and how many orders or visits came from it. Added in Asal.")
class CampaignReportCountry:
    country: CountryDisplay
    count: int


@strawberry.type(description="A day of a campaign report. Added in Asal.")
class CampaignReportDay:
    date: datetime.date
    visits: int
    orders: int


@strawberry.type(description="What a campaign brought in over a period. Added in Asal.")
class CampaignReport:
    _report: strawberry.Private[reports.CampaignReport]

    @strawberry.field
    def campaign(self) -> Campaign:
        return self._report.campaign  # type: ignore[return-value]

    @strawberry.field(name="from", description="First day (included).")
    def start(self) -> datetime.date:
        return self._report.start

    @strawberry.field(name="to", description="Last day (included).")
    def end(self) -> datetime.date:
        return self._report.end

    @strawberry.field(description="Visits of its links (crawlers and link previews not counted).")
    def visits(self) -> int:
        return self._report.visits

    @strawberry.field(description="Its orders plus the open checkouts carrying its link or UTM campaign.")
    def checkouts_started(self) -> int:
        return self._report.checkouts_started

    @strawberry.field(description="Orders attributed to it (last touch), not cancelled or expired.")
    def orders(self) -> int:
        return self._report.orders

    @strawberry.field(description="Orders per visit; null without visits.")
    def conversion_rate(self) -> float | None:
        rate: Decimal | None = self._report.conversion_rate
        return None if rate is None else float(rate)

    @strawberry.field(description="Orders, revenue, average order value and discounts per currency.")
    def revenue(self) -> list[CampaignReportRevenue]:
        return [CampaignReportRevenue(_totals=totals) for totals in self._report.currencies]

    @strawberry.field(description="The discounts its vouchers gave, per currency.")
    def voucher_discounts(self) -> list[CampaignReportVoucherDiscounts]:
        return [CampaignReportVoucherDiscounts(_totals=totals) for totals in self._report.voucher_discounts]

    @strawberry.field(description="The discounts its promotions gave, per currency.")
    def promotion_discounts(self) -> list[CampaignReportPromotionDiscounts]:
        return [
            CampaignReportPromotionDiscounts(_totals=totals) for totals in self._report.promotion_discounts
        ]

    @strawberry.field(description="Revenue in rupiah at the rates the payments were settled at.")
    def revenue_in_settlement_currency(self) -> Money:
        return _money(self._report.revenue_settlement, self._report.settlement_currency)

    @strawberry.field(description="Orders whose payment is not settled yet (not in the rupiah revenue).")
    def orders_without_settlement_rate(self) -> int:
        return self._report.orders_without_rate

    @strawberry.field(description="Products sold most, by units.")
    def top_products(self) -> list[CampaignReportProduct]:
        return [CampaignReportProduct(name=name, quantity=units) for name, units in self._report.top_products]

    @strawberry.field(description="Countries orders were shipped to most.")
    def top_countries(self) -> list[CampaignReportCountry]:
        return [
            CampaignReportCountry(country=CountryDisplay.from_code(code), count=count)
            for code, count in self._report.top_countries
        ]

    @strawberry.field(description="Countries visits came from most (when the CDN names them).")
    def visit_countries(self) -> list[CampaignReportCountry]:
        return [
            CampaignReportCountry(country=CountryDisplay.from_code(code), count=count)
            for code, count in self._report.visit_countries
        ]

    @strawberry.field(description="Visits and orders of every day of the period.")
    def days(self) -> list[CampaignReportDay]:
        return [
            CampaignReportDay(date=day.date, visits=day.visits, orders=day.orders)
            for day in self._report.days
        ]

    @strawberry.field(description="The report as CSV.")
    def csv(self) -> str:
        return reports.campaign_report_csv(self._report)


def _money(amount: Decimal, currency: str) -> Money:
    found = money_or_none(amount, currency)
    assert found is not None
    return found
