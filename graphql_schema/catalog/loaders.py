"""The catalogue's per-request loaders: one query per relation for every node of a kind.

Each ``Loader`` below is keyed by the node's pk and its ``Scope`` (channel, staff visibility)
and batches over the peers of its kind (``graphql_schema.core.dataloaders``). Nodes become peers
when they enter the graph (``graphql_schema.catalog.nodes``); what a batch loads becomes a peer
in turn, so the children of children batch too (``products { category { parent } }``).

Queries that load a page may carry facts a loader would otherwise fetch (prices, the first
image, translations as JSON): ``nodes`` primes the loaders with them, so a listing pays nothing
more for those fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from graphql import FieldNode, value_from_ast_untyped
from strawberry.types import Info

from graphql_schema.catalog.shared_loaders import (
    CATEGORIES_BY_ID,
    THUMBNAILS,
    TRANSLATIONS,
    attribute_rows_seen,
    categories_seen,
    channel_listings,
    grouped,
    register_images,
    translations_from_json,
)
from graphql_schema.core.dataloaders import (
    Loader,
    Scope,
    foreign_keys,
    peers,
    peers_in_any_scope,
    register,
)
from storefront.catalog import selectors
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    CategoryTranslation,
    Collection,
    CollectionChannelListing,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)
from storefront.catalog.sql import json_list, padded_ids, prepared
from storefront.inventory import selectors as inventory_selectors
from storefront.inventory.models import Stock
from storefront.inventory.reservations import variant_quantities_free

# --- facts a listing query may carry --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceExtremes:
    """A product's lowest and highest variant price in a channel, with and without discounts."""

    price_min: Decimal | None
    price_max: Decimal | None
    undiscounted_min: Decimal | None
    undiscounted_max: Decimal | None


@dataclass(frozen=True, slots=True)
class ListingFacts:
    """A product's channel listing, as much as buyers see of it (``None`` when not listed)."""

    available_for_purchase_at: datetime | None


@dataclass(frozen=True, slots=True)
class ImageRef:
    name: str
    alt: str


@dataclass(frozen=True, slots=True)
class ProvenanceLists:
    """A product's consenting makers, materials and techniques, as the selector's JSON rows."""

    makers: list[dict[str, Any]]
    materials: list[dict[str, Any]]
    techniques: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class VariantPrice:
    price: Decimal | None
    prior_price: Decimal | None
    discounted_price: Decimal | None = None
    omnibus_prior_price: Decimal | None = None


# --- products -------------------------------------------------------------------------------


def _row_facts(info: Info, scope: Scope, ids: list[int]) -> None:
    """Prices (in the scope's channel), first image and provenance of products, in one query.

    The three loaders below share it: whichever misses first loads all three for every peer,
    as the listing query itself would have (``resolvers.annotate_for_selection``).
    """
    qs = selectors.product_annotate_provenance(
        selectors.product_annotate_thumbnail(Product.objects.filter(pk__in=ids))
    )
    fields = [
        "pk",
        "thumbnail_name",
        "thumbnail_alt",
        "provenance_makers",
        "provenance_materials",
        "provenance_techniques",
    ]
    if scope.channel is not None:
        qs = selectors.product_annotate_prices(qs, channel=scope.channel)
        fields += ["price_min", "price_max", "undiscounted_min", "undiscounted_max"]
    for row in qs.values(*fields):
        pk = row["pk"]
        name = row["thumbnail_name"]
        PRODUCT_THUMBNAILS.prime(
            info, pk, ImageRef(name, row["thumbnail_alt"] or "") if name else None, scope
        )
        lists = provenance_lists(
            row["provenance_makers"], row["provenance_materials"], row["provenance_techniques"]
        )
        PRODUCT_PROVENANCE.prime(info, pk, lists, scope)
        register_images(info, [name, *(maker.get("portrait") for maker in lists.makers)])
        if scope.channel is not None:
            PRODUCT_PRICES.prime(
                info,
                pk,
                PriceExtremes(
                    row["price_min"], row["price_max"], row["undiscounted_min"], row["undiscounted_max"]
                ),
                scope,
            )


