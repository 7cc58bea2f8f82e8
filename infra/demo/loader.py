"""The first stages of the demo load (reference data, catalogue structure) and what later ones share.

Every record is looked up by its natural key (slug, SKU) and written through a service
that saves only what differs, so a second run finds nothing to change: no row is added,
no ``updated_at`` moves, no image is stored twice. Product and maker images are drawn
locally (``infra.demo.images``); nothing is fetched from the network.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import slugify

from infra.demo import images
from infra.demo.data import japanese, reference, shipping, structure
from infra.demo.data.clay_shell_pearl import CLAY_SHELL_PEARL
from infra.demo.data.pantry import PANTRY
from infra.demo.data.products import DemoProduct
from infra.demo.data.weaving import WEAVING
from provenance.origins.models import Maker, Material, Origin, ProducerGroup, Technique
from storefront.catalog import services as catalog
from storefront.catalog.models import Attribute, AttributeValue, Category, Collection, ProductType
from storefront.channels.models import Channel
from storefront.inventory import services as inventory
from storefront.inventory.models import Warehouse

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str], None]

PRODUCTS: list[DemoProduct] = [*WEAVING, *CLAY_SHELL_PEARL, *PANTRY]
# Fixed dates keep the load idempotent (no "now" written twice) and the demo reproducible.
PUBLISHED_AT = datetime(2025, 1, 1, tzinfo=UTC)
CONSENT_RECORDED_AT = datetime(2025, 1, 1, tzinfo=UTC)
EDITORJS_TIME = 1735689600000
SIZE_FACTORS = (Decimal("1"), Decimal("1.35"), Decimal("1.7"))
PRIOR_FACTOR = Decimal("1.25")
ONE_OF_A_KIND_NEAR_MATARAM = {"sukarara", "banyumulek", "karang-pule"}


@dataclass
class Catalogue:
    """What earlier stages loaded, by slug, for the later ones to point at."""

    channels: list[Channel] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    makers: dict[str, Maker] = field(default_factory=dict)
    materials: dict[str, Material] = field(default_factory=dict)
    techniques: dict[str, Technique] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    attributes: dict[str, Attribute] = field(default_factory=dict)
    values: dict[tuple[str, str], AttributeValue] = field(default_factory=dict)
    product_types: dict[str, ProductType] = field(default_factory=dict)
    type_attributes: dict[str, list[str]] = field(default_factory=dict)
    warehouses: dict[str, Warehouse] = field(default_factory=dict)


def _upsert(model: type[M], lookup: dict[str, Any], fields: dict[str, Any]) -> M:
    """Reference rows that have no service of their own yet: create, or save only what differs."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        return model._default_manager.create(**lookup, **fields)
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, fields[name])
        instance.save()
    return instance


def editorjs(*paragraphs: str, key: str) -> dict[str, Any]:
    """An EditorJS document as Saleor stores descriptions, with stable block ids and time."""
    blocks = [
        {"id": f"{key}-{i}", "type": "paragraph", "data": {"text": text}} for i, text in enumerate(paragraphs)
    ]
    return {"time": EDITORJS_TIME, "blocks": blocks, "version": "2.24.3"}


