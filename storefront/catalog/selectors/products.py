"""Products and variants a requester may see in one channel, with the per-row facts a listing needs.

Price extremes, the first image and provenance are correlated subqueries of the product query
itself (added only when asked for), so a page of 1 or 100 products is one SQL statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, JSONObject, Least
from django.utils import timezone

from storefront.catalog.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
)
from storefront.catalog.sql import LISTING_NOW, CountOf, JSONArray
from storefront.channels.models import Channel


def published_q(prefix: str, now: datetime) -> Q:
    """Published at ``now``: the listing behind ``prefix`` is published and its date has come."""
    return Q(**{f"{prefix}__is_published": True}) & (
        Q(**{f"{prefix}__published_at__isnull": True}) | Q(**{f"{prefix}__published_at__lte": now})
    )


def product_list_for_channel(
    *, channel: Channel | None, include_unpublished: bool, listed_only: bool, now: datetime | None = None
) -> QuerySet[Product]:
    """Products a requester may see in ``channel``, with that channel's listing as ``listing_*``.

    Buyers see products published there (``is_published`` and ``published_at`` passed or unset)
    and, in lists, only those ``visible_in_listings``. Staff (``include_unpublished``) see every
    product listed in the channel, or every product at all when no channel is given.
    """
    base = Product.objects.select_related("category", "product_type", "origin")
    if channel is None:
        if not include_unpublished:
            return base.none()
        return base.order_by("slug")
    now = now or timezone.now()
    qs = base.annotate(
        listing=FilteredRelation("channel_listings", condition=Q(channel_listings__channel=channel))
    )
    if include_unpublished:
        qs = qs.filter(listing__id__isnull=False)
    else:
        visible = published_q("listing", now)
        if listed_only:
            visible &= Q(listing__visible_in_listings=True)
        # One ``filter()`` call: a second one would join the channel's listing a second time.
        qs = qs.filter(visible)
        # A count of this list kept for the catalogue's generation must not depend on the instant.
        setattr(qs.query, LISTING_NOW, now)
    return qs.annotate(
        listing_id=F("listing__id"),
        listing_is_published=F("listing__is_published"),
        listing_published_at=F("listing__published_at"),
        listing_visible_in_listings=F("listing__visible_in_listings"),
        listing_available_for_purchase_at=F("listing__available_for_purchase_at"),
    ).order_by("slug")


def listed_product_listings(
    *, channel: Channel, now: datetime | None = None
) -> QuerySet[ProductChannelListing]:
    """The listings that make a product visible to buyers in ``channel``'s unfiltered listing.

    Each product has at most one listing per channel, so counting these counts the products that
    ``product_list_for_channel(listed_only=True)`` yields for a buyer, without joining them: an
    index-only scan of ``catalog_pcl_listed_idx`` (migration ``0005``), a few bytes a product.
    """
    now = now or timezone.now()
    listed = Q(channel=channel, is_published=True, visible_in_listings=True) & (
        Q(published_at__isnull=True) | Q(published_at__lte=now)
    )
    return ProductChannelListing.objects.filter(listed).order_by()


def listed_product_total(*, channel: Channel, now: datetime | None = None) -> Subquery | RawSQL:
    """The number of products buyers see in ``channel``'s unfiltered listing, as an SQL expression.

    On PostgreSQL it reads the channel's counter (migration ``0006``, kept by triggers) less the
    listings whose publication date is still to come (a range scan of the scheduled ones), so its
    cost does not depend on the catalogue's size. Elsewhere it counts ``listed_product_listings``.
    """
    now = now or timezone.now()
    if connection.vendor != "postgresql":
        return CountOf(listed_product_listings(channel=channel, now=now).values("pk"))
    return RawSQL(
        "(COALESCE((SELECT listed FROM catalog_listed_counter WHERE channel_id = %s), 0)"
        " - (SELECT COUNT(*) FROM catalog_productchannellisting WHERE channel_id = %s"
        " AND is_published AND visible_in_listings AND published_at > %s))",
        [channel.pk, channel.pk, now],
        output_field=IntegerField(),
    )


def listed_product_count(*, channel: Channel, now: datetime | None = None) -> int:
    """``listed_product_total`` on its own, as a number."""
    total = listed_product_total(channel=channel, now=now)
    found = (
        Channel.objects.filter(pk=channel.pk).annotate(asal_total=total).values_list("asal_total", flat=True)
    )
    return found.first() or 0


def category_listed_total(
    *, channel: Channel, category_ids: list[int], now: datetime | None = None
) -> Subquery | RawSQL:
    """The number of products buyers see in ``channel``'s listing of the products in
    ``category_ids`` (a category and those below it), as an SQL expression.

    On PostgreSQL it sums the categories' counters (migration ``0010``, kept by triggers) less
    their listings whose publication date is still to come (a range scan of the scheduled ones
    only), so its cost does not depend on the catalogue's size. Elsewhere it counts them.
    """
    now = now or timezone.now()
    if connection.vendor != "postgresql" or not category_ids:
        listed = product_list_for_channel(
            channel=channel, include_unpublished=False, listed_only=True, now=now
        ).filter(category_id__in=category_ids)
        return CountOf(listed.order_by().values("pk"))
    marks = ", ".join(["%s"] * len(category_ids))  # placeholders only: the ids are parameters
    return RawSQL(  # noqa: S611
        "(COALESCE((SELECT SUM(listed) FROM catalog_category_listed_counter"  # noqa: S608
        f" WHERE channel_id = %s AND category_id IN ({marks})), 0)"
        " - (SELECT COUNT(*) FROM catalog_productchannellisting AS scheduled"
        " JOIN catalog_product AS scheduled_product ON scheduled_product.id = scheduled.product_id"
        " WHERE scheduled.channel_id = %s AND scheduled.is_published AND scheduled.visible_in_listings"
        f" AND scheduled.published_at > %s AND scheduled_product.category_id IN ({marks})))",
        [channel.pk, *category_ids, channel.pk, now, *category_ids],
        output_field=IntegerField(),
    )


def category_listed_count(*, channel: Channel, category_ids: list[int], now: datetime | None = None) -> int:
    """``category_listed_total`` on its own, as a number."""
    total = category_listed_total(channel=channel, category_ids=category_ids, now=now)
    found = (
        Channel.objects.filter(pk=channel.pk).annotate(asal_total=total).values_list("asal_total", flat=True)
    )
    return int(found.first() or 0)


def product_annotate_prices(qs: QuerySet[Product], *, channel: Channel) -> QuerySet[Product]:
    """Add ``price_min/max`` and ``undiscounted_min/max`` over the variants priced in ``channel``."""
    return qs.annotate(**_price_subqueries(channel.pk))


@lru_cache(maxsize=64)
def _price_subqueries(channel_id: int) -> dict[str, Subquery]:
    """Built once per channel and process (see ``_provenance_subqueries``)."""
    listings = (
        ProductVariantChannelListing.objects.filter(
            variant__product=OuterRef("pk"), channel_id=channel_id, price_amount__isnull=False
        )
        .order_by()
        .values("variant__product")
    )
    undiscounted = Greatest("price_amount", Coalesce("prior_price_amount", "price_amount"))
    # What a buyer pays: the promoted price kept on write (``catalog.pricing.buyer_price_amount``).
    paid = Least("price_amount", Coalesce("discounted_price_amount", "price_amount"))

    def aggregate(expression: Any) -> Subquery:
        return Subquery(listings.annotate(result=expression).values("result")[:1])

    return {
        "price_min": aggregate(Min(paid)),
        "price_max": aggregate(Max(paid)),
        "undiscounted_min": aggregate(Min(undiscounted)),
        "undiscounted_max": aggregate(Max(undiscounted)),
    }


def product_annotate_thumbnail(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Add the first image's storage name and alt text as ``thumbnail_name`` / ``thumbnail_alt``."""
    return qs.annotate(**_thumbnail_subqueries())