def _primed_by_row_facts(
    loader: Callable[[], Loader[int, Any]],
) -> Callable[[Info, Scope, list[int]], dict[int, Any]]:
    def batch(info: Info, scope: Scope, ids: list[int]) -> dict[int, Any]:
        _row_facts(info, scope, ids)
        found = loader()
        return {pk: found.load(info, pk, scope) for pk in ids if found.has(info, pk, scope)}

    return batch


PRODUCT_PRICES: Loader[int, PriceExtremes | None] = Loader(
    "product-prices", _primed_by_row_facts(lambda: PRODUCT_PRICES), default=lambda: None, peers=Product
)
PRODUCT_THUMBNAILS: Loader[int, ImageRef | None] = Loader(
    "product-thumbnails",
    _primed_by_row_facts(lambda: PRODUCT_THUMBNAILS),
    default=lambda: None,
    peers=Product,
)
PRODUCT_PROVENANCE: Loader[int, ProvenanceLists] = Loader(
    "product-provenance",
    _primed_by_row_facts(lambda: PRODUCT_PROVENANCE),
    default=lambda: ProvenanceLists([], [], []),
    peers=Product,
)


def provenance_lists(makers: object, materials: object, techniques: object) -> ProvenanceLists:
    return ProvenanceLists(json_list(makers), json_list(materials), json_list(techniques))


def _product_listings(_info: Info, scope: Scope, ids: list[int]) -> dict[int, ListingFacts]:
    if scope.channel is None:
        return {}
    rows = ProductChannelListing.objects.filter(product_id__in=ids, channel=scope.channel)
    return {
        row.product_id: ListingFacts(available_for_purchase_at=row.available_for_purchase_at) for row in rows
    }


PRODUCT_LISTINGS: Loader[int, ListingFacts | None] = Loader(
    "product-listings", _product_listings, default=lambda: None, peers=Product
)


def _product_variants(info: Info, scope: Scope, ids: list[int]) -> dict[int, list[ProductVariant]]:
    """The variants a requester may see in the scope's channel, priced and stocked, per product."""
    channel = scope.channel

    def build(product_ids: list[int], now: datetime) -> QuerySet[ProductVariant]:
        qs = selectors.variants_for_products(
            product_ids=product_ids, channel=channel, include_unpriced=scope.staff
        )
        if channel is not None:
            qs = inventory_selectors.variant_annotate_stock(qs, channel=channel, now=now)
        return qs

    padded = padded_ids(ids)
    key = ("product-variants", channel.pk if channel is not None else None, scope.staff, len(padded))
    found = grouped(prepared(key, build, padded, timezone.now()), lambda variant: variant.product_id)
    products = peers(info, Product, scope)
    for product_id, variants in found.items():
        for variant in variants:
            if product_id in products:
                variant.product = products[product_id]  # the parent is loaded: no query for it
        variants_seen(info, variants, scope)
    return found


PRODUCT_VARIANTS: Loader[int, list[ProductVariant]] = Loader(
    "product-variants", _product_variants, default=list, peers=Product
)


def _product_media(info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[ProductMedia]]:
    media = selectors.product_media_for(product_ids=ids)
    for item in (m for items in media.values() for m in items):
        name = item.image.name if item.image else None
        if not name:
            continue
        stored = {
            (name, row["size"], row["format"]): Thumbnail(
                original_name=name, size=row["size"], format=row["format"], image=row["image"]
            )
            for row in json_list(getattr(item, "stored_thumbnails", None))
        }
        THUMBNAILS.prime(info, name, stored)  # media came with their thumbnails
    return media


PRODUCT_MEDIA: Loader[int, list[ProductMedia]] = Loader(
    "product-media", _product_media, default=list, peers=Product, channel_free=True
)


def _product_attribute_values(
    info: Info, _scope: Scope, ids: list[int]
) -> dict[int, list[AssignedProductAttributeValue]]:
    found = selectors.product_attribute_values_for(product_ids=ids)
    attribute_rows_seen(info, found.values())
    return found


