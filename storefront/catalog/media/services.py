"""Writes of product media (Saleor's ``productMediaCreate/Update/Delete/Reorder``).

Each service checks its input first, writes in one transaction under the product's row lock (so
concurrent uploads and reorders of one product queue instead of racing for ``sort_order``) and
records an audit entry. An image is checked, drawn again and stored by ``storing``; the file is
written inside ``atomic_with_stored_files``, so a transaction that fails afterwards leaves no file,
and its thumbnails are queued only once the transaction commits. A deleted image's file and
thumbnails are deleted after the commit (one or many: ``productMediaBulkDelete``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max

from storefront.accounts.actor import Actor
from storefront.accounts.audit import audit_log_record
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media.storing import (
    media_content_prepare,
    media_content_store,
    media_files_release,
    thumbnails_prerender_on_commit,
)
from storefront.catalog.models import Product, ProductMedia
from storefront.core.stored_files import atomic_with_stored_files

Code = ProductErrorCode
MAX_ALT_LENGTH = ProductMedia._meta.get_field("alt").max_length or 250
MAX_MEDIA_URL_LENGTH = ProductMedia._meta.get_field("external_url").max_length or 512
# Video pages a storefront can embed without this shop fetching anything from them (Saleor asks
# the provider's oEmbed endpoint; Asal makes no request to a URL a caller names).
VIDEO_PROVIDERS: dict[str, str] = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
}


def product_media_create(
    *,
    product: Product,
    file: Any = None,
    media_url: str | None = None,
    alt: str | None = "",
    actor: Actor | None = None,
    prerender_thumbnails: bool = True,
) -> ProductMedia:
    """Add an image (``file``) or a video link (``media_url``) after the product's other media.

    Nothing is written when the input is refused (``CatalogError``). An image is stored as drawn
    again from its pixels (no GPS, no appended bytes) under a random name with the extension of its
    real format. ``prerender_thumbnails=False`` leaves thumbnails to their first request (the demo
    loader, which would otherwise spend most of its time rendering thumbnails nobody may ask for).
    """
    actor = actor or Actor.system()
    alt = _alt(alt)
    if file is None and not media_url:
        raise CatalogError(Code.REQUIRED, "Image or external URL is required.", field="input")
    if file is not None and media_url:
        raise CatalogError(
            Code.DUPLICATED_INPUT_ITEM, "Either image or external URL is required.", field="input"
        )
    media = ProductMedia(product=product, alt=alt)
    if media_url:
        provider = _video_provider(media_url)
        media.type = ProductMedia.MediaType.VIDEO
        media.external_url = media_url
        media.oembed_data = {"type": "video", "provider_name": provider}
        content = None
    else:
        media.type = ProductMedia.MediaType.IMAGE
        content = media_content_prepare(file=file)
    with atomic_with_stored_files() as stored:
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if content is not None:
            media_content_store(stored=stored, field_file=media.image, content=content)
        last = ProductMedia.objects.filter(product=locked).aggregate(last=Max("sort_order"))["last"]
        media.sort_order = 0 if last is None else last + 1
        media.save()
        audit_log_record(
            actor=actor, action="product_media.created", target=media, payload={"after": _snapshot(media)}
        )
        if content is not None and prerender_thumbnails:
            thumbnails_prerender_on_commit(media.image.name or "")
    return media


@transaction.atomic
def product_media_update(*, actor: Actor, media: ProductMedia, alt: str | None) -> ProductMedia:
    """Saleor's ``productMediaUpdate``: the alt text (``None`` leaves it as it is)."""
    if alt is None:
        return media
    new_alt = _alt(alt)
    media = ProductMedia.objects.select_for_update().get(pk=media.pk)
    before = _snapshot(media)
    if media.alt != new_alt:
        media.alt = new_alt
        media.save(update_fields=["alt"])
        audit_log_record(
            actor=actor,
            action="product_media.updated",
            target=media,
            payload={"before": before, "after": _snapshot(media)},
        )
    return media


@transaction.atomic
def product_media_delete(*, actor: Actor, media: ProductMedia) -> ProductMedia:
    """Saleor's ``productMediaDelete``: the row now, its file and thumbnails after the commit.

    Returns the media as it was, with its ID.
    """
    Product.objects.select_for_update().filter(pk=media.product_id).first()
    media = ProductMedia.objects.filter(pk=media.pk).first() or media
    pk = media.pk
    audit_log_record(
        actor=actor,
        action="product_media.deleted",
        target=media,
        payload={"before": _snapshot(media), "after": None},
    )
    name = media.image.name or ""
    media.delete()
    if name:
        media_files_release(storage=storages["default"], names=[name])
    media.pk = pk
    return media


