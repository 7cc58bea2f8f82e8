"""Channel queries: ``channels`` and ``channel(id, slug)``."""

from __future__ import annotations

import strawberry

from graphql_schema.channels.types import Channel
from graphql_schema.core.relay import decode_id
from storefront.channels import selectors


@strawberry.type
class ChannelQueries:
    @strawberry.field(description="List of all channels.")
    def channels(self) -> list[Channel] | None:
        return list(selectors.channel_list())  # type: ignore[arg-type]

    @strawberry.field(description="Look up a channel by ID or slug.")
    def channel(self, id: strawberry.ID | None = None, slug: str | None = None) -> Channel | None:
        if id is not None:
            return selectors.channel_list().filter(pk=decode_id(id, expected="Channel")).first()  # type: ignore[return-value]
        return selectors.channel_get(slug=slug) if slug else None  # type: ignore[return-value]
