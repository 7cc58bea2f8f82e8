"""Load one demo product: words, provenance, attributes, variants, prices, stock, images.

Each step goes through a catalogue or inventory service that writes only what differs,
so loading a product that is already there changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from infra.demo import images
from infra.demo.data import japanese
from infra.demo.data.products import DemoProduct
from infra.demo.loader import (
    ONE_OF_A_KIND_NEAR_MATARAM,
    PRIOR_FACTOR,
    PUBLISHED_AT,
    SIZE_FACTORS,
    Catalogue,
    channel_price,
    editorjs,
    stable_number,
)
from infra.demo.lots import demo_stock_receive
from storefront.catalog import services as catalog
from storefront.catalog.media import product_media_create
from storefront.catalog.models import AttributeValue, Product, ProductMedia, ProductVariant
from storefront.inventory import services as inventory


def _product_fields(cat: Catalogue, d: DemoProduct) -> dict[str, Any]:
    origin = cat.origins[d.origin]
    place = f"Made in {origin.village}, {origin.district}, {origin.regency}, {origin.province}."
    fields: dict[str, Any] = {
        "name": d.name,
        "description": editorjs(d.text, place, key=d.slug),
        "category": cat.categories[d.category],
        "seo_title": f"{d.name} from {origin.village}, Lombok"[:70],
        "seo_description": d.text[:300],
        "weight_kg": Decimal(d.weight),
        "hs_code": d.hs,
        "origin": origin,
        "makers": [cat.makers[m] for m in d.makers],
        "materials": [cat.materials[m] for m in d.materials],
        "techniques": [cat.techniques[t] for t in d.techniques],
    }
    if d.food is not None:
        fields |= {
            "ingredients": d.food.ingredients,
            "allergens": d.food.allergens,
            "net_content": d.food.net_content,
            "storage_advice": d.food.storage_advice,
        }
    return fields


def _attribute_values(cat: Catalogue, d: DemoProduct, product: Product) -> list[AttributeValue]:
    allowed = cat.type_attributes[d.type]
    values: list[AttributeValue] = []
    if "material" in allowed:
        values += [cat.values[("material", v)] for v in d.material_values]
    if "technique" in allowed and d.technique_value:
        values.append(cat.values[("technique", d.technique_value)])
    if "colour" in allowed:
        values.append(cat.values[("colour", d.colour)])
    if "motif" in allowed:
        values.append(cat.values[("motif", d.motif)])
    typed: list[tuple[str, str | Decimal | bool | None]] = [
        ("care", d.care or None),
        ("height-cm", Decimal(d.height_cm) if d.height_cm else None),
        ("natural-dyes", d.natural_dyes),
        ("single-origin", d.single_origin),
    ]
    for slug, value in typed:
        if slug in allowed and value is not None:
            values.append(
                catalog.attribute_value_for_product(
                    attribute=cat.attributes[slug], product=product, value=value
                )
            )
    return values


def _variant_specs(d: DemoProduct, number: int) -> list[dict[str, Any]]:
    """Variant field sets: sizes, one of a kind, made to order, or one stocked variant."""
    base_sku = f"ASL-{d.sku}-{number:03d}"
    if d.variants == "ooak":
        return [
            {
                "sku": base_sku,
                "name": "One of a kind",
                "name_id": "Satu-satunya",
                "is_one_of_a_kind": True,
                "quantity_limit_per_customer": 1,
            }
        ]
    if d.variants.startswith("mto:"):
        days = int(d.variants.split(":")[1])
        return [
            {
                "sku": base_sku,
                "name": f"Made to order ({days} days)",
                "name_id": f"Dibuat sesuai pesanan ({days} hari)",
                "is_made_to_order": True,
                "lead_time_days": days,
                "track_inventory": False,
            }
        ]
    if d.variants == "one":
        return [{"sku": base_sku, "name": "Standard", "name_id": "Standar"}]
    specs: list[dict[str, Any]] = []
    for index, size in enumerate(d.variants.split(",")):
        specs.append({"sku": f"{base_sku}-{size.upper()}", "size": size, "index": index})
    if d.food is not None:
        for offset, spec in enumerate(specs):
            spec["gtin"] = restricted_gtin13(number * 10 + offset)
    return specs


def restricted_gtin13(serial: int) -> str:
    """A GTIN-13 from GS1's restricted-circulation range (prefix 20), so it can never be a real
    product's number; with a valid check digit, so GS1 Digital Link paths can be exercised."""
    body = f"20{serial:010d}"
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _load_variants(cat: Catalogue, d: DemoProduct, product: Product, number: int) -> None:
    length, width, height = d.dims
    for spec in _variant_specs(d, number):
        index = int(spec.pop("index", 0))
        size = spec.pop("size", None)
        name_id = spec.pop("name_id", None)
        scale = Decimal(1) + Decimal("0.25") * index
        attributes = []
        if size is not None:
            value = cat.values[("size", str(size))]
            attributes.append(value)
            spec["name"] = value.name
        variant = catalog.variant_upsert(
            product=product,
            attributes=attributes,
            weight_kg=(Decimal(d.weight) * scale).quantize(Decimal("0.001")),
            length_cm=Decimal(length) * scale,
            width_cm=Decimal(width) * scale,
            height_cm=Decimal(height) * scale,
            sort_order=index,
            **spec,
        )
        if name_id:
            catalog.variant_translation_update(variant=variant, language_code="id", name=str(name_id))
        usd = Decimal(d.usd) * SIZE_FACTORS[index]
        for channel in cat.channels:
            price = channel_price(usd, channel.currency_code)
            prior = channel_price(usd * PRIOR_FACTOR, channel.currency_code) if d.prior else None
            catalog.variant_channel_listing_update(
                variant=variant, channel=channel, price=price, prior_price=prior
            )
        _load_stock(cat, d, variant)


