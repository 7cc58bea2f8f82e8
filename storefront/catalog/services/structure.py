"""The catalogue's structure: categories, collections, attributes and product types."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import (
    GOOGLE_PRODUCT_CATEGORY_MAX_LENGTH,
    Attribute,
    AttributeValue,
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductType,
    ProductTypeAttribute,
    ProductTypeVariantAttribute,
)
from storefront.catalog.services._common import (
    fields_save_changed,
)
from storefront.catalog.services.read_models import (
    product_channel_listings_discounted_price_update,
    product_search_documents_update,
)
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_changed

# --- categories and collections ---------------------------------------------------------


def _category_levels_refresh(category: Category) -> None:
    for child in Category.objects.filter(parent=category):
        if fields_save_changed(child, {"level": category.level + 1}):
            _category_levels_refresh(child)


@transaction.atomic
def category_upsert(
    *,
    slug: str,
    name: str,
    parent: Category | None = None,
    description: dict[str, Any] | None = None,
    seo_title: str = "",
    seo_description: str = "",
) -> Category:
    """Create or update a category by slug; ``level`` follows the parent, down the whole subtree."""
    if parent is not None and parent.slug == slug:
        raise CatalogError(ProductErrorCode.INVALID, "A category cannot be its own parent.", field="parent")
    fields = {
        "name": name,
        "parent": parent,
        "level": parent.level + 1 if parent else 0,
        "description": description,
        "seo_title": seo_title,
        "seo_description": seo_description,
    }
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        return Category.objects.create(slug=slug, **fields)
    parent_before = category.parent_id
    if fields_save_changed(category, fields):
        _category_levels_refresh(category)
    if category.parent_id != parent_before:
        # Moved under another parent: a catalogue promotion on its new (or old) ancestors covers
        # (or no longer covers) the products of its whole subtree.
        product_channel_listings_discounted_price_update(
            product_ids=Product.objects.filter(category_id__in=category_subtree_ids(category)).values_list(
                "pk", flat=True
            )
        )
    return category


def category_subtree_ids(category: Category) -> list[int]:
    """The category's ID and its descendants' (breadth first)."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        found = Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in found if pk not in ids]
        ids += frontier
    return ids


def category_google_product_category_set(*, category: Category, value: str) -> Category:
    """Set the category's Google product category (a taxonomy id such as ``4171`` or a path such as
    ``Home & Garden > Decor``; empty: its parent's applies). Product feeds send it."""
    value = " ".join(value.split())
    if len(value) > GOOGLE_PRODUCT_CATEGORY_MAX_LENGTH:
        raise CatalogError(
            ProductErrorCode.INVALID, "Google product category is too long.", field="google_product_category"
        )
    fields_save_changed(category, {"google_product_category": value})
    return category


@transaction.atomic
def collection_upsert(
    *,
    slug: str,
    name: str,
    description: dict[str, Any] | None = None,
    seo_title: str = "",
    seo_description: str = "",
    products: Sequence[Product] | None = None,
) -> Collection:
    """Create or update a collection by slug; ``products`` (in order) replaces its members."""
    fields = {
        "name": name,
        "description": description,
        "seo_title": seo_title,
        "seo_description": seo_description,
    }
    collection = Collection.objects.filter(slug=slug).first()
    if collection is None:
        collection = Collection.objects.create(slug=slug, **fields)
    else:
        fields_save_changed(collection, fields)
    if products is not None:
        current = list(
            CollectionProduct.objects.filter(collection=collection).values_list("product_id", flat=True)
        )
        if current != [p.pk for p in products]:
            CollectionProduct.objects.filter(collection=collection).delete()
            catalogue_changed()  # no signals from update/bulk_create
            CollectionProduct.objects.bulk_create(
                CollectionProduct(collection=collection, product=p, sort_order=i)
                for i, p in enumerate(products)
            )
            product_channel_listings_discounted_price_update(
                product_ids=[*current, *(p.pk for p in products)]
            )
    return collection


