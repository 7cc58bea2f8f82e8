"""Saleor's ``Checkout`` and ``CheckoutLine`` types, their problems and errors, and Asal's import VAT.

Roots are ``CheckoutRoot``/``CheckoutLineRoot`` (``graphql_schema.checkout.roots``): lines and
prices of every checkout in the response are loaded and priced together, and so are their payment
transactions (``graphql_schema.checkout.transactions``), which give ``authorizeStatus``,
``chargeStatus`` and ``totalBalance``. The voucher's discount and the gift cards come with the
prices (``storefront.checkout.pricing``). Collection points do not exist yet: their fields answer
Saleor's empty values.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from django.utils import timezone
from strawberry.types import Info

from graphql_schema.catalog.types.variant import ProductVariant, Warehouse
from graphql_schema.channels.types import Channel
from graphql_schema.checkout import roots
from graphql_schema.checkout.delivery import (
    CheckoutProblemDeliveryMethodInvalid,
    CheckoutProblemDeliveryMethodStale,
    Delivery,
    DeliveryMethod,
    delivery_of,
)
from graphql_schema.checkout.lookup import may_see
from graphql_schema.checkout.roots import CheckoutLineRoot
from graphql_schema.checkout.transactions import checkout_paid, checkout_transactions
from graphql_schema.core.address import Address, AddressTypeEnum
from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.languages import LanguageCodeEnum, language_enum_from_code
from graphql_schema.core.metadata import MetadataOwner, ObjectWithMetadata, register_metadata_owner, staff
from graphql_schema.core.money import Money, TaxedMoney
from graphql_schema.core.permissions import has_permission, permission_required
from graphql_schema.core.relay import Node, model_type_check, node_id
from graphql_schema.discounts.types import GiftCard, gift_cards_register
from graphql_schema.shipping.types import ShippingMethod, shipping_method_roots
from payments import services as payment_services
from payments.amounts import authorize_status, charge_status
from payments.contract import FlowStrategy
from payments.contract import PaymentGateway as GatewayContract
from payments.error_codes import PaymentError
from storefront.accounts.permissions import PermissionCode
from storefront.checkout.error_codes import CheckoutErrorCode
from storefront.checkout.models import Checkout as CheckoutModel
from storefront.checkout.models import CheckoutLine as CheckoutLineModel

if TYPE_CHECKING:  # mypy sees plain strings; the schema sees Saleor's enums
    from graphql_schema.accounts.types import User
    from graphql_schema.payments.types import TransactionItem

    CheckoutErrorCodeEnum = str
else:
    CheckoutErrorCodeEnum = graphql_enum(CheckoutErrorCode, name="CheckoutErrorCode")
UserType = Annotated["User", strawberry.lazy("graphql_schema.accounts.types")]
TransactionItemType = Annotated["TransactionItem", strawberry.lazy("graphql_schema.payments.types")]


@strawberry.type(description="Represents errors in checkout mutations.")
class CheckoutError:
    field: str | None = strawberry.field(
        default=None,
        description=(
            "Name of a field that caused the error. A value of `null` indicates that the error isn't "
            "associated with a particular field."
        ),
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: CheckoutErrorCodeEnum = strawberry.field(description="The error code.")
    variants: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of varint IDs which causes the error."
    )
    lines: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of line Ids which cause the error."
    )
    address_type: AddressTypeEnum | None = strawberry.field(
        default=None, description="A type of address that causes the error."
    )


@strawberry.enum(
    name="CheckoutAuthorizeStatusEnum", description="Determine a current authorize status for checkout."
)
class CheckoutAuthorizeStatusEnum(Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


@strawberry.enum(
    name="CheckoutChargeStatusEnum", description="Determine the current charge status for the checkout."
)
class CheckoutChargeStatusEnum(Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


@strawberry.enum(name="TaxCollectedAtEnum", description="Where a destination's VAT is paid (Asal).")
class TaxCollectedAtEnum(Enum):
    CHECKOUT = "CHECKOUT"
    IMPORT = "IMPORT"


@strawberry.type(description="Stores information about a single configuration field.")
class GatewayConfigLine:
    field: str = strawberry.field(description="Gateway config key.")
    value: str | None = strawberry.field(default=None, description="Gateway config value for key.")


@strawberry.type(
    description="Available payment gateway backend with configuration necessary to setup client."
)
class PaymentGateway:
    name: str = strawberry.field(description="Payment gateway name.")
    id: strawberry.ID = strawberry.field(description="Payment gateway ID.")
    config: list[GatewayConfigLine] = strawberry.field(description="Payment gateway client configuration.")
    currencies: list[str] = strawberry.field(description="Payment gateway supported currencies.")

    @classmethod
    def of(cls, gateway: GatewayContract, currency: str) -> PaymentGateway:
        """A gateway as a checkout in ``currency`` shows it (one taking any currency lists that one)."""
        config = gateway.config(currency)
        return cls(
            name=gateway.name,
            id=strawberry.ID(gateway.id),
            config=[
                GatewayConfigLine(field=key, value=value if isinstance(value, str) else json.dumps(value))
                for key, value in config.items()
            ],
            currencies=sorted(gateway.currencies) if gateway.currencies is not None else [currency],
        )


def _payment_owner(info: Info, checkout: CheckoutModel) -> payment_services.PaymentOwner:
    """The checkout as payments sees it, from the prices this response already computed."""
    channel = checkout.channel
    return payment_services.PaymentOwner(
        checkout_token=checkout.pk,
        order_id=None,
        total=roots.priced(info, roots.state(info, checkout)).total.gross,
        email=checkout.email or None,
        gateway_ids=tuple(channel.payment_gateways) if channel.payment_gateways else None,
        action=FlowStrategy(channel.default_transaction_flow_strategy),
    )


@strawberry.type(description="Where the destination's VAT on this checkout is paid, and how much (Asal).")
class CheckoutImportVat:
    collected_at: TaxCollectedAtEnum = strawberry.field(
        description="CHECKOUT: included in the total; IMPORT: the buyer pays it to customs on delivery."
    )
    scheme: str | None = strawberry.field(
        description="The import-VAT scheme that applies (IOSS, UK, AU_LVG...), if any."
    )
    amount: Money = strawberry.field(
        description="The VAT collected at checkout, or the estimate due at import."
    )


@strawberry.type(description="The variant assigned to the checkout line is not available.")
class CheckoutLineProblemVariantNotAvailable:
    line: CheckoutLine = strawberry.field(description="Checkout line that has variant that is not available.")


@strawberry.type(description="Indicates insufficient stock for a given checkout line.")
class CheckoutLineProblemInsufficientStock:
    available_quantity: int | None = strawberry.field(description="Available quantity of a variant.")
    line: CheckoutLine = strawberry.field(description="The line that has variant with insufficient stock.")
    variant: ProductVariant = strawberry.field(description="The variant with insufficient stock.")


CheckoutLineProblem = Annotated[
    CheckoutLineProblemInsufficientStock | CheckoutLineProblemVariantNotAvailable,
    strawberry.union("CheckoutLineProblem", description="Represents an problem in the checkout line."),
]
CheckoutProblem = Annotated[
    CheckoutProblemDeliveryMethodStale
    | CheckoutProblemDeliveryMethodInvalid
    | CheckoutLineProblemInsufficientStock
    | CheckoutLineProblemVariantNotAvailable,
    strawberry.union("CheckoutProblem", description="Represents an problem in the checkout."),
]


def _line_problems(
    info: Info, root: CheckoutLineRoot
) -> list[CheckoutLineProblemInsufficientStock | CheckoutLineProblemVariantNotAvailable]:
    line = root.line_info
    if not line.availability.is_purchasable(timezone.now()):
        return [CheckoutLineProblemVariantNotAvailable(line=cast(CheckoutLine, line.line))]
    if not line.variant.track_inventory:
        return []
    available = roots.free_quantities(info, root.parent).get(line.variant.pk, 0)
    if line.line.quantity > available:
        return [
            CheckoutLineProblemInsufficientStock(
                available_quantity=available,
                line=cast(CheckoutLine, line.line),
                variant=cast(ProductVariant, root.variant),
            )
        ]
    return []


@strawberry.type(description="Represents an item in the checkout.")
class CheckoutLine(Node, ObjectWithMetadata):
    is_type_of = model_type_check(CheckoutLineModel)
    id: strawberry.ID = node_id("CheckoutLine")

    @strawberry.field(description="The product variant from which the checkout line was created.")
    def variant(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> ProductVariant:
        return cast(ProductVariant, roots.line_state(info, root).variant)

    @strawberry.field(description="The quantity of product variant assigned to the checkout line.")
    def quantity(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> int:
        return root.quantity

    @strawberry.field(description="The unit price of the checkout line, with taxes and discounts.")
    def unit_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> TaxedMoney:
        return TaxedMoney.from_domain(roots.line_state(info, root).priced.unit_price)

    @strawberry.field(description="The unit price of the checkout line, without any discounts.")
    def undiscounted_unit_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> Money:
        return Money.from_domain(roots.line_state(info, root).priced.undiscounted_unit_price)

    @strawberry.field(description="The unit price of the checkout line before its prior price reduction.")
    def prior_unit_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> Money | None:
        value = roots.line_state(info, root).priced.prior_unit_price
        return Money.from_domain(value) if value is not None else None

    @strawberry.field(description="The sum of the checkout line price, taxes and discounts.")
    def total_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> TaxedMoney:
        return TaxedMoney.from_domain(roots.line_state(info, root).priced.total_price)

    @strawberry.field(description="The sum of the checkout line price, without any discounts.")
    def undiscounted_total_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> Money:
        return Money.from_domain(roots.line_state(info, root).priced.undiscounted_total_price)

    @strawberry.field(description="The sum of the checkout line prior prices.")
    def prior_total_price(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> Money | None:
        value = roots.line_state(info, root).priced.prior_total_price
        return Money.from_domain(value) if value is not None else None

    @strawberry.field(description="Indicates whether the item need to be delivered.")
    def requires_shipping(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> bool:
        return roots.line_state(info, root).line_info.requires_shipping

    @strawberry.field(description="List of problems with the checkout line.")
    def problems(
        self, info: Info, root: strawberry.Parent[CheckoutLineModel]
    ) -> list[CheckoutLineProblem] | None:
        return cast(list[CheckoutLineProblem], _line_problems(info, roots.line_state(info, root)))

    @strawberry.field(description="Determine if the line is a gift.")
    def is_gift(self, root: strawberry.Parent[CheckoutLineModel]) -> bool | None:
        return root.is_gift

    @strawberry.field(description="Harmonized System code for customs (Asal).")
    def hs_code(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> str | None:
        return roots.line_state(info, root).priced.hs_code or None

    @strawberry.field(description="Where the piece was made (Asal).")
    def country_of_origin(self, info: Info, root: strawberry.Parent[CheckoutLineModel]) -> CountryDisplay:
        return CountryDisplay.from_code(roots.line_state(info, root).priced.country_of_origin)


@strawberry.type(description="Checkout object.")
class Checkout(Node, ObjectWithMetadata):
    is_type_of = model_type_check(CheckoutModel)
    id: strawberry.ID = node_id("Checkout")

    @strawberry.field(description="The checkout's token.")
    def token(self, root: strawberry.Parent[CheckoutModel]) -> uuid.UUID:
        return root.token

    @strawberry.field(description="Time of the checkout's creation.")
    def created(self, root: strawberry.Parent[CheckoutModel]) -> datetime:
        return root.created_at

    @strawberry.field(description="Time of last modification of the given checkout.")
    def updated_at(self, root: strawberry.Parent[CheckoutModel]) -> datetime:
        return root.updated_at

    @strawberry.field(description="Time of last modification.", deprecation_reason="Use `updatedAt` instead.")
    def last_change(self, root: strawberry.Parent[CheckoutModel]) -> datetime:
        return root.last_change

    @strawberry.field(
        description=(
            "The user assigned to the checkout. Requires one of the following permissions: "
            "MANAGE_USERS, HANDLE_PAYMENTS, OWNER."
        )
    )
    def user(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> UserType | None:
        owner = root.user
        if owner is None:
            return None
        caller = info.context.user
        if (caller is not None and getattr(caller, "pk", None) == owner.pk) or has_permission(
            info, PermissionCode.MANAGE_USERS, PermissionCode.HANDLE_PAYMENTS
        ):
            return cast(UserType, owner)
        return None

    @strawberry.field(description="The channel of the checkout.")
    def channel(self, root: strawberry.Parent[CheckoutModel]) -> Channel:
        return cast(Channel, root.channel)

    @strawberry.field(description="The billing address of the checkout.")
    def billing_address(self, root: strawberry.Parent[CheckoutModel]) -> Address | None:
        return cast(Address | None, root.billing_address)

    @strawberry.field(description="The shipping address of the checkout.")
    def shipping_address(self, root: strawberry.Parent[CheckoutModel]) -> Address | None:
        return cast(Address | None, root.shipping_address)

    @strawberry.field(description="The note for the order from the customer.")
    def customer_note(self, root: strawberry.Parent[CheckoutModel]) -> str:
        return root.customer_note

    @strawberry.field(
        description=(
            "The total discount applied to the checkout: the voucher's, or the order promotion's when "
            "no voucher applies."
        )
    )
    def discount(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> Money | None:
        return Money.from_domain(roots.priced(info, roots.state(info, root)).discount)

    @strawberry.field(
        description="The name of voucher assigned to the checkout, or of the order promotion applied to it."
    )
    def discount_name(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> str | None:
        promotion_name = roots.priced(info, roots.state(info, root)).discount_name
        return promotion_name if promotion_name is not None else root.discount_name

    @strawberry.field(
        description=(
            "Translation of the discountName field in the language set in Checkout.languageCode field."
        )
    )
    def translated_discount_name(self, root: strawberry.Parent[CheckoutModel]) -> str | None:
        return root.translated_discount_name

    @strawberry.field(description="The code of voucher assigned to the checkout.")
    def voucher_code(self, root: strawberry.Parent[CheckoutModel]) -> str | None:
        return root.voucher_code

    @strawberry.field(description="Collection points that can be used for this order.")
    def available_collection_points(self) -> list[Warehouse]:
        return []

    @strawberry.field(
        description="List of available payment gateways.",
        deprecation_reason=(
            "The legacy Payments API is deprecated and will be removed. Use the Transactions API instead."
        ),
    )
    def available_payment_gateways(
        self, info: Info, root: strawberry.Parent[CheckoutModel]
    ) -> list[PaymentGateway]:
        owner = _payment_owner(info, root)
        currency = owner.total.currency
        shown = []
        for gateway in payment_services.gateways_for(owner):
            try:
                shown.append(PaymentGateway.of(gateway, currency))
            except PaymentError:
                continue  # a gateway that cannot give the browser its config cannot be paid with
        return shown

    @strawberry.field(description="Email of a customer.")
    def email(self, root: strawberry.Parent[CheckoutModel]) -> str | None:
        return root.email or None

    @strawberry.field(description="List of gift cards associated with this checkout.")
    def gift_cards(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> list[GiftCard]:
        cards = roots.checkout_info(info, roots.state(info, root)).gift_cards
        return gift_cards_register(info, cards)

    @strawberry.field(description="Returns True, if checkout requires shipping.")
    def is_shipping_required(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> bool:
        return roots.checkout_info(info, roots.state(info, root)).is_shipping_required

    @strawberry.field(description="The number of items purchased.")
    def quantity(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> int:
        return roots.checkout_info(info, roots.state(info, root)).quantity

    @strawberry.field(
        description=(
            "Date when oldest stock reservation for this checkout expires or null if no stock is reserved."
        )
    )
    def stock_reservation_expires(
        self, info: Info, root: strawberry.Parent[CheckoutModel]
    ) -> datetime | None:
        return roots.reservation_expires(info, roots.state(info, root))

    @strawberry.field(
        description="A list of checkout lines, each containing information about an item in the checkout."
    )
    def lines(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> list[CheckoutLine]:
        return cast(
            list[CheckoutLine],
            [line.line_info.line for line in roots.line_roots(info, roots.state(info, root))],
        )

    @strawberry.field(
        description=(
            "The price of the shipping, with all the taxes included. Set to 0 when no delivery method "
            "is selected."
        )
    )
    def shipping_price(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> TaxedMoney:
        return TaxedMoney.from_domain(roots.priced(info, roots.state(info, root)).shipping)

    @strawberry.field(description="The price of the checkout before shipping, with taxes included.")
    def subtotal_price(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> TaxedMoney:
        return TaxedMoney.from_domain(roots.priced(info, roots.state(info, root)).subtotal)

    @strawberry.field(description="Returns True if checkout has to be exempt from taxes.")
    def tax_exemption(self) -> bool:
        return False

    @strawberry.field(
        description=(
            "The sum of the checkout line prices, with all the taxes,shipping costs, and discounts included."
        )
    )
    def total_price(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> TaxedMoney:
        return TaxedMoney.from_domain(roots.priced(info, roots.state(info, root)).total)

    @strawberry.field(
        description=(
            "The difference between the paid and the checkout total amount: what was charged less the "
            "total, so negative while something is left to pay."
        )
    )
    def total_balance(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> Money:
        total = roots.priced(info, roots.state(info, root)).total.gross
        charged = checkout_paid(info, root.pk).charged
        return Money.from_domain(type(total)(charged, total.currency) - total)

    @strawberry.field(description="Checkout language code.")
    def language_code(self, root: strawberry.Parent[CheckoutModel]) -> LanguageCodeEnum:
        return language_enum_from_code(root.language_code) or language_enum_from_code("en")

    @strawberry.field(description="Determines whether displayed prices should include taxes.")
    def display_gross_prices(self) -> bool:
        return True

    @strawberry.field(description="The authorize status of the checkout.")
    def authorize_status(
        self, info: Info, root: strawberry.Parent[CheckoutModel]
    ) -> CheckoutAuthorizeStatusEnum:
        total = roots.priced(info, roots.state(info, root)).total.gross.amount
        return CheckoutAuthorizeStatusEnum[authorize_status(checkout_paid(info, root.pk), total).value]

    @strawberry.field(description="The charge status of the checkout.")
    def charge_status(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> CheckoutChargeStatusEnum:
        total = roots.priced(info, roots.state(info, root)).total.gross.amount
        return CheckoutChargeStatusEnum[charge_status(checkout_paid(info, root.pk), total).value]

    @strawberry.field(
        description=(
            "List of transactions for the checkout. Requires one of the following permissions: "
            "MANAGE_CHECKOUTS, HANDLE_PAYMENTS."
        ),
        extensions=[permission_required(PermissionCode.MANAGE_CHECKOUTS, PermissionCode.HANDLE_PAYMENTS)],
    )
    def transactions(
        self, info: Info, root: strawberry.Parent[CheckoutModel]
    ) -> list[TransactionItemType] | None:
        return cast(list[TransactionItemType], list(checkout_transactions(info, root.pk)))

    @strawberry.field(description="List of problems with the checkout.")
    def problems(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> list[CheckoutProblem] | None:
        problems: list[object] = []
        prices = roots.priced(info, roots.state(info, root))
        if not prices.delivery_valid and root.shipping_method_id is not None:
            delivery = delivery_of(root.shipping_method_id, None)
            problems.append(CheckoutProblemDeliveryMethodInvalid(delivery=delivery))
        problems += [
            problem
            for line in roots.line_roots(info, roots.state(info, root))
            for problem in _line_problems(info, line)
        ]
        return cast(list[CheckoutProblem], problems)

    @strawberry.field(description="Shipping methods that can be used with this checkout.")
    def shipping_methods(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> list[ShippingMethod]:
        return cast(
            list[ShippingMethod], shipping_method_roots(roots.shipping_quotes(info, roots.state(info, root)))
        )

    @strawberry.field(
        description="Shipping methods that can be used with this checkout.",
        deprecation_reason="Use `shippingMethods` instead.",
    )
    def available_shipping_methods(
        self, info: Info, root: strawberry.Parent[CheckoutModel]
    ) -> list[ShippingMethod]:
        return cast(
            list[ShippingMethod], shipping_method_roots(roots.shipping_quotes(info, roots.state(info, root)))
        )

    @strawberry.field(description="The delivery method selected for this checkout.")
    def delivery(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> Delivery | None:
        method_id = root.shipping_method_id
        if method_id is None:
            return None
        return delivery_of(method_id, roots.priced(info, roots.state(info, root)).delivery)

    @strawberry.field(
        description="The shipping method related with checkout.", deprecation_reason="Use `delivery` instead."
    )
    def shipping_method(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> ShippingMethod | None:
        quote = roots.priced(info, roots.state(info, root)).delivery
        return cast(ShippingMethod, shipping_method_roots([quote])[0]) if quote is not None else None

    @strawberry.field(
        description="The delivery method selected for this checkout.",
        deprecation_reason="Use `delivery` instead.",
    )
    def delivery_method(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> DeliveryMethod | None:
        quote = roots.priced(info, roots.state(info, root)).delivery
        return cast(DeliveryMethod, shipping_method_roots([quote])[0]) if quote is not None else None

    @strawberry.field(description="Where the destination's VAT is paid, and how much (Asal).")
    def import_vat(self, info: Info, root: strawberry.Parent[CheckoutModel]) -> CheckoutImportVat:
        vat = roots.priced(info, roots.state(info, root)).import_vat
        return CheckoutImportVat(
            collected_at=TaxCollectedAtEnum(str(vat.collected_at)),
            scheme=vat.scheme,
            amount=Money.from_domain(vat.amount),
        )


def _reached(info: Info, instance: CheckoutModel | CheckoutLineModel) -> tuple[PermissionCode, ...]:
    """Public metadata: whoever may see the checkout may write it (a guest by its token, a user's
    checkout only its owner); anyone else needs ``MANAGE_CHECKOUTS``."""
    checkout = instance if isinstance(instance, CheckoutModel) else instance.checkout
    return () if may_see(info, checkout) else (PermissionCode.MANAGE_CHECKOUTS,)


# Saleor's rules: a checkout's public metadata is the token holder's to write; private metadata
# needs MANAGE_CHECKOUTS (Saleor also accepts HANDLE_CHECKOUTS from apps).
register_metadata_owner(
    MetadataOwner(
        type_name="Checkout",
        model=CheckoutModel,
        key_field="token",
        by_token=True,
        visible=may_see,
        public_write=_reached,
        private=staff(PermissionCode.MANAGE_CHECKOUTS, PermissionCode.HANDLE_CHECKOUTS),
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="CheckoutLine",
        model=CheckoutLineModel,
        key_field="id",
        visible=lambda info, line: may_see(info, line.checkout),
        public_write=_reached,
        private=staff(PermissionCode.MANAGE_CHECKOUTS, PermissionCode.HANDLE_CHECKOUTS),
    )
)
