"""Where products, variants and collections enter the graph: one function per kind.

Every resolver that produces such a node (a listing, a lookup, a loader following a relation,
later a checkout or order line) calls the function of its kind with the channel it was reached
in. The node becomes the root value of its GraphQL type (``ChannelContext``), a peer of its kind
for batched loading, and whatever facts its query carried prime the loaders
(``graphql_schema.catalog.loaders``). Nothing else in the API reads attributes stamped on model
instances.
"""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types import Info

from graphql_schema.catalog.loaders import collections_seen, products_seen, variants_seen
from graphql_schema.core.channel_context import ChannelContext, scope_for
from storefront.catalog.models import Collection, Product, ProductVariant
from storefront.channels.models import Channel

ProductNode = ChannelContext[Product]
VariantNode = ChannelContext[ProductVariant]
CollectionNode = ChannelContext[Collection]


def product_nodes(info: Info, products: Iterable[Product], channel: Channel | None) -> list[ProductNode]:
    products = list(products)
    products_seen(info, products, scope_for(info, channel))
    return [ChannelContext(node=product, channel=channel) for product in products]


def product_node(info: Info, product: Product, channel: Channel | None) -> ProductNode:
    return product_nodes(info, [product], channel)[0]


def variant_nodes(
    info: Info, variants: Iterable[ProductVariant], channel: Channel | None
) -> list[VariantNode]:
    variants = list(variants)
    variants_seen(info, variants, scope_for(info, channel))
    return [ChannelContext(node=variant, channel=channel) for variant in variants]


def variant_node(info: Info, variant: ProductVariant, channel: Channel | None) -> VariantNode:
    return variant_nodes(info, [variant], channel)[0]


def collection_nodes(
    info: Info, collections: Iterable[Collection], channel: Channel | None
) -> list[CollectionNode]:
    collections = list(collections)
    collections_seen(info, collections, scope_for(info, channel))
    return [ChannelContext(node=collection, channel=channel) for collection in collections]
