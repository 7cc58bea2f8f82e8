"""Saleor's ``Order``, ``OrderLine`` and ``OrderEvent`` types, plus Asal's customs and provenance fields.

Root values: ``storefront.orders.models.Order`` for orders, ``ChannelContext[OrderLine]`` for lines
(a line's variant prices itself in the order's channel), ``OrderEvent`` for events. Relations load
through ``graphql_schema.orders.loaders`` for every order on the page at once.

Who sees what, as in Saleor 3: an order's id is a bearer credential (``Query.order``), so whoever
holds it sees the order's own data (lines, totals, addresses, e-mail); the buyer's account
(``user``) only its owner and staff with ``MANAGE_USERS``/``MANAGE_ORDERS``; events and private
metadata staff with ``MANAGE_ORDERS``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.catalog.nodes import variant_node
from graphql_schema.catalog.types.common import (
    Image,
    ThumbnailFormatEnum,
    Weight,
    WeightUnitsEnum,
    image_url,
    weight_kg,
)
from graphql_schema.channels.types import Channel
from graphql_schema.checkout.delivery import DeliveryMethod
from graphql_schema.checkout.transactions import order_paid, order_transactions
from graphql_schema.core.address import Address
from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.languages import LanguageCodeEnum, language_enum_from_code
from graphql_schema.core.metadata import MetadataOwner, ObjectWithMetadata, register_metadata_owner, staff
from graphql_schema.core.money import Money, TaxedMoney
from graphql_schema.core.permissions import has_permission, permission_required
from graphql_schema.core.relay import Node, from_global_id, model_type_check, node_id, to_global_id
from graphql_schema.discounts.types import DiscountValueTypeEnum, GiftCard, Voucher
from graphql_schema.discounts.voucher_catalogue import voucher_in_channel
from graphql_schema.orders import loaders
from graphql_schema.orders.discount_loaders import ORDER_DISCOUNTS, ORDER_GIFT_CARDS, ORDER_VOUCHERS
from graphql_schema.orders.enums import (
    ImportVatCollectionEnum,
    OrderAuthorizeStatusEnum,
    OrderChargeStatusEnum,
    OrderEventsEmailsEnum,
    OrderEventsEnum,
    OrderOriginEnum,
    OrderStatusEnum,
    PaymentChargeStatusEnum,
)
from graphql_schema.orders.granted_refund_loaders import order_granted_refunds
from graphql_schema.provenance.loaders import register_certificates
from graphql_schema.provenance.types import OriginCertificate
from graphql_schema.seller_types import IncotermEnum
from graphql_schema.shipping.types import ShippingMethod, ShippingMethodRoot
from payments.amounts import ChargeStatus, authorize_status, charge_status
from provenance.certificates.credentials import item_url
from storefront.accounts.permissions import PermissionCode
from storefront.core import money as domain_money
from storefront.orders import choices, models
from storefront.orders.fulfilment import serials_suggest
from storefront.orders.seller import order_incoterm, seller_of_record_get
from storefront.shipping.quotes import ShippingQuote

if TYPE_CHECKING:
    from graphql_schema.accounts.types import User
    from graphql_schema.catalog.types.variant import ProductVariant, Warehouse
    from graphql_schema.orders.granted_refunds import OrderGrantedRefund
    from graphql_schema.payments.scalars import PositiveDecimal
    from graphql_schema.payments.types import TransactionItem

OrderRoot = strawberry.Parent[models.Order]
LineRoot = strawberry.Parent[ChannelContext[models.OrderLine]]
EventRoot = strawberry.Parent[models.OrderEvent]
DiscountRoot = strawberry.Parent[models.OrderDiscount]
# Saleor's PositiveDecimal is registered by the payments API (which imports this module): lazily.
PositiveDecimalType = Annotated["PositiveDecimal", strawberry.lazy("graphql_schema.payments.scalars")]

_STATUS_DISPLAY = dict(choices.OrderStatus.choices)
_PAYMENT_STATUS_DISPLAY = dict(choices.PaymentChargeStatus.choices)


def _money(amount: Any, currency: str) -> Money:
    return Money.from_domain(domain_money.Money(amount, currency))


def _is_order_staff(info: Info) -> bool:
    return bool(
        info.context.once("staff:manage_orders", lambda: has_permission(info, PermissionCode.MANAGE_ORDERS))
    )


def _is_owner(info: Info, order: models.Order) -> bool:
    user = info.context.user
    return (
        order.user_id is not None
        and info.context.app is None
        and getattr(user, "is_authenticated", False)
        and user.pk == order.user_id
    )


# --- payment placeholders until payments and discounts arrive (types a storefront selects) -------


@strawberry.enum(description="An enumeration.")
class OrderDiscountType(Enum):
    SALE = "SALE"
    VOUCHER = "VOUCHER"
    MANUAL = "MANUAL"
    PROMOTION = "PROMOTION"
    ORDER_PROMOTION = "ORDER_PROMOTION"


@strawberry.type(description="Contains all details related to the applied discount to the order.")
class OrderDiscount(Node):
    """Root value: the order's ``storefront.orders.models.OrderDiscount`` row (what the checkout
    priced when the order was placed)."""

    is_type_of = model_type_check(models.OrderDiscount)

    id: strawberry.ID = strawberry.field(
        resolver=lambda root: strawberry.ID(to_global_id("OrderDiscount", root.pk)),
        description="The ID of discount applied.",
    )

    @strawberry.field(description="The type of applied discount: Sale, Voucher or Manual.")
    def type(self, root: DiscountRoot) -> OrderDiscountType:
        return OrderDiscountType(root.type)

    @strawberry.field(description="The name of applied discount.")
    def name(self, root: DiscountRoot) -> str | None:
        return root.name or None

    @strawberry.field(description="Translated name of the applied discount.")
    def translated_name(self, root: DiscountRoot) -> str | None:
        return root.translated_name or None

    @strawberry.field(description="Type of the discount: fixed or percent")
    def value_type(self, root: DiscountRoot) -> DiscountValueTypeEnum:
        return DiscountValueTypeEnum(root.value_type)

    @strawberry.field(description="Value of the discount. Can store fixed value or percent value")
    def value(self, root: DiscountRoot) -> PositiveDecimalType:
        return cast("PositiveDecimal", root.value)

    @strawberry.field(
        description="Explanation for the applied discount.\n\n"
        "Requires one of the following permissions: MANAGE_ORDERS.",
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def reason(self, root: DiscountRoot) -> str | None:
        if root.voucher_code:
            return f"Voucher code: {root.voucher_code}"
        return None

    @strawberry.field(description="Returns amount of discount.", deprecation_reason="Use `total` instead.")
    def amount(self, root: DiscountRoot) -> Money:
        return _money(root.amount_value, root.currency)

    @strawberry.field(description="The amount of discount applied to the order.")
    def total(self, root: DiscountRoot) -> Money:
        return _money(root.amount_value, root.currency)


@strawberry.enum(description="An enumeration.")
class FulfillmentStatus(Enum):
    FULFILLED = "FULFILLED"
    REFUNDED = "REFUNDED"
    RETURNED = "RETURNED"
    REPLACED = "REPLACED"
    REFUNDED_AND_RETURNED = "REFUNDED_AND_RETURNED"
    CANCELED = "CANCELED"
    WAITING_FOR_APPROVAL = "WAITING_FOR_APPROVAL"


FulfillmentRoot = strawberry.Parent[models.Fulfillment]
FulfillmentLineRoot = strawberry.Parent[models.FulfillmentLine]
_FULFILLMENT_STATUS_DISPLAY = dict(choices.FulfillmentStatus.choices)


@strawberry.type(name="FulfillmentLine", description="Represents line of the fulfillment.")
class FulfillmentLine(Node):
    is_type_of = model_type_check(models.FulfillmentLine)

    id: strawberry.ID = node_id("FulfillmentLine")
    quantity: int = strawberry.field(description="The number of items included in the fulfillment line.")

    @strawberry.field(description="The order line to which the fulfillment line is related.")
    def order_line(self, root: FulfillmentLineRoot) -> OrderLine | None:
        line = root.order_line  # loaded with its order and channel (loaders.FULFILLMENT_LINES)
        return cast(OrderLine, ChannelContext(node=line, channel=line.order.channel))

    @strawberry.field(description="Asal: the serials of the certified pieces packed on this line.")
    def serials(self, root: FulfillmentLineRoot) -> list[str]:
        return sorted(unit.serial for unit in root.units.all())


@strawberry.type(name="Fulfillment", description="Represents order fulfillment.")
class Fulfillment(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Fulfillment)

    id: strawberry.ID = node_id("Fulfillment")
    fulfillment_order: int = strawberry.field(
        description="Sequence in which the fulfillments were created for an order."
    )
    tracking_number: str = strawberry.field(description="Fulfillment tracking number.")

    @strawberry.field(description="Status of fulfillment.")
    def status(self, root: FulfillmentRoot) -> FulfillmentStatus:
        return FulfillmentStatus(root.status)

    @strawberry.field(description="Date and time when fulfillment was created.")
    def created(self, root: FulfillmentRoot) -> datetime:
        return root.created_at

    @strawberry.field(description="List of lines for the fulfillment.")
    def lines(self, info: Info, root: FulfillmentRoot) -> list[FulfillmentLine] | None:
        return cast(list[FulfillmentLine], loaders.FULFILLMENT_LINES.load(info, root.pk))

    @strawberry.field(description="User-friendly fulfillment status.")
    def status_display(self, root: FulfillmentRoot) -> str | None:
        return str(_FULFILLMENT_STATUS_DISPLAY.get(root.status, root.status))

    @strawberry.field(
        description=(
            "Warehouse from fulfillment was fulfilled. Asal: staff with MANAGE_ORDERS see it; anyone "
            "else gets null (warehouses are the shop's own business)."
        )
    )
    def warehouse(
        self, info: Info, root: FulfillmentRoot
    ) -> Annotated[Warehouse, strawberry.lazy("graphql_schema.catalog.types.variant")] | None:
        if not _is_order_staff(info):
            return None
        for line in loaders.FULFILLMENT_LINES.load(info, root.pk):
            if line.stock is not None:
                return cast("Warehouse", line.stock.warehouse)
        return None


# --- Asal's provenance on order lines --------------------------------------------------------------


@strawberry.type(description="A maker of a piece as the order recorded them (named only with their consent).")
class OrderLineMaker:
    public_id: str = strawberry.field(description="The maker's stable pseudonymous identifier.")
    name: str | None = strawberry.field(description="The maker's name, when they consented to be named.")
    role: str | None = strawberry.field(description="What they did (weaving, dyeing…), when recorded.")


@strawberry.type(description="The village a piece comes from, as recorded when it was sold.")
class OrderLineOrigin:
    name: str = strawberry.field(description="Display name, e.g. 'Loyok, East Lombok'.")
    village: str = strawberry.field(description="Village.")
    regency: str = strawberry.field(description="Regency (kabupaten).")
    province: str = strawberry.field(description="Province.")
    country: CountryDisplay = strawberry.field(description="Country.")


# --- the order line ----------------------------------------------------------------------------


@strawberry.type(name="OrderLine", description="Represents order line of particular order.")
class OrderLine(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.OrderLine)

    id: strawberry.ID = node_id("OrderLine")
    product_name: str = strawberry.field(description="Name of the product in order line.")
    variant_name: str = strawberry.field(description="Name of the variant of product in order line.")
    product_sku: str | None = strawberry.field(description="SKU of the product variant.")
    is_shipping_required: bool = strawberry.field(
        description="Whether the product variant requires shipping."
    )
    quantity: int = strawberry.field(description="Number of variant items ordered.")
    quantity_fulfilled: int = strawberry.field(description="Number of variant items fulfilled.")
    translated_product_name: str = strawberry.field(description="Product name in the customer's language")
    translated_variant_name: str = strawberry.field(description="Variant name in the customer's language")

    @strawberry.field(description="The ID of the product variant in order line.")
    def product_variant_id(self, root: LineRoot) -> str | None:
        line = root.node
        return to_global_id("ProductVariant", line.product_variant_id) if line.product_variant_id else None

    @strawberry.field(description="Rate of tax applied on product variant.")
    def tax_rate(self, root: LineRoot) -> float:
        return float(root.node.tax_rate)

    @strawberry.field(description="A quantity of items remaining to be fulfilled.")
    def quantity_to_fulfill(self, root: LineRoot) -> int:
        return root.node.quantity - root.node.quantity_fulfilled

    @strawberry.field(description="Price of the single item in the order line with all discounts applied.")
    def unit_price(self, root: LineRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.node.unit_price)

    @strawberry.field(description="Price of the single item in the order line without any discount applied.")
    def undiscounted_unit_price(self, root: LineRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.node.undiscounted_unit_price)

    @strawberry.field(description="Sum of the line-level discounts applied to the order line.")
    def unit_discount(self, root: LineRoot) -> Money:
        line = root.node
        return _money(line.undiscounted_unit_price_gross_amount - line.unit_price_gross_amount, line.currency)

    @strawberry.field(
        description="Value of the discount. Can store fixed value or percent value. As in Saleor, an "
        "order placed through `checkoutComplete` always stores a fixed value (the unit discount)."
    )
    def unit_discount_value(self, root: LineRoot) -> PositiveDecimalType:
        line = root.node
        off = max(line.undiscounted_unit_price_gross_amount - line.unit_price_gross_amount, Decimal(0))
        return cast("PositiveDecimal", off)

    @strawberry.field(
        description="Type of the discount: `fixed` or `percent` (`FIXED` when the line was discounted, "
        "else null)."
    )
    def unit_discount_type(self, root: LineRoot) -> DiscountValueTypeEnum | None:
        line = root.node
        if line.undiscounted_unit_price_gross_amount > line.unit_price_gross_amount:
            return DiscountValueTypeEnum.FIXED
        return None

    @strawberry.field(
        description="Reason for line-level discounts applied on the order line: `Promotion: <name>` when "
        "a catalogue promotion priced it. Order-level discounts (the order's voucher or order "
        "promotion) are in `order.discounts`."
    )
    def unit_discount_reason(self, root: LineRoot) -> str | None:
        return root.node.unit_discount_reason or None

    @strawberry.field(description="Price of the order line.")
    def total_price(self, root: LineRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.node.total_price)

    @strawberry.field(description="Price of the order line without discounts.")
    def undiscounted_total_price(self, root: LineRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.node.undiscounted_total_price)

    @strawberry.field(description="Determine if the line is a gift.")
    def is_gift(self, root: LineRoot) -> bool | None:
        return root.node.is_gift

    @strawberry.field(
        description=(
            "A purchased product variant. Note: this field may be null if the variant has been removed."
        )
    )
    def variant(
        self, info: Info, root: LineRoot
    ) -> Annotated[ProductVariant, strawberry.lazy("graphql_schema.catalog.types.variant")] | None:
        line = root.node
        if line.variant_id is None:
            return None
        variant = loaders.VARIANTS.load(info, line.variant_id)
        if variant is None:
            return None
        return cast("ProductVariant", variant_node(info, variant, root.channel))

    @strawberry.field(description="The main thumbnail for the ordered product.")
    def thumbnail(
        self,
        info: Info,
        root: LineRoot,
        size: Annotated[
            int | None,
            strawberry.argument(
                description=(
                    "Desired longest side the image in pixels. Defaults to 4096. Images are never cropped."
                )
            ),
        ] = None,
        format: Annotated[
            ThumbnailFormatEnum | None,
            strawberry.argument(
                description="The format of the image. When not provided, format of the original "
                "image will be used."
            ),
        ] = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        line = root.node
        if line.variant_id is None:
            return None
        media = loaders.THUMBNAILS.load(info, line.variant_id)
        if media is None:
            return None
        return Image(
            url=image_url(info, original_name=str(media.image.name), size=size, format=format), alt=media.alt
        )

    # Asal: customs and provenance, as sold.
    @strawberry.field(description="Asal: the Harmonized System code declared for customs.")
    def hs_code(self, root: LineRoot) -> str | None:
        return root.node.hs_code or None

    @strawberry.field(description="Asal: the country the piece was made in.")
    def country_of_origin(self, root: LineRoot) -> CountryDisplay | None:
        code = root.node.country_of_origin
        return CountryDisplay.from_code(code) if code else None

    @strawberry.field(description="Asal: the village the piece comes from, as recorded when it was sold.")
    def origin(self, root: LineRoot) -> OrderLineOrigin | None:
        origin = root.node.origin or {}
        if not origin.get("name"):
            return None
        return OrderLineOrigin(
            name=origin["name"],
            village=origin.get("village", ""),
            regency=origin.get("regency", ""),
            province=origin.get("province", ""),
            country=CountryDisplay.from_code(origin.get("country") or "ID"),
        )

    @strawberry.field(description="Asal: the makers of the piece (named only with their consent).")
    def makers(self, root: LineRoot) -> list[OrderLineMaker]:
        return [
            OrderLineMaker(
                public_id=maker.get("id", ""), name=maker.get("name") or None, role=maker.get("role")
            )
            for maker in root.node.makers or []
        ]

    @strawberry.field(description="Asal: the serial of the certified piece sold on this line.")
    def serial(self, root: LineRoot) -> str | None:
        return root.node.serial or None

    @strawberry.field(description="Asal: the public page of the certified piece (/p/<serial>).")
    def certificate_url(self, root: LineRoot) -> str | None:
        return item_url(root.node.serial) if root.node.serial else None

    @strawberry.field(description="Asal: the origin certificate of the certified piece sold on this line.")
    def certificate(self, info: Info, root: LineRoot) -> OriginCertificate | None:
        line = root.node
        if line.certificate_id is None:
            return None
        certificate = loaders.CERTIFICATES.load(info, line.certificate_id)
        if certificate is None:
            return None
        register_certificates(info, [certificate])
        return OriginCertificate(_certificate=certificate)

    @strawberry.field(
        description=(
            "Asal: the serials to pack for `quantity` pieces of this line from `warehouse`: the line's own "
            "piece for a one-of-a-kind line, else first expiry (food) or first received. Empty for "
            "uncertified stock. Staff with MANAGE_ORDERS only; null for anyone else."
        )
    )
    def suggested_serials(
        self,
        info: Info,
        root: LineRoot,
        warehouse: Annotated[strawberry.ID, strawberry.argument(description="ID of the warehouse.")],
        quantity: Annotated[int, strawberry.argument(description="How many pieces to pack (1 to 1000).")],
    ) -> list[str] | None:
        if not _is_order_staff(info):
            return None
        try:
            type_name, pk = from_global_id(warehouse)
        except GraphQLError:
            return []
        if type_name != "Warehouse" or not pk.isdigit() or not 0 < quantity <= 1000:
            return []
        return serials_suggest(order_line=root.node, warehouse_id=int(pk), quantity=quantity)


# --- events ------------------------------------------------------------------------------------


@strawberry.type(name="OrderEvent", description="History log of the order.")
class OrderEvent(Node):
    is_type_of = model_type_check(models.OrderEvent)

    id: strawberry.ID = node_id("OrderEvent")
    date: datetime | None = strawberry.field(description="Date when event happened at in ISO 8601 format.")

    @strawberry.field(description="Order event type.")
    def type(self, root: EventRoot) -> OrderEventsEnum | None:
        return OrderEventsEnum(root.type)

    @strawberry.field(description="User who performed the action.")
    def user(
        self, info: Info, root: EventRoot
    ) -> Annotated[User, strawberry.lazy("graphql_schema.accounts.types")] | None:
        return cast(
            "User | None", loaders.USERS.load(info, root.user_id) if root.user_id is not None else None
        )

    @strawberry.field(description="Content of the event.")
    def message(self, root: EventRoot) -> str | None:
        return root.parameters.get("message")

    @strawberry.field(description="Email of the customer.")
    def email(self, root: EventRoot) -> str | None:
        return root.parameters.get("email")

    @strawberry.field(description="Type of an email sent to the customer.")
    def email_type(self, root: EventRoot) -> OrderEventsEmailsEnum | None:
        value = root.parameters.get("email_type")
        return OrderEventsEmailsEnum(value) if value else None

    @strawberry.field(description="Number of items.")
    def quantity(self, root: EventRoot) -> int | None:
        return root.parameters.get("quantity")

    @strawberry.field(description="User-friendly number of an order.")
    def order_number(self, root: EventRoot) -> str | None:
        return str(root.parameters["order_number"]) if "order_number" in root.parameters else None


# --- the order ---------------------------------------------------------------------------------


@strawberry.type(name="Order", description="Represents an order in the shop.")
class Order(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Order)

    id: strawberry.ID = node_id("Order")
    shipping_method_name: str | None = strawberry.field(description="Method used for shipping.")
    customer_note: str = strawberry.field(
        description="Additional information provided by the customer about the order."
    )
    is_shipping_required: bool = strawberry.field(description="Returns True, if order requires shipping.")

    @strawberry.field(description="User-friendly number of an order.")
    def number(self, root: OrderRoot) -> str:
        return str(root.number)

    @strawberry.field(deprecation_reason="Use `id` instead.")
    def token(self, root: OrderRoot) -> str:
        return str(root.pk)

    @strawberry.field(description="Date and time when the order was created.")
    def created(self, root: OrderRoot) -> datetime:
        return root.created_at

    @strawberry.field(description="Date and time when the order was created.")
    def updated_at(self, root: OrderRoot) -> datetime:
        return root.updated_at

    @strawberry.field(description="Status of the order.")
    def status(self, root: OrderRoot) -> OrderStatusEnum:
        return OrderStatusEnum(root.status)

    @strawberry.field(description="User-friendly order status.")
    def status_display(self, root: OrderRoot) -> str:
        return str(_STATUS_DISPLAY.get(root.status, root.status))

    @strawberry.field(description="The order origin.")
    def origin(self, root: OrderRoot) -> OrderOriginEnum:
        return OrderOriginEnum(root.origin)

    @strawberry.field(description="The ID of the order that was the base for this order.")
    def original(self) -> strawberry.ID | None:
        return None

    @strawberry.field(description="Informs if an order is fully paid.")
    def is_paid(self, info: Info, root: OrderRoot) -> bool:
        return _charge_status(info, root) in (ChargeStatus.FULL, ChargeStatus.OVERCHARGED)

    @strawberry.field(description="Internal payment status.")
    def payment_status(self, info: Info, root: OrderRoot) -> PaymentChargeStatusEnum:
        return PaymentChargeStatusEnum(_payment_status(_charge_status(info, root)))

    @strawberry.field(description="User-friendly payment status.")
    def payment_status_display(self, info: Info, root: OrderRoot) -> str:
        return str(_PAYMENT_STATUS_DISPLAY[_payment_status(_charge_status(info, root))])

    @strawberry.field(description="The authorize status of the order.")
    def authorize_status(self, info: Info, root: OrderRoot) -> OrderAuthorizeStatusEnum:
        return OrderAuthorizeStatusEnum(
            authorize_status(order_paid(info, root.pk), root.total_gross_amount).value
        )

    @strawberry.field(description="The charge status of the order.")
    def charge_status(self, info: Info, root: OrderRoot) -> OrderChargeStatusEnum:
        return OrderChargeStatusEnum(_charge_status(info, root).value)

    @strawberry.field(description="Returns True if order has to be exempt from taxes.")
    def tax_exemption(self) -> bool:
        return False

    @strawberry.field(
        description=(
            "List of transactions for the order. Requires one of the following permissions: "
            "MANAGE_ORDERS, HANDLE_PAYMENTS."
        ),
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS, PermissionCode.HANDLE_PAYMENTS)],
    )
    def transactions(
        self, info: Info, root: OrderRoot
    ) -> list[Annotated[TransactionItem, strawberry.lazy("graphql_schema.payments.types")]]:
        return cast("list[TransactionItem]", list(order_transactions(info, root.pk)))

    @strawberry.field(description="Google Analytics tracking client ID.")
    def tracking_client_id(self) -> str:
        return ""

    channel: Channel = strawberry.field(description="Channel through which the order was placed.")

    @strawberry.field(
        description=(
            "User who placed the order. This field is set only for orders placed by authenticated users. "
            "Requires one of the following permissions: MANAGE_USERS, MANAGE_ORDERS, OWNER."
        )
    )
    def user(
        self, info: Info, root: OrderRoot
    ) -> Annotated[User, strawberry.lazy("graphql_schema.accounts.types")] | None:
        if root.user_id is None:
            return None
        if not (
            _is_owner(info, root)
            or has_permission(info, PermissionCode.MANAGE_USERS, PermissionCode.MANAGE_ORDERS)
        ):
            return None
        return cast("User | None", loaders.USERS.load(info, root.user_id))

    @strawberry.field(description="Email address of the customer.")
    def user_email(self, root: OrderRoot) -> str | None:
        return root.user_email or None

    @strawberry.field(description="Billing address.")
    def billing_address(self, info: Info, root: OrderRoot) -> Address | None:
        if root.billing_address_id is None:
            return None
        return cast(Address | None, loaders.ADDRESSES.load(info, root.billing_address_id))

    @strawberry.field(description="Shipping address.")
    def shipping_address(self, info: Info, root: OrderRoot) -> Address | None:
        if root.shipping_address_id is None:
            return None
        return cast(Address | None, loaders.ADDRESSES.load(info, root.shipping_address_id))

    @strawberry.field(description="List of order lines.")
    def lines(self, info: Info, root: OrderRoot) -> list[OrderLine]:
        lines = loaders.LINES.load(info, root.pk)
        return cast(list[OrderLine], [ChannelContext(node=line, channel=root.channel) for line in lines])

    @strawberry.field(description="List of shipments for the order.")
    def fulfillments(self, info: Info, root: OrderRoot) -> list[Fulfillment]:
        return cast(list[Fulfillment], loaders.FULFILLMENTS.load(info, root.pk))

    @strawberry.field(description="Total amount of the order.")
    def total(self, root: OrderRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.total)

    @strawberry.field(description="Undiscounted total amount of the order.")
    def undiscounted_total(self, root: OrderRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.undiscounted_total)

    @strawberry.field(description="The sum of line prices not including shipping.")
    def subtotal(self, root: OrderRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.subtotal)

    @strawberry.field(description="Total price of shipping.")
    def shipping_price(self, root: OrderRoot) -> TaxedMoney:
        return TaxedMoney.from_domain(root.shipping_price)

    @strawberry.field(description="Undiscounted total price of shipping.")
    def undiscounted_shipping_price(self, root: OrderRoot) -> Money:
        return _money(root.base_shipping_price_amount, root.currency)

    @strawberry.field(description="The shipping tax rate value.")
    def shipping_tax_rate(self, root: OrderRoot) -> float:
        return float(root.shipping_tax_rate)

    @strawberry.field(description="Amount authorized for the order.")
    def total_authorized(self, info: Info, root: OrderRoot) -> Money:
        return _money(order_paid(info, root.pk).authorized, root.currency)

    @strawberry.field(description="Amount charged for the order.")
    def total_charged(self, info: Info, root: OrderRoot) -> Money:
        return _money(order_paid(info, root.pk).charged, root.currency)

    @strawberry.field(
        description="Amount captured for the order.", deprecation_reason="Use `totalCharged` instead."
    )
    def total_captured(self, info: Info, root: OrderRoot) -> Money:
        return _money(order_paid(info, root.pk).charged, root.currency)

    @strawberry.field(description="Amount canceled for the order.")
    def total_canceled(self, info: Info, root: OrderRoot) -> Money:
        rows = order_transactions(info, root.pk)
        return _money(sum((row.canceled_amount for row in rows), Decimal(0)), root.currency)

    @strawberry.field(description="Total refund amount for the order.")
    def total_refunded(self, info: Info, root: OrderRoot) -> Money:
        rows = order_transactions(info, root.pk)
        return _money(sum((row.refunded_amount for row in rows), Decimal(0)), root.currency)

    @strawberry.field(description="The difference between the paid and the order total amount.")
    def total_balance(self, info: Info, root: OrderRoot) -> Money:
        return _money(order_paid(info, root.pk).charged - root.total_gross_amount, root.currency)

    @strawberry.field(description="Weight of the order.")
    def weight(self, root: OrderRoot) -> Weight:
        return weight_kg(root.weight_kg) or Weight(unit=WeightUnitsEnum.KG, value=0.0)

    @strawberry.field(description="URL to which user should be redirected after order is placed.")
    def redirect_url(self, root: OrderRoot) -> str | None:
        return root.redirect_url or None

    @strawberry.field(description="Voucher linked to the order.")
    def voucher(self, info: Info, root: OrderRoot) -> Voucher | None:
        if root.voucher_id is None:
            return None
        voucher = ORDER_VOUCHERS.load(info, root.voucher_id)
        if voucher is None:
            return None
        # Seen in the order's channel: discountValue, minSpent, currency and its catalogue.
        return cast(Voucher, voucher_in_channel(info, voucher, root.channel))

    @strawberry.field(description="Voucher code that was used for Order.")
    def voucher_code(self, root: OrderRoot) -> str | None:
        return root.voucher_code or None

    @strawberry.field(
        description="List of user gift cards: the gift cards that paid part of the order.\n\n"
        "Visible to the buyer who placed it (signed in) and to staff or apps holding MANAGE_ORDERS; "
        "empty for anyone else (a guest order's cards: staff only)."
    )
    def gift_cards(self, info: Info, root: OrderRoot) -> list[GiftCard]:
        if not (_is_owner(info, root) or _is_order_staff(info)):
            return []
        return cast(list[GiftCard], ORDER_GIFT_CARDS.load(info, root.pk))

    @strawberry.field(description="List of all discounts assigned to the order.")
    def discounts(self, info: Info, root: OrderRoot) -> list[OrderDiscount]:
        return cast(list[OrderDiscount], ORDER_DISCOUNTS.load(info, root.pk))

    @strawberry.field(
        description="Returns applied discount.", deprecation_reason="Use the `discounts` field instead."
    )
    def discount(self, info: Info, root: OrderRoot) -> Money | None:
        rows = ORDER_DISCOUNTS.load(info, root.pk)
        if not rows:
            return None
        return _money(sum((row.amount_value for row in rows), Decimal(0)), root.currency)

    @strawberry.field(description="Discount name.", deprecation_reason="Use the `discounts` field instead.")
    def discount_name(self, info: Info, root: OrderRoot) -> str | None:
        rows = ORDER_DISCOUNTS.load(info, root.pk)
        return rows[0].name or None if rows else None

    @strawberry.field(
        description="Translated discount name.", deprecation_reason="Use the `discounts` field instead."
    )
    def translated_discount_name(self, info: Info, root: OrderRoot) -> str | None:
        rows = ORDER_DISCOUNTS.load(info, root.pk)
        return (rows[0].translated_name or rows[0].name or None) if rows else None

    @strawberry.field(description="Determines whether displayed prices should include taxes.")
    def display_gross_prices(self) -> bool:
        return True

    @strawberry.field(
        description="Informs whether a draft order can be finalized(turned into a regular order)."
    )
    def can_finalize(self, root: OrderRoot) -> bool:
        return root.status == choices.OrderStatus.DRAFT

    @strawberry.field(description="ID of the checkout that the order was created from.")
    def checkout_id(self, root: OrderRoot) -> strawberry.ID | None:
        return strawberry.ID(to_global_id("Checkout", root.checkout_token)) if root.checkout_token else None

    @strawberry.field(description="External ID of this order.")
    def external_reference(self) -> str | None:
        return None

    @strawberry.field(
        description="Order language code.",
        deprecation_reason="Use the `languageCodeEnum` field to fetch the language code.",
    )
    def language_code(self, root: OrderRoot) -> str:
        return root.language_code

    @strawberry.field(description="Order language code.")
    def language_code_enum(self, root: OrderRoot) -> LanguageCodeEnum:
        return language_enum_from_code(root.language_code) or language_enum_from_code("en")

    @strawberry.field(
        description="List of events associated with the order.\n\n"
        "Requires one of the following permissions: MANAGE_ORDERS.",
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def events(self, info: Info, root: OrderRoot) -> list[OrderEvent]:
        return cast(list[OrderEvent], loaders.EVENTS.load(info, root.pk))

    @strawberry.field(
        description="List of granted refunds.\n\nRequires one of the following permissions: MANAGE_ORDERS.",
        extensions=[permission_required(PermissionCode.MANAGE_ORDERS)],
    )
    def granted_refunds(
        self, info: Info, root: OrderRoot
    ) -> list[Annotated[OrderGrantedRefund, strawberry.lazy("graphql_schema.orders.granted_refunds")]]:
        return cast("list[OrderGrantedRefund]", order_granted_refunds(info, root))

    @strawberry.field(description="The delivery method selected for this order.")
    def delivery_method(self, info: Info, root: OrderRoot) -> DeliveryMethod | None:
        shipping = _shipping_method(info, root)
        return cast(DeliveryMethod, shipping) if shipping is not None else None

    @strawberry.field(
        description="Shipping method for this order.", deprecation_reason="Use `deliveryMethod` instead."
    )
    def shipping_method(self, info: Info, root: OrderRoot) -> ShippingMethod | None:
        return _shipping_method(info, root)

    @strawberry.field(
        graphql_type=IncotermEnum,
        description=(
            "Asal: the Incoterms 2020 rule the order ships under: its own when set, else the seller of "
            "record's default."
        ),
    )
    def incoterm(self, info: Info, root: OrderRoot) -> Any:
        seller = info.context.once("orders:seller-of-record", seller_of_record_get)
        return IncotermEnum(order_incoterm(order=root, seller=seller))

    # Asal: who collects the destination's VAT, decided at checkout and kept with the order.
    @strawberry.field(description="Asal: who collects the destination's import VAT on this order.")
    def import_vat_collection(self, root: OrderRoot) -> ImportVatCollectionEnum:
        return ImportVatCollectionEnum(root.import_vat_collection)

    @strawberry.field(
        description="Asal: the import VAT, when it was collected at checkout or estimated for import."
    )
    def import_vat(self, root: OrderRoot) -> Money | None:
        if root.import_vat_amount is None:
            return None
        return _money(root.import_vat_amount, root.currency)


def _shipping_method(info: Info, order: models.Order) -> ShippingMethod | None:
    """The order's shipping method as it was chosen: its price and delivery days as copied then."""
    if not order.shipping_method_id.isdigit():
        return None
    method = loaders.SHIPPING_METHODS.load(info, int(order.shipping_method_id))
    if method is None:
        return None
    quote = ShippingQuote(
        method=method,
        price=domain_money.Money(order.base_shipping_price_amount, order.currency),
        minimum_delivery_days=order.shipping_min_delivery_days,
        maximum_delivery_days=order.shipping_max_delivery_days,
    )
    return cast(ShippingMethod, ShippingMethodRoot(quote))


