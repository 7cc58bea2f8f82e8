"""Small shared catalogue types: images and their thumbnails, media, weights."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from django.conf import settings
from django.core.files.storage import storages
from graphql import GraphQLError
from strawberry.types import Info

from graphql_schema.catalog.loaders import thumbnail_for
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.relay import Node, model_type_check, node_id, to_global_id
from graphql_schema.core.scalars import JSONString
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.media import thumbnail_format_parse, thumbnail_size_snap, thumbnail_url


@strawberry.enum(description="Thumbnail formats for icon images.")
class ThumbnailFormatEnum(Enum):
    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


@strawberry.enum(description="Type of the product media.")
class ProductMediaType(Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


@strawberry.enum
class WeightUnitsEnum(Enum):
    G = "G"
    LB = "LB"
    OZ = "OZ"
    KG = "KG"
    TONNE = "TONNE"


@strawberry.type(description="Represents weight value in a specific weight unit.")
class Weight:
    unit: WeightUnitsEnum = strawberry.field(description="Weight unit.")
    value: float = strawberry.field(description="Weight value.")


def weight_kg(value: Decimal | None) -> Weight | None:
    return None if value is None else Weight(unit=WeightUnitsEnum.KG, value=float(value))


def image_url(info: Info, *, original_name: str, size: int | None, format: Any) -> str:
    """URL of a stored image at ``size``/``format``: a stored thumbnail, or the view that renders it.

    Nothing is rendered during the request; thumbnails of a whole page are looked up in one query.
    """
    fmt_value = format.value if isinstance(format, Enum) else format
    try:
        snapped = thumbnail_size_snap(size)
        fmt = thumbnail_format_parse(fmt_value)
    except CatalogError as exc:
        raise GraphQLError(exc.message, extensions={"code": exc.code}) from exc
    thumbnail = (
        thumbnail_for(info, original_name=original_name, size=snapped, format=fmt) if snapped else None
    )
    # Public media URLs depend only on these (the public storage never signs them): build each
    # once per process instead of signing a token and reversing a route per image and request.
    key = (
        storages["default"],
        settings.PUBLIC_URL,
        original_name,
        snapped,
        fmt,
        thumbnail.image.name if thumbnail is not None else None,
    )
    url = _PUBLIC_URLS.get(key)
    if url is None:
        url = thumbnail_url(original_name=original_name, size=snapped, format=fmt, thumbnail=thumbnail)
        if len(_PUBLIC_URLS) >= _PUBLIC_URLS_MAX:
            _PUBLIC_URLS.clear()  # bounded: a catalogue larger than this rebuilds, never grows
        _PUBLIC_URLS[key] = url
    return url


_PUBLIC_URLS: dict[tuple[Any, ...], str] = {}
_PUBLIC_URLS_MAX = 50_000


@strawberry.type(description="Represents an image.")
class Image:
    url: str = strawberry.field(description="The URL of the image.")
    alt: str | None = strawberry.field(description="Alt text for an image.")


MediaRoot = strawberry.Parent[models.ProductMedia]


@strawberry.type(name="ProductMedia", description="Represents a product media.")
class ProductMedia(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.ProductMedia)

    id: strawberry.ID = node_id("ProductMedia")

    @strawberry.field(description="The sort order of the media.")
    def sort_order(self, root: MediaRoot) -> int | None:
        return root.sort_order

    @strawberry.field(description="The alt text of the media.")
    def alt(self, root: MediaRoot) -> str:
        return root.alt

    @strawberry.field(description="The type of the media.")
    def type(self, root: MediaRoot) -> ProductMediaType:
        return ProductMediaType(root.type)

    @strawberry.field(description="The oEmbed data of the media.")
    def oembed_data(self, root: MediaRoot) -> JSONString:
        return JSONString(root.oembed_data or {})

    @strawberry.field(description="The URL of the media.")
    def url(
        self,
        info: Info,
        root: MediaRoot,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> str:
        if root.type == models.ProductMedia.MediaType.VIDEO or not root.image or not root.image.name:
            return root.external_url
        return image_url(info, original_name=root.image.name, size=size, format=format)

    @strawberry.field(description="Product id the media refers to.")
    def product_id(self, root: MediaRoot) -> strawberry.ID | None:
        return strawberry.ID(to_global_id("Product", root.product_id))


def media_list(items: list[models.ProductMedia]) -> list[ProductMedia]:
    """Media rows as the ``ProductMedia`` type's root values."""
    return items  # type: ignore[return-value]  # root values are the model instances
