"""The demo's gift card sold as a product: "Asal gift card" (product type of kind ``GIFT_CARD``).

Loaded idempotently (looked up by slug and SKU, written through the catalogue's services): listed
in every demo channel at US$25, €25, A$40, ¥4,000 and Rp400.000, translated and with a picture like
every demo product. It ships nothing (the product type needs no shipping, the variant weighs
nothing) and keeps no stock (``track_inventory`` off); paying an order that holds it issues one
gift card per unit and mails the codes (``storefront.orders.gift_cards``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from infra.demo import images
from infra.demo.loader import PUBLISHED_AT, editorjs
from storefront.catalog import services as catalog
from storefront.catalog.media import product_media_create
from storefront.catalog.models import Product, ProductMedia, ProductType
from storefront.channels.models import Channel

PRODUCT_TYPE_SLUG = "gift-card"
PRODUCT_SLUG = "asal-gift-card"
SKU = "ASL-GIFT-CARD-25"
PRICES = {
    "USD": Decimal("25"),
    "EUR": Decimal("25"),
    "AUD": Decimal("40"),
    "JPY": Decimal("4000"),
    "IDR": Decimal("400000"),
}
TEXT = "A gift card for the makers of Lombok, sent by e-mail with its code as soon as it is paid."
TEXT_ID = "Kartu hadiah untuk para perajin Lombok, dikirim lewat e-mail dengan kodenya begitu dibayar."


def demo_gift_card_product_load() -> Product:
    """The "Asal gift card" product, its one variant, prices and picture (created or re-checked)."""
    product_type = catalog.product_type_upsert(
        slug=PRODUCT_TYPE_SLUG,
        name="Gift card",
        kind=ProductType.Kind.GIFT_CARD,
        has_variants=False,
        is_shipping_required=False,
    )
    fields: dict[str, Any] = {
        "name": "Asal gift card",
        "description": editorjs(TEXT, "Spend it on anything in the shop.", key=PRODUCT_SLUG),
        "seo_title": "Asal gift card",
        "seo_description": TEXT,
    }
    product = Product.objects.filter(slug=PRODUCT_SLUG).first()
    if product is None:
        product = catalog.product_create(product_type=product_type, slug=PRODUCT_SLUG, **fields)
    catalog.product_translation_update(
        product=product,
        language_code="id",
        name="Kartu hadiah Asal",
        slug="kartu-hadiah-asal",
        seo_title="Kartu hadiah Asal",
        seo_description=TEXT_ID,
    )
    catalog.product_translation_update(
        product=product, language_code="ja", name="Asal ギフトカード", seo_title="Asal ギフトカード"
    )
    variant = catalog.variant_upsert(
        product=product,
        sku=SKU,
        name="Gift card",
        track_inventory=False,
        weight_kg=Decimal(0),
        length_cm=Decimal(0),
        width_cm=Decimal(0),
        height_cm=Decimal(0),
    )
    for channel in Channel.objects.filter(currency_code__in=list(PRICES)).order_by("pk"):
        catalog.product_channel_listing_update(
            product=product,
            channel=channel,
            is_published=True,
            published_at=PUBLISHED_AT,
            visible_in_listings=True,
            available_for_purchase_at=PUBLISHED_AT,
        )
        catalog.variant_channel_listing_update(
            variant=variant, channel=channel, price=PRICES[channel.currency_code]
        )
    if not ProductMedia.objects.filter(product=product).exists():
        data = images.product_image(kind="songket", title="Asal gift card", seed=2026)
        upload = ContentFile(data, name=f"{PRODUCT_SLUG}-1.jpg")
        product_media_create(product=product, file=upload, alt="Asal gift card", prerender_thumbnails=False)
    return product