def _load_stock(cat: Catalogue, d: DemoProduct, variant: ProductVariant) -> None:
    """Stock arrives as real stock does: certified production lots (``infra.demo.lots``), one
    per warehouse, so every piece on a shelf has its serial and certificate. Made-to-order pieces
    are certified when they are made; their stock row only says the workshop takes orders."""
    if variant.is_made_to_order:
        inventory.stock_set(warehouse=cat.warehouses["loyok"], variant=variant, quantity=3)
        return
    seed = stable_number(variant.sku or "")
    if variant.is_one_of_a_kind:
        plan = {"mataram" if d.origin in ONE_OF_A_KIND_NEAR_MATARAM else "loyok": 1}
    else:
        plan = {"loyok": 2 + seed % 5, "mataram": 1 + seed % 4}
    for slug, quantity in plan.items():
        demo_stock_receive(
            variant=variant,
            warehouse=cat.warehouses[slug],
            quantity=quantity,
            motif=d.motif,
            is_food=d.food is not None,
        )


def _load_images(d: DemoProduct, product: Product) -> None:
    if ProductMedia.objects.filter(product=product).exists():
        return
    count = 1 + stable_number(d.slug) % 3
    for index in range(count):
        data = images.product_image(kind=d.image, title=d.name, seed=stable_number(f"{d.slug}-{index}"))
        upload = ContentFile(data, name=f"{d.slug}-{index + 1}.jpg")
        alt = d.name if index == 0 else f"{d.name}, detail {index}"
        # Thumbnails render on their first request: pre-rendering six per image was most of the load.
        product_media_create(product=product, file=upload, alt=alt, prerender_thumbnails=False)


@transaction.atomic
def demo_product_load(cat: Catalogue, d: DemoProduct, *, number: int) -> Product:
    """Create or update one product with everything a storefront shows of it."""
    fields = _product_fields(cat, d)
    product = Product.objects.filter(slug=d.slug).first()
    if product is None:
        product = catalog.product_create(
            product_type=cat.product_types[d.type],
            slug=d.slug,
            **fields,
        )
    else:
        catalog.product_update(product=product, product_type=cat.product_types[d.type], **fields)
    catalog.product_attributes_assign(product=product, values=_attribute_values(cat, d, product))
    origin = cat.origins[d.origin]
    catalog.product_translation_update(
        product=product,
        language_code="id",
        name=d.name_id,
        slug=slugify(d.name_id),
        description=editorjs(
            d.text_id,
            f"Dibuat di Desa {origin.village}, Kecamatan {origin.district}, {origin.regency}.",
            key=f"{d.slug}-id",
        ),
        seo_title=d.name_id[:70],
        seo_description=d.text_id[:300],
    )
    catalog.product_translation_update(
        product=product,
        language_code="ja",
        name=japanese.PRODUCTS[d.slug],
        seo_title=japanese.PRODUCTS[d.slug][:70],
    )
    for channel in cat.channels:
        catalog.product_channel_listing_update(
            product=product,
            channel=channel,
            is_published=True,
            published_at=PUBLISHED_AT,
            visible_in_listings=True,
            available_for_purchase_at=PUBLISHED_AT,
        )
    _load_variants(cat, d, product, number)
    _load_images(d, product)
    return product
