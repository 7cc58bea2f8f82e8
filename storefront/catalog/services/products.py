"""Products, variants, attribute assignment and per-channel listings and prices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from provenance.origins.models import Maker, Material, Origin, Technique
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    Product,
    ProductChannelListing,
    ProductType,
    ProductTypeAttribute,
    ProductTypeVariantAttribute,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services._common import (
    description_plaintext,
    fields_save_changed,
    m2m_set,
)
from storefront.catalog.services.read_models import (
    product_channel_listing_discounted_price_update,
    product_search_document_update,
)
from storefront.channels.models import Channel
from storefront.core.money import quantize_amount
from storefront.core.versioned_cache import catalogue_changed

# --- products and variants -----------------------------------------------------------------


def _product_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(fields)
    if "description" in data:
        data["description_plaintext"] = description_plaintext(data["description"])
    return data


@transaction.atomic
def product_create(
    *,
    product_type: ProductType,
    name: str,
    slug: str,
    origin: Origin | None = None,
    makers: Sequence[Maker] = (),
    materials: Sequence[Material] = (),
    techniques: Sequence[Technique] = (),
    **fields: Any,
) -> Product:
    """Create a product (``fields``: description, category, seo_*, weight_kg, hs_code, food fields)."""
    if Product.objects.filter(slug=slug).exists():
        raise CatalogError(ProductErrorCode.UNIQUE, f"Slug {slug!r} is taken.", field="slug")
    product = Product.objects.create(
        product_type=product_type, name=name, slug=slug, origin=origin, **_product_fields(fields)
    )
    product.makers.set(makers)
    product.materials.set(materials)
    product.techniques.set(techniques)
    product_search_document_update(product=product)
    return product


@transaction.atomic
def product_update(
    *,
    product: Product,
    makers: Sequence[Maker] | None = None,
    materials: Sequence[Material] | None = None,
    techniques: Sequence[Technique] | None = None,
    **fields: Any,
) -> bool:
    """Change what differs; return whether anything did. The search document follows, and a
    category change reprices the product's variants (a catalogue promotion may cover either)."""
    category_before = product.category_id
    changed = fields_save_changed(product, _product_fields(fields))
    if product.category_id != category_before:
        product_channel_listing_discounted_price_update(product=product)
    if makers is not None:
        changed |= m2m_set(product.makers, makers)
    if materials is not None:
        changed |= m2m_set(product.materials, materials)
    if techniques is not None:
        changed |= m2m_set(product.techniques, techniques)
    if changed:
        product_search_document_update(product=product)
    return changed


def _check_assignable(values: Sequence[AttributeValue], allowed_ids: set[int]) -> None:
    for value in values:
        if value.attribute_id not in allowed_ids:
            raise CatalogError(
                ProductErrorCode.ATTRIBUTE_CANNOT_BE_ASSIGNED,
                f"Attribute {value.attribute_id} is not part of this product type.",
                field="attributes",
            )


@transaction.atomic
def product_attributes_assign(*, product: Product, values: Sequence[AttributeValue]) -> bool:
    """Make the product's attribute values exactly ``values`` (in order); refresh search on change."""
    allowed = set(
        ProductTypeAttribute.objects.filter(product_type_id=product.product_type_id).values_list(
            "attribute_id", flat=True
        )
    )
    _check_assignable(values, allowed)
    current = list(product.attribute_values.values_list("value_id", flat=True))
    if current == [v.pk for v in values]:
        return False
    AssignedProductAttributeValue.objects.filter(product=product).delete()
    catalogue_changed()  # no signals from update/bulk_create
    AssignedProductAttributeValue.objects.bulk_create(
        AssignedProductAttributeValue(product=product, value=v, sort_order=i) for i, v in enumerate(values)
    )
    product_search_document_update(product=product)
    return True


