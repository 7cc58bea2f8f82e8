"""The catalogue's upload check: the kernel's image check (``storefront.core.images``), its
failures reported as Saleor's ``ProductErrorCode`` on the ``image`` field.

The codes keep their names (``FILE_SIZE_LIMIT_EXCEEDED``, ``UNSUPPORTED_MIME_TYPE``,
``INVALID_FILE_TYPE``) and messages; only the error class and the field are the catalogue's, so
the API layer and the thumbnail view keep handling one ``CatalogError``.
"""

from __future__ import annotations

from typing import IO, Any

from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.core.error_codes import ImageError, ImageErrorCode
from storefront.core.images import ValidatedImage, image_inspect, image_validate

_PRODUCT_CODES = {
    ImageErrorCode.FILE_SIZE_LIMIT_EXCEEDED: ProductErrorCode.FILE_SIZE_LIMIT_EXCEEDED,
    ImageErrorCode.UNSUPPORTED_MIME_TYPE: ProductErrorCode.UNSUPPORTED_MIME_TYPE,
    ImageErrorCode.INVALID_FILE_TYPE: ProductErrorCode.INVALID_FILE_TYPE,
}


def media_validate_image(*, file: Any) -> ValidatedImage:
    """Check an upload (see ``image_validate``); raises ``CatalogError`` on ``image`` when it is refused.

    Leaves the file rewound.
    """
    try:
        return image_validate(file=file)
    except ImageError as error:
        raise _catalog_error(error) from error


def media_inspect_image(fp: IO[bytes] | Any) -> ValidatedImage:
    """Decode a stored original fully and describe it (``image_inspect``); ``CatalogError`` if it is none."""
    try:
        return image_inspect(fp)
    except ImageError as error:
        raise _catalog_error(error) from error


def _catalog_error(error: ImageError) -> CatalogError:
    return CatalogError(_PRODUCT_CODES[ImageErrorCode(error.code)], error.message, field="image")
