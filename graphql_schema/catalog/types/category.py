"""Saleor's ``Category`` and ``Collection`` (and a collection's staff-only channel listings).

A category's root value is the model instance (categories depend on no channel); a collection's
is a ``ChannelContext``, whose channel its ``products`` use, as in Saleor. The connections below
a category or collection load for every parent on the page at once
(``graphql_schema.core.nested_pages``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from django.db.models import F
from strawberry.types import Info

from graphql_schema.catalog import loaders, shared_loaders
from graphql_schema.catalog.filter_inputs import ProductFilterInput, ProductOrder, ProductWhereInput
from graphql_schema.catalog.resolvers import (
    ProductListArguments,
    resolve_category_products,
    resolve_collection_products,
)
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.catalog.types.common import Image, ThumbnailFormatEnum, image_url
from graphql_schema.catalog.types.product import Product
from graphql_schema.catalog.types.translations import CategoryTranslation, CollectionTranslation
from graphql_schema.core.channel_context import ChannelContext
from graphql_schema.core.connections import CountableConnection, connection
from graphql_schema.core.dataloaders import UNSCOPED
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.nested_pages import page_for_parent
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import (
    Node,
    Page,
    model_type_check,
    node_id,
    paginate,
    paginate_per_parent,
)
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
    if not owner.background_image or not owner.background_image.name:
        return None
    url = image_url(info, original_name=owner.background_image.name, size=size, format=format)
    return Image(url=url, alt=owner.background_image_alt or None)


def _category_connection(
    info: Info,
    category: models.Category,
    *,
    relation: str,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> CountableConnection[Category]:
    """``children`` or ``ancestors`` of a category, for every category of the page at once."""

    def pages_for(parent_ids: list[int]) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
        if relation == "children":
            qs = models.Category.objects.filter(parent_id__in=parent_ids).order_by("name", "pk")
            parent: Any = F("parent_id")
        else:
            above = selectors.category_ancestor_ids_for(category_ids=parent_ids)
            every = {ancestor for ancestors in above.values() for ancestor in ancestors}
            found = models.Category.objects.filter(pk__in=every).order_by("level", "pk")
            pages, totals = _ancestor_pages(found, above, first=first, last=last, after=after, before=before)
            categories_seen(info, (c for page in pages.values() for c in page.nodes))
            return pages, totals
        pages, totals = paginate_per_parent(
            qs, parent=parent, first=first, last=last, after=after, before=before, connection_name=relation
        )
        categories_seen(info, (c for page in pages.values() for c in page.nodes))
        return pages, totals

    def count_one() -> int:
        if relation == "children":
            return models.Category.objects.filter(parent_id=category.pk).count()
        return len(selectors.category_ancestor_ids_for(category_ids=[category.pk])[category.pk])

    page, count = page_for_parent(
        info,
        kind=models.Category,
        scope=UNSCOPED,
        parent_id=category.pk,
        arguments=(relation, first, last, after, before),
        pages_for=pages_for,
        count_one=count_one,
        starts_at_beginning=after is None and before is None,
    )
    return connection(page, count)


def _ancestor_pages(
    qs: Any,
    above: dict[int, list[int]],
    *,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
) -> tuple[dict[Any, Page[Any]], dict[Any, int]]:
    """Ancestors are few (the tree's depth): load them once, page each category's in memory."""
    found = {category.pk: category for category in qs}
    pages: dict[Any, Page[Any]] = {}
    totals: dict[Any, int] = {}
    for pk, ancestors in above.items():
        items = [found[a] for a in ancestors if a in found]
        pages[pk] = paginate(
            items, first=first, last=last, after=after, before=before, connection_name="ancestors"
        )
        totals[pk] = len(items)
    return pages, totals


CategoryRoot = strawberry.Parent[models.Category]


@strawberry.type(description="Represents a single category of products.")
class Category(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Category)

    id: strawberry.ID = node_id("Category")

    @strawberry.field
    def seo_title(self, root: CategoryRoot) -> str | None:
        return root.seo_title or None

    @strawberry.field
    def seo_description(self, root: CategoryRoot) -> str | None:
        return root.seo_description or None

    name: str
    description: JSONString | None = strawberry.field(description="Description of the category.")
    slug: str

    @strawberry.field
    def parent(self, info: Info, root: CategoryRoot) -> Category | None:
        if root.parent_id is None:
            return None
        return shared_loaders.CATEGORIES_BY_ID.load(info, root.parent_id)  # type: ignore[return-value]

    level: int

    @strawberry.field(description=deprecated(_DESCRIPTION_JSON, "Description of the category."))
    def description_json(self, root: CategoryRoot) -> JSONString | None:
        return root.description

    updated_at: datetime.datetime = strawberry.field(
        description="The date and time when the category was last updated."
    )

    @strawberry.field(description="List of ancestors of the category.")
    def ancestors(
        self,
        info: Info,
        root: CategoryRoot,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Category] | None:
        return _category_connection(
            info, root, relation="ancestors", first=first, last=last, after=after, before=before
        )

    @strawberry.field(description="List of products in the category. Requires a channel for buyers.")
    def products(
        self,
        info: Info,
        root: CategoryRoot,
        filter: Annotated[
            ProductFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: ProductWhereInput | None = None,
        sort_by: ProductOrder | None = None,
        search: str | None = None,
        channel: str | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Product] | None:
        arguments = ProductListArguments(
            first=first,
            last=last,
            after=after,
            before=before,
            filter=filter,
            where=where,
            search=search,
            sort_by=sort_by,
        )
        return resolve_category_products(info, root, channel_slug=channel, arguments=arguments)

    @strawberry.field(description="List of children of the category.")
    def children(
        self,
        info: Info,
        root: CategoryRoot,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Category] | None:
        return _category_connection(
            info, root, relation="children", first=first, last=last, after=after, before=before
        )

    @strawberry.field(description="Background image of the category.")
    def background_image(
        self,
        info: Info,
        root: CategoryRoot,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        return _background(info, root, size, format)

    @strawberry.field(description="Returns translated category fields for the given language code.")
    def translation(
        self, info: Info, root: CategoryRoot, language_code: LanguageCodeEnum
    ) -> CategoryTranslation | None:
        return shared_loaders.translation(
            info,
            models.CategoryTranslation,
            owner_id=root.pk,
            language_code=language_code_from_enum(language_code),
        )


@strawberry.type(description="Represents collection channel listing.")
class CollectionChannelListing(Node):
    is_type_of = model_type_check(models.CollectionChannelListing)

    id: strawberry.ID = node_id("CollectionChannelListing")

    published_at: datetime.datetime | None
    is_published: bool
    channel: ChannelType


CollectionRoot = strawberry.Parent[ChannelContext[models.Collection]]


@strawberry.type(description="Represents a collection of products.")
class Collection(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Collection)

    id: strawberry.ID = node_id("Collection")

    @strawberry.field
    def seo_title(self, root: CollectionRoot) -> str | None:
        return root.node.seo_title or None

    @strawberry.field
    def seo_description(self, root: CollectionRoot) -> str | None:
        return root.node.seo_description or None

    name: str
    description: JSONString | None = strawberry.field(description="Description of the collection.")
    slug: str

    @strawberry.field(
        description="Channel given to retrieve this collection. Also used by federation gateway."
    )
    def channel(self, root: CollectionRoot) -> str | None:
        return root.channel.slug if root.channel is not None else None

    @strawberry.field(description=deprecated(_DESCRIPTION_JSON, "Description of the collection."))
    def description_json(self, root: CollectionRoot) -> JSONString | None:
        return root.node.description

    @strawberry.field(description="List of products in this collection.")
    def products(
        self,
        info: Info,
        root: CollectionRoot,
        filter: Annotated[
            ProductFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: ProductWhereInput | None = None,
        search: str | None = None,
        sort_by: ProductOrder | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[Product] | None:
        arguments = ProductListArguments(
            first=first,
            last=last,
            after=after,
            before=before,
            filter=filter,
            where=where,
            search=search,
            sort_by=sort_by,
        )
        return resolve_collection_products(info, root.node, root.channel, arguments=arguments)

    @strawberry.field(description="Background image of the collection.")
    def background_image(
        self,
        info: Info,
        root: CollectionRoot,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        return _background(info, root.node, size, format)

    @strawberry.field(description="Returns translated collection fields for the given language code.")
    def translation(
        self, info: Info, root: CollectionRoot, language_code: LanguageCodeEnum
    ) -> CollectionTranslation | None:
        return shared_loaders.translation(
            info,
            models.CollectionTranslation,
            owner_id=root.node.pk,
            language_code=language_code_from_enum(language_code),
        )

    @strawberry.field(
        description="List of channels in which the collection is available.",
        extensions=[permission_required(PermissionCode.MANAGE_PRODUCTS)],
    )
    def channel_listings(self, info: Info, root: CollectionRoot) -> list[CollectionChannelListing] | None:
        return loaders.COLLECTION_CHANNEL_LISTINGS.load(info, root.node.pk)  # type: ignore[return-value]
