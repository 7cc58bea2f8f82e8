"""Staff writes of products and their channel listings (Saleor's ``productCreate/Update/Delete`` and
``productChannelListingUpdate``): every rule checked before anything is written, every problem
reported at once, one audit entry with the product before and after, in one transaction.

They build on the catalogue's own writes (``products``, ``read_models``), so the search document
and the channel listings' cheapest prices stay true after each call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import (
    Attribute,
    Collection,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services._common import description_plaintext, fields_save_changed
from storefront.catalog.services.attribute_input import (
    AttributeChoice,
    attribute_choices_check,
    attribute_values_resolve,
)
from storefront.catalog.services.products import product_attributes_assign, product_channel_listing_update
from storefront.catalog.services.read_models import (
    product_channel_listing_discounted_price_update,
    product_channel_listings_discounted_price_update,
    product_search_document_update,
)
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.staff_checks import (
    description_problems,
    name_problems,
    seo_problems,
    slug_problems,
    weight_clean,
)
from storefront.channels.models import Channel
from storefront.core.money import currency_precision

Code = ProductErrorCode
UNSET: Any = object()  # "not in the input", as opposed to an explicit null


def product_snapshot(product: Product) -> dict[str, Any]:
    """What the audit log keeps of a product: its own fields, attributes, collections and listings."""
    return {
        "name": product.name,
        "slug": product.slug,
        "product_type": product.product_type_id,
        "category": product.category_id,
        "description": product.description,
        "seo_title": product.seo_title,
        "seo_description": product.seo_description,
        "weight_kg": product.weight_kg,
        "rating": product.rating,
        "attribute_values": list(product.attribute_values.values_list("value_id", flat=True)),
        "collections": sorted(product.collection_products.values_list("collection_id", flat=True)),
        "channel_listings": [
            {
                "channel": listing.channel_id,
                "is_published": listing.is_published,
                "published_at": listing.published_at,
                "visible_in_listings": listing.visible_in_listings,
                "available_for_purchase_at": listing.available_for_purchase_at,
            }
            for listing in product.channel_listings.order_by("channel_id")
        ],
    }


def _product_type_attributes(product_type: ProductType) -> list[Attribute]:
    return list(Attribute.objects.filter(product_types=product_type).order_by("pk"))


def _collections_add(product: Product, collections: Sequence[Collection]) -> bool:
    """Add the product to the collections it is not in yet; return whether it joined any."""
    present = set(product.collection_products.values_list("collection_id", flat=True))
    joined = False
    for collection in collections:
        if collection.pk in present:
            continue
        last = collection.collection_products.order_by("-sort_order").values_list("sort_order", flat=True)
        CollectionProduct.objects.create(
            collection=collection, product=product, sort_order=(last.first() or 0) + 1
        )
        present.add(collection.pk)
        joined = True
    return joined


@dataclass
class ProductFields:
    """A product input as decoded by the API; ``UNSET`` marks fields the input leaves out."""

    name: Any = UNSET
    slug: Any = UNSET
    category: Any = UNSET  # Category | None
    description: Any = UNSET
    seo_title: Any = UNSET
    seo_description: Any = UNSET
    weight: Any = UNSET  # Decimal (kg) | None
    rating: Any = UNSET
    attributes: Sequence[AttributeChoice] | None = None
    collections: Sequence[Collection] | None = None


def _product_changes(
    fields: ProductFields, *, product: Product | None, problems: list[CatalogError]
) -> dict[str, Any]:
    creating = product is None
    changes: dict[str, Any] = {}
    name = None if fields.name is UNSET else fields.name
    problems += name_problems(name, required=creating or fields.name is not UNSET)
    if fields.name is not UNSET and name:
        changes["name"] = name.strip()
    if fields.slug is not UNSET:
        problems += slug_problems(Product, fields.slug, exclude_pk=product.pk if product else None)
        if fields.slug:
            changes["slug"] = fields.slug
    if fields.category is not UNSET:
        changes["category"] = fields.category
    if fields.description is not UNSET:
        problems += description_problems(fields.description)
        changes["description"] = fields.description
        changes["description_plaintext"] = (
            description_plaintext(fields.description) if isinstance(fields.description, dict) else ""
        )
    seo_title = None if fields.seo_title is UNSET else fields.seo_title
    seo_description = None if fields.seo_description is UNSET else fields.seo_description
    problems += seo_problems(seo_title, seo_description)
    if fields.seo_title is not UNSET:
        changes["seo_title"] = (seo_title or "").strip()
    if fields.seo_description is not UNSET:
        changes["seo_description"] = (seo_description or "").strip()
    if fields.weight is not UNSET:
        changes["weight_kg"] = weight_clean(fields.weight, problems)
    if fields.rating is not UNSET:
        rating = fields.rating
        if rating is not None and not (0 <= float(rating) <= 1000):
            problems.append(
                CatalogError(Code.INVALID, "A rating is a number from 0 to 1000.", field="rating")
            )
        changes["rating"] = rating
    return changes


@transaction.atomic
def staff_product_create(*, actor: Actor, product_type: ProductType, fields: ProductFields) -> Product:
    """Saleor's ``productCreate``: a product of ``product_type``, its slug made from its name if
    none is given (``-2``, ``-3``… when taken), its attributes checked against the type."""
    problems: list[CatalogError] = []
    changes = _product_changes(fields, product=None, problems=problems)
    allowed = _product_type_attributes(product_type)
    problems += attribute_choices_check(fields.attributes or (), allowed=allowed, creating=True)
    if problems:
        raise CatalogError.group(problems)
    if not changes.get("slug"):
        changes["slug"] = slug_unique(Product, changes["name"], fallback="product")
    product = Product.objects.create(product_type=product_type, **changes)
    values = attribute_values_resolve(fields.attributes or (), owner_key=str(product.pk))
    if values:
        product_attributes_assign(product=product, values=values)
    _collections_add(product, fields.collections or ())
    product_search_document_update(product=product)
    audit_log_record(
        actor=actor,
        action="product.created",
        target=product,
        payload={"before": None, "after": product_snapshot(product)},
    )
    return product


@transaction.atomic
def staff_product_update(*, actor: Actor, product: Product, fields: ProductFields) -> Product:
    """Saleor's ``productUpdate``: only the fields given change; attributes given replace theirs."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = product_snapshot(product)
    problems: list[CatalogError] = []
    changes = _product_changes(fields, product=product, problems=problems)
    if fields.attributes is not None:
        allowed = _product_type_attributes(product.product_type)
        problems += attribute_choices_check(fields.attributes, allowed=allowed, creating=False)
    if problems:
        raise CatalogError.group(problems)
    category_before = product.category_id
    fields_save_changed(product, changes)
    # A catalogue promotion may cover the product's category or collections: a move in or out
    # reprices its variants (this product only) in this transaction.
    reprice = product.category_id != category_before
    if fields.attributes is not None:
        given = {choice.attribute.pk for choice in fields.attributes}
        kept = [
            v for v in product.attribute_values.select_related("value") if v.value.attribute_id not in given
        ]
        values = [assigned.value for assigned in kept]
        values += attribute_values_resolve(fields.attributes, owner_key=str(product.pk))
        product_attributes_assign(product=product, values=values)
    if fields.collections is not None:
        reprice |= _collections_add(product, fields.collections)
    if reprice:
        product_channel_listings_discounted_price_update(product_ids=[product.pk])
    product_search_document_update(product=product)
    after = product_snapshot(product)
    if after != before:
        audit_log_record(
            actor=actor, action="product.updated", target=product, payload={"before": before, "after": after}
        )
    return product


