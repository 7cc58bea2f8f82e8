"""A large synthetic catalogue for the benchmark: ``catalogue_generate(products=5000)``.

It reuses the demo's reference data (channels, villages, makers, attributes, product
types: loaded through the idempotent demo loader) and writes the products themselves
with ``bulk_create`` in batches, computing the read models in memory with the same
builder the services use, so 5,000 products take seconds rather than minutes. Images
are a dozen drawn once and shared, and stock is written straight to the counters (no lots,
no certificates): the benchmark measures catalogue reads, not storage or signing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from infra.demo import images
from infra.demo.loader import (
    PRIOR_FACTOR,
    PRODUCTS,
    PUBLISHED_AT,
    SIZE_FACTORS,
    Catalogue,
    channel_price,
    editorjs,
    load_reference,
    load_structure,
)
from storefront.catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services import description_plaintext, product_search_document_build
from storefront.inventory.models import Stock

BATCH = 500
ADJECTIVES = ("Classic", "Small-batch", "Heritage", "Everyday", "Festival", "Village", "Market", "Studio")
SIZES = ("s", "m", "l")


def _shared_images() -> dict[str, str]:
    """One stored picture per kind, drawn once per storage and shared by every generated product."""
    names = {}
    for kind in images.KINDS:
        name = f"products/generated/{kind}.jpg"
        if not default_storage.exists(name):
            data = images.product_image(kind=kind, title=f"Generated {kind}", seed=len(kind))
            name = default_storage.save(name, ContentFile(data))
        names[kind] = name
    return names


def _product_rows(
    cat: Catalogue, rnd: random.Random, prefix: str, start: int, stop: int
) -> list[dict[str, Any]]:
    rows = []
    for index in range(start, stop):
        d = rnd.choice(PRODUCTS)
        name = f"{rnd.choice(ADJECTIVES)} {d.name.lower()} no. {index}"
        origin = cat.origins[d.origin]
        description = editorjs(d.text, key=f"{prefix}{index}")
        sizes = SIZES[: rnd.randint(1, 3)]
        skus = [f"{prefix.upper()}{index:06d}-{size.upper()}" for size in sizes]
        makers = [cat.makers[m] for m in d.makers]
        attribute_values = (
            [cat.values[("colour", d.colour)]] if "colour" in cat.type_attributes[d.type] else []
        )
        if "technique" in cat.type_attributes[d.type] and d.technique_value:
            attribute_values.append(cat.values[("technique", d.technique_value)])
        parts: list[str | None] = [name, description_plaintext(description), d.name_id]
        parts += [v.name for v in attribute_values]
        parts += [m.display_name for m in makers if m.consent_to_publish]
        parts += [origin.village, origin.regency]
        for slug in d.materials:
            parts += [cat.materials[slug].name, cat.materials[slug].name_id]
        for slug in d.techniques:
            parts += [cat.techniques[slug].name, cat.techniques[slug].name_id]
        parts += skus
        product = Product(
            product_type=cat.product_types[d.type],
            name=name,
            slug=f"{prefix}{index:06d}-{d.slug}",
            description=description,
            description_plaintext=description_plaintext(description),
            category=cat.categories[d.category],
            seo_title=name[:70],
            seo_description=d.text[:300],
            weight_kg=Decimal(d.weight),
            hs_code=d.hs,
            origin=origin,
            search_document=product_search_document_build(parts=parts),
            search_index_dirty=False,
            rating=round(rnd.uniform(3.5, 5.0), 1),
        )
        rows.append(
            {
                "product": product,
                "record": d,
                "sizes": sizes,
                "skus": skus,
                "makers": makers,
                "values": attribute_values,
            }
        )
    return rows


def _write_batch(
    cat: Catalogue, rows: list[dict[str, Any]], media_names: dict[str, str], prefix: str
) -> None:
    Product.objects.bulk_create([row["product"] for row in rows])
    through_makers, through_materials, through_techniques = [], [], []
    product_values, translations, media, listings, variants = [], [], [], [], []
    for row in rows:
        product, d = row["product"], row["record"]
        through_makers += [Product.makers.through(product=product, maker=m) for m in row["makers"]]
        through_materials += [
            Product.materials.through(product=product, material=cat.materials[m]) for m in d.materials
        ]
        through_techniques += [
            Product.techniques.through(product=product, technique=cat.techniques[t]) for t in d.techniques
        ]
        product_values += [
            AssignedProductAttributeValue(product=product, value=v, sort_order=i)
            for i, v in enumerate(row["values"])
        ]
        translations.append(
            ProductTranslation(
                product=product,
                language_code="id",
                name=f"{d.name_id} no. {product.slug[len(prefix) : len(prefix) + 6]}",
                slug=f"{product.slug}-id",
                description=editorjs(d.text_id, key=f"{product.slug}-id"),
            )
        )
        media.append(ProductMedia(product=product, image=media_names[d.image], alt=product.name))
        for size, sku in zip(row["sizes"], row["skus"], strict=True):
            variants.append((product, d, size, ProductVariant(product=product, sku=sku, name=size.upper())))
    Product.makers.through.objects.bulk_create(through_makers)
    Product.materials.through.objects.bulk_create(through_materials)
    Product.techniques.through.objects.bulk_create(through_techniques)
    AssignedProductAttributeValue.objects.bulk_create(product_values)
    ProductTranslation.objects.bulk_create(translations)
    ProductMedia.objects.bulk_create(media)
    for _product, d, size, variant in variants:
        index = SIZES.index(size)
        scale = Decimal(1) + Decimal("0.25") * index
        variant.sort_order = index
        variant.weight_kg = (Decimal(d.weight) * scale).quantize(Decimal("0.001"))
        variant.length_cm, variant.width_cm, variant.height_cm = (Decimal(x) * scale for x in d.dims)
    ProductVariant.objects.bulk_create([v for *_rest, v in variants])
    cheapest: dict[tuple[int, int], Decimal] = {}
    variant_values, stocks = [], []
    for product, d, size, variant in variants:
        index = SIZES.index(size)
        variant_values.append(
            AssignedVariantAttributeValue(variant=variant, value=cat.values[("size", size)])
        )
        usd = Decimal(d.usd) * SIZE_FACTORS[index]
        for channel in cat.channels:
            price = channel_price(usd, channel.currency_code)
            prior = channel_price(usd * PRIOR_FACTOR, channel.currency_code) if d.prior else None
            listings.append(
                ProductVariantChannelListing(
                    variant=variant,
                    channel=channel,
                    currency=channel.currency_code,
                    price_amount=price,
                    discounted_price_amount=price,
                    prior_price_amount=prior,
                )
            )
            key = (product.pk, channel.pk)
            cheapest[key] = min(price, cheapest.get(key, price))
        stocks += [Stock(warehouse=w, product_variant=variant, quantity=20) for w in cat.warehouses.values()]
    AssignedVariantAttributeValue.objects.bulk_create(variant_values)
    ProductVariantChannelListing.objects.bulk_create(listings, batch_size=BATCH * 2)
    Stock.objects.bulk_create(stocks, batch_size=BATCH * 2)
    ProductChannelListing.objects.bulk_create(
        [
            ProductChannelListing(
                product=row["product"],
                channel=channel,
                currency=channel.currency_code,
                is_published=True,
                published_at=PUBLISHED_AT,
                visible_in_listings=True,
                available_for_purchase_at=PUBLISHED_AT,
                discounted_price_amount=cheapest[(row["product"].pk, channel.pk)],
            )
            for row in rows
            for channel in cat.channels
        ],
        batch_size=BATCH * 2,
    )


def catalogue_generate(
    *, products: int = 5000, seed: int = 1, progress: Callable[[str], None] | None = None
) -> int:
    """Top the synthetic catalogue of ``seed`` up to ``products`` products; return how many were added.

    Generated slugs start with ``gen<seed>-``, so a second call with the same arguments adds
    nothing, and the demo catalogue beside them is untouched.
    """
    prefix = f"gen{seed}-"
    existing = Product.objects.filter(slug__startswith=prefix).count()
    if existing >= products:
        return 0
    cat = Catalogue()
    with transaction.atomic():
        load_reference(cat)
        load_structure(cat)
    media_names = _shared_images()
    rnd = random.Random(f"{seed}-{existing}")  # noqa: S311 - synthetic data, not a secret
    for start in range(existing, products, BATCH):
        stop = min(start + BATCH, products)
        with transaction.atomic():
            _write_batch(cat, _product_rows(cat, rnd, prefix, start, stop), media_names, prefix)
        if progress is not None:
            progress(f"generated {stop}/{products} products")
    return products - existing
