"""Saleor's staff mutations of categories and collections (``MANAGE_PRODUCTS``).

Thin, like ``mutations_products``: decode IDs, call one service of
``storefront.catalog.services.staff_structure`` with the request's actor, shape Saleor's payload.
A ``backgroundImage`` (a multipart ``Upload``; ``null`` removes the image) goes through the media
service wrapping the structure service (``storefront.catalog.media.backgrounds``), so the image
and the other fields change together or not at all.
"""

from __future__ import annotations

import datetime
from typing import Annotated, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import aware, given, row, rows
from graphql_schema.catalog.mutation_inputs import CollectionErrorCodeEnum, ProductError, SeoInput
from graphql_schema.catalog.mutations_products import catalogue_mutation
from graphql_schema.catalog.nodes import collection_nodes
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.catalog.types.category import Category, Collection
from graphql_schema.core.auth import request_actor
from graphql_schema.core.error_codes import ProductErrorCodeEnum
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.scalars import JSONString, Upload
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.media import (
    category_create_with_background,
    category_update_with_background,
    collection_create_with_background,
    collection_update_with_background,
)
from storefront.catalog.services.staff_structure import (
    ChannelPublication,
    StructureFields,
    staff_category_delete,
    staff_collection_channel_listings_update,
    staff_collection_delete,
    staff_collection_products_add,
    staff_collection_products_remove,
)
from storefront.channels.models import Channel

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)
_DESCRIPTION = "Rich text format. For reference see https://editorjs.io/"


@strawberry.type(description="Represents errors in collection mutations.")
class CollectionError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    products: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of products IDs which causes the error."
    )
    code: CollectionErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.type(description="Represents errors in collection channel listing mutations.")
class CollectionChannelListingError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: ProductErrorCodeEnum = strawberry.field(description="The error code.")
    attributes: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attributes IDs which causes the error."
    )
    values: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of attribute values IDs which causes the error."
    )
    channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels IDs which causes the error."
    )


@strawberry.input(description="Fields required to create or update a category.")
class CategoryInput:
    description: JSONString | None = strawberry.field(
        default=strawberry.UNSET, description=f"Category description.\n\n{_DESCRIPTION}"
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Category name.")
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Category slug.")
    seo: SeoInput | None = strawberry.field(default=None, description="Search engine optimization fields.")
    background_image: Upload | None = strawberry.field(
        default=strawberry.UNSET, description="Background image file."
    )
    background_image_alt: str | None = strawberry.field(
        default=strawberry.UNSET, description="Alt text for a product media."
    )


@strawberry.input(description="Fields required to update a collection.")
class CollectionInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Name of the collection.")
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Slug of the collection.")
    description: JSONString | None = strawberry.field(
        default=strawberry.UNSET, description=f"Description of the collection.\n\n{_DESCRIPTION}"
    )
    background_image: Upload | None = strawberry.field(
        default=strawberry.UNSET, description="Background image file."
    )
    background_image_alt: str | None = strawberry.field(
        default=strawberry.UNSET, description="Alt text for an image."
    )
    seo: SeoInput | None = strawberry.field(default=None, description="Search engine optimization fields.")


@strawberry.input(description="Fields required to create a collection.")
class CollectionCreateInput(CollectionInput):
    products: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of products to be added to the collection."
    )


@strawberry.input(description="A channel to publish in, and when.")
class PublishableChannelListingInput:
    channel_id: strawberry.ID = strawberry.field(description="ID of a channel.")
    is_published: bool | None = strawberry.field(
        default=None, description="Determines if object is visible to customers."
    )
    published_at: datetime.datetime | None = strawberry.field(
        default=None, description="Publication date time. ISO 8601 standard."
    )


@strawberry.input(description="Channels to publish a collection in or take it out of.")
class CollectionChannelListingUpdateInput:
    add_channels: list[PublishableChannelListingInput] | None = strawberry.field(
        default=None, description="List of channels to which the collection should be assigned."
    )
    remove_channels: list[strawberry.ID] | None = strawberry.field(
        default=None, description="List of channels from which the collection should be unassigned."
    )


