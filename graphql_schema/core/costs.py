"""What a field costs beyond Saleor's cost model: introspection, mutations, and a few expensive queries.

Saleor's model (``limits.py``) charges 1 for each object a query resolves, times the page size of
a connection, and nothing for a scalar. That fits reads, which the loaders batch: on the 2-core
reference machine the storefront's listing resolves one unit in about 7 µs. It does not fit work
that cannot be batched, so these fields declare their own cost, in the same unit and measured the
same way (2026-11-30, ``tests/graphql/core/test_costs.py`` keeps every mutation declared):

- a password check (Argon2, ``tokenCreate``) takes about 0.27 s: ``PASSWORD_CHECK``, so that one
  login fits the default budget of 50,000 and two do not;
- the full ``__schema`` introspection takes about 0.1 s and answers 320 kB: ``SCHEMA_INTROSPECTION``
  (GraphiQL's one introspection fits; a document of aliased ``__schema`` does not);
- receiving a lot signs one certificate per piece and re-encodes each workshop photo;
- every other write is a transaction with an audit entry, which costs more than a read.

A field absent from ``FIELD_COSTS`` costs what Saleor's model says. Every mutation must be listed,
so whoever adds one decides its cost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Cost = int | Callable[[Mapping[str, Any]], int]

WRITE = 100
PASSWORD_CHECK = 40_000
SCHEMA_INTROSPECTION = 20_000
TYPE_INTROSPECTION = 200
CREDENTIAL_VERIFICATION = 500
STATUS_CHANGE = 500  # re-signs the certificate's status list
KEY_GENERATION = 1_000
LOT_RECEIPT = 2_000
SIGNED_PIECE = 20
RE_ENCODED_PHOTO = 2_000
# checkoutComplete locks the cart and its stock rows, prices, validates and writes the order in one
# transaction (about 25 statements): the most expensive thing a buyer does.
CHECKOUT_COMPLETE = 5_000
# A payment mutation prices the checkout and waits on the payment gateway (Stripe: an HTTP round
# trip) between two short transactions; what it costs here is mostly the gateway's time.
GATEWAY_CALL = 2_000


def _lot_receipt(arguments: Mapping[str, Any]) -> int:
    """A lot's cost grows with its pieces (each signed) and photos (each decoded and re-encoded)."""
    lot = arguments.get("input")
    pieces = getattr(lot, "quantity", 0)
    photos = getattr(lot, "photos", None) or ()
    return LOT_RECEIPT + SIGNED_PIECE * max(int(pieces), 0) + RE_ENCODED_PHOTO * len(photos)


