"""Reads for media: what the API's dataloaders ask for a page of products at once."""

from __future__ import annotations

from collections.abc import Iterable

from storefront.catalog.models import Thumbnail

ThumbnailKey = tuple[str, int, str]


def thumbnails_for(*, original_names: Iterable[str]) -> dict[ThumbnailKey, Thumbnail]:
    """Return every stored thumbnail of ``original_names``, keyed by (original name, size, format).

    One query whatever the number of originals, so a product list costs the same for 1 or 100 items.
    Look up with ``thumbnail_size_snap(size)`` and the parsed format as the key's size and format.
    """
    names = {name for name in original_names if name}
    if not names:
        return {}
    return {
        (thumb.original_name, thumb.size, thumb.format): thumb
        for thumb in Thumbnail.objects.filter(original_name__in=names)
    }