PRODUCT_ATTRIBUTE_VALUES: Loader[int, list[AssignedProductAttributeValue]] = Loader(
    "product-attribute-values", _product_attribute_values, default=list, peers=Product, channel_free=True
)


def product_attribute_values_named(
    info: Info, product_id: int, slug: str
) -> list[AssignedProductAttributeValue]:
    """The product's values of the attribute ``slug`` (``assignedAttribute(slug:)``).

    One statement for the page's products reads the rows of the attributes the document names in
    its ``assignedAttribute`` fields (the storefront's card asks for two) and no other attribute's;
    every attribute's rows when the document asks for them anyway (``assignedAttributes``, as the
    product page does), or when ``slug`` is not one it names literally or through a variable.
    """
    if not PRODUCT_ATTRIBUTE_VALUES.has(info, product_id) and slug in _document_attribute_slugs(info):
        rows = PRODUCT_NAMED_ATTRIBUTE_VALUES.load(info, product_id)
    else:
        rows = PRODUCT_ATTRIBUTE_VALUES.load(info, product_id)
    return [row for row in rows if row.value.attribute.slug == slug]


_SLUGS_KEY = "assigned-attribute-slugs"


def _document_attribute_slugs(info: Info) -> frozenset[str]:
    """The ``slug`` of every ``assignedAttribute`` field of the request's document (any type);
    none when it also asks for ``assignedAttributes`` (every attribute's rows are read then)."""
    cache: dict[Any, Any] = info.context.loaders
    found = cache.get(_SLUGS_KEY)
    if found is None:
        raw = info._raw_info
        slugs: set[str] = set()
        every = False
        pending: list[Any] = [raw.operation, *raw.fragments.values()]
        while pending:
            node = pending.pop()
            if isinstance(node, FieldNode) and node.name.value == "assignedAttributes":
                every = True
            if isinstance(node, FieldNode) and node.name.value == "assignedAttribute":
                for argument in node.arguments or ():
                    if argument.name.value == "slug":
                        value = value_from_ast_untyped(argument.value, info.variable_values)
                        if isinstance(value, str):
                            slugs.add(value)
            selection_set = getattr(node, "selection_set", None)  # a fragment spread has none
            if selection_set is not None:
                pending.extend(selection_set.selections)
        found = cache[_SLUGS_KEY] = frozenset() if every else frozenset(slugs)
    return cast(frozenset[str], found)


def _product_named_attribute_values(
    info: Info, _scope: Scope, ids: list[int]
) -> dict[int, list[AssignedProductAttributeValue]]:
    found = selectors.product_attribute_values_for(
        product_ids=ids, attribute_slugs=sorted(_document_attribute_slugs(info))
    )
    attribute_rows_seen(info, found.values())
    return found


PRODUCT_NAMED_ATTRIBUTE_VALUES: Loader[int, list[AssignedProductAttributeValue]] = Loader(
    "product-named-attribute-values",
    _product_named_attribute_values,
    default=list,
    peers=Product,
    channel_free=True,
)


def _product_collections(info: Info, scope: Scope, ids: list[int]) -> dict[int, list[Collection]]:
    visible = selectors.collection_list_for_channel(channel=scope.channel, include_unpublished=scope.staff)
    found = selectors.collections_for_products(product_ids=ids, collections=visible)
    collections_seen(info, [c for items in found.values() for c in items], scope)
    return found


PRODUCT_COLLECTIONS: Loader[int, list[Collection]] = Loader(
    "product-collections", _product_collections, default=list, peers=Product
)


PRODUCT_CHANNEL_LISTINGS: Loader[int, list[Any]] = channel_listings(ProductChannelListing, "product", Product)


def _products_by_id(info: Info, scope: Scope, ids: list[int]) -> dict[int, Product]:
    """Products of variants reached without their product (through an order line, say)."""
    found = Product.objects.select_related("category", "product_type", "origin").in_bulk(ids)
    products_seen(info, found.values(), scope)
    return found


PRODUCTS_BY_ID: Loader[int, Product | None] = Loader(
    "products-by-id",
    _products_by_id,
    default=lambda: None,
    peers=foreign_keys((ProductVariant, "product_id")),
)


