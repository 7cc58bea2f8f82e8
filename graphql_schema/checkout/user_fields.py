"""A user's checkouts on Saleor's ``User`` type: ``checkouts``, ``checkoutIds``, ``checkoutTokens``.

Only the user themselves (and staff or apps with ``MANAGE_CHECKOUTS`` or ``MANAGE_USERS``) see
them; anyone else gets ``null``. ``checkouts`` pages every user of the response in one statement,
and their lines and prices load together (``graphql_schema.checkout.roots``).
"""

from __future__ import annotations

import uuid
from typing import Any, cast

import strawberry
from django.db.models import F, QuerySet
from strawberry.types import Info

from graphql_schema.checkout.lookup import checkout_queryset
from graphql_schema.checkout.roots import checkout_roots
from graphql_schema.checkout.types import Checkout
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import UNSCOPED
from graphql_schema.core.nested_pages import page_for_parent
from graphql_schema.core.permissions import has_permission
from graphql_schema.core.relay import Page, paginate_per_parent, to_global_id
from storefront.accounts.models import User
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.models import Checkout as CheckoutModel

_ROOTS = "checkout:user-roots"


def _may_see(info: Info, user: User) -> bool:
    requester = info.context.user
    if info.context.app is None and getattr(requester, "is_authenticated", False) and requester.pk == user.pk:
        return True
    return has_permission(info, PermissionCode.MANAGE_CHECKOUTS, PermissionCode.MANAGE_USERS)


def _checkouts_of(user_ids: list[Any], channel: str | None) -> QuerySet[CheckoutModel]:
    qs = checkout_queryset().filter(user_id__in=user_ids)
    if channel is not None:
        qs = qs.filter(channel__slug=channel)
    return qs.order_by("-last_change", "pk")


def user_checkouts(
    info: Info,
    user: User,
    *,
    channel: str | None,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> CountableConnection[Checkout] | None:
    """``User.checkouts``: the user's open checkouts, most recently changed first."""
    if not _may_see(info, user):
        return None
    made: dict[Any, CheckoutModel] = info.context.memo.setdefault(_ROOTS, {})

    def pages_for(user_ids: list[Any]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
        pages, totals = paginate_per_parent(
            _checkouts_of(user_ids, channel),
            parent=F("user_id"),
            first=first,
            last=last,
            after=after,
            before=before,
            connection_name="checkouts",
        )
        found = [checkout for page in pages.values() for checkout in page.nodes]
        made.update({root.pk: root for root in checkout_roots(info, found)})
        return pages, totals

    page, count = page_for_parent(
        info,
        kind=User,
        scope=UNSCOPED,
        parent_id=user.pk,
        arguments=("user-checkouts", repr((channel, before, after, first, last))),
        pages_for=pages_for,
        count_one=lambda: _checkouts_of([user.pk], channel).count(),
        starts_at_beginning=after is None and before is None,
    )
    nodes = [made[checkout.pk] for checkout in page.nodes]
    return cast(CountableConnection[Checkout], connection(page, count, nodes=nodes))


def _tokens(info: Info, user: User, channel: str | None) -> list[uuid.UUID] | None:
    if not _may_see(info, user):
        return None
    return list(_checkouts_of([user.pk], channel).values_list("token", flat=True))


def user_checkout_ids(info: Info, user: User, channel: str | None) -> list[strawberry.ID] | None:
    """``User.checkoutIds``: the global IDs of the user's checkouts (in ``channel`` if given)."""
    tokens = _tokens(info, user, channel)
    return None if tokens is None else [strawberry.ID(to_global_id("Checkout", token)) for token in tokens]


def user_checkout_tokens(info: Info, user: User, channel: str | None) -> list[uuid.UUID] | None:
    """``User.checkoutTokens`` (deprecated in Saleor): the tokens of the user's checkouts."""
    return _tokens(info, user, channel)
