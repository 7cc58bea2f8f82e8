"""The orders' per-request loaders: lines, addresses, variants, certificates, events, buyers and
fulfilments of every order on the page in one query each (``graphql_schema.core.dataloaders``).

Orders are peers of kind ``Order`` (registered by ``orders_seen`` wherever orders enter the
graph: a lookup, a connection, a mutation's payload); their lines become peers of ``OrderLine``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from strawberry.types import Info

from graphql_schema.catalog.nodes import variant_nodes
from graphql_schema.catalog.shared_loaders import register_images
from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, peers_in_any_scope, register
from provenance.certificates.models import OriginCertificate
from storefront.accounts.models import Address, User
from storefront.catalog.models import ProductMedia, ProductVariant
from storefront.channels.models import Channel
from storefront.orders.models import Fulfillment, FulfillmentLine, Order, OrderEvent, OrderLine
from storefront.shipping.models import ShippingMethod


def orders_seen(info: Info, orders: Iterable[Order]) -> None:
    """Register orders entering the graph, so their relations load for all of them at once."""
    register(info, Order, orders)


def _lines(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OrderLine]]:
    grouped: dict[uuid.UUID, list[OrderLine]] = defaultdict(list)
    rows = list(OrderLine.objects.filter(order_id__in=ids).order_by("order_id", "sort_order", "pk"))
    register(info, OrderLine, rows)
    for line in rows:
        grouped[line.order_id].append(line)
    return grouped


LINES: Loader[uuid.UUID, list[OrderLine]] = Loader("order-lines", _lines, default=list, peers=Order)


def _addresses(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, Address]:
    return {address.pk: address for address in Address.objects.filter(pk__in=ids)}


ADDRESSES: Loader[int, Address | None] = Loader(
    "order-addresses",
    _addresses,
    default=lambda: None,
    peers=foreign_keys((Order, "billing_address_id"), (Order, "shipping_address_id")),
)


def _users(info: Info, _scope: Scope, ids: list[int]) -> dict[int, User]:
    rows = list(User.objects.filter(pk__in=ids))
    register(info, User, rows)
    return {user.pk: user for user in rows}


USERS: Loader[int, User | None] = Loader(
    "order-users",
    _users,
    default=lambda: None,
    peers=foreign_keys((Order, "user_id"), (OrderEvent, "user_id")),
)


def _variants(info: Info, _scope: Scope, ids: list[int]) -> dict[int, ProductVariant]:
    """The lines' variants; each enters the graph in its order's channel at once, so their products,
    prices and images load for the whole page together (not line by line)."""
    found = {variant.pk: variant for variant in ProductVariant.objects.filter(pk__in=ids)}
    orders = peers_in_any_scope(info, Order)
    by_channel: dict[Channel | None, dict[int, ProductVariant]] = defaultdict(dict)
    for line in peers_in_any_scope(info, OrderLine).values():
        if line.variant_id in found:
            order = orders.get(line.order_id)
            by_channel[order.channel if order is not None else None][line.variant_id] = found[line.variant_id]
    for channel, variants in by_channel.items():
        variant_nodes(info, variants.values(), channel)
    return found


VARIANTS: Loader[int, ProductVariant | None] = Loader(
    "order-line-variants", _variants, default=lambda: None, peers=foreign_keys((OrderLine, "variant_id"))
)


def _certificates(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, OriginCertificate]:
    rows = OriginCertificate.objects.filter(pk__in=ids).select_related("unit")
    return {certificate.pk: certificate for certificate in rows}


CERTIFICATES: Loader[int, OriginCertificate | None] = Loader(
    "order-line-certificates",
    _certificates,
    default=lambda: None,
    peers=foreign_keys((OrderLine, "certificate_id")),
)


def _first_images(info: Info, _scope: Scope, ids: list[int]) -> dict[int, ProductMedia]:
    """The first image of each variant's product (the line's thumbnail), keyed by variant id."""
    product_of = dict(ProductVariant.objects.filter(pk__in=ids).values_list("pk", "product_id"))
    first: dict[int, ProductMedia] = {}
    media = ProductMedia.objects.filter(product_id__in=set(product_of.values())).exclude(image="")
    for item in media.order_by("product_id", "sort_order", "pk"):
        first.setdefault(item.product_id, item)
    register_images(info, (item.image.name for item in first.values()))
    return {pk: first[product] for pk, product in product_of.items() if product in first}


THUMBNAILS: Loader[int, ProductMedia | None] = Loader(
    "order-line-images", _first_images, default=lambda: None, peers=foreign_keys((OrderLine, "variant_id"))
)


def _events(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[OrderEvent]]:
    grouped: dict[uuid.UUID, list[OrderEvent]] = defaultdict(list)
    rows = list(OrderEvent.objects.filter(order_id__in=ids).order_by("order_id", "date", "pk"))
    register(info, OrderEvent, rows)
    for event in rows:
        grouped[event.order_id].append(event)
    return grouped


EVENTS: Loader[uuid.UUID, list[OrderEvent]] = Loader("order-events", _events, default=list, peers=Order)


def _shipping_methods(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, ShippingMethod]:
    return {method.pk: method for method in ShippingMethod.objects.filter(pk__in=ids)}


def _method_ids(info: Info, _scope: Scope) -> list[int]:
    ids = {order.shipping_method_id for order in peers_in_any_scope(info, Order).values()}
    return [int(value) for value in ids if value and value.isdigit()]


SHIPPING_METHODS: Loader[int, ShippingMethod | None] = Loader(
    "order-shipping-methods", _shipping_methods, default=lambda: None, peers=_method_ids
)


def fulfillments_seen(info: Info, fulfillments: Iterable[Fulfillment]) -> None:
    """Register fulfilments entering the graph (a mutation's payload), so their lines load together."""
    register(info, Fulfillment, fulfillments)


def _fulfillments(info: Info, _scope: Scope, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Fulfillment]]:
    grouped: dict[uuid.UUID, list[Fulfillment]] = defaultdict(list)
    rows = list(Fulfillment.objects.filter(order_id__in=ids).order_by("order_id", "fulfillment_order"))
    register(info, Fulfillment, rows)
    for fulfillment in rows:
        grouped[fulfillment.order_id].append(fulfillment)
    return grouped


FULFILLMENTS: Loader[uuid.UUID, list[Fulfillment]] = Loader(
    "order-fulfillments", _fulfillments, default=list, peers=Order
)


def _fulfillment_lines(
    info: Info, _scope: Scope, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[FulfillmentLine]]:
    """The lines of every fulfilment on the page, with their order lines (and those lines' orders and
    channels), stock warehouses and packed units, in three statements."""
    grouped: dict[uuid.UUID, list[FulfillmentLine]] = defaultdict(list)
    rows = list(
        FulfillmentLine.objects.filter(fulfillment_id__in=ids)
        .select_related("order_line__order__channel", "stock__warehouse")
        .prefetch_related("units")
        .order_by("fulfillment_id", "pk")
    )
    register(info, OrderLine, [row.order_line for row in rows])
    for line in rows:
        grouped[line.fulfillment_id].append(line)
    return grouped


FULFILLMENT_LINES: Loader[uuid.UUID, list[FulfillmentLine]] = Loader(
    "fulfillment-lines", _fulfillment_lines, default=list, peers=Fulfillment
)
