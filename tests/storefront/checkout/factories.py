"""Test data for checkouts: a channel with a warehouse, and sellable variants with stock."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from storefront.catalog import services as catalog
from storefront.catalog.models import Product, ProductVariant
from storefront.channels.models import Channel
from storefront.inventory import services as inventory
from storefront.inventory.models import Warehouse
from storefront.shipping.models import ShippingMethod
from tests.storefront.shipping.factories import make_method, make_zone

SERVED = ["US", "DE", "JP", "AU", "GB", "ID"]


def channel_create(
    slug: str = "intl-usd",
    currency: str = "USD",
    *,
    countries: list[str] | None = None,
    tax_rate: str = "0",
    prices_entered_with_tax: bool = True,
    warehouse: str | None = None,
    shipping_price: str = "5.00",
    allow_unpaid_orders: bool = False,
) -> Channel:
    """A channel, a warehouse (``<slug>-wh`` unless named) that sells into it, and a shipping zone of
    ``countries`` (default ``SERVED``) with one method, "Post", of any weight at ``shipping_price``.

    Like Saleor's, it places an order only when payments cover the checkout (``allow_unpaid_orders``
    off); tests about something else than payment may switch that off."""
    channel = Channel.objects.create(
        allow_unpaid_orders=allow_unpaid_orders,
        name=slug,
        slug=slug,
        currency_code=currency,
        default_country="US",
        allowed_countries=countries or [],
        flat_tax_rate=Decimal(tax_rate),
        prices_entered_with_tax=prices_entered_with_tax,
    )
    inventory.warehouse_upsert(slug=warehouse or f"{slug}-wh", name=slug, channels=[channel])
    zone = make_zone(f"{slug} zone", countries or SERVED, [channel])
    make_method(zone, "Post", channel=channel, price=shipping_price, days=(5, 10))
    return channel


def shipping_method_of(channel: Channel) -> ShippingMethod:
    return ShippingMethod.objects.filter(shipping_zone__channels=channel).order_by("pk").first()  # type: ignore[return-value]


def warehouse_of(channel: Channel) -> Warehouse:
    return Warehouse.objects.filter(channels=channel).order_by("pk").first()  # type: ignore[return-value]


_counter = {"n": 0}


def product_create(
    channel: Channel,
    *,
    price: str = "10.00",
    stock: int = 10,
    published: bool = True,
    available: bool = True,
    hs_code: str = "6304",
    slug: str | None = None,
    shipping: bool = True,
) -> ProductVariant:
    """A product with one variant priced in ``channel`` and ``stock`` units in its warehouse."""
    _counter["n"] += 1
    n = _counter["n"]
    product_type = catalog.product_type_upsert(
        slug=f"type-{n}", name=f"Type {n}", hs_code=hs_code, is_shipping_required=shipping
    )
    product = catalog.product_create(product_type=product_type, name=f"Ikat {n}", slug=slug or f"ikat-{n}")
    variant = catalog.variant_upsert(product=product, sku=f"SKU-{n}")
    list_in(channel, variant, price=price, published=published, available=available)
    if stock:
        inventory.stock_set(warehouse=warehouse_of(channel), variant=variant, quantity=stock)
    return variant


def list_in(
    channel: Channel, variant: ProductVariant, *, price: str, published: bool = True, available: bool = True
) -> None:
    product: Product = variant.product
    catalog.product_channel_listing_update(
        product=product,
        channel=channel,
        is_published=published,
        available_for_purchase_at=timezone.now() - timedelta(days=1) if available else None,
    )
    catalog.variant_channel_listing_update(variant=variant, channel=channel, price=price)