@cache
def _thumbnail_subqueries() -> dict[str, Subquery]:
    """Built once per process (see ``_provenance_subqueries``)."""
    first = (
        ProductMedia.objects.filter(product=OuterRef("pk"), type=ProductMedia.MediaType.IMAGE)
        .exclude(image="")
        .order_by("sort_order", "pk")
    )
    return {
        "thumbnail_name": Subquery(first.values("image")[:1]),
        "thumbnail_alt": Subquery(first.values("alt")[:1]),
    }


def product_annotate_provenance(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Add the product's consenting makers, materials and techniques as JSON lists.

    ``provenance_makers`` holds only makers who consented to publish: nothing about the others
    leaves the database.
    """
    return qs.annotate(**_provenance_subqueries())


@cache
def _provenance_subqueries() -> dict[str, Subquery]:
    """The three subqueries, built once per process: they depend on nothing but the models.

    Building them is a good part of a listing's ORM work; ``annotate`` resolves a copy of each,
    so the cached expressions are never changed by a query that uses them.
    """
    makers = (
        Product.makers.through.objects.filter(product_id=OuterRef("pk"), maker__consent_to_publish=True)  # type: ignore[misc]  # plugin misses annotations on through models
        .order_by()
        .values("product_id")
        .annotate(
            result=JSONArray(
                JSONObject(
                    id="maker_id",
                    display_name="maker__display_name",
                    slug="maker__slug",
                    bio="maker__bio",
                    portrait="maker__portrait",
                    portrait_alt="maker__portrait_alt",
                    is_demo_profile="maker__is_demo_profile",
                    group_name="maker__group__name",
                    group_kind="maker__group__kind",
                    group_registration_number="maker__group__registration_number",
                )
            )
        )
        .values("result")
    )
    materials = (
        Product.materials.through.objects.filter(product_id=OuterRef("pk"))  # type: ignore[misc]  # plugin misses annotations on through models
        .order_by()
        .values("product_id")
        .annotate(
            result=JSONArray(
                JSONObject(
                    id="material_id",
                    name="material__name",
                    name_id="material__name_id",
                    slug="material__slug",
                    origin_area="material__origin_area",
                )
            )
        )
        .values("result")
    )
    techniques = (
        Product.techniques.through.objects.filter(product_id=OuterRef("pk"))  # type: ignore[misc]  # plugin misses annotations on through models
        .order_by()
        .values("product_id")
        .annotate(
            result=JSONArray(
                JSONObject(
                    id="technique_id",
                    name="technique__name",
                    name_id="technique__name_id",
                    slug="technique__slug",
                )
            )
        )
        .values("result")
    )
    return {
        "provenance_makers": Subquery(makers[:1]),
        "provenance_materials": Subquery(materials[:1]),
        "provenance_techniques": Subquery(techniques[:1]),
    }


def product_get_by_slug(qs: QuerySet[Product], *, slug: str, language_code: str | None) -> Product | None:
    """The product with ``slug``, or with that translated slug in ``language_code``."""
    return products_with_slug(qs, slug=slug, language_code=language_code).first()


def products_with_slug(qs: QuerySet[Product], *, slug: str, language_code: str | None) -> QuerySet[Product]:
    """``qs``'s products with ``slug``, or with that translated slug in ``language_code``."""
    if language_code:
        match = Q(slug=slug) | Q(
            pk__in=ProductTranslation.objects.filter(slug=slug, language_code__iexact=language_code).values(
                "product_id"
            )
        )
    else:
        match = Q(slug=slug)
    return qs.filter(match)


def variants_for_products(
    *, product_ids: Iterable[int], channel: Channel | None, include_unpriced: bool
) -> QuerySet[ProductVariant]:
    """Variants of ``product_ids`` with their ``channel`` listing as ``price``/``prior_price``/``cost_price``.

    Buyers see only variants priced in the channel (as in Saleor); staff see them all.
    ``media_ids`` lists the variant's own media (a JSON list), so no query per variant is needed.
    """
    media = (
        ProductVariant.media.through.objects.filter(productvariant_id=OuterRef("pk"))
        .order_by()
        .values("productvariant_id")
        .annotate(result=JSONArray("productmedia_id"))
        .values("result")
    )
    qs = ProductVariant.objects.filter(product_id__in=list(product_ids)).annotate(
        media_ids=Subquery(media[:1])
    )
    if channel is None:
        return qs.order_by("product_id", "sort_order", "pk")
    qs = qs.annotate(
        listing=FilteredRelation("channel_listings", condition=Q(channel_listings__channel=channel))
    )
    if not include_unpriced:
        qs = qs.filter(listing__price_amount__isnull=False)
    return qs.annotate(
        listing_id=F("listing__id"),
        price=F("listing__price_amount"),
        prior_price=F("listing__prior_price_amount"),
        discounted_price=F("listing__discounted_price_amount"),
        omnibus_prior_price=F("listing__omnibus_prior_price_amount"),
        cost_price=F("listing__cost_price_amount"),
    ).order_by("product_id", "sort_order", "pk")


def variant_list_for_channel(
    *, products: QuerySet[Product], channel: Channel | None, include_unpriced: bool
) -> QuerySet[ProductVariant]:
    """Variants of the visible ``products``, with their product (and its category, type, origin) joined."""
    qs = ProductVariant.objects.filter(product__in=products.values("pk")).select_related(
        "product__category", "product__product_type", "product__origin"
    )
    if channel is not None:
        qs = qs.annotate(
            listing=FilteredRelation("channel_listings", condition=Q(channel_listings__channel=channel))
        )
        if not include_unpriced:
            qs = qs.filter(listing__price_amount__isnull=False)
        qs = qs.annotate(
            listing_id=F("listing__id"),
            price=F("listing__price_amount"),
            prior_price=F("listing__prior_price_amount"),
            discounted_price=F("listing__discounted_price_amount"),
            omnibus_prior_price=F("listing__omnibus_prior_price_amount"),
            cost_price=F("listing__cost_price_amount"),
        )
    media = (
        ProductVariant.media.through.objects.filter(productvariant_id=OuterRef("pk"))
        .order_by()
        .values("productvariant_id")
        .annotate(result=JSONArray("productmedia_id"))
        .values("result")
    )
    return qs.annotate(media_ids=Subquery(media[:1])).order_by("product__slug", "sort_order", "pk")