@strawberry.type
class _CategoryPayload:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    category: Category | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(description="Creates a new category.")
class CategoryCreate(_CategoryPayload):
    pass


@strawberry.type(description="Updates a category.")
class CategoryUpdate(_CategoryPayload):
    pass


@strawberry.type(description="Deletes a category.")
class CategoryDelete(_CategoryPayload):
    pass


@strawberry.type
class _CollectionPayload:
    errors: list[CollectionError] = strawberry.field(default_factory=list)
    collection: Collection | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def collection_errors(self) -> list[CollectionError]:
        return self.errors


@strawberry.type(description="Creates a new collection.")
class CollectionCreate(_CollectionPayload):
    pass


@strawberry.type(description="Updates a collection.")
class CollectionUpdate(_CollectionPayload):
    pass


@strawberry.type(description="Deletes a collection.")
class CollectionDelete(_CollectionPayload):
    pass


@strawberry.type(description="Adds products to a collection.")
class CollectionAddProducts(_CollectionPayload):
    pass


@strawberry.type(description="Remove products from a collection.")
class CollectionRemoveProducts(_CollectionPayload):
    pass


@strawberry.type(description="Manage collection's availability in channels.")
class CollectionChannelListingUpdate:
    collection: Collection | None = strawberry.field(
        default=None, description="An updated collection instance."
    )
    errors: list[CollectionChannelListingError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def collection_channel_listing_errors(self) -> list[CollectionChannelListingError]:
        return self.errors


def _fields(input: CategoryInput | CollectionInput) -> StructureFields:
    seo = input.seo
    return StructureFields(
        name=given(input.name),
        slug=given(input.slug),
        description=given(input.description),
        seo_title=given(seo.title) if seo else StructureFields.seo_title,
        seo_description=given(seo.description) if seo else StructureFields.seo_description,
        background_image_alt=given(input.background_image_alt),
    )


def _category(info: Info, category: models.Category) -> Category:
    categories_seen(info, [category])
    return cast(Category, category)


def _collection(info: Info, collection: models.Collection) -> Collection:
    return cast(Collection, collection_nodes(info, [collection], None)[0])


def _products(ids: list[strawberry.ID] | None) -> list[models.Product]:
    return rows(models.Product, ids, type_name="Product", field="products")


_CollectionId = Annotated[strawberry.ID, strawberry.argument(description="ID of a collection.")]
_ProductIds = Annotated[list[strawberry.ID], strawberry.argument(description="List of product IDs.")]


@strawberry.type
class StructureMutations:
    @catalogue_mutation("Creates a new category.")
    @returns_errors(CategoryCreate, ProductError, CatalogError)
    def category_create(
        self,
        info: Info,
        input: Annotated[
            CategoryInput, strawberry.argument(description="Fields required to create a category.")
        ],
        parent: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="ID of the parent category. If empty, category will be top level category."
            ),
        ] = None,
    ) -> CategoryCreate | None:
        parent_row = row(models.Category, parent, type_name="Category", field="parent") if parent else None
        category = category_create_with_background(
            actor=request_actor(info),
            fields=_fields(input),
            parent=parent_row,
            background_image=given(input.background_image),
        )
        return CategoryCreate(category=_category(info, category))

    @catalogue_mutation("Updates a category.")
    @returns_errors(CategoryUpdate, ProductError, CatalogError)
    def category_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a category to update.")],
        input: Annotated[
            CategoryInput, strawberry.argument(description="Fields required to update a category.")
        ],
    ) -> CategoryUpdate | None:
        category = row(models.Category, id, type_name="Category", field="id")
        category = category_update_with_background(
            actor=request_actor(info),
            category=category,
            fields=_fields(input),
            background_image=given(input.background_image),
        )
        return CategoryUpdate(category=_category(info, category))

    @catalogue_mutation("Deletes a category.")
    @returns_errors(CategoryDelete, ProductError, CatalogError)
    def category_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a category to delete.")],
    ) -> CategoryDelete | None:
        category = row(models.Category, id, type_name="Category", field="id")
        category = staff_category_delete(actor=request_actor(info), category=category)
        return CategoryDelete(category=cast(Category, category))

    @catalogue_mutation("Creates a new collection.")
    @returns_errors(CollectionCreate, CollectionError, CatalogError)
    def collection_create(
        self,
        info: Info,
        input: Annotated[
            CollectionCreateInput, strawberry.argument(description="Fields required to create a collection.")
        ],
    ) -> CollectionCreate | None:
        collection = collection_create_with_background(
            actor=request_actor(info),
            fields=_fields(input),
            products=_products(input.products),
            background_image=given(input.background_image),
        )
        return CollectionCreate(collection=_collection(info, collection))

    @catalogue_mutation("Updates a collection.")
    @returns_errors(CollectionUpdate, CollectionError, CatalogError)
    def collection_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a collection to update.")],
        input: Annotated[
            CollectionInput, strawberry.argument(description="Fields required to update a collection.")
        ],
    ) -> CollectionUpdate | None:
        collection = row(models.Collection, id, type_name="Collection", field="id")
        collection = collection_update_with_background(
            actor=request_actor(info),
            collection=collection,
            fields=_fields(input),
            background_image=given(input.background_image),
        )
        return CollectionUpdate(collection=_collection(info, collection))

    @catalogue_mutation("Deletes a collection.")
    @returns_errors(CollectionDelete, CollectionError, CatalogError)
    def collection_delete(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a collection to delete.")],
    ) -> CollectionDelete | None:
        collection = row(models.Collection, id, type_name="Collection", field="id")
        collection = staff_collection_delete(actor=request_actor(info), collection=collection)
        return CollectionDelete(collection=_collection(info, collection))

    @catalogue_mutation("Adds products to a collection.")
    @returns_errors(CollectionAddProducts, CollectionError, CatalogError)
    def collection_add_products(
        self, info: Info, collection_id: _CollectionId, products: _ProductIds
    ) -> CollectionAddProducts | None:
        collection = row(models.Collection, collection_id, type_name="Collection", field="collectionId")
        collection = staff_collection_products_add(
            actor=request_actor(info), collection=collection, products=_products(products)
        )
        return CollectionAddProducts(collection=_collection(info, collection))

    @catalogue_mutation("Remove products from a collection.")
    @returns_errors(CollectionRemoveProducts, CollectionError, CatalogError)
    def collection_remove_products(
        self, info: Info, collection_id: _CollectionId, products: _ProductIds
    ) -> CollectionRemoveProducts | None:
        collection = row(models.Collection, collection_id, type_name="Collection", field="collectionId")
        collection = staff_collection_products_remove(
            actor=request_actor(info), collection=collection, products=_products(products)
        )
        return CollectionRemoveProducts(collection=_collection(info, collection))

    @catalogue_mutation("Manage collection's availability in channels.")
    @returns_errors(CollectionChannelListingUpdate, CollectionChannelListingError, CatalogError)
    def collection_channel_listing_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a collection to update.")],
        input: Annotated[
            CollectionChannelListingUpdateInput,
            strawberry.argument(
                description="Fields required to create or update collection channel listings."
            ),
        ],
    ) -> CollectionChannelListingUpdate | None:
        collection = row(models.Collection, id, type_name="Collection", field="id")
        add = [
            ChannelPublication(
                channel=row(Channel, entry.channel_id, type_name="Channel", field="channelId"),
                is_published=entry.is_published,
                published_at=aware(entry.published_at),
            )
            for entry in input.add_channels or ()
        ]
        remove = rows(Channel, input.remove_channels, type_name="Channel", field="removeChannels")
        collection = staff_collection_channel_listings_update(
            actor=request_actor(info), collection=collection, add_channels=add, remove_channels=remove
        )
        return CollectionChannelListingUpdate(collection=_collection(info, collection))
