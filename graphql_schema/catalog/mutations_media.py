"""Saleor's product media mutations (``MANAGE_PRODUCTS``): ``productMediaCreate`` (an image as a
GraphQL multipart ``Upload``, or a video's ``mediaUrl``), ``productMediaUpdate``,
``productMediaDelete``, ``productMediaBulkDelete`` and ``productMediaReorder``.

Thin: decode IDs, call one service of ``storefront.catalog.media`` with the request's actor, shape
Saleor's payload. The services check the file (its bytes, never its name or declared type), store
a clean copy on the default storage and queue its thumbnails after the commit.
"""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import row, rows
from graphql_schema.catalog.mutation_inputs import ProductError
from graphql_schema.catalog.mutations_products import catalogue_mutation
from graphql_schema.catalog.nodes import product_node
from graphql_schema.catalog.types.common import ProductMedia, media_list
from graphql_schema.catalog.types.product import Product
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.scalars import Upload
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.media import (
    product_media_bulk_delete,
    product_media_create,
    product_media_delete,
    product_media_reorder,
    product_media_update,
)
from storefront.catalog.media.services import BULK_DELETE_LIMIT

_DEPRECATED_ERRORS = "Use `errors` field instead."
_MULTIPART = (
    " For image, this mutation must be sent as a `multipart` request. More detailed specs of the "
    "upload format can be found here: https://github.com/jaydenseric/graphql-multipart-request-spec"
)


@strawberry.input(description="Fields required to create a product media.")
class ProductMediaCreateInput:
    alt: str | None = strawberry.field(default=None, description="Alt text for a product media.")
    image: Upload | None = strawberry.field(
        default=None, description="Represents an image file in a multipart request."
    )
    product: strawberry.ID = strawberry.field(description="ID of an product.")
    media_url: str | None = strawberry.field(
        default=None, description="Represents an URL to an external media."
    )


@strawberry.input(description="Fields required to update a product media.")
class ProductMediaUpdateInput:
    alt: str | None = strawberry.field(default=None, description="Alt text for a product media.")


@strawberry.type
class _MediaPayload:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    product: Product | None = None
    media: ProductMedia | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(
    description="Create a media object (image or video URL) associated with product." + _MULTIPART
)
class ProductMediaCreate(_MediaPayload):
    pass


@strawberry.type(description="Updates a product media.")
class ProductMediaUpdate(_MediaPayload):
    pass


@strawberry.type(description="Deletes a product media.")
class ProductMediaDelete(_MediaPayload):
    pass


@strawberry.type(description="Deletes product media.")
class ProductMediaBulkDelete:
    count: int = strawberry.field(default=0, description="Returns how many objects were affected.")
    errors: list[ProductError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(description="Changes ordering of the product media.")
class ProductMediaReorder:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    product: Product | None = None
    media: list[ProductMedia] | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


def _payload_product(info: Info, product: models.Product) -> Product:
    return cast(Product, product_node(info, product, None))


def _media(id: strawberry.ID, field: str = "id") -> models.ProductMedia:
    return row(models.ProductMedia, id, type_name="ProductMedia", field=field)


@strawberry.type
class ProductMediaMutations:
    @catalogue_mutation("Create a media object (image or video URL) associated with product." + _MULTIPART)
    @returns_errors(ProductMediaCreate, ProductError, CatalogError)
    def product_media_create(
        self,
        info: Info,
        input: Annotated[
            ProductMediaCreateInput,
            strawberry.argument(description="Fields required to create a product media."),
        ],
    ) -> ProductMediaCreate | None:
        product = row(models.Product, input.product, type_name="Product", field="product")
        media = product_media_create(
            actor=request_actor(info),
            product=product,
            file=input.image,
            media_url=input.media_url,
            alt=input.alt,
        )
        return ProductMediaCreate(product=_payload_product(info, product), media=cast(ProductMedia, media))

    @catalogue_mutation("Updates a product media.")
    @returns_errors(ProductMediaUpdate, ProductError, CatalogError)
    def product_media_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a product media to update.")],
        input: Annotated[
            ProductMediaUpdateInput,
            strawberry.argument(description="Fields required to update a product media."),
        ],
    ) -> ProductMediaUpdate | None:
        media = product_media_update(actor=request_actor(info), media=_media(id), alt=input.alt)
        return ProductMediaUpdate(
            product=_payload_product(info, media.product), media=cast(ProductMedia, media)
        )

    @catalogue_mutation("Deletes a product media.")
    @returns_errors(ProductMediaDelete, ProductError, CatalogError)
    def product_media_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a product media to delete.")],
    ) -> ProductMediaDelete | None:
        media = product_media_delete(actor=request_actor(info), media=_media(id))
        return ProductMediaDelete(
            product=_payload_product(info, media.product), media=cast(ProductMedia, media)
        )

    @catalogue_mutation("Deletes product media.")
    @returns_errors(ProductMediaBulkDelete, ProductError, CatalogError)
    def product_media_bulk_delete(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=(
                    "List of product media IDs to delete. The number of items is limited to 100 by "
                    "default. Exceeding the limit returns an `INVALID` error."
                )
            ),
        ],
    ) -> ProductMediaBulkDelete | None:
        if len(ids) > BULK_DELETE_LIMIT:  # before decoding them
            raise CatalogError(
                ProductErrorCode.INVALID,
                f"At most {BULK_DELETE_LIMIT} media can be deleted at once.",
                field="ids",
            )
        media = rows(models.ProductMedia, ids, type_name="ProductMedia", field="ids")
        return ProductMediaBulkDelete(count=product_media_bulk_delete(actor=request_actor(info), media=media))

    @catalogue_mutation("Changes ordering of the product media.")
    @returns_errors(ProductMediaReorder, ProductError, CatalogError)
    def product_media_reorder(
        self,
        info: Info,
        media_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description="IDs of a product media in the desired order."),
        ],
        product_id: Annotated[
            strawberry.ID, strawberry.argument(description="ID of product that media order will be altered.")
        ],
    ) -> ProductMediaReorder | None:
        product = row(models.Product, product_id, type_name="Product", field="productId")
        media = rows(models.ProductMedia, media_ids, type_name="ProductMedia", field="mediaIds")
        if len(media) != len(media_ids):  # rows() drops repeats; the service refuses them
            media = [_media(id, "mediaIds") for id in media_ids]
        ordered = product_media_reorder(actor=request_actor(info), product=product, media=media)
        return ProductMediaReorder(product=_payload_product(info, product), media=media_list(ordered))
