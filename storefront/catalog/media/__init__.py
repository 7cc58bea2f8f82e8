"""Product and other public images: upload checks, storage, thumbnails, the orphan sweep.

Services (writes) and selectors (reads) live in their own modules; the names below are the
package's public surface, for the API layer, the tasks and the thumbnail view.
"""

from storefront.catalog.media import tasks as tasks  # registers the sweep with Celery
from storefront.catalog.media.backgrounds import (
    category_create_with_background,
    category_update_with_background,
    collection_create_with_background,
    collection_update_with_background,
)
from storefront.catalog.media.orphans import media_orphans_delete
from storefront.catalog.media.portraits import maker_portrait_update
from storefront.catalog.media.selectors import thumbnails_for
from storefront.catalog.media.services import (
    product_media_bulk_delete,
    product_media_create,
    product_media_delete,
    product_media_reorder,
    product_media_update,
)
from storefront.catalog.media.thumbnails import (
    PRERENDERED,
    THUMBNAIL_SIZES,
    ThumbnailFormat,
    thumbnail_format_parse,
    thumbnail_get_or_create,
    thumbnail_size_snap,
    thumbnail_storage_url,
    thumbnail_token_make,
    thumbnail_token_read,
    thumbnail_url,
)
from storefront.catalog.media.validation import media_validate_image
from storefront.core.images import ValidatedImage

__all__ = [
    "PRERENDERED",
    "THUMBNAIL_SIZES",
    "ThumbnailFormat",
    "ValidatedImage",
    "category_create_with_background",
    "category_update_with_background",
    "collection_create_with_background",
    "collection_update_with_background",
    "maker_portrait_update",
    "media_orphans_delete",
    "media_validate_image",
    "product_media_bulk_delete",
    "product_media_create",
    "product_media_delete",
    "product_media_reorder",
    "product_media_update",
    "thumbnail_format_parse",
    "thumbnail_get_or_create",
    "thumbnail_size_snap",
    "thumbnail_storage_url",
    "thumbnail_token_make",
    "thumbnail_token_read",
    "thumbnail_url",
    "thumbnails_for",
]