# --- variants -------------------------------------------------------------------------------


def _variant_prices(_info: Info, scope: Scope, ids: list[int]) -> dict[int, VariantPrice]:
    if scope.channel is None:
        return {}
    rows = ProductVariantChannelListing.objects.filter(variant_id__in=ids, channel=scope.channel)
    return {
        row.variant_id: VariantPrice(
            row.price_amount,
            row.prior_price_amount,
            row.discounted_price_amount,
            row.omnibus_prior_price_amount,
        )
        for row in rows
    }


VARIANT_PRICES: Loader[int, VariantPrice | None] = Loader(
    "variant-prices", _variant_prices, default=lambda: None, peers=ProductVariant
)


def _variant_stock(_info: Info, scope: Scope, ids: list[int]) -> dict[int, int]:
    """Quantity minus allocations minus active checkout reservations, over the scope channel's warehouses."""
    if scope.channel is None:
        return {}
    return variant_quantities_free(channel=scope.channel, variant_ids=ids)


VARIANT_STOCK: Loader[int, int] = Loader("variant-stock", _variant_stock, default=int, peers=ProductVariant)


def _variant_media_ids(_info: Info, _scope: Scope, ids: list[int]) -> dict[int, list[int]]:
    rows = (
        ProductVariant.media.through.objects.filter(productvariant_id__in=ids)
        .order_by("pk")
        .values_list("productvariant_id", "productmedia_id")
    )
    found: dict[int, list[int]] = defaultdict(list)
    for variant_id, media_id in rows:
        found[variant_id].append(media_id)
    return found


VARIANT_MEDIA_IDS: Loader[int, list[int]] = Loader(
    "variant-media-ids", _variant_media_ids, default=list, peers=ProductVariant, channel_free=True
)


def _variant_attribute_values(
    info: Info, _scope: Scope, ids: list[int]
) -> dict[int, list[AssignedVariantAttributeValue]]:
    found = selectors.variant_attribute_values_for(variant_ids=ids)
    attribute_rows_seen(info, found.values())
    return found


VARIANT_ATTRIBUTE_VALUES: Loader[int, list[AssignedVariantAttributeValue]] = Loader(
    "variant-attribute-values",
    _variant_attribute_values,
    default=list,
    peers=ProductVariant,
    channel_free=True,
)


VARIANT_CHANNEL_LISTINGS: Loader[int, list[Any]] = channel_listings(
    ProductVariantChannelListing, "variant", ProductVariant
)


def _variant_stocks(_info: Info, scope: Scope, ids: list[int]) -> dict[int, list[Stock]]:
    return inventory_selectors.stocks_for_variants(variant_ids=ids, channel=scope.channel)


VARIANT_STOCKS: Loader[int, list[Stock]] = Loader(
    "variant-stocks", _variant_stocks, default=list, peers=ProductVariant
)


COLLECTION_CHANNEL_LISTINGS: Loader[int, list[Any]] = channel_listings(
    CollectionChannelListing, "collection", Collection
)


# --- nodes entering the graph ---------------------------------------------------------------
# Whatever loads products, variants or collections hands them to these functions (through
# ``graphql_schema.catalog.nodes``): they become peers of their kind in their scope, and the
# facts their query carried (annotations) prime the loaders, so no field asks for them again.


def products_seen(info: Info, products: Iterable[Product], scope: Scope) -> None:
    products = list(products)
    register(info, Product, products, scope)
    for product in products:
        _prime_product(info, product, scope)


