"""Staff queries: ``permissionGroups``, ``permissionGroup(id)`` and ``staffUsers`` (``MANAGE_STAFF``)."""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from django.contrib.auth.models import Group as GroupModel
from django.db.models import Count, F, QuerySet
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.accounts.staff_types import (
    Group,
    PermissionGroupFilterInput,
    PermissionGroupSortingInput,
    StaffMemberStatus,
    StaffUserInput,
    UserSortField,
    UserSortingInput,
)
from graphql_schema.accounts.types import User
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import register
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import decode_ids, from_global_id, paginate
from storefront.accounts.models import User as UserModel
from storefront.accounts.permission_groups import permission_group_list
from storefront.accounts.permissions import PermissionCode
from storefront.accounts.staff import staff_list

_MANAGE_STAFF = "\n\nRequires one of the following permissions: MANAGE_STAFF."
_USER_ORDER = {
    UserSortField.FIRST_NAME: ("first_name", "last_name", "pk"),
    UserSortField.LAST_NAME: ("last_name", "first_name", "pk"),
    UserSortField.EMAIL: ("email",),
    UserSortField.ORDER_COUNT: ("asal_order_count", "email"),
    UserSortField.CREATED_AT: ("date_joined", "pk"),
    UserSortField.LAST_MODIFIED_AT: ("updated_at", "pk"),
    # Asal ranks no matches yet: the e-mail orders them, as a search by e-mail would.
    UserSortField.RANK: ("email",),
}


def _ordered(
    queryset: QuerySet[Any], fields: tuple[str, ...], direction: OrderDirection | None
) -> QuerySet[Any]:
    descending = direction == OrderDirection.DESC
    expressions = [F(name).desc() if descending else F(name).asc() for name in fields]
    return queryset.order_by(*expressions)


def _pks(ids: list[strawberry.ID] | None, *, expected: str) -> list[int] | None:
    return None if ids is None else decode_ids(ids, expected=expected)


@strawberry.type
class StaffQueries:
    @strawberry.field(
        description="List of permission groups." + _MANAGE_STAFF,
        extensions=[permission_required(PermissionCode.MANAGE_STAFF)],
    )
    def permission_groups(
        self,
        info: Info,
        filter: Annotated[
            PermissionGroupFilterInput | None,
            strawberry.argument(description="Filtering options for permission groups."),
        ] = None,
        sort_by: Annotated[
            PermissionGroupSortingInput | None, strawberry.argument(description="Sort permission groups.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Group] | None:
        groups = permission_group_list(
            search=filter.search if filter else None,
            ids=_pks(filter.ids, expected="Group") if filter else None,
        )
        groups = _ordered(groups, ("name", "pk"), sort_by.direction if sort_by else None)
        page = paginate(
            groups, first=first, last=last, after=after, before=before, connection_name="permissionGroups"
        )
        register(info, GroupModel, page.nodes)
        return cast(CountableConnection[Group], connection(page, groups.count))

    @strawberry.field(
        description="Look up permission group by ID." + _MANAGE_STAFF,
        extensions=[permission_required(PermissionCode.MANAGE_STAFF)],
    )
    def permission_group(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="ID of the group.")]
    ) -> Group | None:
        type_name, pk = from_global_id(id)
        if type_name != "Group" or not pk.isdigit():
            return None
        return cast(Group | None, GroupModel.objects.filter(pk=int(pk)).first())

    @strawberry.field(
        description="List of the shop's staff users." + _MANAGE_STAFF,
        extensions=[permission_required(PermissionCode.MANAGE_STAFF)],
    )
    def staff_users(
        self,
        info: Info,
        filter: Annotated[
            StaffUserInput | None, strawberry.argument(description="Filtering options for staff users.")
        ] = None,
        sort_by: Annotated[
            UserSortingInput | None, strawberry.argument(description="Sort staff users.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[User] | None:
        status = filter.status if filter else None
        search = filter.search if filter else None
        users = staff_list(
            search=search,
            is_active=None if status is None else status == StaffMemberStatus.ACTIVE,
            ids=_pks(filter.ids, expected="User") if filter else None,
        )
        field = sort_by.field if sort_by else UserSortField.EMAIL
        if field == UserSortField.RANK and not search:
            raise GraphQLError(
                "Sorting by RANK is available only when using a search filter.",
                extensions={"exception": {"code": "GraphQLError"}},
            )
        if field == UserSortField.ORDER_COUNT:
            users = users.annotate(asal_order_count=Count("orders"))
        users = _ordered(users, _USER_ORDER[field], sort_by.direction if sort_by else None)
        page = paginate(
            users, first=first, last=last, after=after, before=before, connection_name="staffUsers"
        )
        register(info, UserModel, page.nodes)
        return cast(CountableConnection[User], connection(page, users.count))
