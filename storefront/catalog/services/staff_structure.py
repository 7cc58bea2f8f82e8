"""Staff writes of categories and collections (Saleor's ``categoryCreate/Update/Delete``,
``collectionCreate/Update/Delete/AddProducts/RemoveProducts`` and ``collectionChannelListingUpdate``).

Each checks its whole input first, writes in one transaction and records an audit entry with the
object before and after. Categories' ``level`` follows their parent; a deleted category takes its
subcategories with it and its products are taken off sale in every channel (a published product
needs a category, Saleor's rule), their search documents untouched (a category is not searched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.models import (
    Category,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductChannelListing,
)
from storefront.catalog.services._common import fields_save_changed
from storefront.catalog.services.read_models import product_channel_listings_discounted_price_update
from storefront.catalog.services.slugs import slug_unique
from storefront.catalog.services.staff_checks import (
    description_problems,
    name_problems,
    seo_problems,
    slug_problems,
)
from storefront.catalog.services.staff_products import UNSET
from storefront.channels.models import Channel
from storefront.core.versioned_cache import catalogue_changed

Code = ProductErrorCode
MAX_CATEGORY_DEPTH = 20


@dataclass
class StructureFields:
    """A category or collection input as decoded by the API; ``UNSET``: left out."""

    name: Any = UNSET
    slug: Any = UNSET
    description: Any = UNSET
    seo_title: Any = UNSET
    seo_description: Any = UNSET
    background_image_alt: Any = UNSET


def _changes(
    model: type[Category] | type[Collection],
    fields: StructureFields,
    *,
    instance: Category | Collection | None,
    problems: list[CatalogError],
) -> dict[str, Any]:
    creating = instance is None
    changes: dict[str, Any] = {}
    name = None if fields.name is UNSET else fields.name
    problems += name_problems(name, required=creating or fields.name is not UNSET)
    if fields.name is not UNSET and name:
        changes["name"] = name.strip()
    if fields.slug is not UNSET:
        problems += slug_problems(model, fields.slug, exclude_pk=instance.pk if instance else None)
        if fields.slug:
            changes["slug"] = fields.slug
    if fields.description is not UNSET:
        problems += description_problems(fields.description)
        changes["description"] = fields.description
    seo_title = None if fields.seo_title is UNSET else fields.seo_title
    seo_description = None if fields.seo_description is UNSET else fields.seo_description
    problems += seo_problems(seo_title, seo_description)
    if fields.seo_title is not UNSET:
        changes["seo_title"] = (seo_title or "").strip()
    if fields.seo_description is not UNSET:
        changes["seo_description"] = (seo_description or "").strip()
    if fields.background_image_alt is not UNSET:
        alt = (fields.background_image_alt or "").strip()
        if len(alt) > 128:
            problems.append(
                CatalogError(Code.INVALID, "At most 128 characters are allowed.", field="backgroundImageAlt")
            )
        changes["background_image_alt"] = alt
    return changes


def _snapshot(instance: Category | Collection) -> dict[str, Any]:
    data = {
        "name": instance.name,
        "slug": instance.slug,
        "description": instance.description,
        "seo_title": instance.seo_title,
        "seo_description": instance.seo_description,
        "background_image_alt": instance.background_image_alt,
    }
    if isinstance(instance, Category):
        data["parent"] = instance.parent_id
    else:
        data["products"] = list(instance.collection_products.values_list("product_id", flat=True))
        data["channel_listings"] = [
            {
                "channel": listing.channel_id,
                "is_published": listing.is_published,
                "published_at": listing.published_at,
            }
            for listing in instance.channel_listings.order_by("channel_id")
        ]
    return data


def _audit(actor: Actor, action: str, instance: Category | Collection, before: Any, after: Any) -> None:
    if before != after:
        audit_log_record(
            actor=actor, action=action, target=instance, payload={"before": before, "after": after}
        )


# --- categories -------------------------------------------------------------------------------------


@transaction.atomic
def staff_category_create(
    *, actor: Actor, fields: StructureFields, parent: Category | None = None
) -> Category:
    """Saleor's ``categoryCreate``: under ``parent`` (or at the top), slug made from the name."""
    problems: list[CatalogError] = []
    changes = _changes(Category, fields, instance=None, problems=problems)
    if parent is not None and parent.level + 1 > MAX_CATEGORY_DEPTH:
        problems.append(CatalogError(Code.INVALID, "The category tree is too deep.", field="parent"))
    if problems:
        raise CatalogError.group(problems)
    if not changes.get("slug"):
        changes["slug"] = slug_unique(Category, changes["name"], fallback="category")
    category = Category.objects.create(parent=parent, level=parent.level + 1 if parent else 0, **changes)
    _audit(actor, "category.created", category, None, _snapshot(category))
    return category


