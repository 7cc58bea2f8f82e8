"""What a product feed lists for one channel and language: one :class:`FeedItem` per sellable variant.

A variant is listed when its product is published in the channel (``published_at`` passed or
unset), visible in listings, available for purchase now (``available_for_purchase_at`` set and
passed), has at least one image, and the variant has a price in the channel. Gift cards are left
out (Google and Meta take physical goods here). Prices come from the one pricing function,
``storefront.catalog.pricing.variant_listing_pricing``: ``price`` is the price before any
reduction and ``sale_price`` today's price when the variant is on sale; when a catalogue promotion
lowers it (the rule recorded in ``VariantListingPromotionRule``) and that promotion has an end
date, ``sale_price_effective`` is the promotion's start and end. Availability counts the
free stock of the channel's warehouses (as ``quantityAvailable`` does); a variant that tracks no
inventory is always in stock. Shipping is the cheapest method of the channel's zones for one unit,
per country the channel ships to, as ``shipping_quotes`` quotes it: the channel's methods and
prices are read once per feed and the countries its same methods serve are quoted together
(:class:`FeedShippingTable`). Texts are the catalogue's translations into ``language_code``
(its base language, else the untranslated text); the link carries the product's slug translated
into exactly ``language_code`` when it has one (the storefront's product page looks it up with
``slugLanguageCode``). ``google_product_category`` is the category's Google taxonomy id or path
(``Category.google_product_category``), else its nearest ancestor's.

Cost: a fixed number of queries per feed, whatever the catalogue's size (shipping offers are
cached by the shipping package and read once per feed), and CPU in proportion to the variants
times the groups of countries (rendering then writes one ``g:shipping`` per country).
"""

from __future__ import annotations

import re
from base64 import b64encode
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from storefront.catalog.media.thumbnails import thumbnail_url
from storefront.catalog.models import (
    Category,
    CategoryTranslation,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
)
from storefront.catalog.pricing import variant_listing_pricing
from storefront.catalog.selectors.products import product_list_for_channel
from storefront.catalog.selectors.relations import product_media_for, translations_for
from storefront.catalog.services._common import description_plaintext
from storefront.channels.models import Channel
from storefront.core.money import Money
from storefront.discounts.promotion_models import VariantListingPromotionRule
from storefront.inventory.selectors import variant_annotate_stock
from storefront.shipping.models import ShippingMethod, ShippingMethodChannelListing
from storefront.shipping.parcels import parcel_for
from storefront.shipping.quotes import (
    channel_countries,
    channel_offers_by_country,
    shipping_method_translation,
    shipping_quotes_among,
)

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,255}")
MAX_TITLE = 150
MAX_DESCRIPTION = 5000
MAX_ADDITIONAL_IMAGES = 10


@dataclass(frozen=True, slots=True)
class FeedShipping:
    country: str
    service: str
    price: Money


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One variant as a feed lists it (see the module docstring)."""

    id: str
    title: str
    description: str
    link: str
    image_link: str
    additional_image_links: list[str]
    in_stock: bool
    price: Money
    sale_price: Money | None
    brand: str
    gtin: str
    mpn: str
    item_group_id: str
    product_type: str
    origin_village: str
    shipping: list[FeedShipping] = field(default_factory=list)
    # The running promotion's (start, end) when it lowers the price and has an end date.
    sale_price_effective: tuple[datetime, datetime] | None = None
    google_product_category: str = ""


def money_text(money: Money) -> str:
    """``12.50 USD``, ``1250 JPY``: the amount with its currency's minor unit, then the code."""
    return f"{money.amount:f} {money.currency}"


def effective_date_text(interval: tuple[datetime, datetime]) -> str:
    """An ISO 8601 interval in UTC, as Google and Meta take it:
    ``2026-03-01T00:00:00+00:00/2026-03-31T23:59:00+00:00``."""
    start, end = (moment.astimezone(UTC).isoformat(timespec="seconds") for moment in interval)
    return f"{start}/{end}"


def product_url(*, channel: Channel, slug: str, variant_pk: int | None = None) -> str:
    """The storefront's page of a product (``STOREFRONT_URL`` + ``STOREFRONT_PRODUCT_PATH``), with
    the variant preselected (Saleor's storefront reads ``?variant=<global ID>``) when given."""
    url = settings.STOREFRONT_URL + settings.STOREFRONT_PRODUCT_PATH.format(channel=channel.slug, slug=slug)
    if variant_pk is not None:
        url += "?variant=" + b64encode(f"ProductVariant:{variant_pk}".encode()).decode()
    return url


