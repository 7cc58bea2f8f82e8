"""Saleor's ``Voucher``, ``VoucherCode``, ``VoucherChannelListing``, ``GiftCard`` and
``GiftCardEvent`` types, the discount enums and the discount mutations' error types.

Root values are the models. A voucher's codes and channel listings load for every voucher of the
response at once (``VOUCHER_CODES``, ``VOUCHER_LISTINGS``: the vouchers are registered as peers
by the queries); a gift card's events likewise. A gift card's ``code`` is for staff holding
``MANAGE_GIFT_CARD`` only: a buyer sees the card they added as Saleor shows it
(``displayCode``, ``last4CodeChars``, balances). A card bought as a product names its order
(``boughtInOrder``, an Asal addition for ``MANAGE_GIFT_CARD``) and that order's channel
(Saleor's ``boughtInChannel``); the orders of every card of the response load at once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.nodes import collection_nodes, product_nodes, variant_nodes
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.channels.types import Channel
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.countries import CountryDisplay
from graphql_schema.core.dataloaders import Loader, Scope, foreign_keys, register
from graphql_schema.core.errors import graphql_enum
from graphql_schema.core.metadata import MetadataOwner, ObjectWithMetadata, register_metadata_owner, staff
from graphql_schema.core.money import Money
from graphql_schema.core.permissions import has_permission, permission_required
from graphql_schema.core.relay import Node, Page, model_type_check, node_id, paginate, to_global_id
from graphql_schema.discounts.voucher_catalogue import (
    VOUCHER_CATEGORIES,
    VOUCHER_COLLECTIONS,
    VOUCHER_PRODUCTS,
    VOUCHER_VARIANTS,
    voucher_channel,
    voucher_channel_slug,
)
from storefront.accounts.permissions import PermissionCode
from storefront.core.money import Money as DomainMoney
from storefront.discounts import models
from storefront.discounts.error_codes import (
    DiscountErrorCode,
    GiftCardErrorCode,
    VoucherCodeBulkDeleteErrorCode,
)
from storefront.orders.models import Order as OrderModel

if TYPE_CHECKING:
    from graphql_schema.catalog.types.category import Category, Collection
    from graphql_schema.catalog.types.product import Product
    from graphql_schema.catalog.types.variant import ProductVariant
    from graphql_schema.orders.types import Order

if TYPE_CHECKING:  # mypy sees plain strings; the schema sees Saleor's enums
    DiscountErrorCodeEnum = str
    GiftCardErrorCodeEnum = str
    VoucherCodeBulkDeleteErrorCodeEnum = str
else:
    DiscountErrorCodeEnum = graphql_enum(DiscountErrorCode, name="DiscountErrorCode")
    GiftCardErrorCodeEnum = graphql_enum(GiftCardErrorCode, name="GiftCardErrorCode")
    VoucherCodeBulkDeleteErrorCodeEnum = graphql_enum(
        VoucherCodeBulkDeleteErrorCode, name="VoucherCodeBulkDeleteErrorCode"
    )

_MANAGE_DISCOUNTS = "\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
CategoryType = Annotated["Category", strawberry.lazy("graphql_schema.catalog.types.category")]
CollectionType = Annotated["Collection", strawberry.lazy("graphql_schema.catalog.types.category")]
ProductType = Annotated["Product", strawberry.lazy("graphql_schema.catalog.types.product")]
VariantType = Annotated["ProductVariant", strawberry.lazy("graphql_schema.catalog.types.variant")]

_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)


@strawberry.enum(name="VoucherTypeEnum", description="An enumeration.")
class VoucherTypeEnum(Enum):
    SHIPPING = "SHIPPING"
    ENTIRE_ORDER = "ENTIRE_ORDER"
    SPECIFIC_PRODUCT = "SPECIFIC_PRODUCT"


@strawberry.enum(name="DiscountValueTypeEnum", description="An enumeration.")
class DiscountValueTypeEnum(Enum):
    FIXED = "FIXED"
    PERCENTAGE = "PERCENTAGE"


@strawberry.enum(name="GiftCardEventsEnum", description="An enumeration.")
class GiftCardEventsEnum(Enum):
    ISSUED = "issued"
    BOUGHT = "bought"
    UPDATED = "updated"
    ACTIVATED = "activated"
    DEACTIVATED = "deactivated"
    BALANCE_RESET = "balance_reset"
    EXPIRY_DATE_UPDATED = "expiry_date_updated"
    TAGS_UPDATED = "tags_updated"
    SENT_TO_CUSTOMER = "sent_to_customer"
    RESENT = "resent"
    NOTE_ADDED = "note_added"
    USED_IN_ORDER = "used_in_order"
    REFUNDED_IN_ORDER = "refunded_in_order"
    BALANCE_ADJUSTED = "balance_adjusted"
    ASSIGNED_TO_USER = "assigned_to_user"
    UNASSIGNED_FROM_USER = "unassigned_from_user"


@strawberry.type(description="Represents errors in discount mutations.")
class DiscountError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    products: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of products IDs which causes the error."
    )
    code: DiscountErrorCodeEnum = strawberry.field(description="The error code.")
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels IDs which causes the error."
    )
    voucher_codes: list[str] | None = strawberry.field(
        default=None, description="List of voucher codes which causes the error."
    )


@strawberry.type(description="Represents errors in gift card mutations.")
class GiftCardError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: GiftCardErrorCodeEnum = strawberry.field(description="The error code.")
    tags: list[str] | None = strawberry.field(
        default=None, description="List of tag values that cause the error."
    )


@strawberry.type
class VoucherCodeBulkDeleteError:
    field: str | None = strawberry.field(
        default=None, description=_FIELD + " (Asal; Saleor names it `path`)."
    )
    path: str | None = strawberry.field(
        default=None,
        description="Path to field that caused the error. A value of `null` indicates that "
        "the error isn't associated with a particular field.",
    )
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: VoucherCodeBulkDeleteErrorCodeEnum = strawberry.field(description="The error code.")
    voucher_codes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of voucher codes which causes the error."
    )


def _codes_batch(_info: Info, _scope: Scope, keys: list[int]) -> dict[int, list[models.VoucherCode]]:
    found: dict[int, list[models.VoucherCode]] = defaultdict(list)
    for row in models.VoucherCode.objects.filter(voucher_id__in=keys).order_by("created_at", "pk"):
        found[row.voucher_id].append(row)
    return found


def _listings_batch(
    _info: Info, _scope: Scope, keys: list[int]
) -> dict[int, list[models.VoucherChannelListing]]:
    found: dict[int, list[models.VoucherChannelListing]] = defaultdict(list)
    for row in models.VoucherChannelListing.objects.filter(voucher_id__in=keys).select_related("channel"):
        found[row.voucher_id].append(row)
    return found


def _events_batch(_info: Info, _scope: Scope, keys: list[int]) -> dict[int, list[models.GiftCardEvent]]:
    found: dict[int, list[models.GiftCardEvent]] = defaultdict(list)
    for row in models.GiftCardEvent.objects.filter(gift_card_id__in=keys).order_by("date", "pk"):
        found[row.gift_card_id].append(row)
    return found


VOUCHER_CODES: Loader[int, list[models.VoucherCode]] = Loader(
    "voucher codes", _codes_batch, default=list, peers=models.Voucher, channel_free=True
)
VOUCHER_LISTINGS: Loader[int, list[models.VoucherChannelListing]] = Loader(
    "voucher channel listings", _listings_batch, default=list, peers=models.Voucher, channel_free=True
)
GIFT_CARD_EVENTS: Loader[int, list[models.GiftCardEvent]] = Loader(
    "gift card events", _events_batch, default=list, peers=models.GiftCard, channel_free=True
)


def _bought_orders_batch(info: Info, _scope: Scope, keys: list[Any]) -> dict[Any, OrderModel]:
    rows = list(OrderModel.objects.filter(pk__in=keys).select_related("channel"))
    register(info, OrderModel, rows)  # their own relations then load together
    return {row.pk: row for row in rows}


GIFT_CARD_BOUGHT_ORDERS: Loader[Any, OrderModel | None] = Loader(
    "gift card bought-in orders",
    _bought_orders_batch,
    default=lambda: None,
    peers=foreign_keys((models.GiftCard, "bought_in_order_id")),
    channel_free=True,
)


@strawberry.type(description="Represents voucher code.")
class VoucherCode:
    is_type_of = model_type_check(models.VoucherCode)

    id: strawberry.ID = node_id("VoucherCode")
    code: str | None = strawberry.field(description="Code to use the voucher.")
    used: int | None = strawberry.field(description="Number of times a code has been used.")
    is_active: bool | None = strawberry.field(description="Whether a code is active or not.")
    created_at: datetime = strawberry.field(description="Date time of code creation.")


@strawberry.type(description="Represents voucher channel listing.")
class VoucherChannelListing(Node):
    is_type_of = model_type_check(models.VoucherChannelListing)

    id: strawberry.ID = node_id("VoucherChannelListing")
    currency: str = strawberry.field(description="Currency code for voucher in a channel.")

    @strawberry.field(description="The channel in which voucher is available.")
    def channel(self, root: strawberry.Parent[models.VoucherChannelListing]) -> Channel:
        return cast(Channel, root.channel)

    @strawberry.field(description="The value of the discount on voucher in a channel.")
    def discount_value(self, root: strawberry.Parent[models.VoucherChannelListing]) -> float:
        return float(root.discount_value)

    @strawberry.field(description="Minimum order value for voucher to apply in channel.")
    def min_spent(self, root: strawberry.Parent[models.VoucherChannelListing]) -> Money | None:
        if root.min_spent_amount is None:
            return None
        return Money.from_domain(DomainMoney(root.min_spent_amount, root.currency))


@strawberry.type(
    description="Vouchers allow giving discounts to particular customers on categories, "
    "collections or specific products. They can be used during checkout by providing valid voucher "
    "codes.\n\nRequires one of the following permissions: MANAGE_DISCOUNTS."
)
class Voucher(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Voucher)

    id: strawberry.ID = node_id("Voucher")
    usage_limit: int | None = strawberry.field(description="The number of times a voucher can be used.")
    used: int = strawberry.field(description="Usage count of the voucher.")
    start_date: datetime = strawberry.field(description="The start date and time of voucher.")
    end_date: datetime | None = strawberry.field(description="The end date and time of voucher.")
    apply_once_per_order: bool = strawberry.field(
        description="Determine if the voucher should be applied once per order. If set to True, the "
        "voucher is applied to a single cheapest eligible product in checkout."
    )
    apply_once_per_customer: bool = strawberry.field(
        description="Determine if the voucher usage should be limited to one use per customer."
    )
    single_use: bool = strawberry.field(
        description="Determine if the voucher codes can be used once or multiple times."
    )
    only_for_staff: bool = strawberry.field(
        description="Determine if the voucher is available only for staff members."
    )
    min_checkout_items_quantity: int | None = strawberry.field(
        description="Determine minimum quantity of items for checkout."
    )

    @strawberry.field(description="The name of the voucher.")
    def name(self, root: strawberry.Parent[models.Voucher]) -> str | None:
        return root.name or None

    @strawberry.field(
        description="The code of the voucher (its first). Null unless the caller holds MANAGE_DISCOUNTS "
        "(a buyer reaching the voucher through their order sees the code they used in "
        "`Order.voucherCode`)."
    )
    def code(self, info: Info, root: strawberry.Parent[models.Voucher]) -> str | None:
        if not has_permission(info, PermissionCode.MANAGE_DISCOUNTS):
            return None
        codes = VOUCHER_CODES.load(info, root.pk)
        return codes[0].code if codes else None

    @strawberry.field(
        description="List of codes available for this voucher.\n\n"
        "Requires one of the following permissions: MANAGE_DISCOUNTS.",
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def codes(
        self,
        info: Info,
        root: strawberry.Parent[models.Voucher],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[VoucherCode] | None:
        rows = VOUCHER_CODES.load(info, root.pk)
        page = paginate(
            rows,
            first=first,
            last=last,
            after=after,
            before=before,
            connection_name="codes",
            count=lambda: len(rows),
        )
        return cast(CountableConnection[VoucherCode], connection(page, lambda: len(rows)))

    @strawberry.field(description="List of countries available for the shipping voucher.")
    def countries(self, root: strawberry.Parent[models.Voucher]) -> list[CountryDisplay] | None:
        return [CountryDisplay.from_code(code) for code in root.countries]

    @strawberry.field(description="Determines a type of discount for voucher - value or percentage")
    def discount_value_type(self, root: strawberry.Parent[models.Voucher]) -> DiscountValueTypeEnum:
        return DiscountValueTypeEnum(root.discount_value_type)

    @strawberry.field(description="Determines a type of voucher.")
    def type(self, root: strawberry.Parent[models.Voucher]) -> VoucherTypeEnum:
        return VoucherTypeEnum(root.type)

    @strawberry.field(
        description="Voucher value (in the channel the voucher was asked for; null without one)."
    )
    def discount_value(self, info: Info, root: strawberry.Parent[models.Voucher]) -> float | None:
        listing = _listing_in_channel(info, root)
        return float(listing.discount_value) if listing is not None else None

    @strawberry.field(description="Currency code for voucher (in the channel asked for).")
    def currency(self, info: Info, root: strawberry.Parent[models.Voucher]) -> str | None:
        listing = _listing_in_channel(info, root)
        return listing.currency if listing is not None else None

    @strawberry.field(description="Minimum order value to apply voucher (in the channel asked for).")
    def min_spent(self, info: Info, root: strawberry.Parent[models.Voucher]) -> Money | None:
        listing = _listing_in_channel(info, root)
        if listing is None or listing.min_spent_amount is None:
            return None
        return Money.from_domain(DomainMoney(listing.min_spent_amount, listing.currency))

    @strawberry.field(
        description="List of categories this voucher applies to." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def categories(
        self,
        info: Info,
        root: strawberry.Parent[models.Voucher],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[CategoryType] | None:
        rows = VOUCHER_CATEGORIES.load(info, root.pk)
        page = _page(rows, before, after, first, last, "categories")
        categories_seen(info, page.nodes)
        return cast(CountableConnection[CategoryType], connection(page, lambda: len(rows)))

    @strawberry.field(
        description="List of collections this voucher applies to." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def collections(
        self,
        info: Info,
        root: strawberry.Parent[models.Voucher],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[CollectionType] | None:
        rows = VOUCHER_COLLECTIONS.load(info, root.pk)
        page = _page(rows, before, after, first, last, "collections")
        page.nodes = collection_nodes(info, page.nodes, voucher_channel(info, root))
        return cast(CountableConnection[CollectionType], connection(page, lambda: len(rows)))

    @strawberry.field(
        description="List of products this voucher applies to." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def products(
        self,
        info: Info,
        root: strawberry.Parent[models.Voucher],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[ProductType] | None:
        rows = VOUCHER_PRODUCTS.load(info, root.pk)
        page = _page(rows, before, after, first, last, "products")
        page.nodes = product_nodes(info, page.nodes, voucher_channel(info, root))
        return cast(CountableConnection[ProductType], connection(page, lambda: len(rows)))

    @strawberry.field(
        description="List of product variants this voucher applies to." + _MANAGE_DISCOUNTS,
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def variants(
        self,
        info: Info,
        root: strawberry.Parent[models.Voucher],
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[VariantType] | None:
        rows = VOUCHER_VARIANTS.load(info, root.pk)
        page = _page(rows, before, after, first, last, "variants")
        page.nodes = variant_nodes(info, page.nodes, voucher_channel(info, root))
        return cast(CountableConnection[VariantType], connection(page, lambda: len(rows)))

    @strawberry.field(
        description="List of availability in channels for the voucher.\n\n"
        "Requires one of the following permissions: MANAGE_DISCOUNTS.",
        extensions=[permission_required(PermissionCode.MANAGE_DISCOUNTS)],
    )
    def channel_listings(
        self, info: Info, root: strawberry.Parent[models.Voucher]
    ) -> list[VoucherChannelListing] | None:
        return cast(list[VoucherChannelListing], VOUCHER_LISTINGS.load(info, root.pk))


def _listing_in_channel(info: Info, voucher: models.Voucher) -> models.VoucherChannelListing | None:
    slug = voucher_channel_slug(info, voucher)
    if slug is None:
        return None
    listings = VOUCHER_LISTINGS.load(info, voucher.pk)
    return next((listing for listing in listings if listing.channel.slug == slug), None)


def _page(
    rows: list[Any], before: str | None, after: str | None, first: int | None, last: int | None, name: str
) -> Page[Any]:
    return paginate(
        rows,
        first=first,
        last=last,
        after=after,
        before=before,
        connection_name=name,
        count=lambda: len(rows),
    )


@strawberry.input(name="GiftCardEventFilterInput")
class GiftCardEventFilterInput:
    type: GiftCardEventsEnum | None = None
    orders: list[strawberry.ID] | None = None


@strawberry.type(description="History log of the gift card.")
class GiftCardEvent(Node):
    is_type_of = model_type_check(models.GiftCardEvent)

    id: strawberry.ID = node_id("GiftCardEvent")
    date: datetime | None = strawberry.field(description="Date when event happened at in ISO 8601 format.")

    @strawberry.field(description="Gift card event type.")
    def type(self, root: strawberry.Parent[models.GiftCardEvent]) -> GiftCardEventsEnum | None:
        return GiftCardEventsEnum(root.type.lower())

    @strawberry.field(description="Content of the event.")
    def message(self, root: strawberry.Parent[models.GiftCardEvent]) -> str | None:
        return root.parameters.get("message")

    @strawberry.field(description="The order ID where gift card was used or bought.")
    def order_id(self, root: strawberry.Parent[models.GiftCardEvent]) -> strawberry.ID | None:
        return strawberry.ID(to_global_id("Order", root.order_id)) if root.order_id else None


@strawberry.type(description="A gift card is a prepaid electronic payment card accepted in stores.")
class GiftCard(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.GiftCard)

    id: strawberry.ID = node_id("GiftCard")
    display_code: str = strawberry.field(
        description="Code in format which allows displaying in a user interface."
    )
    is_active: bool = strawberry.field(description="Indicates if the gift card is active.")
    expiry_date: date | None = strawberry.field(description="Expiry date of the gift card.")
    last_used_on: datetime | None = strawberry.field(
        description="Date and time when gift card was last used."
    )

    @strawberry.field(name="last4CodeChars", description="Last 4 characters of gift card code.")
    def last_4_code_chars(self, root: strawberry.Parent[models.GiftCard]) -> str:
        return root.code[-4:]

    @strawberry.field(
        description="Gift card code.\n\nRequires one of the following permissions: MANAGE_GIFT_CARD.",
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )
    def code(self, root: strawberry.Parent[models.GiftCard]) -> str:
        return root.code

    @strawberry.field(description="Date and time when gift card was created.")
    def created(self, root: strawberry.Parent[models.GiftCard]) -> datetime:
        return root.created_at

    @strawberry.field(description="Email address of the user who bought or issued gift card.")
    def created_by_email(self, root: strawberry.Parent[models.GiftCard]) -> str | None:
        return root.created_by_email or None

    @strawberry.field(description="Initial balance of the gift card.")
    def initial_balance(self, root: strawberry.Parent[models.GiftCard]) -> Money:
        return Money.from_domain(DomainMoney(root.initial_balance_amount, root.currency))

    @strawberry.field(description="Current balance of the gift card.")
    def current_balance(self, root: strawberry.Parent[models.GiftCard]) -> Money:
        return Money.from_domain(DomainMoney(root.current_balance_amount, root.currency))

    @strawberry.field(description="Slug of the channel where the gift card was bought.")
    def bought_in_channel(self, info: Info, root: strawberry.Parent[models.GiftCard]) -> str | None:
        if root.bought_in_order_id is None:
            return None
        order = GIFT_CARD_BOUGHT_ORDERS.load(info, root.bought_in_order_id)
        return order.channel.slug if order is not None else None

    @strawberry.field(
        description="The order in which the gift card was bought as a product; null for a card "
        "issued by staff.\n\nRequires one of the following permissions: MANAGE_GIFT_CARD.",
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )
    def bought_in_order(
        self, info: Info, root: strawberry.Parent[models.GiftCard]
    ) -> Annotated[Order, strawberry.lazy("graphql_schema.orders.types")] | None:
        if root.bought_in_order_id is None:
            return None
        return cast("Order | None", GIFT_CARD_BOUGHT_ORDERS.load(info, root.bought_in_order_id))

    @strawberry.field(
        description="List of events associated with the gift card.\n\n"
        "Requires one of the following permissions: MANAGE_GIFT_CARD.",
        extensions=[permission_required(PermissionCode.MANAGE_GIFT_CARD)],
    )
    def events(
        self,
        info: Info,
        root: strawberry.Parent[models.GiftCard],
        filter: Annotated[
            GiftCardEventFilterInput | None,
            strawberry.argument(description="Filtering options for gift card events."),
        ] = None,
    ) -> list[GiftCardEvent]:
        events = GIFT_CARD_EVENTS.load(info, root.pk)
        if filter is not None and filter.type is not None:
            wanted = filter.type.value.upper()
            events = [event for event in events if event.type == wanted]
        if filter is not None and filter.orders is not None:
            orders = {str(to_global_id("Order", event.order_id)) for event in events if event.order_id}
            kept = orders & {str(value) for value in filter.orders}
            events = [
                event
                for event in events
                if event.order_id and str(to_global_id("Order", event.order_id)) in kept
            ]
        return cast(list[GiftCardEvent], events)


def gift_cards_register(info: Info, cards: list[models.GiftCard]) -> list[GiftCard]:
    """Gift cards entering the graph (their events then load together)."""
    register(info, models.GiftCard, cards)
    return cast(list[GiftCard], cards)


def vouchers_register(info: Info, vouchers: list[Any]) -> list[Voucher]:
    register(info, models.Voucher, vouchers)
    return cast(list[Voucher], vouchers)


GiftCardType = Annotated["GiftCard", strawberry.lazy("graphql_schema.discounts.types")]


# --- metadata (graphql_schema/core/metadata.py) -----------------------------------------------------
# Vouchers and gift cards are the shop's: their metadata, public and private, is written by staff
# holding the area's permission, and a caller without it is told the object does not exist.
def _sees(code: PermissionCode) -> Any:
    return lambda info, _instance: has_permission(info, code)


register_metadata_owner(
    MetadataOwner(
        type_name="Voucher",
        model=models.Voucher,
        public_write=staff(PermissionCode.MANAGE_DISCOUNTS),
        private=staff(PermissionCode.MANAGE_DISCOUNTS),
        visible=_sees(PermissionCode.MANAGE_DISCOUNTS),
    )
)
register_metadata_owner(
    MetadataOwner(
        type_name="GiftCard",
        model=models.GiftCard,
        public_write=staff(PermissionCode.MANAGE_GIFT_CARD),
        private=staff(PermissionCode.MANAGE_GIFT_CARD),
        visible=_sees(PermissionCode.MANAGE_GIFT_CARD),
    )
)