def _charge_status(info: Info, order: models.Order) -> ChargeStatus:
    """The order's charge status from its transactions (one statement for every order on the page).

    The order's ``charge_status`` column (kept by the payment handler, for filtering) says the same
    once completion gave the checkout's transactions to the order; reading the transactions shows
    what was paid even before that, or for a payment recorded on the checkout just after it.
    """
    return charge_status(order_paid(info, order.pk), order.total_gross_amount)


def _payment_status(status: ChargeStatus) -> str:
    """Saleor's legacy payment status, derived from the charge status."""
    if status in (ChargeStatus.FULL, ChargeStatus.OVERCHARGED):
        return choices.PaymentChargeStatus.FULLY_CHARGED
    if status == ChargeStatus.PARTIAL:
        return choices.PaymentChargeStatus.PARTIALLY_CHARGED
    return choices.PaymentChargeStatus.NOT_CHARGED


# --- metadata (graphql_schema/core/metadata.py) -----------------------------------------------------
# An order's id is a bearer credential, but its metadata is the shop's: public and private both
# need MANAGE_ORDERS to write (private also to read). A bare order token names the order too.
register_metadata_owner(
    MetadataOwner(
        type_name="Order",
        model=models.Order,
        by_token=True,
        public_write=staff(PermissionCode.MANAGE_ORDERS),
        private=staff(PermissionCode.MANAGE_ORDERS),
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="OrderLine",
        model=models.OrderLine,
        public_write=staff(PermissionCode.MANAGE_ORDERS),
        private=staff(PermissionCode.MANAGE_ORDERS),
        root_of=lambda _info, line: ChannelContext(node=line, channel=line.order.channel),
    )
)