def feed_brand() -> str:
    return str(getattr(settings, "ASAL_FEED_BRAND", "") or "Asal")


def _category_facts(category_ids: set[int], language_code: str) -> tuple[dict[int, str], dict[int, str]]:
    """``Home & living > Baskets`` for each category, in the language; and each category's Google
    product category (its own, else its nearest ancestor's)."""
    categories = {
        category.pk: category
        for category in Category.objects.all().only("pk", "name", "parent_id", "google_product_category")
    }
    names = translations_for(
        CategoryTranslation, owner_field="category", owner_ids=categories, language_code=language_code
    )

    def name(pk: int) -> str:
        translated = names.get(pk)
        return (translated.name if translated is not None else "") or categories[pk].name

    paths: dict[int, str] = {}
    google: dict[int, str] = {}
    for pk in category_ids:
        chain: list[str] = []
        current: int | None = pk
        while current is not None and current in categories and len(chain) < 20:
            chain.append(name(current))
            if pk not in google and categories[current].google_product_category:
                google[pk] = categories[current].google_product_category
            current = categories[current].parent_id
        paths[pk] = " > ".join(reversed(chain))
    return paths, google


def _promotion_intervals(listing_ids: list[int]) -> dict[int, tuple[datetime, datetime]]:
    """The (start, end) of the promotion whose rule prices each listing, for those with an end date."""
    rows = VariantListingPromotionRule.objects.filter(
        variant_channel_listing_id__in=listing_ids, promotion_rule__promotion__end_date__isnull=False
    ).values_list(
        "variant_channel_listing_id",
        "promotion_rule__promotion__start_date",
        "promotion_rule__promotion__end_date",
    )
    return {listing_id: (start, end) for listing_id, start, end in rows if end is not None}


def _image_urls(media: list[ProductMedia]) -> list[str]:
    return [
        thumbnail_url(original_name=item.image.name, size=None, format=None, thumbnail=None)
        for item in media
        if item.type == ProductMedia.MediaType.IMAGE and item.image.name
    ]


class FeedShippingTable:
    """The channel's shipping, read once per feed: its listings by country
    (``channel_offers_by_country``), the countries that the same listings serve grouped together,
    so that a variant is quoted once per group rather than once per country (``intl-usd`` ships to
    some 250 countries through a handful of zones), and each method's name in the language.
    ``for_variant`` gives, per country the channel ships to, the cheapest method for one unit:
    what ``shipping_quotes`` quotes that country."""

    def __init__(self, *, channel: Channel, language_code: str) -> None:
        self.channel = channel
        self.language_code = language_code
        self.countries = channel_countries(channel)
        by_country = channel_offers_by_country(channel)
        groups: dict[tuple[int, ...], tuple[list[ShippingMethodChannelListing], list[str]]] = {}
        for country in self.countries:
            offers = by_country.get(country)
            if offers:
                groups.setdefault(tuple(listing.pk for listing in offers), (offers, []))[1].append(country)
        self._groups = list(groups.values())
        self._services: dict[int, str] = {}

    def _service(self, method: ShippingMethod) -> str:
        service = self._services.get(method.pk)
        if service is None:
            translated = shipping_method_translation(method, self.language_code)
            service = (translated.name if translated is not None else "") or method.name
            self._services[method.pk] = service
        return service

    def for_variant(self, variant: ProductVariant, subtotal: Money) -> list[FeedShipping]:
        """The variant's shipping per country, in ``channel_countries`` order (its product loaded
        with its product type); one "Digital" line at no cost when it needs no shipping."""
        if not variant.product.product_type.is_shipping_required:
            return [
                FeedShipping(
                    country=self.channel.default_country,
                    service="Digital",
                    price=Money.zero(subtotal.currency),
                )
            ]
        parcel = parcel_for([(variant, 1)])
        found: dict[str, FeedShipping] = {}
        for offers, countries in self._groups:
            quotes = shipping_quotes_among(offers, parcel=parcel, subtotal=subtotal)
            if not quotes:
                continue
            service = self._service(quotes[0].method)
            for country in countries:
                found[country] = FeedShipping(country=country, service=service, price=quotes[0].price)
        return [found[country] for country in self.countries if country in found]


