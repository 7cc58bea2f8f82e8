"""Batch loads below ``User``: the address book and the default addresses of every user on the page.

Users reached through a list (the buyers of a page of orders) are registered as peers of
``accounts.User`` (``graphql_schema.core.dataloaders``), so a user's addresses are loaded for all
of them in one query. Each address comes with its user (its ``isDefault*Address`` fields read
the user's defaults), taken from the registered peers or the query itself, never one by one.
"""

from __future__ import annotations

from collections import defaultdict

from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, peers_in_any_scope
from storefront.accounts.models import Address, User


def _with_owner(info: Info, addresses: list[Address]) -> None:
    """Give each address the registered instance of its user (the one the response shows)."""
    users = peers_in_any_scope(info, User)
    for address in addresses:
        owner = users.get(address.user_id)
        if owner is not None:
            address.user = owner


def _address_books(info: Info, _scope: Scope, user_ids: list[int]) -> dict[int, list[Address]]:
    books: dict[int, list[Address]] = defaultdict(list)
    rows = list(Address.objects.filter(user_id__in=user_ids).select_related("user").order_by("pk"))
    _with_owner(info, rows)
    for address in rows:
        if address.user_id is not None:
            books[address.user_id].append(address)
    return books


ADDRESS_BOOKS: Loader[int, list[Address]] = Loader(
    "user-address-books", _address_books, default=list, peers=User, channel_free=True
)


def _default_addresses(info: Info, _scope: Scope, ids: list[int]) -> dict[int, Address]:
    rows = list(Address.objects.filter(pk__in=ids).select_related("user"))
    _with_owner(info, rows)
    return {address.pk: address for address in rows}


DEFAULT_ADDRESSES: Loader[int, Address | None] = Loader(
    "user-default-addresses",
    _default_addresses,
    default=lambda: None,
    peers=foreign_keys((User, "default_shipping_address_id"), (User, "default_billing_address_id")),
    channel_free=True,
)
