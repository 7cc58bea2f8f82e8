"""Saleor's ``Category`` and ``Collection`` (and a collection's staff-only channel listings).

Root values are model instances; a collection remembers the channel it was fetched for
(``asal_channel``), which its ``products`` use, as in Saleor.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graphql_schema.catalog import loaders
from graphql_schema.catalog.filter_inputs import ProductFilterInput, ProductOrder, ProductWhereInput
from graphql_schema.catalog.types.common import Image, ThumbnailFormatEnum, image_url
from graphql_schema.catalog.types.connections import (
    CategoryCountableConnection,
    CategoryCountableEdge,
    ProductCountableConnection,
    connection,
)
from graphql_schema.catalog.types.translations import CategoryTranslation, CollectionTranslation
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, model_type_check, paginate, to_global_id
from graphql_schema.core.scalars import JSONString
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models, selectors

if TYPE_CHECKING:
    from graphql_schema.channels.types import Channel

ChannelType = Annotated["Channel", strawberry.lazy("graphql_schema.channels.types")]
_WHERE = "Use `where` filter instead."
_DESCRIPTION_JSON = "Use the `description` field instead."


def _background(
    info: Info, owner: models.Category | models.Collection, size: int | None, format: object
) -> Image | None:
    if not owner.background_image:
        return None
    url = image_url(info, original_name=owner.background_image.name, size=size, format=format)
    return Image(url=url, alt=owner.background_image_alt or None)


def _category_connection(
    info: Info,
    qs: object,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    name: str,
) -> CategoryCountableConnection:
    page = paginate(qs, first=first, last=last, after=after, before=before, connection_name=name)  # type: ignore[arg-type]
    return connection(CategoryCountableConnection, CategoryCountableEdge, page, qs.count)  # type: ignore[attr-defined]


@strawberry.type(description="Represents a single category of products.")
class Category(Node):
    is_type_of = model_type_check(models.Category)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Category", self.pk))  # type: ignore[attr-defined]

    @strawberry.field
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    name: str
    description: JSONString | None = strawberry.field(description="Description of the category.")  # type: ignore[valid-type]
    slug: str

    @strawberry.field
    def parent(self, info: Info) -> Category | None:
        return loaders.category(info, self.parent_id)  # type: ignore[attr-defined, return-value]

    level: int

    @strawberry.field(description="Description of the category.", deprecation_reason=_DESCRIPTION_JSON)
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]

    updated_at: datetime.datetime = strawberry.field(
        description="The date and time when the category was last updated."
    )

    @strawberry.field(description="List of ancestors of the category.")
    def ancestors(
        self,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CategoryCountableConnection | None:
        ids = selectors.category_ancestor_ids(category=self)  # type: ignore[arg-type]
        qs = models.Category.objects.filter(pk__in=ids).order_by("level", "pk")
        return _category_connection(info, qs, first, last, after, before, "ancestors")

    @strawberry.field(description="List of products in the category. Requires a channel for buyers.")
    def products(
        self,
        info: Info,
        filter: Annotated[ProductFilterInput | None, strawberry.argument(deprecation_reason=_WHERE)] = None,
        where: ProductWhereInput | None = None,
        sort_by: ProductOrder | None = None,
        search: str | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> ProductCountableConnection | None:
        from graphql_schema.catalog.resolvers import resolve_products

        return resolve_products(
            info,
            channel_slug=channel,
            first=first,
            last=last,
            after=after,
            before=before,
            filter=filter,
            where=where,
            search=search,
            sort_by=sort_by,
            category_ids=selectors.category_descendant_ids(category=self),  # type: ignore[arg-type]
        )

    @strawberry.field(description="List of children of the category.")
    def children(
        self,
        info: Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CategoryCountableConnection | None:
        qs = models.Category.objects.filter(parent_id=self.pk).order_by("name", "pk")  # type: ignore[attr-defined]
        return _category_connection(info, qs, first, last, after, before, "children")

    @strawberry.field(description="Background image of the category.")
    def background_image(
        self,
        info: Info,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        return _background(info, self, size, format)  # type: ignore[arg-type]

    @strawberry.field(description="Returns translated category fields for the given language code.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> CategoryTranslation | None:  # type: ignore[valid-type]
        return loaders.translation(
            info,
            models.CategoryTranslation,
            owner_field="category",
            owner_id=self.pk,  # type: ignore[attr-defined]
            language_code=language_code_from_enum(language_code),
            peers="categories",
        )


@strawberry.type(description="Represents collection channel listing.")
class CollectionChannelListing(Node):
    is_type_of = model_type_check(models.CollectionChannelListing)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("CollectionChannelListing", self.pk))  # type: ignore[attr-defined]

    published_at: datetime.datetime | None
    is_published: bool
    channel: ChannelType


@strawberry.type(description="Represents a collection of products.")
class Collection(Node):
    is_type_of = model_type_check(models.Collection)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Collection", self.pk))  # type: ignore[attr-defined]

    @strawberry.field
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    name: str
    description: JSONString | None = strawberry.field(description="Description of the collection.")  # type: ignore[valid-type]
    slug: str

    @strawberry.field(
        description="Channel given to retrieve this collection. Also used by federation gateway."
    )
    def channel(self) -> str | None:
        channel = getattr(self, "asal_channel", None)
        return channel.slug if channel is not None else None

    @strawberry.field(description="Description of the collection.", deprecation_reason=_DESCRIPTION_JSON)
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]

    @strawberry.field(description="List of products in this collection.")
    def products(
        self,
        info: Info,
        filter: Annotated[ProductFilterInput | None, strawberry.argument(deprecation_reason=_WHERE)] = None,
        where: ProductWhereInput | None = None,
        search: str | None = None,
        sort_by: ProductOrder | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> ProductCountableConnection | None:
        from graphql_schema.catalog.resolvers import resolve_products

        channel = getattr(self, "asal_channel", None)
        return resolve_products(
            info,
            channel_slug=channel.slug if channel is not None else None,
            channel=channel,
            first=first,
            last=last,
            after=after,
            before=before,
            filter=filter,
            where=where,
            search=search,
            sort_by=sort_by,
            collection=self,  # type: ignore[arg-type]
        )

    @strawberry.field(description="Background image of the collection.")
    def background_image(
        self,
        info: Info,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        return _background(info, self, size, format)  # type: ignore[arg-type]

    @strawberry.field(description="Returns translated collection fields for the given language code.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> CollectionTranslation | None:  # type: ignore[valid-type]
        return loaders.translation(
            info,
            models.CollectionTranslation,
            owner_field="collection",
            owner_id=self.pk,  # type: ignore[attr-defined]
            language_code=language_code_from_enum(language_code),
            peers="collections",
        )

    @strawberry.field(
        description="List of channels in which the collection is available.",
        extensions=[permission_required(PermissionCode.MANAGE_PRODUCTS)],
    )
    def channel_listings(self) -> list[CollectionChannelListing] | None:
        return list(self.channel_listings.select_related("channel").order_by("channel__slug"))  # type: ignore[attr-defined]