def collection_channel_listing_update(
    *, collection: Collection, channel: Channel, is_published: bool, published_at: datetime | None = None
) -> CollectionChannelListing:
    listing, created = CollectionChannelListing.objects.get_or_create(
        collection=collection,
        channel=channel,
        defaults={"is_published": is_published, "published_at": published_at},
    )
    if not created:
        fields_save_changed(listing, {"is_published": is_published, "published_at": published_at})
    return listing


# --- attributes and product types -------------------------------------------------------


def attribute_upsert(*, slug: str, name: str, input_type: str, **options: Any) -> Attribute:
    """Create or update an attribute by slug (``options``: unit, visibility, filterability…)."""
    fields = {"name": name, "input_type": input_type, **options}
    attribute = Attribute.objects.filter(slug=slug).first()
    if attribute is None:
        return Attribute.objects.create(slug=slug, **fields)
    fields_save_changed(attribute, fields)
    return attribute


def attribute_value_upsert(
    *, attribute: Attribute, slug: str, name: str, sort_order: int = 0, **typed: Any
) -> AttributeValue:
    """Create or update a value by (attribute, slug); ``typed``: value (hex), plain_text, numeric, boolean."""
    fields = {"name": name, "sort_order": sort_order, **typed}
    value = AttributeValue.objects.filter(attribute=attribute, slug=slug).first()
    if value is None:
        return AttributeValue.objects.create(attribute=attribute, slug=slug, **fields)
    renamed = value.name != name
    fields_save_changed(value, fields)
    if renamed:
        products = Product.objects.filter(
            Q(attribute_values__value=value) | Q(variants__attribute_values__value=value)
        ).distinct()
        product_search_documents_update(products=products)
    return value


def attribute_value_for_product(
    *, attribute: Attribute, product: Product, value: str | Decimal | bool
) -> AttributeValue:
    """The product's own value of a plain-text, numeric or boolean attribute (Saleor's slug scheme)."""
    if attribute.input_type == Attribute.InputType.BOOLEAN:
        flag = bool(value)
        label = f"{attribute.name}: {'Yes' if flag else 'No'}"
        return attribute_value_upsert(
            attribute=attribute, slug=f"{attribute.pk}_{str(flag).lower()}", name=label, boolean=flag
        )
    slug = f"{product.pk}_{attribute.pk}"
    if attribute.input_type == Attribute.InputType.NUMERIC:
        number = Decimal(value) if not isinstance(value, Decimal) else value
        return attribute_value_upsert(
            attribute=attribute, slug=slug, name=f"{number.normalize():f}", numeric=number
        )
    if attribute.input_type == Attribute.InputType.PLAIN_TEXT:
        text = str(value)
        return attribute_value_upsert(attribute=attribute, slug=slug, name=text[:250], plain_text=text)
    raise CatalogError(
        ProductErrorCode.INVALID, f"Attribute {attribute.slug} takes predefined values.", field="attributes"
    )


@transaction.atomic
def product_type_upsert(
    *,
    slug: str,
    name: str,
    product_attributes: Sequence[Attribute] = (),
    variant_attributes: Sequence[Attribute] = (),
    variant_selection: Sequence[Attribute] = (),
    **fields: Any,
) -> ProductType:
    """Create or update a product type (``fields``: has_variants, is_food, weight_kg, hs_code…)."""
    product_type = ProductType.objects.filter(slug=slug).first()
    if product_type is None:
        product_type = ProductType.objects.create(slug=slug, name=name, **fields)
    else:
        fields_save_changed(product_type, {"name": name, **fields})
    for order, attribute in enumerate(product_attributes):
        link, _ = ProductTypeAttribute.objects.get_or_create(
            product_type=product_type, attribute=attribute, defaults={"sort_order": order}
        )
        fields_save_changed(link, {"sort_order": order})
    for order, attribute in enumerate(variant_attributes):
        link_v, _ = ProductTypeVariantAttribute.objects.get_or_create(
            product_type=product_type, attribute=attribute, defaults={"sort_order": order}
        )
        fields_save_changed(
            link_v, {"sort_order": order, "variant_selection": attribute in variant_selection}
        )
    return product_type
