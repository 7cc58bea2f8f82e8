"""Translations of products, variants, categories, collections, attributes and values."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from storefront.catalog.models import (
    Attribute,
    AttributeTranslation,
    AttributeValue,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Collection,
    CollectionTranslation,
    Product,
    ProductTranslation,
    ProductVariant,
    ProductVariantTranslation,
)
from storefront.catalog.services._common import (
    translation_upsert,
)
from storefront.catalog.services.read_models import product_search_document_update

# --- translations ----------------------------------------------------------------------------


@transaction.atomic
def product_translation_update(*, product: Product, language_code: str, **fields: Any) -> ProductTranslation:
    """Translate a product (name, slug, description, seo_*); the translated name is searchable too."""
    translation = translation_upsert(
        ProductTranslation, owner_field="product", owner=product, language_code=language_code, fields=fields
    )
    product_search_document_update(product=product)
    return translation


def category_translation_update(
    *, category: Category, language_code: str, **fields: Any
) -> CategoryTranslation:
    return translation_upsert(
        CategoryTranslation,
        owner_field="category",
        owner=category,
        language_code=language_code,
        fields=fields,
    )


def collection_translation_update(
    *, collection: Collection, language_code: str, **fields: Any
) -> CollectionTranslation:
    return translation_upsert(
        CollectionTranslation,
        owner_field="collection",
        owner=collection,
        language_code=language_code,
        fields=fields,
    )


def attribute_translation_update(
    *, attribute: Attribute, language_code: str, name: str
) -> AttributeTranslation:
    return translation_upsert(
        AttributeTranslation,
        owner_field="attribute",
        owner=attribute,
        language_code=language_code,
        fields={"name": name},
    )


def attribute_value_translation_update(
    *, value: AttributeValue, language_code: str, name: str
) -> AttributeValueTranslation:
    return translation_upsert(
        AttributeValueTranslation,
        owner_field="attribute_value",
        owner=value,
        language_code=language_code,
        fields={"name": name},
    )


def variant_translation_update(
    *, variant: ProductVariant, language_code: str, name: str
) -> ProductVariantTranslation:
    return translation_upsert(
        ProductVariantTranslation,
        owner_field="product_variant",
        owner=variant,
        language_code=language_code,
        fields={"name": name},
    )