def _refuse_if_allocated(variants: Any, *, what: str) -> None:
    # Stock rows and their allocations stand above the catalogue (inventory, orders): named by
    # relation only. Deleting them would let an unfulfilled order lose the stock it holds.
    if variants.filter(stocks__allocations__isnull=False).exists():
        raise CatalogError(
            Code.INVALID, f"The {what} has stock allocated to orders not yet fulfilled.", field="id"
        )


def delete_or_refuse(instance: Product | ProductVariant, *, what: str) -> None:
    """Delete, or refuse when certified pieces (production lots) name the row: their certificates
    are signed facts about it and must keep pointing somewhere."""
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise CatalogError(
            Code.INVALID, f"The {what} has certified pieces; it cannot be deleted.", field="id"
        ) from None


@transaction.atomic
def staff_product_delete(*, actor: Actor, product: Product) -> Product:
    """Saleor's ``productDelete``. Orders keep what they sold (their lines are copies, the variant
    link is set to null); returns the product as it was, with its ID."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _refuse_if_allocated(ProductVariant.objects.filter(product=product), what="product")
    pk = product.pk
    before = product_snapshot(product)
    audit_log_record(
        actor=actor, action="product.deleted", target=product, payload={"before": before, "after": None}
    )
    delete_or_refuse(product, what="product")
    product.pk = pk
    return product


# --- channel listings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductChannelUpdate:
    """One entry of ``updateChannels``, decoded; ``None`` leaves a field as it is."""

    channel: Channel
    is_published: bool | None = None
    published_at: datetime | None = None
    visible_in_listings: bool | None = None
    is_available_for_purchase: bool | None = None
    available_for_purchase_at: datetime | None = None
    add_variants: Sequence[ProductVariant] = ()
    remove_variants: Sequence[ProductVariant] = ()


def _listing_problems(
    product: Product, updates: Sequence[ProductChannelUpdate], remove: Sequence[Channel]
) -> list[CatalogError]:
    problems: list[CatalogError] = []
    updated = [u.channel for u in updates]
    repeated = [c for i, c in enumerate(updated) if c in updated[:i]]
    if repeated:
        problems.append(
            CatalogError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same channel is given twice.",
                field="updateChannels",
                channels=repeated,
            )
        )
    both = [c for c in dict.fromkeys(updated) if c in remove]
    if both:
        problems += [
            CatalogError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same channels are both updated and removed.",
                field=f,
                channels=both,
            )
            for f in ("updateChannels", "removeChannels")
        ]
    for update in updates:
        if update.is_published and product.category_id is None:
            problems.append(
                CatalogError(
                    Code.PRODUCT_WITHOUT_CATEGORY,
                    "You must select a category to be able to publish.",
                    field="isPublished",
                    channels=[update.channel],
                )
            )
        strangers = [v for v in (*update.add_variants, *update.remove_variants) if v.product_id != product.pk]
        if strangers:
            problems.append(
                CatalogError(
                    Code.NOT_PRODUCTS_VARIANT,
                    "These variants are not this product's.",
                    field="addVariants",
                    variants=strangers,
                    channels=[update.channel],
                )
            )
        both_v = [v for v in update.add_variants if v in update.remove_variants]
        if both_v:
            problems.append(
                CatalogError(
                    Code.DUPLICATED_INPUT_ITEM,
                    "The same variants are both added and removed.",
                    field="addVariants",
                    variants=both_v,
                    channels=[update.channel],
                )
            )
        unpriced = [
            v
            for v in update.add_variants
            if v.product_id == product.pk
            and not ProductVariantChannelListing.objects.filter(variant=v, channel=update.channel).exists()
        ]
        if unpriced:
            problems.append(
                CatalogError(
                    Code.INVALID,
                    "Price these variants in the channel with productVariantChannelListingUpdate.",
                    field="addVariants",
                    variants=unpriced,
                    channels=[update.channel],
                )
            )
    return problems


@transaction.atomic
def staff_product_channel_listings_update(
    *,
    actor: Actor,
    product: Product,
    update_channels: Sequence[ProductChannelUpdate] = (),
    remove_channels: Sequence[Channel] = (),
) -> Product:
    """Saleor's ``productChannelListingUpdate``: list the product in channels, change how it shows
    there, or take it out (with its variants' prices there)."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = product_snapshot(product)
    problems = _listing_problems(product, update_channels, remove_channels)
    if problems:
        raise CatalogError.group(problems)
    now = timezone.now()
    for update in update_channels:
        current = ProductChannelListing.objects.filter(product=product, channel=update.channel).first()
        is_published = (
            update.is_published if update.is_published is not None else bool(current and current.is_published)
        )
        published_at = update.published_at or (current.published_at if current else None)
        if is_published and published_at is None:
            published_at = now
        available_at = current.available_for_purchase_at if current else None
        if update.available_for_purchase_at is not None:
            available_at = update.available_for_purchase_at
        elif update.is_available_for_purchase is False:
            available_at = None
        elif update.is_available_for_purchase and available_at is None:
            available_at = now
        visible = update.visible_in_listings
        if visible is None:
            visible = current.visible_in_listings if current else True
        product_channel_listing_update(
            product=product,
            channel=update.channel,
            is_published=is_published,
            published_at=published_at,
            visible_in_listings=visible,
            available_for_purchase_at=available_at,
        )
        if update.remove_variants:
            ProductVariantChannelListing.objects.filter(
                variant__in=update.remove_variants, channel=update.channel
            ).delete()
    if remove_channels:
        ProductChannelListing.objects.filter(product=product, channel__in=remove_channels).delete()
        ProductVariantChannelListing.objects.filter(
            variant__product=product, channel__in=remove_channels
        ).delete()
    product_channel_listing_discounted_price_update(product=product)
    after = product_snapshot(product)
    if after != before:
        audit_log_record(
            actor=actor,
            action="product.channel_listings_updated",
            target=product,
            payload={"before": before["channel_listings"], "after": after["channel_listings"]},
        )
    return product


def price_clean(
    amount: Decimal | None, *, currency: str, field: str, problems: list[CatalogError], channel: Channel
) -> Decimal | None:
    """A price in ``currency``: not negative, no more decimals than the currency has."""
    if amount is None:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 15:
        problems.append(CatalogError(Code.INVALID, "Enter a price from 0.", field=field, channels=[channel]))
        return None
    places = currency_precision(currency)
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        problems.append(
            CatalogError(
                Code.INVALID,
                f"Value cannot have more than {places} decimal places.",
                field=field,
                channels=[channel],
            )
        )
        return None
    return amount