def channel_price(usd: Decimal, currency: str) -> Decimal:
    """A USD list price in ``currency``, rounded to the step a buyer there expects (¥100, Rp5,000…)."""
    factor, step = reference.PRICE_RULES[currency]
    return ((usd * factor) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def stable_number(text: str) -> int:
    """A number derived from ``text`` that is the same on every run (image seeds, stock counts)."""
    return zlib.crc32(text.encode())


# --- stages -----------------------------------------------------------------------------------------


def load_reference(cat: Catalogue) -> None:
    for slug, name, currency, country, countries, language, gross, rate in reference.CHANNELS:
        cat.channels.append(
            _upsert(
                Channel,
                {"slug": slug},
                {
                    "name": name,
                    "currency_code": currency,
                    "default_country": country,
                    "allowed_countries": countries,
                    "default_language": language,
                    "is_active": True,
                    "prices_entered_with_tax": gross,
                    "flat_tax_rate": rate,
                    # Buyers pay before the order is placed, as in Saleor: with the dummy gateway
                    # out of the box, with Stripe once its keys are set (every configured gateway).
                    "allow_unpaid_orders": False,
                    "payment_gateways": [],
                    "default_transaction_flow_strategy": "CHARGE",
                },
            )
        )
    for slug, village, district, regency, lat, lng, description in reference.ORIGINS:
        cat.origins[slug] = _upsert(
            Origin,
            {"slug": slug},
            {
                "name": f"{village}, {regency}",
                "village": village,
                "district": district,
                "regency": regency,
                "province": reference.NTB,
                "country": "ID",
                "latitude": Decimal(lat),
                "longitude": Decimal(lng),
                "description": description,
            },
        )
    groups = {
        slug: _upsert(
            ProducerGroup,
            {"slug": slug},
            {"name": name, "kind": kind, "registration_number": number, "origin": cat.origins[origin]},
        )
        for slug, name, kind, number, origin in reference.PRODUCER_GROUPS
    }
    for slug, name, name_id, area in reference.MATERIALS:
        cat.materials[slug] = _upsert(
            Material, {"slug": slug}, {"name": name, "name_id": name_id, "origin_area": area}
        )
    for slug, name, name_id, description in reference.TECHNIQUES:
        cat.techniques[slug] = _upsert(
            Technique, {"slug": slug}, {"name": name, "name_id": name_id, "description": description}
        )
    for slug, name, origin, group, crafts, consent, bio in reference.MAKERS:
        maker = _upsert(
            Maker,
            {"slug": slug},
            {
                "display_name": name,
                "bio": reference.maker_bio(bio),
                "origin": cat.origins[origin],
                "group": groups[group],
                "consent_to_publish": consent,
                "consent_recorded_at": CONSENT_RECORDED_AT if consent else None,
                "is_demo_profile": True,
            },
        )
        wanted = {cat.techniques[c].pk for c in crafts}
        if set(maker.crafts.values_list("pk", flat=True)) != wanted:
            maker.crafts.set(list(wanted))
        # A portrait is public media: only a maker who consented to publication gets one.
        if consent and not maker.portrait:
            portrait = images.maker_portrait(name=name, seed=stable_number(slug))
            maker.portrait.save(f"{slug}.jpg", ContentFile(portrait), save=False)
            maker.save(update_fields=["portrait", "updated_at"])
        elif not consent and maker.portrait:
            maker.portrait.delete(save=False)
            maker.save(update_fields=["portrait", "updated_at"])
        cat.makers[slug] = maker
    for slug, name, city, area, street in reference.WAREHOUSES:
        cat.warehouses[slug] = inventory.warehouse_upsert(
            slug=slug,
            name=name,
            channels=cat.channels,
            company_name="Asal demo cooperative",
            street_address=street,
            city=city,
            country_area=area,
            country="ID",
            is_private=True,
        )


def load_structure(cat: Catalogue) -> None:
    for slug, parent, name, name_id, text, text_id in structure.CATEGORIES:
        category = catalog.category_upsert(
            slug=slug,
            name=name,
            parent=cat.categories[parent] if parent else None,
            description=editorjs(text, key=f"category-{slug}"),
            seo_title=name,
            seo_description=text,
        )
        catalog.category_translation_update(
            category=category,
            language_code="id",
            name=name_id,
            slug=slugify(name_id),
            description=editorjs(text_id, key=f"category-{slug}-id"),
            seo_title=name_id,
            seo_description=text_id,
        )
        catalog.category_translation_update(
            category=category, language_code="ja", name=japanese.CATEGORIES[slug], slug=None
        )
        cat.categories[slug] = category
    for slug, name, name_id, text, text_id in structure.COLLECTIONS:
        collection = catalog.collection_upsert(
            slug=slug,
            name=name,
            description=editorjs(text, key=f"collection-{slug}"),
            seo_title=name,
            seo_description=text,
        )
        catalog.collection_translation_update(
            collection=collection,
            language_code="id",
            name=name_id,
            slug=slugify(name_id),
            description=editorjs(text_id, key=f"collection-{slug}-id"),
            seo_title=name_id,
            seo_description=text_id,
        )
        catalog.collection_translation_update(
            collection=collection, language_code="ja", name=japanese.COLLECTIONS[slug], slug=None
        )
        for channel in cat.channels:
            catalog.collection_channel_listing_update(
                collection=collection, channel=channel, is_published=True, published_at=PUBLISHED_AT
            )
        cat.collections[slug] = collection
    for position, (slug, name, name_id, input_type, unit, values) in enumerate(structure.ATTRIBUTES):
        attribute = catalog.attribute_upsert(
            slug=slug,
            name=name,
            input_type=input_type,
            unit=unit,
            storefront_search_position=position,
            filterable_in_storefront=input_type != Attribute.InputType.PLAIN_TEXT,
        )
        catalog.attribute_translation_update(attribute=attribute, language_code="id", name=name_id)
        catalog.attribute_translation_update(
            attribute=attribute, language_code="ja", name=japanese.ATTRIBUTES[slug]
        )
        for order, (value_slug, value_name, value_name_id, hex_value) in enumerate(values):
            value = catalog.attribute_value_upsert(
                attribute=attribute, slug=value_slug, name=value_name, sort_order=order, value=hex_value
            )
            catalog.attribute_value_translation_update(value=value, language_code="id", name=value_name_id)
            catalog.attribute_value_translation_update(
                value=value, language_code="ja", name=japanese.ATTRIBUTE_VALUES[(slug, value_slug)]
            )
            cat.values[(slug, value_slug)] = value
        cat.attributes[slug] = attribute
    for slug, name, hs_code, weight, is_food, attribute_slugs in structure.PRODUCT_TYPES:
        length, width, height = shipping.PRODUCT_TYPE_PARCELS[slug]
        cat.product_types[slug] = catalog.product_type_upsert(
            slug=slug,
            name=name,
            product_attributes=[cat.attributes[a] for a in attribute_slugs],
            variant_attributes=[cat.attributes["size"]],
            variant_selection=[cat.attributes["size"]],
            hs_code=hs_code,
            weight_kg=Decimal(weight),
            length_cm=Decimal(length),
            width_cm=Decimal(width),
            height_cm=Decimal(height),
            is_food=is_food,
            has_variants=True,
            is_shipping_required=True,
        )
        cat.type_attributes[slug] = list(attribute_slugs)
