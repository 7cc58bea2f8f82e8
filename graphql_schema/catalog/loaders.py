"""The catalogue's per-request loaders: one query per relation for every product on the page.

Resolvers that produce products or variants call ``register_products`` / ``register_variants``;
child fields then ask the loaders below, which load for every registered parent at once (see
``graphql_schema.core.dataloaders``). Each parent remembers the channel it was fetched for
(``asal_channel``), because prices, stock and visibility depend on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model
from strawberry.types import Info

from graphql_schema.core.channel_context import is_product_staff
from graphql_schema.core.dataloaders import BatchLoader, loader, registry
from storefront.catalog import selectors
from storefront.catalog.media import thumbnails_for
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeTranslation,
    AttributeValueTranslation,
    Category,
    CategoryTranslation,
    Collection,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from storefront.catalog.sql import json_list
from storefront.channels.models import Channel
from storefront.inventory import selectors as inventory_selectors
from storefront.inventory.models import Stock

M = TypeVar("M", bound=Model)


def _slug(channel: Channel | None) -> str:
    return channel.slug if channel is not None else "-"


def register_products(info: Info, products: Iterable[Product], channel: Channel | None) -> list[Product]:
    """Remember ``products`` (fetched for ``channel``) so their children load in one batch."""
    products = list(products)
    found = registry(info, "products")
    images = registry(info, "images")
    categories = registry(info, "categories")
    translations = _every_translation(info, ProductTranslation, owner_field="product", peers="products")
    category_translations = _every_translation(
        info, CategoryTranslation, owner_field="category", peers="categories"
    )
    for product in products:
        product.asal_channel = channel  # type: ignore[attr-defined]
        found[product.pk] = product
        if product.category_id is not None:
            categories[product.category_id] = None  # their translations load in one batch too
        # Translations the list query carried (see ``resolvers.annotate_for_selection``) need no query.
        if hasattr(product, "asal_translations"):
            translations.prime(
                product.pk, selectors.translations_from_json(ProductTranslation, product.asal_translations)
            )
        if product.category_id is not None and hasattr(product, "asal_category_translations"):
            category_translations.prime(
                product.category_id,
                selectors.translations_from_json(CategoryTranslation, product.asal_category_translations),
            )
        name = getattr(product, "thumbnail_name", None)
        if name:
            images[name] = None
        for maker in json_list(getattr(product, "provenance_makers", None)):
            if maker.get("portrait"):
                images[maker["portrait"]] = None  # portraits share the page's one thumbnail query
    return products


def remember_selection(info: Info, names: set[str]) -> None:
    """Note what the query selects below the products, for loaders that batch across fields."""
    info.context.loaders["selected:media"] = "media" in names


def register_variants(info: Info, variants: Iterable[ProductVariant], channel: Channel | None) -> None:
    found = registry(info, "variants")
    for variant in variants:
        variant.asal_channel = channel  # type: ignore[attr-defined]
        found[variant.pk] = variant


def register_images(info: Info, names: Iterable[str]) -> None:
    images = registry(info, "images")
    for name in names:
        if name:
            images[name] = None


def thumbnail_for(info: Info, *, original_name: str, size: int, format: str) -> Thumbnail | None:
    """The stored thumbnail of ``original_name`` at the snapped ``size``/``format``, if rendered."""

    if info.context.loaders.get("selected:media"):
        # The page shows media too: loading them first brings their thumbnails along (see
        # ``product_media``), so a product's thumbnail needs no query of its own.
        products = registry(info, "products")
        if products:
            product_media(info, next(iter(products.values())))
    found = _thumbnail_loader(info).load(original_name)
    return found.get((original_name, size, format))


def _thumbnail_loader(info: Info) -> BatchLoader[str, dict[tuple[str, int, str], Thumbnail]]:
    def batch(names: list[str]) -> dict[str, dict[tuple[str, int, str], Thumbnail]]:
        grouped: dict[str, dict[tuple[str, int, str], Thumbnail]] = defaultdict(dict)
        for key, thumbnail in thumbnails_for(original_names=names).items():
            grouped[key[0]][key] = thumbnail
        return grouped

    return loader(info, "thumbnails", batch, default=dict, peers="images")


def product_media(info: Info, product: Product) -> list[ProductMedia]:
    def batch(ids: list[int]) -> dict[int, list[ProductMedia]]:
        media = selectors.product_media_for(product_ids=ids)
        thumbnails = _thumbnail_loader(info)
        for item in (m for items in media.values() for m in items if m.image):
            stored = {
                (item.image.name, row["size"], row["format"]): Thumbnail(
                    original_name=item.image.name, size=row["size"], format=row["format"], image=row["image"]
                )
                for row in json_list(getattr(item, "stored_thumbnails", None))
            }
            thumbnails.prime(item.image.name, stored)  # media came with their thumbnails: no lookup needed
        return media

    return loader(info, "product-media", batch, default=list, peers="products").load(product.pk)


def product_variants(info: Info, product: Product) -> list[ProductVariant]:
    """The product's variants a requester may see in the product's channel, priced and stocked."""
    channel: Channel | None = getattr(product, "asal_channel", None)
    staff = is_product_staff(info)

    def batch(ids: list[int]) -> dict[int, list[ProductVariant]]:
        qs = selectors.variants_for_products(product_ids=ids, channel=channel, include_unpriced=staff)
        if channel is not None:
            qs = inventory_selectors.variant_annotate_stock(qs, channel=channel)
        grouped: dict[int, list[ProductVariant]] = defaultdict(list)
        for variant in qs:
            grouped[variant.product_id].append(variant)
        register_variants(info, (v for items in grouped.values() for v in items), channel)
        return grouped

    name = f"variants:{_slug(channel)}:{staff}"
    variants = loader(info, name, batch, default=list, peers="products").load(product.pk)
    for variant in variants:
        variant.product = product  # the parent is already loaded: no query for ``variant.product``
    return variants


def _register_attribute_rows(info: Info, groups: Iterable[list[Any]]) -> None:
    """Every value and attribute on the page, so their translations load in one batch each.

    The rows came with every translation of their value and attribute (see the selectors): those
    prime the translation loaders, so the page asks no translation query for them at all.
    """
    values = registry(info, "attribute-values")
    attributes = registry(info, "attributes")
    value_translations = _every_translation(
        info, AttributeValueTranslation, owner_field="attribute_value", peers="attribute-values"
    )
    attribute_translations = _every_translation(
        info, AttributeTranslation, owner_field="attribute", peers="attributes"
    )
    for rows in groups:
        for row in rows:
            values[row.value.pk] = row.value
            attributes[row.value.attribute.pk] = row.value.attribute
            if hasattr(row, "value_translations"):
                value_translations.prime(
                    row.value.pk,
                    selectors.translations_from_json(AttributeValueTranslation, row.value_translations),
                )
            if hasattr(row, "attribute_translations"):
                attribute_translations.prime(
                    row.value.attribute.pk,
                    selectors.translations_from_json(AttributeTranslation, row.attribute_translations),
                )


def product_attribute_values(info: Info, product: Product) -> list[AssignedProductAttributeValue]:
    def batch(ids: list[int]) -> dict[int, list[AssignedProductAttributeValue]]:
        found = selectors.product_attribute_values_for(product_ids=ids)
        _register_attribute_rows(info, found.values())
        return found

    return loader(info, "product-attributes", batch, default=list, peers="products").load(product.pk)


def variant_attribute_values(info: Info, variant: ProductVariant) -> list[AssignedVariantAttributeValue]:
    def batch(ids: list[int]) -> dict[int, list[AssignedVariantAttributeValue]]:
        found = selectors.variant_attribute_values_for(variant_ids=ids)
        _register_attribute_rows(info, found.values())
        return found

    return loader(info, "variant-attributes", batch, default=list, peers="variants").load(variant.pk)


def translation(
    info: Info, model: type[M], *, owner_field: str, owner_id: int, language_code: str, peers: str | None
) -> M | None:
    """``model``'s translation of one owner into ``language_code``, batched over the owner's peers.

    The first language asked of a model loads just that language. A second one in the same
    request (a product page's hreflang slugs ask for seven) loads every language of the peers in
    one query, which then answers all further languages of that model.
    """
    primed = info.context.loaders.get(f"translations:{model.__name__}")
    if primed is not None and primed.has(owner_id):
        # Every language of this owner came with the query that loaded it: no query at all.
        return selectors.translation_pick(primed.load(owner_id), language_code=language_code)
    name = f"translation:{model.__name__}:{language_code}"
    languages = registry(info, f"translation-languages:{model.__name__}")
    if name in info.context.loaders or not languages:
        languages[language_code] = None

        def batch(ids: list[int]) -> dict[int, M]:
            return selectors.translations_for(
                model, owner_field=owner_field, owner_ids=ids, language_code=language_code
            )

        return loader(info, name, batch, peers=peers).load(owner_id)

    every = _every_translation(info, model, owner_field=owner_field, peers=peers)
    return selectors.translation_pick(every.load(owner_id), language_code=language_code)


def _every_translation(
    info: Info, model: type[M], *, owner_field: str, peers: str | None
) -> BatchLoader[int, list[M]]:
    """The loader of every language of ``model``'s owners (primed by queries that carry them)."""

    def batch_all(ids: list[int]) -> dict[int, list[M]]:
        return selectors.translations_all_for(model, owner_field=owner_field, owner_ids=ids)

    return loader(info, f"translations:{model.__name__}", batch_all, default=list, peers=peers)


def category(info: Info, category_id: int | None) -> Category | None:
    if category_id is None:
        return None
    return loader(info, "categories", lambda ids: selectors.categories_for(category_ids=ids)).load(
        category_id
    )


def product_collections(info: Info, product: Product) -> list[Collection]:
    channel: Channel | None = getattr(product, "asal_channel", None)
    staff = is_product_staff(info)

    def batch(ids: list[int]) -> dict[int, list[Collection]]:
        visible = selectors.collection_list_for_channel(channel=channel, include_unpublished=staff)
        found = selectors.collections_for_products(product_ids=ids, collections=visible)
        peers = registry(info, "collections")
        for collections in found.values():
            for collection in collections:
                collection.asal_channel = channel  # type: ignore[attr-defined]
                peers[collection.pk] = collection
        return found

    name = f"product-collections:{_slug(channel)}:{staff}"
    return loader(info, name, batch, default=list, peers="products").load(product.pk)


def product_channel_listings(info: Info, product: Product) -> list[ProductChannelListing]:
    def batch(ids: list[int]) -> dict[int, list[ProductChannelListing]]:
        grouped: dict[int, list[ProductChannelListing]] = defaultdict(list)
        rows = ProductChannelListing.objects.filter(product_id__in=ids).select_related("channel")
        for row in rows.order_by("channel__slug"):
            grouped[row.product_id].append(row)
        return grouped

    return loader(info, "product-listings", batch, default=list, peers="products").load(product.pk)


def variant_channel_listings(info: Info, variant: ProductVariant) -> list[ProductVariantChannelListing]:
    def batch(ids: list[int]) -> dict[int, list[ProductVariantChannelListing]]:
        grouped: dict[int, list[ProductVariantChannelListing]] = defaultdict(list)
        rows = ProductVariantChannelListing.objects.filter(variant_id__in=ids).select_related("channel")
        for row in rows.order_by("channel__slug"):
            grouped[row.variant_id].append(row)
        return grouped

    return loader(info, "variant-listings", batch, default=list, peers="variants").load(variant.pk)


def variant_stocks(info: Info, variant: ProductVariant) -> list[Stock]:
    channel: Channel | None = getattr(variant, "asal_channel", None)

    def batch(ids: list[int]) -> dict[int, list[Stock]]:
        return inventory_selectors.stocks_for_variants(variant_ids=ids, channel=channel)

    return loader(info, f"stocks:{_slug(channel)}", batch, default=list, peers="variants").load(variant.pk)


def media_by_ids(info: Info, product: Product, ids: Iterable[int]) -> list[ProductMedia]:
    """The product's media with ``ids`` (a variant's own media), in the product's media order."""
    wanted = set(ids)
    return [media for media in product_media(info, product) if media.pk in wanted]


_EXTRAS = (
    "price_min",
    "price_max",
    "undiscounted_min",
    "undiscounted_max",
    "thumbnail_name",
    "thumbnail_alt",
    "provenance_makers",
    "provenance_materials",
    "provenance_techniques",
)


def product_extra(info: Info, product: Product, name: str) -> object:
    """A per-row fact the listing query annotates (``price_min``, ``thumbnail_name``, ...).

    Products fetched by a list or detail resolver carry it already; others (a variant's product,
    a category's products) get it for every registered product in one query.
    """
    if hasattr(product, name):
        return getattr(product, name)
    channel: Channel | None = getattr(product, "asal_channel", None)

    def batch(ids: list[int]) -> dict[int, dict[str, object]]:
        qs = selectors.product_annotate_provenance(
            selectors.product_annotate_thumbnail(Product.objects.filter(pk__in=ids))
        )
        fields = [f for f in _EXTRAS if not f.startswith(("price", "undiscounted"))]
        if channel is not None:
            qs = selectors.product_annotate_prices(qs, channel=channel)
            fields = list(_EXTRAS)
        rows = {row["pk"]: row for row in qs.values("pk", *fields)}
        register_images(info, (str(row.get("thumbnail_name") or "") for row in rows.values()))
        register_images(
            info,
            (
                maker.get("portrait") or ""
                for row in rows.values()
                for maker in json_list(row["provenance_makers"])
            ),
        )
        return rows

    extras = loader(info, f"product-extras:{_slug(channel)}", batch, default=dict, peers="products")
    return extras.load(product.pk).get(name)
