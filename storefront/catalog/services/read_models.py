"""Read models kept on write: the product search document and the cheapest price per channel.

The API filters, sorts and searches on these columns instead of joining variants and
makers per request; every service that changes an input calls the refresh here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Min
from django.db.models.functions import Coalesce

from provenance.origins.models import Maker, Origin
from storefront.catalog.models import (
    AttributeValue,
    Product,
    ProductChannelListing,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.services._common import fields_save_changed
from storefront.catalog.signals import variant_prices_changed
from storefront.core.money import quantize_amount

_SPACE_RE = re.compile(r"\s+")
# The products whose prices wait for the end of ``product_prices_deferred`` (None: not deferring).
_deferred_product_ids: ContextVar[set[int] | None] = ContextVar("catalog_prices_deferred", default=None)


# --- read models ----------------------------------------------------------------------


def product_search_document_build(*, parts: Iterable[str | None]) -> str:
    """Join the searchable words of a product: lowercased, one per line, duplicates dropped."""
    seen: dict[str, None] = {}
    for part in parts:
        if part:
            text = _SPACE_RE.sub(" ", part).strip().lower()
            if text:
                seen.setdefault(text, None)
    return "\n".join(seen)


def product_search_document_update(*, product: Product) -> bool:
    """Refill ``product.search_document`` from everything a buyer may type to find it.

    Only makers who consent to publication contribute their names; a withdrawn consent
    takes the name out at the next refresh.
    """
    parts: list[str | None] = [product.name, product.description_plaintext]
    parts += ProductTranslation.objects.filter(product=product).values_list("name", flat=True)
    parts += AttributeValue.objects.filter(product_assignments__product=product).values_list(
        "name", flat=True
    )
    parts += AttributeValue.objects.filter(variant_assignments__variant__product=product).values_list(
        "name", flat=True
    )
    parts += product.makers.filter(consent_to_publish=True).values_list("display_name", flat=True)
    if product.origin_id is not None:
        origin = Origin.objects.get(pk=product.origin_id)
        parts += [origin.village, origin.regency]
    for material in product.materials.all():
        parts += [material.name, material.name_id]
    for technique in product.techniques.all():
        parts += [technique.name, technique.name_id]
    parts += ProductVariant.objects.filter(product=product).values_list("sku", flat=True)
    parts += ProductVariant.objects.filter(product=product).values_list("name", flat=True)
    document = product_search_document_build(parts=parts)
    return fields_save_changed(product, {"search_document": document, "search_index_dirty": False})


def product_search_documents_update(*, products: Iterable[Product]) -> int:
    """Refresh many documents after a shared input changed (a value renamed, a maker renamed or
    withdrawing consent); return how many changed."""
    return sum(product_search_document_update(product=product) for product in products)


def product_search_documents_update_for_maker(*, maker: Maker) -> int:
    """Call after a maker's name or consent changes: their products' documents follow.

    ``provenance.origins`` may not import the catalogue, so whoever changes a maker calls this.
    """
    return product_search_documents_update(products=Product.objects.filter(makers=maker))


def product_channel_listing_discounted_price_update(*, product: Product) -> None:
    """Set each channel listing's ``discounted_price_amount`` to the cheapest variant price there."""
    product_channel_listings_discounted_price_update(product_ids=[product.pk])


def product_channel_listings_discounted_price_update(*, product_ids: Iterable[int]) -> int:
    """Recompute the products' variants' promoted prices (``variant_prices_changed``: the discounts
    listen), then each product channel listing's ``discounted_price_amount``: the cheapest price a
    buyer pays for a variant there, promotions included. Returns how many product listings changed."""
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    deferred = _deferred_product_ids.get()
    if deferred is not None:
        deferred.update(ids)
        return 0
    variant_prices_changed.send(sender=Product, product_ids=ids)
    cheapest = {
        (row["variant__product_id"], row["channel_id"]): row["price"]
        for row in ProductVariantChannelListing.objects.filter(variant__product_id__in=ids)
        .values("variant__product_id", "channel_id")
        .annotate(price=Min(Coalesce("discounted_price_amount", "price_amount")))
    }
    changed = 0
    for listing in ProductChannelListing.objects.filter(product_id__in=ids):
        price = cheapest.get((listing.product_id, listing.channel_id))
        if price is not None:
            price = quantize_amount(price, listing.currency)
        if listing.discounted_price_amount != price:
            listing.discounted_price_amount = price
            listing.save(update_fields=["discounted_price_amount"])
            changed += 1
    return changed


@contextmanager
def product_prices_deferred() -> Iterator[None]:
    """Within it, :func:`product_channel_listings_discounted_price_update` only notes the products;
    on leaving it (without an error) they are all recomputed, once, in one pass.

    For bulk writers inside one transaction (the demo load): a price written for every variant in
    every channel otherwise recomputes the whole product's promoted and cheapest prices each time.
    Until the end the noted products' ``discounted_price_amount`` columns are stale, so nothing in
    the block may read them. Nested, the outermost block recomputes.
    """
    if _deferred_product_ids.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _deferred_product_ids.set(pending)
    try:
        yield
    finally:
        _deferred_product_ids.reset(token)
    product_channel_listings_discounted_price_update(product_ids=pending)
