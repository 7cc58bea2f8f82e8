"""The demo catalogue, loaded idempotently: ``demo_catalogue_load``.

``make run`` calls it on every start, so a second run must change nothing; the
loader looks every record up by slug or SKU and writes only what differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from infra.demo.content import demo_content_load
from infra.demo.discounts import demo_discounts_load
from infra.demo.gift_card_product import demo_gift_card_product_load
from infra.demo.loader import PRODUCTS, Catalogue, Progress, load_reference, load_structure
from infra.demo.lots import demo_signing_key_ensure
from infra.demo.marketing import demo_marketing_load
from infra.demo.product_loader import demo_product_load
from infra.demo.promotions import demo_gift_promotion_load, demo_promotions_load
from infra.demo.seller import demo_seller_load
from infra.demo.shipping_loader import load_shipping
from infra.demo.staff import demo_staff_load
from provenance.certificates.models import OriginCertificate
from storefront.catalog import services as catalog
from storefront.catalog.models import Product
from storefront.marketing.feeds.storage import feeds_generate_all


@dataclass(frozen=True)
class DemoLoadSummary:
    products: int
    channels: int
    makers: int


def _silent(_message: str) -> None:
    return None


def demo_catalogue_load(*, progress: Progress = _silent) -> DemoLoadSummary:
    """Load (or re-check) the whole demo shop; ``progress`` receives one line per step.

    One transaction for the whole load: on SQLite a commit per product (and per lot, thumbnail,
    custody event...) cost more than the writes themselves, and a load cut short leaves nothing
    half-written (the next run starts again; files already stored stay unreferenced).
    """
    cat = Catalogue()
    # Prices are written per variant and channel; the promoted and cheapest prices they feed are
    # recomputed once, for every product, when the block ends (inside the transaction).
    with transaction.atomic(), catalog.product_prices_deferred():
        progress("Channels, villages, producer groups, makers, materials, techniques, warehouses…")
        load_reference(cat)
        progress("Categories, collections, attributes, product types…")
        load_structure(cat)
        progress("Shipping zones and prices, tax rates, import-VAT schemes, restricted goods…")
        load_shipping(cat)
        demo_staff_load()  # permission groups and one demo staff account per group
        demo_seller_load()  # BUMDes Desa Loyok as the seller of record (legal name, NIB, NPWP, IOSS)
        demo_signing_key_ensure()  # demo stock arrives as certified lots, signed by the shop's key
        demo_discounts_load()  # the EXPO2026 voucher in every channel and a USD gift card
        members: dict[str, list[Product]] = {slug: [] for slug in cat.collections}
        total = len(PRODUCTS)
        for number, record in enumerate(PRODUCTS, start=1):
            product = demo_product_load(cat, record, number=number)
            for slug in record.collections:
                members[slug].append(product)
            progress(f"[{number:>2}/{total}] {record.name}")
        for slug, products in members.items():
            collection = cat.collections[slug]
            catalog.collection_upsert(
                slug=slug,
                name=collection.name,
                description=collection.description,
                seo_title=collection.seo_title,
                seo_description=collection.seo_description,
                products=products,
            )
        demo_marketing_load()  # the "Jakarta Expo 2026" campaign and its two links (issue 12)
        demo_content_load(cat)  # pages, menus and the featured collection Saleor's storefront asks for
        demo_promotions_load()  # the "Ramadan sale": 15 % off the pottery in every channel (issue 12)
        demo_gift_card_product_load()  # "Asal gift card": bought as a product, issued when paid (issue 12)
        demo_gift_promotion_load()  # "A gift above $150": an order promotion's GIFT reward (issue 12)
    # The Google and Meta product feeds (issue 12) of every channel and language, made afresh (a
    # stored one would show the catalogue before the load); under 1 s of CPU for the demo's ten.
    feeds_generate_all()
    return DemoLoadSummary(products=total, channels=len(cat.channels), makers=len(cat.makers))


def demo_sample_certificate() -> OriginCertificate | None:
    """The certificate to show a newcomer first: the demo's first certified one-of-a-kind piece."""
    return (
        OriginCertificate.objects.filter(unit__lot__variant__is_one_of_a_kind=True)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
