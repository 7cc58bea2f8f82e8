"""The Asal GraphQL schema: one Query and one Mutation merged from each domain's module.

Each domain module of ``graphql_schema`` contributes a ``*Queries`` / ``*Mutations``
class; this module only merges them and names the schema-wide extensions.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from graphql_schema.accounts.account_mutations import AccountLifecycleMutations
from graphql_schema.accounts.address_mutations import AddressBookMutations
from graphql_schema.accounts.address_queries import AddressQueries
from graphql_schema.accounts.mutations import AccountMutations
from graphql_schema.accounts.queries import AccountQueries
from graphql_schema.accounts.staff_mutations import StaffMutations
from graphql_schema.accounts.staff_queries import StaffQueries
from graphql_schema.catalog.mutations_attributes import AttributeMutations
from graphql_schema.catalog.mutations_media import ProductMediaMutations
from graphql_schema.catalog.mutations_portraits import MakerPortraitMutations
from graphql_schema.catalog.mutations_products import ProductMutations
from graphql_schema.catalog.mutations_stock import StockMutations
from graphql_schema.catalog.mutations_structure import StructureMutations
from graphql_schema.catalog.mutations_translations import TranslationMutations
from graphql_schema.catalog.mutations_variant_bulk import VariantBulkMutations
from graphql_schema.catalog.mutations_warehouses import WarehouseMutations
from graphql_schema.catalog.queries import CATALOG_TYPES, CatalogQueries
from graphql_schema.channels.queries import ChannelQueries
from graphql_schema.checkout.mutations import CheckoutMutations
from graphql_schema.checkout.promo_codes import CheckoutPromoCodeMutations
from graphql_schema.checkout.queries import CheckoutQueries
from graphql_schema.content.mutations import PageMutations
from graphql_schema.content.mutations_menus import MenuMutations
from graphql_schema.content.queries import ContentQueries
from graphql_schema.content.queries_types_items import ContentTypeQueries
from graphql_schema.core.address import Address
from graphql_schema.core.channel_context import node_attribute
from graphql_schema.core.compiled import CompiledExecutionContext
from graphql_schema.core.document_cache import DocumentCache
from graphql_schema.core.error_codes import UNREPORTED_ERROR_CODE_ENUMS
from graphql_schema.core.error_reporting import MaskInternalErrors, log_errors
from graphql_schema.core.lean import lean_resolvers
from graphql_schema.core.limits import QueryLimits
from graphql_schema.core.metadata_mutations import MetadataMutations
from graphql_schema.core.optimizer import FieldOptimizerExtension
from graphql_schema.core.scalars import SCALAR_MAP
from graphql_schema.discounts.mutations import DiscountMutations
from graphql_schema.discounts.promotion_mutations import PromotionMutations
from graphql_schema.discounts.promotion_queries import PromotionQueries
from graphql_schema.discounts.queries import DiscountQueries
from graphql_schema.marketing.mutations import MarketingMutations
from graphql_schema.marketing.newsletter import NewsletterMutations
from graphql_schema.marketing.queries import MarketingQueries
from graphql_schema.orders.documents import FulfillmentDocumentMutations, FulfillmentDocumentQueries
from graphql_schema.orders.granted_refunds import GrantedRefundMutations
from graphql_schema.orders.mutations import OrderMutations
from graphql_schema.orders.mutations_fulfilment import FulfilmentMutations
from graphql_schema.orders.queries import OrderQueries
from graphql_schema.payments.mutations import PaymentMutations
from graphql_schema.payments.scalars import PAYMENT_SCALARS
from graphql_schema.provenance.earnings import EarningsQueries
from graphql_schema.provenance.mutations import ProvenanceMutations
from graphql_schema.provenance.mutations_makers import MakerMutations
from graphql_schema.provenance.queries import ProvenanceQueries
from graphql_schema.seller import SellerOfRecordMutations
from graphql_schema.shipping.types import SHIPPING_TYPES
from graphql_schema.shop import ShopQueries

QUERIES: tuple[type, ...] = (
    ChannelQueries,
    AccountQueries,
    AddressQueries,
    CatalogQueries,
    ShopQueries,
    ProvenanceQueries,
    CheckoutQueries,
    OrderQueries,
    # Staff and permission groups (issue 10).
    StaffQueries,
    # Makers' statements (issue 10).
    EarningsQueries,
    # A fulfilment's export papers (issue 10).
    FulfillmentDocumentQueries,
    # Campaigns, their links and reports (issue 12).
    MarketingQueries,
    # Pages and menus (issue 12).
    ContentQueries,
    # Vouchers and gift cards (issue 12).
    DiscountQueries,
    # Page types and menu items (issue 12, helper vouch).
    ContentTypeQueries,
    # Catalogue and order promotions (issue 12).
    PromotionQueries,
)
MUTATIONS: tuple[type, ...] = (
    AccountMutations,
    AccountLifecycleMutations,
    AddressBookMutations,
    ProvenanceMutations,
    CheckoutMutations,
    MetadataMutations,
    OrderMutations,
    # Fulfilment: orderFulfill, tracking, fulfilment cancel, returns (issue 10).
    FulfilmentMutations,
    PaymentMutations,
    # Staff and permission groups (issue 10).
    StaffMutations,
    # Staff catalogue writes (issue 10).
    ProductMutations,
    StructureMutations,
    TranslationMutations,
    AttributeMutations,
    StockMutations,
    WarehouseMutations,
    VariantBulkMutations,
    # The seller of record (issue 10).
    SellerOfRecordMutations,
    # Makers, producer groups and villages (issue 10).
    MakerMutations,
    # A fulfilment's export papers (issue 10).
    FulfillmentDocumentMutations,
    # Product media and maker portraits (issue 10).
    ProductMediaMutations,
    MakerPortraitMutations,
    # Campaigns and their links (issue 12).
    MarketingMutations,
    # Pages, page types and menus (issue 12).
    PageMutations,
    MenuMutations,
    # Promo codes, vouchers and gift cards (issue 12).
    CheckoutPromoCodeMutations,
    DiscountMutations,
    # Granted refunds: orderGrantRefundCreate, transactionRequestRefundForGrantedRefund (issue 10).
    GrantedRefundMutations,
    # Newsletter consent with double opt-in (issue 12, reach).
    NewsletterMutations,
    # Catalogue and order promotions (issue 12).
    PromotionMutations,
)

Query = merge_types("Query", QUERIES)
Mutation = merge_types("Mutation", MUTATIONS) if MUTATIONS else None


class AsalSchema(strawberry.Schema):
    """Strawberry's schema, logging refusals in one line and failures with their traceback."""

    def process_errors(
        self, errors: Sequence[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors)


# DocumentCache answers parsing and the schema's validation rules before QueryLimits adds the
# variable-dependent checks (graphql_schema/core/document_cache.py). MaskErrors hides the text of
# failures (bugs) from callers once they are logged (graphql_schema/core/error_reporting.py).
schema = AsalSchema(
    query=Query,
    mutation=Mutation,
    # Address: an ``ObjectWithMetadata`` the metadata mutations return, whatever else returns it.
    types=[*CATALOG_TYPES, *SHIPPING_TYPES, *UNREPORTED_ERROR_CODE_ENUMS, Address],
    extensions=[
        MaskInternalErrors,
        DocumentCache,
        FieldOptimizerExtension,
        QueryLimits,
    ],
    config=StrawberryConfig(scalar_map={**SCALAR_MAP, **PAYMENT_SCALARS}, default_resolver=node_attribute),
    # Queries run through a compiled plan per selection (issue 11: graphql_schema/core/compiled.py).
    execution_context_class=CompiledExecutionContext,
)

# Resolvers without field extensions are called directly, not through strawberry's per-call
# layers (issue 11's lean path: graphql_schema/core/lean.py).
lean_resolvers(schema)
