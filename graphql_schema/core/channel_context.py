"""Which channel a catalogue request is about, and the nodes that carry it.

Saleor's rules: an unknown slug is an error (``NOT_FOUND``), an inactive channel is an error for
buyers, and without a ``channel`` argument the only active channel is used (if there are several,
buyers must say which; staff then see the catalogue without channel data).

Prices, stock and visibility of products, variants and collections depend on the channel they
are seen in. Their GraphQL types therefore take a ``ChannelContext`` (Saleor's pattern) as root
value: the model instance and the channel it was reached in, created by one function per kind
wherever such a node enters the graph (``graphql_schema.catalog.nodes``). A variant reached
through any path (a product page, a checkout line, an order line) prices itself for its channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.dataloaders import Scope
from graphql_schema.core.permissions import has_permission
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel

N = TypeVar("N")
_NO_CHANNEL = object()


@dataclass(frozen=True, slots=True)
class ChannelContext(Generic[N]):
    """A node reached in a channel (``None``: staff browsing without one)."""

    node: N
    channel: Channel | None


def node_attribute(root: Any, name: str) -> object:
    """The schema's default resolver: plain fields of channel-scoped types read the node.

    ``StrawberryConfig(default_resolver=...)``: a field without a resolver (``name: str``) of a
    type whose root is a ``ChannelContext`` reads the wrapped model instance.
    """
    if type(root) is ChannelContext:
        return getattr(root.node, name)
    return getattr(root, name)


def is_product_staff(info: Info) -> bool:
    """True when the requester may see unpublished products, channel listings and stock."""
    return bool(
        info.context.once(
            "staff:manage_products", lambda: has_permission(info, PermissionCode.MANAGE_PRODUCTS)
        )
    )


def scope_for(info: Info, channel: Channel | None) -> Scope:
    """The loader scope of nodes seen in ``channel`` by this request's caller."""
    return Scope(channel=channel, staff=is_product_staff(info))


def channel_for_request(info: Info, slug: str | None) -> Channel | None:
    """The channel named by ``slug`` (or the default one), or a GraphQL error a buyer can read.

    Returns ``None`` only for staff asking without a channel when several channels exist.
    """
    cache: dict[str | None, object] = info.context.once("channels:by-slug", dict)
    if slug not in cache:
        cache[slug] = _lookup(slug)
    channel = cache[slug]
    staff = is_product_staff(info)
    if channel is _NO_CHANNEL:
        if staff:
            return None
        raise GraphQLError(
            "More than one channel exists. Specify which channel to query.",
            extensions={"code": "MISSING_CHANNEL_SLUG"},
        )
    if channel is None:
        raise GraphQLError(f"Channel with '{slug}' slug does not exist.", extensions={"code": "NOT_FOUND"})
    assert isinstance(channel, Channel)
    if not channel.is_active and not staff:
        raise GraphQLError(f"Channel with '{slug}' is inactive.", extensions={"code": "CHANNEL_INACTIVE"})
    return channel


def _lookup(slug: str | None) -> object:
    if slug is not None:
        return Channel.objects.filter(slug=slug).first()
    active = list(Channel.objects.filter(is_active=True)[:2])
    return active[0] if len(active) == 1 else _NO_CHANNEL
