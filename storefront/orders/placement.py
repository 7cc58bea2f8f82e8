"""Placing an order from data a caller has already checked: ``order_place``.

``storefront.checkout.complete`` decides *what* is sold (lines, prices, addresses, the stock to
take and the serials of certified pieces) under the stock rows' locks; this module writes it,
in a constant number of statements whatever the number of lines: the order number, two address
copies, the order, its lines, their allocations, the stock counters and the events.

It must run inside the caller's ``transaction.atomic()`` block, after the caller has locked the
``Stock`` rows it allocates from (``storefront.inventory.locks``), so the counters it writes are
the ones the caller checked.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, IntegerField, Value, When

from provenance.certificates.models import Unit
from provenance.origins.models import Maker, Origin
from storefront.accounts.actor import Actor
from storefront.accounts.models import Address, User
from storefront.catalog.models import ProductType, ProductVariant
from storefront.channels.models import Channel
from storefront.core.money import Money, TaxedMoney
from storefront.core.versioned_cache import stock_changed
from storefront.inventory.models import Stock
from storefront.orders.choices import ImportVatCollection, OrderEventType, OrderOrigin, OrderStatus
from storefront.orders.events import order_event_build
from storefront.orders.models import Allocation, Order, OrderEvent, OrderLine
from storefront.orders.numbers import order_number_next


@dataclass(frozen=True)
class LineToPlace:
    """One line as sold. ``variant`` comes with its product, product type and origin loaded
    (``select_related``) and its product's makers prefetched; ``unit`` (a certified
    one-of-a-kind piece) with its certificate and its lot's origin and makers."""

    variant: ProductVariant
    quantity: int
    unit_price: TaxedMoney
    total_price: TaxedMoney
    tax_rate: Decimal
    allocations: Sequence[tuple[Stock, int]]
    undiscounted_unit_price: TaxedMoney | None = None
    undiscounted_total_price: TaxedMoney | None = None
    translated_product_name: str = ""
    translated_variant_name: str = ""
    unit: Unit | None = None
    hs_code: str | None = None  # None: the product's (else its type's)
    country_of_origin: str | None = None  # None: the origin village's
    metadata: Mapping[str, str] = field(default_factory=dict)
    promotion_rule_id: int | None = None
    """The catalogue promotion rule that priced the line (``None``: none)."""
    unit_discount_reason: str = ""
    """Why the line is discounted (``"Promotion: <name>"``), as the order line shows it."""
    promotion_discount_amount: Decimal = Decimal(0)
    """What the catalogue promotion took off the line (unit discount × quantity, as entered)."""
    is_gift: bool = False
    """An order promotion's free gift (priced 0)."""


@dataclass(frozen=True)
class OrderToPlace:
    """The order as sold: every amount already computed (and rounded) by the caller."""

    channel: Channel
    lines: Sequence[LineToPlace]
    subtotal: TaxedMoney
    shipping_price: TaxedMoney
    total: TaxedMoney
    user: User | None = None
    user_email: str = ""
    language_code: str = "en"
    checkout_token: str = ""
    customer_note: str = ""
    redirect_url: str = ""
    billing_address: Address | None = None
    shipping_address: Address | None = None
    # True: the addresses are the checkout's own copies (owned by nobody, deleted with it), and
    # pass to the order as they are; False: they are copied (an address book's rows).
    adopt_addresses: bool = False
    is_shipping_required: bool = True
    shipping_method_id: str = ""
    shipping_method_name: str = ""
    shipping_min_delivery_days: int | None = None
    shipping_max_delivery_days: int | None = None
    shipping_tax_rate: Decimal = Decimal(0)
    base_shipping_price: Money | None = None
    undiscounted_total: TaxedMoney | None = None
    import_vat_collection: ImportVatCollection = ImportVatCollection.NOT_APPLICABLE
    import_vat_amount: Decimal | None = None
    weight_kg: Decimal = Decimal(0)
    metadata: Mapping[str, str] = field(default_factory=dict)
    private_metadata: Mapping[str, str] = field(default_factory=dict)
    # Chosen by the caller when rows written before the order must name it (the checkout's
    # payment transactions, locked and attached first); a new random id otherwise.
    order_id: uuid.UUID | None = None
    # Placed by the payment path, not by the buyer's checkoutComplete: Saleor's
    # PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT instead of PLACED.
    automatic: bool = False