@transaction.atomic
def variant_upsert(
    *, product: Product, sku: str, attributes: Sequence[AttributeValue] = (), **fields: Any
) -> ProductVariant:
    """Create or update a variant by SKU (``fields``: name, weight_kg, *_cm, flags, lead_time_days…)."""
    if fields.get("is_made_to_order") and not fields.get("lead_time_days"):
        raise CatalogError(
            ProductErrorCode.REQUIRED, "Made-to-order needs a lead time.", field="leadTimeDays"
        )
    variant = ProductVariant.objects.filter(sku=sku).first()
    changed = True
    if variant is None:
        variant = ProductVariant.objects.create(product=product, sku=sku, **fields)
    elif variant.product_id != product.pk:
        raise CatalogError(ProductErrorCode.UNIQUE, f"SKU {sku!r} belongs to another product.", field="sku")
    else:
        changed = fields_save_changed(variant, fields)
    allowed = set(
        ProductTypeVariantAttribute.objects.filter(product_type_id=product.product_type_id).values_list(
            "attribute_id", flat=True
        )
    )
    _check_assignable(attributes, allowed)
    current = list(variant.attribute_values.values_list("value_id", flat=True))
    if current != [v.pk for v in attributes]:
        AssignedVariantAttributeValue.objects.filter(variant=variant).delete()
        catalogue_changed()  # no signals from update/bulk_create
        AssignedVariantAttributeValue.objects.bulk_create(
            AssignedVariantAttributeValue(variant=variant, value=v, sort_order=i)
            for i, v in enumerate(attributes)
        )
        changed = True
    if changed:
        product_search_document_update(product=product)
    return variant


@transaction.atomic
def variant_delete(*, variant: ProductVariant) -> None:
    """Remove a variant; its product's cheapest prices and search document follow."""
    product = variant.product
    variant.delete()
    product_channel_listing_discounted_price_update(product=product)
    product_search_document_update(product=product)


# --- channel listings ----------------------------------------------------------------------


def product_channel_listing_update(
    *,
    product: Product,
    channel: Channel,
    is_published: bool,
    published_at: datetime | None = None,
    visible_in_listings: bool = True,
    available_for_purchase_at: datetime | None = None,
) -> ProductChannelListing:
    """Put a product in a channel (or change how it shows there); the currency is the channel's."""
    fields = {
        "is_published": is_published,
        "published_at": published_at,
        "visible_in_listings": visible_in_listings,
        "available_for_purchase_at": available_for_purchase_at,
        "currency": channel.currency_code,
    }
    listing = ProductChannelListing.objects.filter(product=product, channel=channel).first()
    if listing is None:
        listing = ProductChannelListing.objects.create(product=product, channel=channel, **fields)
        product_channel_listing_discounted_price_update(product=product)
        listing.refresh_from_db()
    else:
        fields_save_changed(listing, fields)
    return listing


def _price(amount: Decimal | int | str | None, currency: str, field: str) -> Decimal | None:
    if amount is None:
        return None
    value = quantize_amount(amount, currency)
    if value < 0:
        raise CatalogError(ProductErrorCode.INVALID_PRICE, "Prices cannot be negative.", field=field)
    return value


@transaction.atomic
def variant_channel_listing_update(
    *,
    variant: ProductVariant,
    channel: Channel,
    price: Decimal | int | str,
    prior_price: Decimal | int | str | None = None,
    cost_price: Decimal | int | str | None = None,
) -> ProductVariantChannelListing:
    """Price a variant in a channel, quantized to the channel currency's minor unit.

    The product must already be listed in the channel (Saleor's rule); its cheapest
    price there is refreshed.
    """
    if not ProductChannelListing.objects.filter(product_id=variant.product_id, channel=channel).exists():
        raise CatalogError(
            ProductErrorCode.PRODUCT_NOT_ASSIGNED_TO_CHANNEL,
            f"The product is not listed in channel {channel.slug}.",
            field="channelId",
        )
    currency = channel.currency_code
    fields = {
        "currency": currency,
        "price_amount": _price(price, currency, "price"),
        "prior_price_amount": _price(prior_price, currency, "priorPrice"),
        "cost_price_amount": _price(cost_price, currency, "costPrice"),
    }
    listing = ProductVariantChannelListing.objects.filter(variant=variant, channel=channel).first()
    if listing is None:
        listing = ProductVariantChannelListing.objects.create(variant=variant, channel=channel, **fields)
    elif not fields_save_changed(listing, fields):
        return listing
    product_channel_listing_discounted_price_update(product=variant.product)
    return listing
