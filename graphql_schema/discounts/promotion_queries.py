"""Staff queries ``promotions`` and ``promotion(id)`` (``MANAGE_DISCOUNTS``), with Saleor's arguments;
``where`` takes IDs and a name so far."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from django.db.models import F
from strawberry.types import Info

from graphql_schema.catalog.filter_conditions import string_condition
from graphql_schema.catalog.filter_inputs import OrderDirection, StringFilterInput
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_ids, paginate
from graphql_schema.discounts.mutations import _pk
from graphql_schema.discounts.promotion_enums import PromotionSortField
from graphql_schema.discounts.promotion_types import Promotion, promotions_register
from storefront.accounts.permissions import PermissionCode
from storefront.discounts import models

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."


@strawberry.input(name="PromotionWhereInput")
class PromotionWhereInput:
    ids: list[strawberry.ID] | None = None
    name: StringFilterInput | None = strawberry.field(default=None, description="Filter by promotion name.")


@strawberry.input(name="PromotionSortingInput")
class PromotionSortingInput:
    direction: OrderDirection = strawberry.field(
        description="Specifies the direction in which to sort promotions."
    )
    field: PromotionSortField = strawberry.field(description="Sort promotions by the selected field.")


@strawberry.type
class PromotionQueries:
    @strawberry.field(
        description="List of the promotions." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def promotions(
        self,
        info: Info,
        where: Annotated[
            PromotionWhereInput | None,
            strawberry.argument(description="Where filtering options for promotions."),
        ] = None,
        sort_by: Annotated[
            PromotionSortingInput | None, strawberry.argument(description="Sort promotions.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Promotion] | None:
        promotions = models.Promotion.objects.all()
        if where is not None:
            if where.ids is not None:
                promotions = promotions.filter(pk__in=decode_ids(where.ids, expected="Promotion"))
            promotions = promotions.filter(string_condition("name", where.name))
        field = sort_by.field.value if sort_by else "name"
        descending = sort_by is not None and sort_by.direction == OrderDirection.DESC
        promotions = promotions.order_by(
            *[F(name).desc() if descending else F(name).asc() for name in (field, "pk")]
        )
        page = paginate(
            promotions, first=first, last=last, after=after, before=before, connection_name="promotions"
        )
        promotions_register(info, page.nodes)
        return cast(CountableConnection[Promotion], connection(page, promotions.count))

    @strawberry.field(
        description="Look up a promotion by ID." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def promotion(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of the promotion.")],
    ) -> Promotion | None:
        pk = _pk(id, "Promotion")
        found = models.Promotion.objects.filter(pk=pk).first() if pk is not None else None
        if found is not None:
            promotions_register(info, [found])
        return cast(Promotion | None, found)