def origin_copy(origin: Origin | None) -> dict[str, Any]:
    """What an order line keeps of an origin village: enough for customs and the buyer's page."""
    if origin is None:
        return {}
    return {
        "name": origin.name,
        "village": origin.village,
        "district": origin.district,
        "regency": origin.regency,
        "province": origin.province,
        "country": origin.country,
        "latitude": str(origin.latitude),
        "longitude": str(origin.longitude),
    }


def maker_copy(maker: Maker, role: str = "") -> dict[str, str]:
    """A maker as an order line keeps them: named only with their consent, else by public id."""
    copied = {"id": str(maker.public_id), "name": maker.display_name if maker.consent_to_publish else ""}
    if role:
        copied["role"] = role
    return copied


def _line_provenance(line: LineToPlace) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Origin and makers of a line: the certified piece's own (its lot's) when there is one."""
    if line.unit is not None:
        lot = line.unit.lot
        makers = [maker_copy(role.maker, role.role) for role in lot.lot_makers.all()]
        if line.unit.maker is not None and not any(m["id"] == str(line.unit.maker.public_id) for m in makers):
            makers.insert(0, maker_copy(line.unit.maker))
        return origin_copy(lot.origin), makers
    product = line.variant.product
    return origin_copy(product.origin), [maker_copy(maker) for maker in product.makers.all()]


def _taxed_or(value: TaxedMoney | None, default: TaxedMoney) -> TaxedMoney:
    return default if value is None else value


def _order_line(order: Order, index: int, line: LineToPlace) -> OrderLine:
    variant = line.variant
    product = variant.product
    origin, makers = _line_provenance(line)
    undiscounted_unit = _taxed_or(line.undiscounted_unit_price, line.unit_price)
    undiscounted_total = _taxed_or(line.undiscounted_total_price, line.total_price)
    unit = line.unit
    certificate = getattr(unit, "certificate", None) if unit is not None else None
    return OrderLine(
        order=order,
        sort_order=index,
        variant=variant,
        product_name=product.name,
        variant_name=variant.name,
        translated_product_name=line.translated_product_name,
        translated_variant_name=line.translated_variant_name,
        product_sku=variant.sku,
        product_variant_id=str(variant.pk),
        is_shipping_required=(
            product.product_type.is_shipping_required
            and product.product_type.kind != ProductType.Kind.GIFT_CARD
        ),
        quantity=line.quantity,
        currency=order.currency,
        unit_price_net_amount=line.unit_price.net.amount,
        unit_price_gross_amount=line.unit_price.gross.amount,
        undiscounted_unit_price_net_amount=undiscounted_unit.net.amount,
        undiscounted_unit_price_gross_amount=undiscounted_unit.gross.amount,
        total_price_net_amount=line.total_price.net.amount,
        total_price_gross_amount=line.total_price.gross.amount,
        undiscounted_total_price_net_amount=undiscounted_total.net.amount,
        undiscounted_total_price_gross_amount=undiscounted_total.gross.amount,
        tax_rate=line.tax_rate,
        hs_code=line.hs_code if line.hs_code is not None else product.effective_hs_code,
        country_of_origin=(
            line.country_of_origin if line.country_of_origin is not None else origin.get("country", "")
        ),
        origin=origin,
        makers=makers,
        weight_kg=variant.weight_kg or product.weight_kg or product.product_type.weight_kg,
        unit=unit,
        certificate=certificate,
        serial=unit.serial if unit is not None else "",
        promotion_rule_id=line.promotion_rule_id,
        unit_discount_reason=line.unit_discount_reason,
        promotion_discount_amount=line.promotion_discount_amount,
        is_gift=line.is_gift,
        metadata=dict(line.metadata),
    )


def _stock_counters_add(added: Mapping[int, int]) -> None:
    """``quantity_allocated += n`` for every locked stock row in one ``UPDATE``."""
    if not added:
        return
    stock_changed()  # no signals from update/bulk_create
    Stock.objects.filter(pk__in=list(added)).update(
        quantity_allocated=F("quantity_allocated")
        + Case(
            *(When(pk=pk, then=Value(quantity)) for pk, quantity in added.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def _address(address: Address | None, *, adopt: bool) -> Address | None:
    if address is None:
        return None
    if adopt and address.user_id is None:
        return address
    return address.copy()


def order_place(*, data: OrderToPlace, actor: Actor) -> Order:
    """Write the order, its lines, allocations and ``PLACED`` event; add the allocations to the stock
    counters. Call inside the caller's transaction, with the allocated stock rows locked."""
    channel = data.channel
    status = (
        OrderStatus.UNFULFILLED if channel.automatically_confirm_all_new_orders else OrderStatus.UNCONFIRMED
    )
    undiscounted_total = _taxed_or(data.undiscounted_total, data.total)
    base_shipping = data.base_shipping_price or data.shipping_price.gross
    order = Order(
        id=data.order_id or uuid.uuid4(),
        number=order_number_next(),
        status=status,
        origin=OrderOrigin.CHECKOUT,
        channel=channel,
        user=data.user,
        user_email=data.user_email,
        language_code=data.language_code,
        checkout_token=data.checkout_token,
        customer_note=data.customer_note,
        redirect_url=data.redirect_url,
        billing_address=_address(data.billing_address, adopt=data.adopt_addresses),
        shipping_address=_address(data.shipping_address, adopt=data.adopt_addresses),
        is_shipping_required=data.is_shipping_required,
        shipping_method_id=data.shipping_method_id,
        shipping_method_name=data.shipping_method_name,
        shipping_min_delivery_days=data.shipping_min_delivery_days,
        shipping_max_delivery_days=data.shipping_max_delivery_days,
        weight_kg=data.weight_kg,
        currency=channel.currency_code,
        shipping_price_net_amount=data.shipping_price.net.amount,
        shipping_price_gross_amount=data.shipping_price.gross.amount,
        base_shipping_price_amount=base_shipping.amount,
        shipping_tax_rate=data.shipping_tax_rate,
        subtotal_net_amount=data.subtotal.net.amount,
        subtotal_gross_amount=data.subtotal.gross.amount,
        total_net_amount=data.total.net.amount,
        total_gross_amount=data.total.gross.amount,
        undiscounted_total_net_amount=undiscounted_total.net.amount,
        undiscounted_total_gross_amount=undiscounted_total.gross.amount,
        import_vat_collection=data.import_vat_collection,
        import_vat_amount=data.import_vat_amount,
        metadata=dict(data.metadata),
        private_metadata=dict(data.private_metadata),
    )
    order.save(force_insert=True)
    lines = OrderLine.objects.bulk_create(
        [_order_line(order, index, line) for index, line in enumerate(data.lines)]
    )
    allocations: list[Allocation] = []
    added: dict[int, int] = {}
    for order_line, line in zip(lines, data.lines, strict=True):
        for stock, quantity in line.allocations:
            if quantity <= 0:
                continue
            unit = (
                line.unit
                if line.unit is not None and line.unit.lot.warehouse_id == stock.warehouse_id
                else None
            )
            allocations.append(
                Allocation(order_line=order_line, stock=stock, quantity_allocated=quantity, unit=unit)
            )
            added[stock.pk] = added.get(stock.pk, 0) + quantity
            stock.quantity_allocated += quantity
    Allocation.objects.bulk_create(allocations)
    _stock_counters_add(added)
    placed = (
        OrderEventType.PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT if data.automatic else OrderEventType.PLACED
    )
    OrderEvent.objects.bulk_create([order_event_build(order=order, type=placed, actor=actor)])
    return order
