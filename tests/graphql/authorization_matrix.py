"""Who may call what: every root field of the schema, and every field a permission guards.

``tests/graphql/test_authorization_matrix.py`` walks the live schema and fails while a root field
or a guarded field has no entry here, or an entry's permissions differ from the field's guard; it
then calls each entry as every kind of caller outside it (anonymous, a buyer, staff and an app
holding every other permission) and expects a refusal and no data, and as the callers inside it
and expects none. Adding a query, a mutation or a guarded field means adding its line here.

The kinds of rule:

- ``ANYONE``: anonymous callers included (what a field then shows may still depend on the caller,
  e.g. unpublished products for staff; that is visibility, tested with the field);
- ``LOGGED_IN_USER``: a buyer or a staff user with a token of their own, not an app (Saleor's
  ``AUTHENTICATED_USER``);
- ``OWNER``: the caller's own data only; anyone else gets ``null``, not an error (``me``);
- ``permission(...)``: staff or an app holding one of the permissions (Saleor's error otherwise);
  ``refusal="null"`` for fields that answer ``null`` instead, so a storefront may select them;
  ``apps=False`` for Saleor's "Apps are not allowed to perform this mutation" (staff writes):
  an app is refused even holding the permission.

``GUARDED_ARGUMENTS`` lists what resolvers refuse inside an otherwise public field (an input
field only staff may use): the walk cannot see those, so each names the document that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql_schema.core.permissions import AuthorizationFilter, Requirement
from storefront.accounts.permissions import PermissionCode


@dataclass(frozen=True)
class Rule:
    kind: str  # "anyone", "user", "owner" or "permission"
    permissions: tuple[Requirement, ...] = ()
    refusal: str = "error"  # "error": Saleor's PermissionDenied; "null": the field answers null
    note: str = ""
    apps: bool = True  # False: staff only, whatever an app holds


def permission(*codes: PermissionCode, refusal: str = "error", note: str = "", apps: bool = True) -> Rule:
    return Rule("permission", codes, refusal, note, apps)


ANYONE = Rule("anyone")
LOGGED_IN_USER = Rule("user", (AuthorizationFilter.AUTHENTICATED_USER,))
OWNER = Rule("owner", refusal="null")

CERTIFICATES = (PermissionCode.MANAGE_CERTIFICATES, PermissionCode.MANAGE_PROVENANCE)
_PAYER = "whoever holds the checkout's id (a buyer's checkout only its owner) or the order's id"
_PER_OBJECT = "per object: the owner (user, address book, checkout token) or the type's staff permission"

MATRIX: dict[str, Rule] = {
    # --- queries ---------------------------------------------------------------------------------
    "Query.channels": Rule(
        "anyone", note="Saleor asks for an app or staff; Asal's storefront lists channels"
    ),
    "Query.channel": ANYONE,
    "Query.me": OWNER,
    "Query.addressValidationRules": ANYONE,
    "Query.user": permission(
        PermissionCode.MANAGE_STAFF,
        PermissionCode.MANAGE_USERS,
        PermissionCode.MANAGE_ORDERS,
        note="staff accounts need MANAGE_STAFF, customers MANAGE_USERS or MANAGE_ORDERS",
    ),
    "Query.products": ANYONE,
    "Query.product": ANYONE,
    "Query.productVariant": ANYONE,
    "Query.productVariants": ANYONE,
    "Query.categories": ANYONE,
    "Query.category": ANYONE,
    "Query.collections": ANYONE,
    "Query.collection": ANYONE,
    "Query.attributes": ANYONE,
    "Query.attribute": ANYONE,
    "Query.shop": ANYONE,
    "Query.certificate": ANYONE,
    "Query.certificateVerify": ANYONE,
    "Query.didDocument": ANYONE,
    "Query.checkout": Rule("anyone", note="a guest's token is enough; a user's checkout is null to others"),
    "Query.order": Rule("anyone", note="an order's random UUID id is its bearer credential, as in Saleor"),
    "Query.orderByToken": Rule("anyone", note="the token is the order's id: whoever holds it"),
    "Query.orders": permission(PermissionCode.MANAGE_ORDERS),
    # --- mutations -------------------------------------------------------------------------------
    "Mutation.tokenCreate": ANYONE,
    "Mutation.tokenRefresh": ANYONE,
    "Mutation.tokenVerify": ANYONE,
    "Mutation.tokensDeactivateAll": LOGGED_IN_USER,
    "Mutation.accountRegister": ANYONE,
    "Mutation.confirmAccount": ANYONE,
    "Mutation.requestPasswordReset": ANYONE,
    "Mutation.setPassword": ANYONE,
    "Mutation.passwordChange": LOGGED_IN_USER,
    "Mutation.accountRequestDeletion": LOGGED_IN_USER,
    "Mutation.accountDelete": LOGGED_IN_USER,
    "Mutation.accountUpdate": LOGGED_IN_USER,
    "Mutation.accountAddressCreate": LOGGED_IN_USER,
    "Mutation.accountAddressUpdate": LOGGED_IN_USER,
    "Mutation.accountAddressDelete": LOGGED_IN_USER,
    "Mutation.accountSetDefaultAddress": LOGGED_IN_USER,
    "Mutation.productionLotReceive": permission(*CERTIFICATES),
    "Mutation.certificateRevoke": permission(*CERTIFICATES),
    "Mutation.certificateSuspend": permission(*CERTIFICATES),
    "Mutation.certificateReinstate": permission(*CERTIFICATES),
    "Mutation.signingKeyRotate": permission(*CERTIFICATES),
    "Mutation.unitWriteOff": permission(*CERTIFICATES),
    "Mutation.unitClaimSecret": permission(*CERTIFICATES),
    "Mutation.ownershipClaim": Rule("anyone", note="whoever holds the piece's current secret"),
    "Mutation.checkoutCreate": ANYONE,
    "Mutation.checkoutLinesAdd": ANYONE,
    "Mutation.checkoutLinesUpdate": ANYONE,
    "Mutation.checkoutLinesDelete": ANYONE,
    "Mutation.checkoutLineDelete": ANYONE,
    "Mutation.checkoutEmailUpdate": ANYONE,
    "Mutation.checkoutShippingAddressUpdate": ANYONE,
    "Mutation.checkoutBillingAddressUpdate": ANYONE,
    "Mutation.checkoutLanguageCodeUpdate": ANYONE,
    "Mutation.checkoutDeliveryMethodUpdate": ANYONE,
    "Mutation.deliveryOptionsCalculate": ANYONE,
    "Mutation.checkoutCustomerAttach": LOGGED_IN_USER,
    "Mutation.checkoutCustomerDetach": LOGGED_IN_USER,
    # Metadata: open at the root, refused per object by the type's registered rule
    # (graphql_schema/core/metadata.py; tests/graphql/core/test_metadata.py calls each rule).
    "Mutation.updateMetadata": Rule("anyone", note=_PER_OBJECT),
    "Mutation.deleteMetadata": Rule("anyone", note=_PER_OBJECT),
    "Mutation.updatePrivateMetadata": Rule("anyone", note=_PER_OBJECT),
    "Mutation.deletePrivateMetadata": Rule("anyone", note=_PER_OBJECT),
    # Payments (Saleor's Transaction API): the storefront's three need only the ids it holds.
    "Mutation.paymentGatewayInitialize": Rule("anyone", note=_PAYER),
    "Mutation.transactionInitialize": Rule("anyone", note=_PAYER),
    "Mutation.transactionProcess": Rule(
        "anyone", note="whoever holds the transaction's id (a random UUID), as in Saleor"
    ),
    "Mutation.transactionRequestAction": permission(PermissionCode.HANDLE_PAYMENTS),
    "Mutation.checkoutComplete": Rule(
        "anyone",
        note="whoever holds a guest checkout's id; a buyer's checkout only its owner (else NOT_FOUND)",
    ),
    # --- staff and permission groups (issue 10) ---------------------------------------------------
    "Query.permissionGroups": permission(PermissionCode.MANAGE_STAFF),
    "Query.permissionGroup": permission(PermissionCode.MANAGE_STAFF),
    "Query.staffUsers": permission(PermissionCode.MANAGE_STAFF),
    "Mutation.permissionGroupCreate": permission(PermissionCode.MANAGE_STAFF, apps=False),
    "Mutation.permissionGroupUpdate": permission(PermissionCode.MANAGE_STAFF, apps=False),
    "Mutation.permissionGroupDelete": permission(PermissionCode.MANAGE_STAFF, apps=False),
    "Mutation.staffCreate": permission(PermissionCode.MANAGE_STAFF, apps=False),
    "Mutation.staffUpdate": permission(PermissionCode.MANAGE_STAFF, apps=False),
    "Mutation.staffDelete": permission(PermissionCode.MANAGE_STAFF, apps=False),
    # --- staff catalogue writes (graphql_schema/catalog/mutations_*.py) ---
    "Mutation.productCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productChannelListingUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantChannelListingUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.categoryCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.categoryUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.categoryDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionAddProducts": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionRemoveProducts": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.collectionChannelListingUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.productVariantTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.categoryTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.collectionTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.attributeTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.attributeValueTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.attributeCreate": permission(PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES),
    "Mutation.attributeUpdate": permission(PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES),
    "Mutation.attributeDelete": permission(PermissionCode.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES),
    "Mutation.productVariantBulkDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantStocksCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantStocksUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantStocksDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.createWarehouse": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.updateWarehouse": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.deleteWarehouse": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.channelUpdate": permission(PermissionCode.MANAGE_CHANNELS),
    "Mutation.productVariantBulkCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productVariantBulkUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    # --- staff's order mutations: cancel and notes (issue 10) -------------------------------------
    "Mutation.orderCancel": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.orderNoteAdd": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.orderNoteUpdate": permission(PermissionCode.MANAGE_ORDERS),
    # Makers' earnings and maker management (issue 10).
    "Query.makerStatement": permission(PermissionCode.MANAGE_ORDERS, note="a statement is order money"),
    "Mutation.makerCreate": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.makerUpdate": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.makerDelete": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.makerConsentRecord": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.makerConsentWithdraw": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.producerGroupCreate": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.producerGroupUpdate": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.producerGroupDelete": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.originCreate": permission(PermissionCode.MANAGE_PROVENANCE),
    "Mutation.originUpdate": permission(PermissionCode.MANAGE_PROVENANCE),
    # --- fulfilment (issue 10) -------------------------------------------------------------------
    "Mutation.orderFulfill": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.orderFulfillmentUpdateTracking": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.orderFulfillmentCancel": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.orderFulfillmentReturnProducts": permission(PermissionCode.MANAGE_ORDERS),
    # --- product media and maker portraits (issue 10) ---------------------------------------------
    "Mutation.productMediaCreate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productMediaUpdate": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productMediaDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.productMediaReorder": permission(PermissionCode.MANAGE_PRODUCTS),
    "Mutation.makerPortraitUpdate": permission(PermissionCode.MANAGE_PROVENANCE),
    # --- granted refunds, product media bulk delete (issue 10) ----------------------------------
    "Mutation.orderGrantRefundCreate": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.transactionRequestRefundForGrantedRefund": permission(PermissionCode.HANDLE_PAYMENTS),
    "Order.grantedRefunds": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.productMediaBulkDelete": permission(PermissionCode.MANAGE_PRODUCTS),
    "Group.users": permission(
        PermissionCode.MANAGE_STAFF,
        note="a group is reached without MANAGE_STAFF only as one's own (me.permissionGroups)",
    ),
    # --- staff-only fields -----------------------------------------------------------------------
    "Product.channelListings": permission(PermissionCode.MANAGE_PRODUCTS),
    "ProductVariant.channelListings": permission(PermissionCode.MANAGE_PRODUCTS),
    "ProductVariant.stocks": permission(PermissionCode.MANAGE_PRODUCTS),
    "Collection.channelListings": permission(PermissionCode.MANAGE_PRODUCTS),
    "Order.events": permission(PermissionCode.MANAGE_ORDERS),
    "Order.transactions": permission(PermissionCode.MANAGE_ORDERS, PermissionCode.HANDLE_PAYMENTS),
    "Checkout.transactions": permission(PermissionCode.MANAGE_CHECKOUTS, PermissionCode.HANDLE_PAYMENTS),
    "Channel.orderSettings": permission(PermissionCode.MANAGE_CHANNELS, PermissionCode.MANAGE_ORDERS),
    "OriginCertificate.revocationReason": permission(*CERTIFICATES, refusal="null"),
    "OriginCertificate.suspensionReason": permission(*CERTIFICATES, refusal="null"),
    # --- the seller of record (issue 10): legal name and address are public, registrations not ---
    "Mutation.shopAddressUpdate": permission(PermissionCode.MANAGE_SETTINGS),
    "Mutation.sellerOfRecordUpdate": permission(PermissionCode.MANAGE_SETTINGS),
    "SellerOfRecord.nib": permission(PermissionCode.MANAGE_SETTINGS),
    "SellerOfRecord.npwp": permission(PermissionCode.MANAGE_SETTINGS),
    "SellerOfRecord.iossNumber": permission(PermissionCode.MANAGE_SETTINGS),
    # --- a fulfilment's export papers (issue 10) ---------------------------------------------------
    "Query.fulfillmentDocuments": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.fulfillmentDocumentsIssue": permission(PermissionCode.MANAGE_ORDERS),
    # --- campaigns, their links and reports (issue 12): Saleor's marketing permission ------------
    "Query.campaigns": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.campaign": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.campaignReport": permission(PermissionCode.MANAGE_DISCOUNTS, note="order money and visits"),
    "Mutation.campaignCreate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.campaignUpdate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.campaignDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.campaignLinkCreate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.campaignLinkDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    # --- newsletter (issue 12, reach): double opt-in, rate-limited per e-mail and address
    "Mutation.newsletterSubscribe": Rule("anyone", note="double opt-in; same answer for known e-mails"),
    # --- pages, page types and menus (issue 12): buyers see what is published ----------------------
    "Query.page": Rule("anyone", note="unpublished pages only with MANAGE_PAGES"),
    "Query.pages": Rule("anyone", note="unpublished pages only with MANAGE_PAGES"),
    "Query.menu": Rule("anyone", note="items linking unpublished pages or collections are hidden"),
    "Query.menus": ANYONE,
    "Mutation.pageCreate": permission(PermissionCode.MANAGE_PAGES),
    "Mutation.pageUpdate": permission(PermissionCode.MANAGE_PAGES),
    "Mutation.pageDelete": permission(PermissionCode.MANAGE_PAGES),
    "Mutation.pageBulkDelete": permission(PermissionCode.MANAGE_PAGES),
    "Mutation.pageBulkPublish": permission(PermissionCode.MANAGE_PAGES),
    "Mutation.pageTypeCreate": permission(PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    "Mutation.pageTypeUpdate": permission(PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    "Mutation.pageTypeDelete": permission(PermissionCode.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    "Mutation.pageTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    "Mutation.menuCreate": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuUpdate": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuDelete": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuItemCreate": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuItemUpdate": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuItemDelete": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuItemMove": permission(PermissionCode.MANAGE_MENUS),
    "Mutation.menuItemTranslate": permission(PermissionCode.MANAGE_TRANSLATIONS),
    # Promo codes, vouchers and gift cards (issue 12).
    "Mutation.checkoutAddPromoCode": Rule("anyone", note=_PAYER),
    "Mutation.checkoutRemovePromoCode": Rule("anyone", note=_PAYER),
    "Query.vouchers": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.voucher": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.giftCards": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Query.giftCard": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Mutation.voucherCreate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherUpdate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherBulkDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherChannelListingUpdate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherCodeBulkDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.giftCardCreate": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Mutation.giftCardUpdate": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Mutation.giftCardActivate": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Mutation.giftCardDeactivate": permission(PermissionCode.MANAGE_GIFT_CARD),
    "Voucher.channelListings": permission(PermissionCode.MANAGE_DISCOUNTS),
    "GiftCard.code": permission(PermissionCode.MANAGE_GIFT_CARD),
    "GiftCard.events": permission(PermissionCode.MANAGE_GIFT_CARD),
    # Vouchers' and content's missing API (issue 12, helper vouch).
    "Voucher.codes": permission(PermissionCode.MANAGE_DISCOUNTS),
    "OrderDiscount.reason": permission(PermissionCode.MANAGE_ORDERS),
    "Mutation.voucherCataloguesAdd": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.voucherCataloguesRemove": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Voucher.products": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Voucher.variants": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Voucher.categories": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Voucher.collections": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.pageType": ANYONE,
    "Query.pageTypes": ANYONE,
    "Query.menuItem": ANYONE,
    "Query.menuItems": ANYONE,
    # Catalogue and order promotions (issue 12).
    "Query.promotions": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Query.promotion": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionCreate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionUpdate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionRuleCreate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionRuleUpdate": permission(PermissionCode.MANAGE_DISCOUNTS),
    "Mutation.promotionRuleDelete": permission(PermissionCode.MANAGE_DISCOUNTS),
    # Gift cards on orders (issue 12, helper mkt).
    "Order.giftCards": permission(
        PermissionCode.MANAGE_ORDERS,
        refusal="null",
        note="and the signed-in buyer who placed the order; empty for anyone else",
    ),
    "GiftCard.boughtInOrder": permission(PermissionCode.MANAGE_GIFT_CARD),
}

# A checkout that does not exist: an allowed caller gets NOT_FOUND in the payload, not a refusal.
_NO_CHECKOUT = "Q2hlY2tvdXQ6MDAwMDAwMDAtMDAwMC00MDAwLTgwMDAtMDAwMDAwMDAwMDAw"
_NO_TRANSACTION = "VHJhbnNhY3Rpb25JdGVtOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA=="

# Entry -> (the rule, a document using it; the refusal is expected at its first root field).
GUARDED_ARGUMENTS: dict[str, tuple[Rule, str]] = {
    "Mutation.transactionInitialize(action:)": (
        permission(PermissionCode.HANDLE_PAYMENTS, note="the channel decides the flow for buyers"),
        f'mutation {{ transactionInitialize(id: "{_NO_CHECKOUT}", action: AUTHORIZATION, '
        'paymentGateway: { id: "saleor.io.dummy-payment-app" }) { errors { code } } }',
    ),
    "Mutation.transactionInitialize(customerIpAddress:)": (
        permission(PermissionCode.HANDLE_PAYMENTS),
        f'mutation {{ transactionInitialize(id: "{_NO_CHECKOUT}", customerIpAddress: "192.0.2.1", '
        'paymentGateway: { id: "saleor.io.dummy-payment-app" }) { errors { code } } }',
    ),
    "Mutation.transactionProcess(customerIpAddress:)": (
        permission(PermissionCode.HANDLE_PAYMENTS),
        f'mutation {{ transactionProcess(id: "{_NO_TRANSACTION}", customerIpAddress: "192.0.2.1") '
        "{ errors { code } } }",
    ),
    "ProductFilterInput.stocks": (
        permission(PermissionCode.MANAGE_PRODUCTS, note="stock counts are the stock fields' to show"),
        '{ products(first: 1, channel: "intl-usd", filter: { stocks: { quantity: { gte: 1 } } }) '
        "{ totalCount } }",
    ),
    "ProductWhereInput.stocks": (
        permission(PermissionCode.MANAGE_PRODUCTS),
        '{ products(first: 1, channel: "intl-usd", where: { stocks: { quantity: { gte: 1 } } }) '
        "{ totalCount } }",
    ),
}
