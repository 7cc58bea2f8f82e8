"""The Asal GraphQL schema: one Query and one Mutation merged from each domain's module.

Each domain module of ``graphql_schema`` contributes a ``*Queries`` / ``*Mutations``
class; this module only merges them and names the schema-wide extensions.
"""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types
from strawberry_django.optimizer import DjangoOptimizerExtension

from graphql_schema.channels.queries import ChannelQueries

QUERIES: tuple[type, ...] = (ChannelQueries,)
MUTATIONS: tuple[type, ...] = ()

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS) if MUTATIONS else None

schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=[DjangoOptimizerExtension])