BULK_DELETE_LIMIT = 100


@transaction.atomic
def product_media_bulk_delete(*, actor: Actor, media: Sequence[ProductMedia]) -> int:
    """Saleor's ``productMediaBulkDelete``: every row now (one audit entry each), their files and
    thumbnails after the commit. At most ``BULK_DELETE_LIMIT`` at once (Saleor's default limit).

    The products are locked in primary-key order, as single deletes and uploads lock one. Returns how
    many were deleted (a media deleted meanwhile is not counted).
    """
    if len(media) > BULK_DELETE_LIMIT:
        raise CatalogError(
            Code.INVALID, f"At most {BULK_DELETE_LIMIT} media can be deleted at once.", field="ids"
        )
    product_ids = sorted({item.product_id for item in media})
    list(Product.objects.select_for_update().filter(pk__in=product_ids).order_by("pk").values_list("pk"))
    current = list(ProductMedia.objects.filter(pk__in=[item.pk for item in media]).order_by("pk"))
    for item in current:
        audit_log_record(
            actor=actor,
            action="product_media.deleted",
            target=item,
            payload={"before": _snapshot(item), "after": None},
        )
    names = [item.image.name or "" for item in current]
    ProductMedia.objects.filter(pk__in=[item.pk for item in current]).delete()
    media_files_release(storage=storages["default"], names=names)
    return len(current)


@transaction.atomic
def product_media_reorder(
    *, actor: Actor, product: Product, media: Sequence[ProductMedia]
) -> list[ProductMedia]:
    """Saleor's ``productMediaReorder``: ``media`` is every media of ``product``, in the new order."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    current = {item.pk: item for item in ProductMedia.objects.filter(product=product)}
    wanted = [item.pk for item in media]
    if len(set(wanted)) != len(wanted):
        raise CatalogError(Code.DUPLICATED_INPUT_ITEM, "A media is named twice.", field="mediaIds")
    strangers = [item for item in media if item.pk not in current]
    if strangers:
        raise CatalogError(
            Code.NOT_PRODUCTS_IMAGE,
            f"{len(strangers)} of the media do not belong to this product.",
            field="mediaIds",
        )
    if len(wanted) != len(current):
        raise CatalogError(Code.INVALID, "Incorrect number of media IDs provided.", field="mediaIds")
    before = [pk for pk, _item in sorted(current.items(), key=lambda kv: (kv[1].sort_order, kv[0]))]
    ordered = [current[pk] for pk in wanted]
    changed = []
    for position, item in enumerate(ordered):
        if item.sort_order != position:
            item.sort_order = position
            changed.append(item)
    ProductMedia.objects.bulk_update(changed, ["sort_order"])
    if before != wanted:
        audit_log_record(
            actor=actor,
            action="product.media_reordered",
            target=product,
            payload={"before": before, "after": wanted},
        )
    return ordered


def _alt(alt: str | None) -> str:
    value = (alt or "").strip()
    if len(value) > MAX_ALT_LENGTH:
        raise CatalogError(Code.INVALID, f"At most {MAX_ALT_LENGTH} characters are allowed.", field="alt")
    return value


def _video_provider(url: str) -> str:
    if len(url) > MAX_MEDIA_URL_LENGTH:
        raise CatalogError(
            Code.INVALID, f"At most {MAX_MEDIA_URL_LENGTH} characters are allowed.", field="mediaUrl"
        )
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        host, parts = "", None
    provider = VIDEO_PROVIDERS.get(host)
    if (
        parts is None
        or parts.scheme != "https"
        or provider is None
        or posixpath.normpath(parts.path) in (".", "/")
    ):
        raise CatalogError(
            Code.UNSUPPORTED_MEDIA_PROVIDER,
            "Only https links to a YouTube or Vimeo video are supported.",
            field="mediaUrl",
        )
    return provider


def _snapshot(media: ProductMedia) -> dict[str, Any]:
    return {
        "product": media.product_id,
        "type": media.type,
        "image": media.image.name or "",
        "external_url": media.external_url,
        "alt": media.alt,
        "sort_order": media.sort_order,
    }