def feed_items(*, channel: Channel, language_code: str, now: datetime | None = None) -> list[FeedItem]:
    """Every variant the channel sells now, as feeds list them (see the module docstring)."""
    now = now or timezone.now()
    available = ProductChannelListing.objects.filter(
        channel=channel, available_for_purchase_at__isnull=False, available_for_purchase_at__lte=now
    ).values("product_id")
    products = (
        product_list_for_channel(channel=channel, include_unpublished=False, listed_only=True, now=now)
        .filter(pk__in=available)
        .exclude(product_type__kind=ProductType.Kind.GIFT_CARD)
    )
    listings = list(
        ProductVariantChannelListing.objects.filter(
            channel=channel, variant__product__in=products.values("pk"), price_amount__isnull=False
        )
        .select_related("variant__product__product_type", "variant__product__origin")
        .order_by("variant__product__slug", "variant__sort_order", "variant__pk")
    )
    variant_ids = [listing.variant_id for listing in listings]
    product_ids = {listing.variant.product_id for listing in listings}
    stocked = variant_annotate_stock(ProductVariant.objects.filter(pk__in=variant_ids), channel=channel)
    stock = {variant.pk: variant.__dict__.get("stock_available") or 0 for variant in stocked.only("pk")}
    media = product_media_for(product_ids=product_ids)
    product_names = translations_for(
        ProductTranslation, owner_field="product", owner_ids=product_ids, language_code=language_code
    )
    variant_names = translations_for(
        ProductVariantTranslation,
        owner_field="product_variant",
        owner_ids=variant_ids,
        language_code=language_code,
    )
    paths, google_categories = _category_facts(
        {listing.variant.product.category_id for listing in listings if listing.variant.product.category_id},
        language_code,
    )
    per_product: dict[int, int] = defaultdict(int)
    for listing in listings:
        per_product[listing.variant.product_id] += 1
    intervals = _promotion_intervals([listing.pk for listing in listings])
    shipping = FeedShippingTable(channel=channel, language_code=language_code)
    brand = feed_brand()

    items = []
    for listing in listings:
        variant = listing.variant
        product = variant.product
        images = _image_urls(media.get(product.pk, []))
        if not images:
            continue
        translated = product_names.get(product.pk)
        name = (translated.name if translated is not None else "") or product.name
        description = (
            (
                description_plaintext(translated.description)
                if translated is not None and translated.description
                else ""
            )
            or product.description_plaintext
            or name
        )
        grouped = per_product[product.pk] > 1
        title = name
        if grouped:
            variant_translated = variant_names.get(variant.pk)
            variant_name = (variant_translated.name if variant_translated is not None else "") or variant.name
            if variant_name:
                title = f"{name} - {variant_name}"
        pricing = variant_listing_pricing(listing, channel)
        on_sale = pricing.on_sale
        promoted = (
            listing.discounted_price_amount is not None
            and listing.discounted_price_amount < listing.price_amount
        )
        slug = (
            translated.slug
            if translated is not None
            and translated.slug
            and translated.language_code.lower() == language_code.lower()
            else product.slug
        )
        item_id = variant.sku or f"{channel.slug}-{variant.pk}"
        items.append(
            FeedItem(
                id=item_id,
                title=title[:MAX_TITLE],
                description=description[:MAX_DESCRIPTION],
                link=product_url(channel=channel, slug=slug, variant_pk=variant.pk if grouped else None),
                image_link=images[0],
                additional_image_links=images[1 : 1 + MAX_ADDITIONAL_IMAGES],
                in_stock=not variant.track_inventory or stock.get(variant.pk, 0) > 0,
                price=pricing.price_undiscounted.gross if on_sale else pricing.price.gross,
                sale_price=pricing.price.gross if on_sale else None,
                brand=brand,
                gtin=variant.gtin,
                mpn=variant.sku or "",
                item_group_id=product.slug if grouped else "",
                product_type=paths.get(product.category_id or 0, ""),
                origin_village=product.origin.village if product.origin is not None else "",
                shipping=shipping.for_variant(variant, pricing.price.gross),
                sale_price_effective=intervals.get(listing.pk) if promoted else None,
                google_product_category=google_categories.get(product.category_id or 0, ""),
            )
        )
    return items


def language_known(language_code: str) -> bool:
    """Whether feeds are made in this language (one of ``settings.LANGUAGES``)."""
    return language_code in {code for code, _name in settings.LANGUAGES}


def channel_for_feed(slug: str) -> Channel | None:
    """The active channel with this slug, or ``None`` (also for what is no slug at all)."""
    if not _SLUG.fullmatch(slug):
        return None
    return Channel.objects.filter(Q(slug=slug) & Q(is_active=True)).first()
