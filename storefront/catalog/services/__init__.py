"""Catalogue writes: products, variants, listings, attributes, translations, collections, categories.

A package by concept (``structure``, ``products``, ``translations``, ``read_models``; the staff
back office's audited writes in ``staff_*``, which check a whole input first); import from here.
Every write that changes an input of a read model refreshes it in the same transaction:
``Product.search_document`` and ``ProductChannelListing.discounted_price_amount``. Updates save only
the fields that changed, so re-applying the same data is a no-op and ``updated_at`` stays put (the
demo loader relies on that to be idempotent).
"""

from storefront.catalog.services._common import description_plaintext
from storefront.catalog.services.makers import maker_publication_consent, maker_publication_withdraw
from storefront.catalog.services.products import (
    product_attributes_assign,
    product_channel_listing_update,
    product_create,
    product_update,
    variant_channel_listing_update,
    variant_delete,
    variant_upsert,
)
from storefront.catalog.services.read_models import (
    product_channel_listing_discounted_price_update,
    product_channel_listings_discounted_price_update,
    product_prices_deferred,
    product_search_document_build,
    product_search_document_update,
    product_search_documents_update,
    product_search_documents_update_for_maker,
)
from storefront.catalog.services.staff_products import (
    staff_product_channel_listings_update,
    staff_product_create,
    staff_product_delete,
    staff_product_update,
)
from storefront.catalog.services.staff_variants import (
    staff_variant_channel_listings_update,
    staff_variant_create,
    staff_variant_delete,
    staff_variant_update,
)
from storefront.catalog.services.structure import (
    attribute_upsert,
    attribute_value_for_product,
    attribute_value_upsert,
    category_upsert,
    collection_channel_listing_update,
    collection_upsert,
    product_type_upsert,
)
from storefront.catalog.services.translations import (
    attribute_translation_update,
    attribute_value_translation_update,
    category_translation_update,
    collection_translation_update,
    product_translation_update,
    variant_translation_update,
)

__all__ = [
    "attribute_translation_update",
    "attribute_upsert",
    "attribute_value_for_product",
    "attribute_value_translation_update",
    "attribute_value_upsert",
    "category_translation_update",
    "category_upsert",
    "collection_channel_listing_update",
    "collection_translation_update",
    "collection_upsert",
    "description_plaintext",
    "maker_publication_consent",
    "maker_publication_withdraw",
    "product_attributes_assign",
    "product_channel_listing_discounted_price_update",
    "product_channel_listing_update",
    "product_channel_listings_discounted_price_update",
    "product_create",
    "product_prices_deferred",
    "product_search_document_build",
    "product_search_document_update",
    "product_search_documents_update",
    "product_search_documents_update_for_maker",
    "product_translation_update",
    "product_type_upsert",
    "product_update",
    "staff_product_channel_listings_update",
    "staff_product_create",
    "staff_product_delete",
    "staff_product_update",
    "staff_variant_channel_listings_update",
    "staff_variant_create",
    "staff_variant_delete",
    "staff_variant_update",
    "variant_channel_listing_update",
    "variant_delete",
    "variant_translation_update",
    "variant_upsert",
]