@transaction.atomic
def staff_category_update(*, actor: Actor, category: Category, fields: StructureFields) -> Category:
    """Saleor's ``categoryUpdate``: only the fields given change (the parent stays)."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    before = _snapshot(category)
    problems: list[CatalogError] = []
    changes = _changes(Category, fields, instance=category, problems=problems)
    if problems:
        raise CatalogError.group(problems)
    fields_save_changed(category, changes)
    _audit(actor, "category.updated", category, before, _snapshot(category))
    return category


def _subtree_ids(category: Category) -> list[int]:
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


@transaction.atomic
def staff_category_delete(*, actor: Actor, category: Category) -> Category:
    """Saleor's ``categoryDelete``: the category and its subcategories go; their products stay,
    without a category and unpublished everywhere. Returns the category as it was, with its ID."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    pk = category.pk
    tree = _subtree_ids(category)
    products = Product.objects.filter(category_id__in=tree)
    product_ids = list(products.values_list("pk", flat=True))
    ProductChannelListing.objects.filter(product__in=products, is_published=True).update(is_published=False)
    catalogue_changed()  # no signals from update/bulk_create
    audit_log_record(
        actor=actor,
        action="category.deleted",
        target=category,
        payload={"before": _snapshot(category), "after": None, "subcategories": tree[1:]},
    )
    category.delete()
    category.pk = pk
    # Without their category, a catalogue promotion on it (or an ancestor) no longer covers them.
    product_channel_listings_discounted_price_update(product_ids=product_ids)
    return category


# --- collections ------------------------------------------------------------------------------------


def _products_append(collection: Collection, products: Sequence[Product]) -> None:
    present = set(collection.collection_products.values_list("product_id", flat=True))
    last = collection.collection_products.order_by("-sort_order").values_list("sort_order", flat=True).first()
    order = last or 0
    rows = []
    for product in dict.fromkeys(products):
        if product.pk in present:
            continue
        order += 1
        rows.append(CollectionProduct(collection=collection, product=product, sort_order=order))
    CollectionProduct.objects.bulk_create(rows)
    catalogue_changed()  # no signals from update/bulk_create
    # A promotion on the collection now discounts them.
    product_channel_listings_discounted_price_update(product_ids=[row.product_id for row in rows])


@transaction.atomic
def staff_collection_create(
    *, actor: Actor, fields: StructureFields, products: Sequence[Product] = ()
) -> Collection:
    """Saleor's ``collectionCreate``: a collection (in no channel yet) holding ``products``."""
    problems: list[CatalogError] = []
    changes = _changes(Collection, fields, instance=None, problems=problems)
    if problems:
        raise CatalogError.group(problems)
    if not changes.get("slug"):
        changes["slug"] = slug_unique(Collection, changes["name"], fallback="collection")
    collection = Collection.objects.create(**changes)
    _products_append(collection, products)
    _audit(actor, "collection.created", collection, None, _snapshot(collection))
    return collection