def _prime_product(info: Info, product: Product, scope: Scope) -> None:
    facts = product.__dict__  # annotations of the query that loaded the product, if any
    if "price_min" in facts and scope.channel is not None:
        PRODUCT_PRICES.prime(
            info,
            product.pk,
            PriceExtremes(
                facts["price_min"], facts["price_max"], facts["undiscounted_min"], facts["undiscounted_max"]
            ),
            scope,
        )
    if "listing_id" in facts and scope.channel is not None:
        listing = ListingFacts(facts["listing_available_for_purchase_at"]) if facts["listing_id"] else None
        PRODUCT_LISTINGS.prime(info, product.pk, listing, scope)
    if "thumbnail_name" in facts:
        name = facts["thumbnail_name"]
        PRODUCT_THUMBNAILS.prime(
            info, product.pk, ImageRef(name, facts["thumbnail_alt"] or "") if name else None, scope
        )
        register_images(info, [name])
    if "provenance_makers" in facts:
        lists = provenance_lists(
            facts["provenance_makers"], facts["provenance_materials"], facts["provenance_techniques"]
        )
        PRODUCT_PROVENANCE.prime(info, product.pk, lists, scope)
        register_images(info, (maker.get("portrait") for maker in lists.makers))
    if "asal_translations" in facts:
        TRANSLATIONS[ProductTranslation].prime(
            info, product.pk, translations_from_json(ProductTranslation, facts["asal_translations"])
        )
    category_translations = TRANSLATIONS[CategoryTranslation]
    if (
        "asal_category_translations" in facts
        and product.category_id is not None
        and not category_translations.has(info, product.category_id)  # the page's other products
    ):
        category_translations.prime(
            info,
            product.category_id,
            translations_from_json(CategoryTranslation, facts["asal_category_translations"]),
        )
    if Product.category.is_cached(product) and product.category is not None:
        CATEGORIES_BY_ID.prime(info, product.category.pk, product.category)  # joined: no query
        categories_seen(info, [product.category])


def variants_seen(info: Info, variants: Iterable[ProductVariant], scope: Scope) -> None:
    variants = list(variants)
    register(info, ProductVariant, variants, scope)
    # Products joined with their variants are peers too: their fields batch across the page.
    joined = [v.product for v in variants if ProductVariant.product.is_cached(v)]
    products_seen(info, [p for p in joined if p.pk not in peers(info, Product, scope)], scope)
    for variant in variants:
        facts = variant.__dict__
        if "listing_id" in facts and scope.channel is not None:
            price = (
                VariantPrice(
                    facts["price"],
                    facts["prior_price"],
                    facts.get("discounted_price"),
                    facts.get("omnibus_prior_price"),
                )
                if facts["listing_id"]
                else None
            )
            VARIANT_PRICES.prime(info, variant.pk, price, scope)
        if "stock_available" in facts and scope.channel is not None:
            VARIANT_STOCK.prime(info, variant.pk, facts["stock_available"] or 0, scope)
        if "media_ids" in facts:
            VARIANT_MEDIA_IDS.prime(info, variant.pk, json_list(facts["media_ids"]))
        if ProductVariant.product.is_cached(variant):
            PRODUCTS_BY_ID.prime(info, variant.product_id, variant.product, scope)


def collections_seen(info: Info, collections: Iterable[Collection], scope: Scope) -> None:
    collections = list(collections)
    register(info, Collection, collections, scope)
    register_images(info, (c.background_image.name for c in collections if c.background_image))


def thumbnail_for(info: Info, *, original_name: str, size: int, format: str) -> Thumbnail | None:
    """The stored thumbnail of ``original_name`` at the snapped ``size``/``format``, if rendered."""
    if info.context.memo.get("selected:media"):
        # The page shows media too: loading them first brings their thumbnails along (see
        # ``_product_media``), so a product's thumbnail needs no query of its own.
        products = peers_in_any_scope(info, Product)
        if products:
            PRODUCT_MEDIA.load(info, next(iter(products)))
    return THUMBNAILS.load(info, original_name).get((original_name, size, format))


def remember_selection(info: Info, names: set[str]) -> None:
    """Note what the query selects below the products, for loaders that batch across fields."""
    info.context.memo["selected:media"] = "media" in names


def media_by_ids(info: Info, product_id: int, ids: Iterable[int]) -> list[ProductMedia]:
    """The product's media with ``ids`` (a variant's own media), in the product's media order."""
    wanted = set(ids)
    return [media for media in PRODUCT_MEDIA.load(info, product_id) if media.pk in wanted]
