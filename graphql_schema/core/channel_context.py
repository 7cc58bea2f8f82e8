"""Which channel a catalogue request is about, looked up once per request.

Saleor's rules: an unknown slug is an error (``NOT_FOUND``), an inactive channel is an error for
buyers, and without a ``channel`` argument the only active channel is used (if there are several,
buyers must say which; staff then see the catalogue without channel data).
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.core.permissions import has_permission
from storefront.accounts.permissions import PermissionCode
from storefront.channels.models import Channel

_NO_CHANNEL = object()


def is_product_staff(info: Info) -> bool:
    """True when the requester may see unpublished products, channel listings and stock."""
    cache = info.context.loaders
    if "perm:manage_products" not in cache:
        cache["perm:manage_products"] = has_permission(info, PermissionCode.MANAGE_PRODUCTS)
    return bool(cache["perm:manage_products"])


def channel_for_request(info: Info, slug: str | None) -> Channel | None:
    """The channel named by ``slug`` (or the default one), or a GraphQL error a buyer can read.

    Returns ``None`` only for staff asking without a channel when several channels exist.
    """
    cache: dict[str | None, object] = info.context.loader("channels:by-slug", dict)
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
