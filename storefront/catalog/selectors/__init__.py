"""Reads of the catalogue for the storefront API: what a buyer (or staff) may see, in one channel.

Every selector answers for a whole page at once (``*_for(ids)``) or returns a queryset the API
paginates, so a listing costs the same number of queries for 1 or 100 products.
"""

from storefront.catalog.selectors.products import (
    category_listed_count,
    category_listed_total,
    listed_product_count,
    listed_product_listings,
    listed_product_total,
    product_annotate_prices,
    product_annotate_provenance,
    product_annotate_thumbnail,
    product_get_by_slug,
    product_list_for_channel,
    products_with_slug,
    variant_list_for_channel,
    variants_for_products,
)
from storefront.catalog.selectors.relations import (
    product_attribute_values_for,
    product_media_for,
    translation_pick,
    translations_all_for,
    translations_for,
    translations_from_json,
    translations_json,
    variant_attribute_values_for,
)
from storefront.catalog.selectors.structure import (
    attribute_list,
    categories_for,
    category_ancestor_ids_for,
    category_descendant_ids_for,
    category_get_by_slug,
    category_list,
    collection_get_by_slug,
    collection_list_for_channel,
    collections_for_products,
)

__all__ = [
    "attribute_list",
    "categories_for",
    "category_ancestor_ids_for",
    "category_descendant_ids_for",
    "category_get_by_slug",
    "category_list",
    "category_listed_count",
    "category_listed_total",
    "collection_get_by_slug",
    "collection_list_for_channel",
    "collections_for_products",
    "listed_product_count",
    "listed_product_listings",
    "listed_product_total",
    "product_annotate_prices",
    "product_annotate_provenance",
    "product_annotate_thumbnail",
    "product_attribute_values_for",
    "product_get_by_slug",
    "product_list_for_channel",
    "product_media_for",
    "products_with_slug",
    "translation_pick",
    "translations_all_for",
    "translations_for",
    "translations_from_json",
    "translations_json",
    "variant_attribute_values_for",
    "variant_list_for_channel",
    "variants_for_products",
]
