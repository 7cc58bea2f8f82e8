"""Channel queries: ``channels`` and ``channel(slug)``."""

from __future__ import annotations

import strawberry

from graphql_schema.channels.types import Channel
from storefront.channels import selectors


@strawberry.type
class ChannelQueries:
    @strawberry.field(description="List of all channels.")
    def channels(self) -> list[Channel] | None:
        return list(selectors.channel_list())

    @strawberry.field(description="Look up a channel by ID or slug.")
    def channel(self, id: strawberry.ID | None = None, slug: str | None = None) -> Channel | None:
        return selectors.channel_get(slug=slug) if slug else None
