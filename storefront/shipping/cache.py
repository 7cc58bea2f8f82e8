"""The shipping tables a channel reads on every checkout read, cached whole per channel.

``offers_for_channel(channel_id)`` returns the channel's method listings (with their method and
zone), ``zone_countries(channel_id)`` the countries of its zones and ``method_translations()`` the
methods' translations; each costs one query when not cached (whatever the number of channels,
zones or methods), none when cached. Any save or delete of a zone, method, listing, translation or
zone–channel assignment forgets them all (``storefront.core.versioned_cache``).

Why signals, which the conventions avoid: these rows are written by the demo loader, the admin
and tests' factories, with no write service of their own yet, and a stale price at checkout is a
wrong charge; a receiver is the one place every ORM save and delete passes. ``QuerySet.update()``
and ``bulk_create()`` bypass it: call ``shipping_cache.invalidate()`` after them.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from storefront.core.versioned_cache import VersionedCache
from storefront.shipping.models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodTranslation,
    ShippingZone,
)

shipping_cache = VersionedCache("shipping")


def offers_for_channel(channel_id: int) -> list[ShippingMethodChannelListing]:
    """Every listing of the channel whose method's zone is assigned to the channel (one query)."""

    def load() -> list[ShippingMethodChannelListing]:
        return list(
            ShippingMethodChannelListing.objects.filter(
                channel_id=channel_id, shipping_method__shipping_zone__channels=channel_id
            )
            .select_related("shipping_method__shipping_zone")
            .order_by("pk")
        )

    return shipping_cache.get_or_load(f"channel:{channel_id}:offers", load)


def _countries_by_channel() -> dict[int | None, list[str]]:
    """Sorted zone countries of every channel (key: its pk) and of every zone (key: ``None``): one query."""

    def load() -> dict[int | None, list[str]]:
        found: dict[int | None, set[str]] = {None: set()}
        for countries, channel_id in ShippingZone.objects.values_list("countries", "channels__id"):
            codes = {str(code).upper() for code in countries}
            found[None].update(codes)
            if channel_id is not None:
                found.setdefault(channel_id, set()).update(codes)
        return {key: sorted(codes) for key, codes in found.items()}

    return shipping_cache.get_or_load("countries", load)


def zone_countries(channel_id: int | None) -> list[str]:
    """Sorted countries of the channel's zones, or of every zone for ``None``; one table for all channels."""
    return _countries_by_channel().get(channel_id, [])


def method_translations() -> dict[tuple[int, str], ShippingMethodTranslation]:
    """Every shipping method translation by ``(method pk, language code)``: one query until cached."""

    def load() -> dict[tuple[int, str], ShippingMethodTranslation]:
        return {
            (row.shipping_method_id, row.language_code): row
            for row in ShippingMethodTranslation.objects.all()
        }

    return shipping_cache.get_or_load("translations", load)


def _forget(**_: Any) -> None:
    shipping_cache.invalidate()


def connect_invalidation() -> None:
    """Forget the cached tables whenever one of their rows changes (called from the app's ``ready()``)."""
    for model in (ShippingZone, ShippingMethod, ShippingMethodChannelListing, ShippingMethodTranslation):
        post_save.connect(_forget, sender=model, dispatch_uid=f"shipping-cache-save-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"shipping-cache-delete-{model.__name__}")
    m2m_changed.connect(
        _forget, sender=ShippingZone.channels.through, dispatch_uid="shipping-cache-zone-channels"
    )