FIELD_COSTS: dict[tuple[str, str], Cost] = {
    ("Query", "__schema"): SCHEMA_INTROSPECTION,
    ("Query", "__type"): TYPE_INTROSPECTION,
    ("Query", "certificateVerify"): CREDENTIAL_VERIFICATION,
    ("Mutation", "tokenCreate"): PASSWORD_CHECK,
    ("Mutation", "tokenRefresh"): WRITE,
    ("Mutation", "tokenVerify"): WRITE,
    ("Mutation", "tokensDeactivateAll"): WRITE,
    # Each hashes a password once (passwordChange checks the old one and hashes the new: it must
    # still fit the budget, and its wrong guesses count like logins).
    ("Mutation", "accountRegister"): PASSWORD_CHECK,
    ("Mutation", "setPassword"): PASSWORD_CHECK,
    ("Mutation", "passwordChange"): PASSWORD_CHECK,
    ("Mutation", "confirmAccount"): WRITE,
    ("Mutation", "requestPasswordReset"): WRITE,
    ("Mutation", "accountRequestDeletion"): WRITE,
    ("Mutation", "accountDelete"): WRITE,
    ("Mutation", "accountUpdate"): WRITE,
    ("Mutation", "accountAddressCreate"): WRITE,
    ("Mutation", "accountAddressUpdate"): WRITE,
    ("Mutation", "accountAddressDelete"): WRITE,
    ("Mutation", "accountSetDefaultAddress"): WRITE,
    ("Mutation", "productionLotReceive"): _lot_receipt,
    ("Mutation", "certificateRevoke"): STATUS_CHANGE,
    ("Mutation", "certificateSuspend"): STATUS_CHANGE,
    ("Mutation", "certificateReinstate"): STATUS_CHANGE,
    ("Mutation", "signingKeyRotate"): KEY_GENERATION,
    ("Mutation", "unitWriteOff"): STATUS_CHANGE,
    # Checkout writes lock stock rows and reserve: a transaction each, priced like other writes.
    ("Mutation", "checkoutComplete"): CHECKOUT_COMPLETE,
    ("Mutation", "checkoutCreate"): WRITE,
    ("Mutation", "checkoutLinesAdd"): WRITE,
    ("Mutation", "checkoutLinesUpdate"): WRITE,
    ("Mutation", "checkoutLinesDelete"): WRITE,
    ("Mutation", "checkoutLineDelete"): WRITE,
    ("Mutation", "checkoutEmailUpdate"): WRITE,
    ("Mutation", "checkoutShippingAddressUpdate"): WRITE,
    ("Mutation", "checkoutBillingAddressUpdate"): WRITE,
    ("Mutation", "checkoutLanguageCodeUpdate"): WRITE,
    ("Mutation", "checkoutDeliveryMethodUpdate"): WRITE,
    ("Mutation", "deliveryOptionsCalculate"): WRITE,
    ("Mutation", "checkoutCustomerAttach"): WRITE,
    ("Mutation", "checkoutCustomerDetach"): WRITE,
    ("Mutation", "unitClaimSecret"): WRITE,
    ("Mutation", "ownershipClaim"): WRITE,
    ("Mutation", "updateMetadata"): WRITE,
    ("Mutation", "deleteMetadata"): WRITE,
    ("Mutation", "updatePrivateMetadata"): WRITE,
    ("Mutation", "deletePrivateMetadata"): WRITE,
    # Payments: the gateways' browser configs are read from settings; the others call the gateway.
    ("Mutation", "paymentGatewayInitialize"): WRITE,
    ("Mutation", "transactionInitialize"): GATEWAY_CALL,
    ("Mutation", "transactionProcess"): GATEWAY_CALL,
    ("Mutation", "transactionRequestAction"): GATEWAY_CALL,
    # --- staff and permission groups (graphql_schema/accounts/staff_mutations.py) ---
    ("Mutation", "permissionGroupCreate"): WRITE,
    ("Mutation", "permissionGroupUpdate"): WRITE,
    ("Mutation", "permissionGroupDelete"): WRITE,
    ("Mutation", "staffCreate"): WRITE,
    ("Mutation", "staffUpdate"): WRITE,
    ("Mutation", "staffDelete"): WRITE,
    # --- staff catalogue writes (graphql_schema/catalog/mutations_*.py) ---
    ("Mutation", "productCreate"): WRITE,
    ("Mutation", "productUpdate"): WRITE,
    ("Mutation", "productDelete"): WRITE,
    ("Mutation", "productChannelListingUpdate"): WRITE,
    ("Mutation", "productVariantCreate"): WRITE,
    ("Mutation", "productVariantUpdate"): WRITE,
    ("Mutation", "productVariantDelete"): WRITE,
    ("Mutation", "productVariantChannelListingUpdate"): WRITE,
    ("Mutation", "categoryCreate"): WRITE,
    ("Mutation", "categoryUpdate"): WRITE,
    ("Mutation", "categoryDelete"): WRITE,
    ("Mutation", "collectionCreate"): WRITE,
    ("Mutation", "collectionUpdate"): WRITE,
    ("Mutation", "collectionDelete"): WRITE,
    ("Mutation", "collectionAddProducts"): WRITE,
    ("Mutation", "collectionRemoveProducts"): WRITE,
    ("Mutation", "collectionChannelListingUpdate"): WRITE,
    ("Mutation", "productTranslate"): WRITE,
    ("Mutation", "productVariantTranslate"): WRITE,
    ("Mutation", "categoryTranslate"): WRITE,
    ("Mutation", "collectionTranslate"): WRITE,
    ("Mutation", "attributeTranslate"): WRITE,
    ("Mutation", "attributeValueTranslate"): WRITE,
    ("Mutation", "attributeCreate"): WRITE,
    ("Mutation", "attributeUpdate"): WRITE,
    ("Mutation", "attributeDelete"): WRITE,
    # Up to 100 deletions, each refreshing its product's read models.
    ("Mutation", "productVariantBulkDelete"): 10 * WRITE,
    ("Mutation", "productVariantStocksCreate"): WRITE,
    ("Mutation", "productVariantStocksUpdate"): WRITE,
    ("Mutation", "productVariantStocksDelete"): WRITE,
    ("Mutation", "createWarehouse"): WRITE,
    ("Mutation", "updateWarehouse"): WRITE,
    ("Mutation", "deleteWarehouse"): WRITE,
    ("Mutation", "channelUpdate"): WRITE,
    # Up to 100 variants, each with its stocks and prices.
    ("Mutation", "productVariantBulkCreate"): 10 * WRITE,
    ("Mutation", "productVariantBulkUpdate"): 10 * WRITE,
    # --- staff's order mutations (graphql_schema/orders/mutations.py): one short transaction each;
    # orderCancel locks the order and its stock rows, like a small checkoutComplete in reverse.
    ("Mutation", "orderCancel"): WRITE,
    ("Mutation", "orderNoteAdd"): WRITE,
    # Makers, producer groups and villages (issue 10): a write that may re-index products.
    ("Mutation", "makerCreate"): WRITE,
    ("Mutation", "makerUpdate"): WRITE,
    ("Mutation", "makerDelete"): WRITE,
    ("Mutation", "makerConsentRecord"): WRITE,
    ("Mutation", "makerConsentWithdraw"): WRITE,
    ("Mutation", "producerGroupCreate"): WRITE,
    ("Mutation", "producerGroupUpdate"): WRITE,
    ("Mutation", "producerGroupDelete"): WRITE,
    ("Mutation", "originCreate"): WRITE,
    ("Mutation", "originUpdate"): WRITE,
    ("Mutation", "orderNoteUpdate"): WRITE,
    # --- fulfilment (graphql_schema/orders/mutations_fulfilment.py): one transaction each, locking
    # the order and its stock rows and appending two custody events per certified piece packed;
    # a return with a refund also waits on the payment gateway.
    ("Mutation", "orderFulfill"): 5 * WRITE,
    ("Mutation", "orderFulfillmentUpdateTracking"): WRITE,
    ("Mutation", "orderFulfillmentCancel"): 5 * WRITE,
    ("Mutation", "orderFulfillmentReturnProducts"): GATEWAY_CALL,
    # --- the seller of record (graphql_schema/seller.py) ---
    ("Mutation", "shopAddressUpdate"): WRITE,
    ("Mutation", "sellerOfRecordUpdate"): WRITE,
    # --- export papers (graphql_schema/orders/documents.py): three PDFs laid out with an embedded
    # font and stored, about 0.5 s for a few pieces (more than the unit model can price): one
    # issue fits the default budget, two in one request do not.
    ("Mutation", "fulfillmentDocumentsIssue"): 30_000,
    # --- product media and maker portraits (graphql_schema/catalog/mutations_media.py,
    # mutations_portraits.py): an uploaded image is decoded and re-encoded like a workshop photo.
    ("Mutation", "productMediaCreate"): RE_ENCODED_PHOTO,
    ("Mutation", "productMediaUpdate"): WRITE,
    ("Mutation", "productMediaDelete"): WRITE,
    ("Mutation", "productMediaReorder"): WRITE,
    ("Mutation", "makerPortraitUpdate"): RE_ENCODED_PHOTO,
    # --- campaigns (graphql_schema/marketing/): short audited writes; a report reads the period's
    # visits, orders, settlements and lines in a handful of aggregate queries.
    ("Query", "campaignReport"): 500,
    ("Mutation", "campaignCreate"): WRITE,
    ("Mutation", "campaignUpdate"): WRITE,
    ("Mutation", "campaignDelete"): WRITE,
    ("Mutation", "campaignLinkCreate"): WRITE,
    ("Mutation", "campaignLinkDelete"): WRITE,
    # --- pages, page types and menus (graphql_schema/content/): one transaction each; a bulk
    # write or a menu created with its items writes up to 100 rows, an EditorJS document is parsed
    # and sanitised (up to 100 kB).
    ("Mutation", "pageCreate"): 2 * WRITE,
    ("Mutation", "pageUpdate"): 2 * WRITE,
    ("Mutation", "pageDelete"): WRITE,
    ("Mutation", "pageBulkDelete"): 10 * WRITE,
    ("Mutation", "pageBulkPublish"): 10 * WRITE,
    ("Mutation", "pageTypeCreate"): WRITE,
    ("Mutation", "pageTypeUpdate"): WRITE,
    ("Mutation", "pageTypeDelete"): 5 * WRITE,
    ("Mutation", "pageTranslate"): 2 * WRITE,
    ("Mutation", "menuCreate"): 5 * WRITE,
    ("Mutation", "menuUpdate"): WRITE,
    ("Mutation", "menuDelete"): WRITE,
    ("Mutation", "menuItemCreate"): WRITE,
    ("Mutation", "menuItemUpdate"): WRITE,
    ("Mutation", "menuItemDelete"): WRITE,
    ("Mutation", "menuItemMove"): 5 * WRITE,
    ("Mutation", "menuItemTranslate"): WRITE,
    # --- promo codes and discounts (graphql_schema/checkout/promo_codes.py, graphql_schema/discounts/):
    # adding a code reads and prices the checkout under its lock (a few statements); bulk deletes
    # lock and audit each row.
    ("Mutation", "checkoutAddPromoCode"): 2 * WRITE,
    ("Mutation", "checkoutRemovePromoCode"): WRITE,
    ("Mutation", "voucherCreate"): WRITE,
    ("Mutation", "voucherUpdate"): WRITE,
    ("Mutation", "voucherDelete"): WRITE,
    ("Mutation", "voucherBulkDelete"): 5 * WRITE,
    ("Mutation", "voucherChannelListingUpdate"): WRITE,
    ("Mutation", "voucherCodeBulkDelete"): 5 * WRITE,
    ("Mutation", "giftCardCreate"): WRITE,
    ("Mutation", "giftCardUpdate"): WRITE,
    ("Mutation", "giftCardActivate"): WRITE,
    ("Mutation", "giftCardDeactivate"): WRITE,
    ("Mutation", "productMediaBulkDelete"): WRITE,
    # --- granted refunds (graphql_schema/orders/granted_refunds.py): a grant is one write; the
    # request waits on the payment gateway.
    ("Mutation", "orderGrantRefundCreate"): WRITE,
    ("Mutation", "transactionRequestRefundForGrantedRefund"): GATEWAY_CALL,
    # --- newsletter (graphql_schema/marketing/newsletter.py): one write and an e-mail queued.
    ("Mutation", "newsletterSubscribe"): WRITE,
    # --- vouchers' catalogues (graphql_schema/discounts/mutations.py): one locked write and an audit.
    ("Mutation", "voucherCataloguesAdd"): WRITE,
    ("Mutation", "voucherCataloguesRemove"): WRITE,
    # --- promotions (graphql_schema/discounts/promotion_mutations.py): a locked write, an audit and
    # the recomputation of the discounted prices the promotion touches.
    ("Mutation", "promotionCreate"): WRITE,
    ("Mutation", "promotionUpdate"): WRITE,
    ("Mutation", "promotionDelete"): WRITE,
    ("Mutation", "promotionRuleCreate"): WRITE,
    ("Mutation", "promotionRuleUpdate"): WRITE,
    ("Mutation", "promotionRuleDelete"): WRITE,
}


def declared_cost(type_name: str, field_name: str, arguments: Mapping[str, Any]) -> int | None:
    """The field's own cost if it declares one (``None``: Saleor's model applies)."""
    cost = FIELD_COSTS.get((type_name, field_name))
    if cost is None or isinstance(cost, int):
        return cost
    return cost(arguments)
