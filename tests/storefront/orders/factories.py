"""Orders for tests: ``order_placed`` writes one through ``order_place`` as checkout would."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction

from provenance.certificates.models import Unit
from storefront.accounts.actor import Actor
from storefront.accounts.models import Address, User
from storefront.catalog.models import ProductVariant
from storefront.channels.models import Channel
from storefront.core.money import Money, TaxedMoney
from storefront.inventory.locks import stocks_select_for_update
from storefront.inventory.models import Stock
from storefront.orders.models import Order
from storefront.orders.placement import LineToPlace, OrderToPlace, order_place
from storefront.shipping.models import ShippingMethod
from tests.graphql.catalog.factories import (
    ChannelFactory,
    MakerFactory,
    VariantFactory,
    WarehouseFactory,
    price,
    publish,
)
from tests.storefront.shipping.factories import make_method, make_zone


def taxed(amount: str | Decimal, currency: str = "USD") -> TaxedMoney:
    value = Money(Decimal(amount), currency)
    return TaxedMoney(net=value, gross=value)


def stocked_variant(
    channel: Channel, *, amount: str = "20.00", quantity: int = 5, **fields
) -> ProductVariant:
    """A published, priced variant with ``quantity`` pieces in a warehouse of the channel."""
    variant = VariantFactory(**fields)
    publish(variant.product, channel)
    price(variant, channel, amount)
    warehouse = WarehouseFactory()
    warehouse.channels.add(channel)
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=quantity)
    variant.product.makers.set([MakerFactory(), MakerFactory(consent_to_publish=False)])
    return variant


def address(**fields) -> Address:
    values = {
        "first_name": "Erika",
        "last_name": "Mustermann",
        "street_address_1": "Heidestraße 17",
        "city": "BERLIN",
        "postal_code": "10557",
        "country": "DE",
    }
    values.update(fields)
    return Address.objects.create(**values)


def _shipping_method(channel: Channel) -> ShippingMethod:
    """The channel's first shipping method, or a new postal one shipping worldwide from it."""
    found = ShippingMethod.objects.filter(shipping_zone__channels=channel).order_by("pk").first()
    if found is not None:
        return found
    zone = make_zone(f"{channel.slug} orders", ["DE", "US", "JP", "AU", "GB", "ID"], [channel])
    return make_method(zone, "Pos Indonesia EMS", channel=channel, price="5.00", max_kg="30", days=(7, 14))


def _piece(variant: ProductVariant) -> Unit | None:
    """The certified unit of a one-of-a-kind variant still free to sell, if it has one."""
    return (
        Unit.objects.filter(lot__variant=variant, status=Unit.Status.IN_STOCK, allocation__isnull=True)
        .select_related("certificate", "lot__origin", "maker")
        .first()
    )


def order_placed(
    *,
    channel: Channel | None = None,
    user: User | None = None,
    email: str | None = None,
    variants: list[ProductVariant] | None = None,
    quantity: int = 1,
    language_code: str = "en",
) -> Order:
    """An order of ``variants`` (default: one new stocked variant), each ``quantity`` times."""
    channel = channel or ChannelFactory()
    variants = variants if variants is not None else [stocked_variant(channel)]
    currency = channel.currency_code
    with transaction.atomic():
        stocks = {
            stock.product_variant_id: stock
            for stock in stocks_select_for_update(Stock.objects.filter(product_variant__in=variants))
        }
        lines = []
        subtotal = Money.zero(currency)
        for variant in variants:
            variant = ProductVariant.objects.select_related("product__product_type", "product__origin").get(
                pk=variant.pk
            )
            listing = variant.channel_listings.get(channel=channel)
            unit = Money(listing.price_amount, currency)
            total = unit * quantity
            subtotal += total
            lines.append(
                LineToPlace(
                    variant=variant,
                    quantity=quantity,
                    unit_price=TaxedMoney(net=unit, gross=unit),
                    total_price=TaxedMoney(net=total, gross=total),
                    tax_rate=Decimal(0),
                    allocations=[(stocks[variant.pk], quantity)],
                    unit=_piece(variant) if variant.is_one_of_a_kind else None,
                )
            )
        shipping = taxed("5.00", currency)
        method = _shipping_method(channel)
        data = OrderToPlace(
            channel=channel,
            lines=lines,
            subtotal=TaxedMoney(net=subtotal, gross=subtotal),
            shipping_price=shipping,
            total=TaxedMoney(net=subtotal + shipping.net, gross=subtotal + shipping.gross),
            user=user,
            user_email=email or (user.email if user else f"guest-{uuid.uuid4().hex[:8]}@example.com"),
            language_code=language_code,
            billing_address=address(),
            shipping_address=address(),
            shipping_method_name=method.name,
            shipping_method_id=str(method.pk),
            shipping_min_delivery_days=method.minimum_delivery_days,
            shipping_max_delivery_days=method.maximum_delivery_days,
        )
        return order_place(data=data, actor=Actor.of(user=user))
