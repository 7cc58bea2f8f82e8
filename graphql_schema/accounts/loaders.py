"""Batch loads below ``User``: a page of orders (staff) shows many users, each with an address book.

Users enter the graph as peers (``register(info, User, ...)``: the orders' user loader does it), so
the first ``addresses`` or default address asked for loads them for every user of the response.
"""

from __future__ import annotations

from collections import defaultdict

from strawberry.types import Info

from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys
from storefront.accounts.models import Address, User


def _address_books(_info: Info, _scope: Scope, user_ids: list[int]) -> dict[int, list[Address]]:
    books: dict[int, list[Address]] = defaultdict(list)
    for address in Address.objects.filter(user_id__in=user_ids).order_by("pk"):
        books[address.user_id].append(address)  # type: ignore[index]
    return books


ADDRESS_BOOKS: Loader[int, list[Address]] = Loader("address-books", _address_books, default=list, peers=User)


def _addresses(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, Address]:
    return {address.pk: address for address in Address.objects.filter(pk__in=ids)}


DEFAULT_ADDRESSES: Loader[int, Address | None] = Loader(
    "default-addresses",
    _addresses,
    default=lambda: None,
    peers=foreign_keys((User, "default_shipping_address_id"), (User, "default_billing_address_id")),
)


def address_book(info: Info, user: User) -> list[Address]:
    """The user's addresses, oldest first; each row knows its user (for ``isDefault*``)."""
    if user.pk is None:
        return []
    addresses = ADDRESS_BOOKS.load(info, user.pk)
    for address in addresses:
        address.user = user
    return addresses


def default_address(info: Info, user: User, kind: str) -> Address | None:
    """The user's default ``"shipping"`` or ``"billing"`` address, if any."""
    address_id = user.default_shipping_address_id if kind == "shipping" else user.default_billing_address_id
    if address_id is None:
        return None
    address = DEFAULT_ADDRESSES.load(info, address_id)
    if address is not None and address.user_id == user.pk:
        address.user = user
    return address
