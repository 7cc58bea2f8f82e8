"""The Asal GraphQL schema: one Query and one Mutation merged from each domain's module."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_schema.channels.queries import ChannelQueries

Query = merge_types("Query", (ChannelQueries,))

schema = strawberry.Schema(query=Query, extensions=[DjangoOptimizerExtension])
