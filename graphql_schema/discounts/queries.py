"""Staff queries: ``vouchers``/``voucher(id)`` (``MANAGE_DISCOUNTS``) and ``giftCards``/``giftCard(id)``
(``MANAGE_GIFT_CARD``), with Saleor's arguments; filters take a search and IDs (vouchers) or a
code, currency and state (gift cards) so far."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from django.db.models import F, Min, Q, QuerySet
from strawberry.types import Info

from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_ids, from_global_id, paginate
from graphql_schema.discounts.types import GiftCard, Voucher, gift_cards_register, vouchers_register
from graphql_schema.discounts.voucher_catalogue import voucher_channel_set
from storefront.accounts.permissions import PermissionCode
from storefront.discounts import models

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
_MANAGE_GIFT_CARD = "\n\nRequires one of the following permissions: MANAGE_GIFT_CARD."


@strawberry.enum(name="VoucherSortField", description="An enumeration.")
class VoucherSortField(Enum):
    CODE = strawberry.enum_value("code", deprecation_reason="No longer supported")
    NAME = "name"
    START_DATE = "start_date"
    END_DATE = "end_date"
    VALUE = "value"
    TYPE = "type"
    USAGE_LIMIT = "usage_limit"
    MINIMUM_SPENT_AMOUNT = "minimum_spent_amount"


@strawberry.input(name="VoucherSortingInput")
class VoucherSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort vouchers."
    )
    channel: str | None = strawberry.field(
        default=None,
        description="Specifies the channel in which to sort the data. Deprecated: use root-level channel "
        "argument instead.",
    )
    field: VoucherSortField = strawberry.field(description="Sort vouchers by the selected field.")


@strawberry.input(name="VoucherFilterInput")
class VoucherFilterInput:
    search: str | None = None
    ids: list[strawberry.ID] | None = None


@strawberry.enum(name="GiftCardSortField", description="An enumeration.")
class GiftCardSortField(Enum):
    PRODUCT = "product"
    USED_BY = "used_by"
    CURRENT_BALANCE = "current_balance"
    CREATED_AT = "created_at"
    RANK = "rank"


@strawberry.input(name="GiftCardSortingInput")
class GiftCardSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort gift cards."
    )
    field: GiftCardSortField = strawberry.field(description="Sort gift cards by the selected field.")


@strawberry.input(name="GiftCardFilterInput")
class GiftCardFilterInput:
    is_active: bool | None = None
    used: bool | None = None
    currency: str | None = None
    code: str | None = None
    created_by_email: str | None = None


_VOUCHER_ORDER = {
    VoucherSortField.CODE: ("asal_code", "pk"),
    VoucherSortField.NAME: ("name", "pk"),
    VoucherSortField.START_DATE: ("start_date", "pk"),
    VoucherSortField.END_DATE: ("end_date", "pk"),
    VoucherSortField.VALUE: ("discount_value_type", "pk"),
    VoucherSortField.TYPE: ("type", "pk"),
    VoucherSortField.USAGE_LIMIT: ("usage_limit", "pk"),
    VoucherSortField.MINIMUM_SPENT_AMOUNT: ("pk",),
}
_GIFT_CARD_ORDER = {
    GiftCardSortField.PRODUCT: ("code",),
    GiftCardSortField.USED_BY: ("used_by_email", "code"),
    GiftCardSortField.CURRENT_BALANCE: ("current_balance_amount", "code"),
    GiftCardSortField.CREATED_AT: ("created_at", "code"),
    GiftCardSortField.RANK: ("code",),
}


def _ordered(
    queryset: QuerySet[Any], fields: tuple[str, ...], direction: OrderDirection | None
) -> QuerySet[Any]:
    descending = direction == OrderDirection.DESC
    return queryset.order_by(*[F(name).desc() if descending else F(name).asc() for name in fields])


def _pk(id: strawberry.ID, expected: str) -> int | None:
    type_name, pk = from_global_id(id)
    if type_name != expected or not (pk.isascii() and pk.isdigit()) or not 0 < int(pk) < 2**63:
        return None
    return int(pk)


@strawberry.type
class DiscountQueries:
    @strawberry.field(
        description="List of the shop's vouchers." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def vouchers(
        self,
        info: Info,
        filter: Annotated[
            VoucherFilterInput | None, strawberry.argument(description="Filtering options for vouchers.")
        ] = None,
        sort_by: Annotated[
            VoucherSortingInput | None, strawberry.argument(description="Sort voucher.")
        ] = None,
        query: Annotated[
            str | None,
            strawberry.argument(
                description="Search vouchers by name or code. Deprecated: use `filter.search`."
            ),
        ] = None,
        channel: Annotated[
            str | None,
            strawberry.argument(description="Slug of a channel for which the data should be returned."),
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Voucher] | None:
        vouchers = models.Voucher.objects.all()
        search = (filter.search if filter else None) or query
        if search:
            vouchers = vouchers.filter(
                Q(name__icontains=search) | Q(codes__code__icontains=search)
            ).distinct()
        if filter and filter.ids is not None:
            vouchers = vouchers.filter(pk__in=decode_ids(filter.ids, expected="Voucher"))
        if channel:
            vouchers = vouchers.filter(channel_listings__channel__slug=channel)
        field = sort_by.field if sort_by else VoucherSortField.NAME
        if field == VoucherSortField.CODE:
            vouchers = vouchers.annotate(asal_code=Min("codes__code"))
        vouchers = _ordered(vouchers, _VOUCHER_ORDER[field], sort_by.direction if sort_by else None)
        page = paginate(
            vouchers, first=first, last=last, after=after, before=before, connection_name="vouchers"
        )
        vouchers_register(info, page.nodes)
        voucher_channel_set(info, page.nodes, channel)
        return cast(CountableConnection[Voucher], connection(page, vouchers.count))

    @strawberry.field(
        description="Look up a voucher by ID." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def voucher(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the voucher.")],
        channel: Annotated[
            str | None,
            strawberry.argument(description="Slug of a channel for which the data should be returned."),
        ] = None,
    ) -> Voucher | None:
        pk = _pk(id, "Voucher")
        found = models.Voucher.objects.filter(pk=pk).first() if pk is not None else None
        if found is not None:
            voucher_channel_set(info, [found], channel)
        return cast(Voucher | None, found)

    @strawberry.field(
        description="List of gift cards." + _MANAGE_GIFT_CARD,
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )
    def gift_cards(
        self,
        info: Info,
        sort_by: Annotated[
            GiftCardSortingInput | None, strawberry.argument(description="Sort gift cards.")
        ] = None,
        filter: Annotated[
            GiftCardFilterInput | None, strawberry.argument(description="Filtering options for gift cards.")
        ] = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Search gift cards by email and name of user, who created or used the gift card, "
                "and by code."
            ),
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[GiftCard] | None:
        cards = models.GiftCard.objects.all()
        if search:
            cards = cards.filter(
                Q(code__icontains=search)
                | Q(created_by_email__icontains=search)
                | Q(used_by_email__icontains=search)
            )
        if filter is not None:
            if filter.is_active is not None:
                cards = cards.filter(is_active=filter.is_active)
            if filter.used is not None:
                cards = cards.exclude(used_by_email="") if filter.used else cards.filter(used_by_email="")
            if filter.currency:
                cards = cards.filter(currency=filter.currency.upper())
            if filter.code:
                cards = cards.filter(code__iexact=filter.code.strip())
            if filter.created_by_email:
                cards = cards.filter(created_by_email__iexact=filter.created_by_email.strip())
        field = sort_by.field if sort_by else GiftCardSortField.CREATED_AT
        cards = _ordered(cards, _GIFT_CARD_ORDER[field], sort_by.direction if sort_by else None)
        page = paginate(
            cards, first=first, last=last, after=after, before=before, connection_name="giftCards"
        )
        gift_cards_register(info, page.nodes)
        return cast(CountableConnection[GiftCard], connection(page, cards.count))

    @strawberry.field(
        description="Look up a gift card by ID." + _MANAGE_GIFT_CARD,
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )
    def gift_card(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the gift card.")],
    ) -> GiftCard | None:
        pk = _pk(id, "GiftCard")
        found = models.GiftCard.objects.filter(pk=pk).first() if pk is not None else None
        return cast(GiftCard | None, found)
