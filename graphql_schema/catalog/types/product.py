"""Saleor's ``Product`` and ``ProductType`` (plus Asal's provenance, food and HS code fields).

A ``Product``'s root value is a ``ChannelContext``: the product (with its category, type and
origin joined) and the channel it was reached in, made by ``graphql_schema.catalog.nodes``.
Everything that depends on the channel or on other rows comes from the per-request loaders,
keyed by the product and its scope (``graphql_schema.catalog.loaders``).
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from django.utils import timezone
from strawberry.types import Info

from graphql_schema.catalog import loaders, shared_loaders
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.catalog.inputs import (
    MediaSortingInput,
    ProductVariantFilterInput,
    ProductVariantSortingInput,
    ProductVariantWhereInput,
)
from graphql_schema.catalog.nodes import collection_nodes, variant_nodes
from graphql_schema.catalog.types.assigned_attributes import (
    AssignedAttribute,
    assigned_attribute,
    assigned_attributes,
)
from graphql_schema.catalog.types.attributes import (
    SelectedAttribute,
    selected_attributes,
)
from graphql_schema.catalog.types.common import (
    Image,
    ProductMedia,
    ThumbnailFormatEnum,
    Weight,
    image_url,
    media_list,
    weight_kg,
)
from graphql_schema.catalog.types.pricing import ProductPricingInfo
from graphql_schema.catalog.types.provenance import Provenance
from graphql_schema.catalog.types.translations import ProductTranslation
from graphql_schema.catalog.types.variant import ProductVariant, variants_connection
from graphql_schema.core.address import AddressInput
from graphql_schema.core.channel_context import ChannelContext, scope_for
from graphql_schema.core.connections import CountableConnection
from graphql_schema.core.deprecation import deprecated
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.metadata import ObjectWithMetadata
from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, decode_id, model_type_check, node_id
from graphql_schema.core.scalars import DEFAULT_LIMIT, JSONString, PositiveInt
from graphql_schema.provenance import catalog_fields as provenance_fields
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.pricing import product_pricing_compute

if TYPE_CHECKING:
    from graphql_schema.catalog.types.category import Category, Collection
    from graphql_schema.channels.types import Channel

CategoryType = Annotated["Category", strawberry.lazy("graphql_schema.catalog.types.category")]
CollectionType = Annotated["Collection", strawberry.lazy("graphql_schema.catalog.types.category")]
ChannelType = Annotated["Channel", strawberry.lazy("graphql_schema.channels.types")]
_MANAGE_PRODUCTS = permission_required(PermissionCode.MANAGE_PRODUCTS)
_NO_LONGER = "No longer supported"
_WHERE = "Use `where` filter instead."


@strawberry.enum(description="An enumeration.")
class ProductTypeKindEnum(Enum):
    NORMAL = "NORMAL"
    GIFT_CARD = "GIFT_CARD"


@strawberry.type(
    description="Represents a type of product. It defines what attributes are available to products "
    "of this type."
)
class ProductType(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.ProductType)

    id: strawberry.ID = node_id("ProductType")

    name: str
    slug: str
    has_variants: bool = strawberry.field(
        deprecation_reason="This is a leftover from the past Simple/Configurable product distinction. "
        "Products can have multiple variants regardless of this setting. "
    )
    is_shipping_required: bool

    @strawberry.field
    def weight(self, root: strawberry.Parent[models.ProductType]) -> Weight | None:
        return weight_kg(root.weight_kg)

    @strawberry.field(description="The product type kind.")
    def kind(self, root: strawberry.Parent[models.ProductType]) -> ProductTypeKindEnum:
        return ProductTypeKindEnum(root.kind)


@strawberry.type(description="Ingredients and handling of a food product (Asal).")
class FoodInformation:
    ingredients: str
    allergens: str
    net_content: str = strawberry.field(description="e.g. '250 g' or '330 ml'.")
    storage_advice: str


ListingRoot = strawberry.Parent[models.ProductChannelListing]


@strawberry.type(description="Represents product channel listing.")
class ProductChannelListing(Node):
    is_type_of = model_type_check(models.ProductChannelListing)

    id: strawberry.ID = node_id("ProductChannelListing")

    published_at: datetime.datetime | None
    is_published: bool
    channel: ChannelType
    visible_in_listings: bool
    available_for_purchase_at: datetime.datetime | None

    @strawberry.field
    def discounted_price(self, root: ListingRoot) -> Money | None:
        return money_or_none(root.discounted_price_amount, root.currency)

    @strawberry.field(description="Whether the product is available for purchase.")
    def is_available_for_purchase(self, root: ListingRoot) -> bool | None:
        at = root.available_for_purchase_at
        return at is not None and at <= timezone.now()


def _available_for_purchase(info: Info, root: ChannelContext[models.Product]) -> bool | None:
    if root.channel is None:
        return None
    listing = loaders.PRODUCT_LISTINGS.load(info, root.node.pk, scope_for(info, root.channel))
    at = listing.available_for_purchase_at if listing is not None else None
    return at is not None and at <= timezone.now()


def _available_for_purchase_at(info: Info, root: ChannelContext[models.Product]) -> datetime.datetime | None:
    if root.channel is None:
        return None
    listing = loaders.PRODUCT_LISTINGS.load(info, root.node.pk, scope_for(info, root.channel))
    return listing.available_for_purchase_at if listing is not None else None


def _variants(
    info: Info, root: ChannelContext[models.Product]
) -> list[ChannelContext[models.ProductVariant]]:
    variants = loaders.PRODUCT_VARIANTS.load(info, root.node.pk, scope_for(info, root.channel))
    return variant_nodes(info, variants, root.channel)


def _attribute_rows(
    info: Info, root: ChannelContext[models.Product]
) -> list[models.AssignedProductAttributeValue]:
    return loaders.PRODUCT_ATTRIBUTE_VALUES.load(info, root.node.pk)


ProductRoot = strawberry.Parent[ChannelContext[models.Product]]


def _product_type(root: ProductRoot) -> models.ProductType:
    return root.node.product_type  # joined wherever products are loaded


def _category(info: Info, root: ProductRoot) -> models.Category | None:
    if root.node.category_id is None:
        return None
    return shared_loaders.CATEGORIES_BY_ID.load(info, root.node.category_id)


@strawberry.type(description="Represents an individual item for sale in the storefront.")
class Product(Node, ObjectWithMetadata):
    is_type_of = model_type_check(models.Product)

    id: strawberry.ID = node_id("Product")

    @strawberry.field
    def seo_title(self, root: ProductRoot) -> str | None:
        return root.node.seo_title or None

    @strawberry.field
    def seo_description(self, root: ProductRoot) -> str | None:
        return root.node.seo_description or None

    name: str
    description: JSONString | None = strawberry.field(description="Description of the product.")
    # The resolvers return root values (models), the annotations name the GraphQL types.
    product_type: ProductType = strawberry.field(resolver=_product_type)  # type: ignore[assignment]
    slug: str
    category: CategoryType | None = strawberry.field(resolver=_category)  # type: ignore[assignment]

    @strawberry.field(description="The date and time when the product was created.")
    def created(self, root: ProductRoot) -> datetime.datetime:
        return root.node.created_at

    updated_at: datetime.datetime = strawberry.field(
        description="The date and time when the product was last updated."
    )

    @strawberry.field
    def weight(self, root: ProductRoot) -> Weight | None:
        return weight_kg(root.node.weight_kg)

    @strawberry.field(description="Default variant of the product: its first visible variant.")
    def default_variant(self, info: Info, root: ProductRoot) -> ProductVariant | None:
        variants = _variants(info, root)
        return variants[0] if variants else None  # type: ignore[return-value]

    rating: float | None

    @strawberry.field(description="Channel given to retrieve this product. Also used by federation gateway.")
    def channel(self, root: ProductRoot) -> str | None:
        return root.channel.slug if root.channel is not None else None

    @strawberry.field(
        description="Description of the product.", deprecation_reason="Use the `description` field instead."
    )
    def description_json(self, root: ProductRoot) -> JSONString | None:
        return root.node.description

    @strawberry.field(description="The main thumbnail for a product.")
    def thumbnail(
        self,
        info: Info,
        root: ProductRoot,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        ref = loaders.PRODUCT_THUMBNAILS.load(info, root.node.pk, scope_for(info, root.channel))
        if ref is None:
            return None
        return Image(url=image_url(info, original_name=ref.name, size=size, format=format), alt=ref.alt)

    @strawberry.field(description="Lists the storefront product's pricing, the current price and discounts.")
    def pricing(
        self, info: Info, root: ProductRoot, address: AddressInput | None = None
    ) -> ProductPricingInfo | None:
        if root.channel is None:
            return None
        prices = loaders.PRODUCT_PRICES.load(info, root.node.pk, scope_for(info, root.channel))
        if prices is None:
            return None
        value = product_pricing_compute(
            channel=root.channel,
            min_price=prices.price_min,
            max_price=prices.price_max,
            min_undiscounted=prices.undiscounted_min,
            max_undiscounted=prices.undiscounted_max,
        )
        return ProductPricingInfo.from_domain(value) if value is not None else None

    @strawberry.field(
        description="Whether the product is in stock, set as available for purchase and visible."
    )
    def is_available(
        self,
        info: Info,
        root: ProductRoot,
        address: Annotated[
            AddressInput | None, strawberry.argument(description=deprecated(_NO_LONGER))
        ] = None,
    ) -> bool | None:
        if not _available_for_purchase(info, root):
            return False
        scope = scope_for(info, root.channel)
        return any(
            not variant.track_inventory or loaders.VARIANT_STOCK.load(info, variant.pk, scope) > 0
            for variant in loaders.PRODUCT_VARIANTS.load(info, root.node.pk, scope)
        )

    @strawberry.field(
        description="Get a single attribute attached to product by attribute slug.",
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    def attribute(self, info: Info, root: ProductRoot, slug: str) -> SelectedAttribute | None:
        found = [
            s for s in selected_attributes(info, _attribute_rows(info, root)) if s.attribute.slug == slug
        ]
        return found[0] if found else None

    @strawberry.field(
        description="List of attributes assigned to this product.",
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    def attributes(self, info: Info, root: ProductRoot) -> list[SelectedAttribute]:
        return selected_attributes(info, _attribute_rows(info, root))

    @strawberry.field(description="Get a single attribute attached to product by attribute slug.")
    def assigned_attribute(self, info: Info, root: ProductRoot, slug: str) -> AssignedAttribute | None:
        rows = loaders.product_attribute_values_named(info, root.node.pk, slug)
        return assigned_attribute(info, rows, slug=slug)

    @strawberry.field(description="List of attributes assigned to this product.")
    def assigned_attributes(
        self, info: Info, root: ProductRoot, limit: PositiveInt | None = DEFAULT_LIMIT
    ) -> list[AssignedAttribute]:
        return assigned_attributes(info, _attribute_rows(info, root), limit=limit)

    @strawberry.field(
        description="List of availability in channels for the product.", extensions=[_MANAGE_PRODUCTS]
    )
    def channel_listings(self, info: Info, root: ProductRoot) -> list[ProductChannelListing] | None:
        return loaders.PRODUCT_CHANNEL_LISTINGS.load(info, root.node.pk)  # type: ignore[return-value]

    @strawberry.field(description="Get a single product media by ID.")
    def media_by_id(self, info: Info, root: ProductRoot, id: strawberry.ID) -> ProductMedia | None:
        pk = decode_id(id, expected="ProductMedia")
        found = [m for m in loaders.PRODUCT_MEDIA.load(info, root.node.pk) if m.pk == pk]
        return media_list(found)[0] if found else None

    @strawberry.field(
        description="List of variants for the product.",
        deprecation_reason="Use `productVariants` field instead.",
    )
    def variants(self, info: Info, root: ProductRoot) -> list[ProductVariant] | None:
        return _variants(info, root)  # type: ignore[return-value]

    @strawberry.field(description="List of media for the product.")
    def media(
        self, info: Info, root: ProductRoot, sort_by: MediaSortingInput | None = None
    ) -> list[ProductMedia] | None:
        items = loaders.PRODUCT_MEDIA.load(info, root.node.pk)
        if sort_by is not None:
            items = sorted(
                items, key=lambda media: media.pk, reverse=sort_by.direction == OrderDirection.DESC
            )
        return media_list(items)

    @strawberry.field(description="List of variants for the product.")
    def product_variants(
        self,
        info: Info,
        root: ProductRoot,
        filter: Annotated[
            ProductVariantFilterInput | None, strawberry.argument(description=deprecated(_WHERE))
        ] = None,
        where: ProductVariantWhereInput | None = None,
        sort_by: ProductVariantSortingInput | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> CountableConnection[ProductVariant] | None:
        return variants_connection(
            _variants(info, root),
            filter=filter,
            where=where,
            sort_by=sort_by,
            first=first,
            last=last,
            after=after,
            before=before,
        )

    @strawberry.field(description="List of collections for the product.")
    def collections(self, info: Info, root: ProductRoot) -> list[CollectionType] | None:
        collections = loaders.PRODUCT_COLLECTIONS.load(info, root.node.pk, scope_for(info, root.channel))
        return collection_nodes(info, collections, root.channel)  # type: ignore[return-value]

    @strawberry.field(description="Returns translated product fields for the given language code.")
    def translation(
        self, info: Info, root: ProductRoot, language_code: LanguageCodeEnum
    ) -> ProductTranslation | None:
        return shared_loaders.translation(
            info,
            models.ProductTranslation,
            owner_id=root.node.pk,
            language_code=language_code_from_enum(language_code),
        )

    @strawberry.field(
        description="Date when product is available for purchase.",
        deprecation_reason="Use the `availableForPurchaseAt` field to fetch the available for purchase date.",
    )
    def available_for_purchase(self, info: Info, root: ProductRoot) -> datetime.date | None:
        at = _available_for_purchase_at(info, root)
        return at.date() if at is not None else None

    @strawberry.field(description="Date when product is available for purchase.")
    def available_for_purchase_at(self, info: Info, root: ProductRoot) -> datetime.datetime | None:
        return _available_for_purchase_at(info, root)

    @strawberry.field(description="Whether the product is available for purchase in this channel now.")
    def is_available_for_purchase(self, info: Info, root: ProductRoot) -> bool | None:
        return _available_for_purchase(info, root)

    # --- Asal's own fields ------------------------------------------------------------------

    @strawberry.field(description="Where, by whom, from what and how the product is made (Asal).")
    def provenance(self, root: ProductRoot) -> Provenance:
        return Provenance(_product=root)

    @strawberry.field(
        description="Ingredients, allergens, net content and storage advice of a food product (Asal)."
    )
    def food_information(self, root: ProductRoot) -> FoodInformation | None:
        product = root.node
        if not product.product_type.is_food:
            return None
        return FoodInformation(
            ingredients=product.ingredients,
            allergens=product.allergens,
            net_content=product.net_content,
            storage_advice=product.storage_advice,
        )

    @strawberry.field(
        description="Harmonized System code for customs: the product's own, else its type's (Asal)."
    )
    def hs_code(self, root: ProductRoot) -> str | None:
        return root.node.effective_hs_code or None

    @strawberry.field(description="Pieces of any variant in stock with a valid origin certificate (Asal).")
    def certified_units_available(self, info: Info, root: ProductRoot) -> int:
        return provenance_fields.product_certified_units_available(info, root.node, root.channel)
