"""A variant reached through a foreign key (as a checkout or order line reaches it) prices itself for
the channel it was reached in, and a page of such variants loads its prices in one query.

The schema below is the real one's types with a root field that hands out variants the way a
line's ``variant`` foreign key does: plain model instances, no annotations, no product loaded.
"""

from __future__ import annotations

import pytest
import strawberry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from graphql_schema.catalog.nodes import variant_nodes
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.channel_context import channel_for_request, node_attribute
from graphql_schema.core.context import AsalContext
from graphql_schema.core.scalars import SCALAR_MAP
from graphql_schema.schema import CATALOG_TYPES
from storefront.catalog import models
from tests.graphql.catalog.factories import (
    ChannelFactory,
    VariantFactory,
    WarehouseFactory,
    full_product,
    price,
)

pytestmark = pytest.mark.django_db


@strawberry.type
class LineQuery:
    @strawberry.field
    def line_variants(self, info: Info, ids: list[int], channel: str) -> list[ProductVariant]:
        # What ``order.lines[i].variant`` gives: the bare row, reached by its foreign key.
        variants = [models.ProductVariant.objects.get(pk=pk) for pk in ids]
        return variant_nodes(info, variants, channel_for_request(info, channel))  # type: ignore[return-value]


SCHEMA = strawberry.Schema(
    query=LineQuery,
    types=CATALOG_TYPES,
    config=StrawberryConfig(scalar_map=SCALAR_MAP, default_resolver=node_attribute),
)
DOCUMENT = """
query($ids: [Int!]!, $channel: String!) {
  lineVariants(ids: $ids, channel: $channel) {
    sku
    channel
    quantityAvailable
    pricing { price { gross { amount currency } } }
    product { slug pricing { priceRange { start { gross { amount currency } } } } }
  }
}
"""


def _run(rf, ids: list[int], channel: str) -> tuple[list[dict], int]:
    context = AsalContext(request=rf.post("/graphql/"))
    with CaptureQueriesContext(connection) as captured:
        result = SCHEMA.execute_sync(DOCUMENT, {"ids": ids, "channel": channel}, context_value=context)
    assert result.errors is None, result.errors
    return result.data["lineVariants"], len(captured.captured_queries)


def _two_channels():
    usd = ChannelFactory(slug="line-usd", currency_code="USD")
    jpy = ChannelFactory(slug="line-jpy", currency_code="JPY")
    warehouse = WarehouseFactory()
    products = [full_product(usd, warehouse=warehouse) for _ in range(3)]
    for product in products:
        for variant in product.variants.all():
            price(variant, jpy, "3000")
    return usd, jpy, products


def test_a_variant_reached_by_foreign_key_prices_itself_in_its_channel(rf):
    usd, jpy, products = _two_channels()
    variant = products[0].variants.order_by("sort_order").first()

    in_usd, _ = _run(rf, [variant.pk], usd.slug)
    in_jpy, _ = _run(rf, [variant.pk], jpy.slug)

    assert in_usd[0]["channel"] == "line-usd"
    assert in_usd[0]["pricing"]["price"]["gross"] == {"amount": 20.0, "currency": "USD"}
    assert in_usd[0]["quantityAvailable"] == 4  # 5 in the channel's warehouse, 1 allocated
    assert in_usd[0]["product"]["pricing"]["priceRange"]["start"]["gross"]["currency"] == "USD"
    assert in_jpy[0]["pricing"]["price"]["gross"] == {"amount": 3000.0, "currency": "JPY"}
    assert in_jpy[0]["quantityAvailable"] == 0  # no warehouse serves the JPY channel


def test_variants_reached_by_foreign_key_load_their_prices_once_for_all(rf):
    usd, _jpy, products = _two_channels()
    one = [products[0].variants.first().pk]
    many = [variant.pk for product in products for variant in product.variants.all()]

    _, for_one = _run(rf, one, usd.slug)
    _, for_many = _run(rf, many, usd.slug)

    # The root field fetches each row by itself (that is the point: foreign keys); everything
    # below it (prices, stock, product, product prices) costs the same for 1 or 6 variants.
    assert for_many - len(many) == for_one - len(one)


def test_a_variant_without_a_price_in_the_channel_has_no_pricing(rf):
    usd, _jpy, _products = _two_channels()
    loose = VariantFactory(product=full_product(usd))

    found, _ = _run(rf, [loose.pk], usd.slug)

    assert found[0]["pricing"] is None