@transaction.atomic
def staff_collection_update(*, actor: Actor, collection: Collection, fields: StructureFields) -> Collection:
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = _snapshot(collection)
    problems: list[CatalogError] = []
    changes = _changes(Collection, fields, instance=collection, problems=problems)
    if problems:
        raise CatalogError.group(problems)
    fields_save_changed(collection, changes)
    _audit(actor, "collection.updated", collection, before, _snapshot(collection))
    return collection


@transaction.atomic
def staff_collection_delete(*, actor: Actor, collection: Collection) -> Collection:
    """Saleor's ``collectionDelete``: its products stay. Returns it as it was, with its ID."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    pk = collection.pk
    audit_log_record(
        actor=actor,
        action="collection.deleted",
        target=collection,
        payload={"before": _snapshot(collection), "after": None},
    )
    product_ids = list(collection.collection_products.values_list("product_id", flat=True))
    collection.delete()
    collection.pk = pk
    # Out of the collection, a catalogue promotion on it no longer covers them.
    product_channel_listings_discounted_price_update(product_ids=product_ids)
    return collection


@transaction.atomic
def staff_collection_products_add(
    *, actor: Actor, collection: Collection, products: Sequence[Product]
) -> Collection:
    """Saleor's ``collectionAddProducts``: appended in the order given, ones already in it kept."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = _snapshot(collection)
    _products_append(collection, products)
    _audit(actor, "collection.products_added", collection, before, _snapshot(collection))
    return collection


@transaction.atomic
def staff_collection_products_remove(
    *, actor: Actor, collection: Collection, products: Sequence[Product]
) -> Collection:
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = _snapshot(collection)
    CollectionProduct.objects.filter(collection=collection, product__in=products).delete()
    product_channel_listings_discounted_price_update(product_ids=[product.pk for product in products])
    _audit(actor, "collection.products_removed", collection, before, _snapshot(collection))
    return collection


@dataclass(frozen=True)
class ChannelPublication:
    """One entry of ``addChannels``, decoded."""

    channel: Channel
    is_published: bool | None = None
    published_at: datetime | None = None


@transaction.atomic
def staff_collection_channel_listings_update(
    *,
    actor: Actor,
    collection: Collection,
    add_channels: Sequence[ChannelPublication] = (),
    remove_channels: Sequence[Channel] = (),
) -> Collection:
    """Saleor's ``collectionChannelListingUpdate``: publish in channels, or take it out of them."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    before = _snapshot(collection)
    added = [entry.channel for entry in add_channels]
    problems: list[CatalogError] = []
    repeated = [c for i, c in enumerate(added) if c in added[:i]]
    if repeated:
        problems.append(
            CatalogError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same channel is given twice.",
                field="addChannels",
                channels=repeated,
            )
        )
    both = [c for c in dict.fromkeys(added) if c in remove_channels]
    if both:
        problems += [
            CatalogError(
                Code.DUPLICATED_INPUT_ITEM,
                "The same channels are both added and removed.",
                field=f,
                channels=both,
            )
            for f in ("addChannels", "removeChannels")
        ]
    if problems:
        raise CatalogError.group(problems)
    now = timezone.now()
    for entry in add_channels:
        listing = CollectionChannelListing.objects.filter(
            collection=collection, channel=entry.channel
        ).first()
        is_published = (
            entry.is_published if entry.is_published is not None else bool(listing and listing.is_published)
        )
        published_at = entry.published_at or (listing.published_at if listing else None)
        if is_published and published_at is None:
            published_at = now
        values = {"is_published": is_published, "published_at": published_at}
        if listing is None:
            CollectionChannelListing.objects.create(collection=collection, channel=entry.channel, **values)
        else:
            fields_save_changed(listing, values)
    CollectionChannelListing.objects.filter(collection=collection, channel__in=remove_channels).delete()
    _audit(actor, "collection.channel_listings_updated", collection, before, _snapshot(collection))
    return collection
