"""Saleor's ``Product`` and ``ProductType`` (plus Asal's provenance, food and HS code fields).

Root values are ``storefront.catalog.models.Product`` instances fetched by
``storefront.catalog.selectors.product_list_for_channel`` (category, type and origin joined;
listing, prices, first image and provenance annotated) and registered with
``loaders.register_products``; everything else comes from per-request loaders.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from django.utils import timezone
from strawberry.types import Info

from graphql_schema.catalog import loaders
from graphql_schema.catalog.filter_inputs import OrderDirection
from graphql_schema.catalog.inputs import (
    MediaSortingInput,
    ProductVariantFilterInput,
    ProductVariantSortingInput,
    ProductVariantWhereInput,
)
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
from graphql_schema.core.address import AddressInput
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.money import Money, money_or_none
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.relay import Node, decode_id, model_type_check, to_global_id
from graphql_schema.core.scalars import JSONString, PositiveInt
from graphql_schema.provenance import catalog_fields as provenance_fields
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.pricing import product_pricing_compute

if TYPE_CHECKING:
    from graphql_schema.catalog.types.category import Category, Collection
    from graphql_schema.catalog.types.connections import ProductVariantCountableConnection
    from graphql_schema.catalog.types.variant import ProductVariant
    from graphql_schema.channels.types import Channel

CategoryType = Annotated["Category", strawberry.lazy("graphql_schema.catalog.types.category")]
CollectionType = Annotated["Collection", strawberry.lazy("graphql_schema.catalog.types.category")]
VariantType = Annotated["ProductVariant", strawberry.lazy("graphql_schema.catalog.types.variant")]
ChannelType = Annotated["Channel", strawberry.lazy("graphql_schema.channels.types")]
VariantConnectionType = Annotated[
    "ProductVariantCountableConnection", strawberry.lazy("graphql_schema.catalog.types.connections")
]
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
class ProductType(Node):
    is_type_of = model_type_check(models.ProductType)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductType", self.pk))  # type: ignore[attr-defined]

    name: str
    slug: str
    has_variants: bool = strawberry.field(
        deprecation_reason="This is a leftover from the past Simple/Configurable product distinction. "
        "Products can have multiple variants regardless of this setting. "
    )
    is_shipping_required: bool

    @strawberry.field
    def weight(self) -> Weight | None:
        return weight_kg(self.weight_kg)  # type: ignore[attr-defined]

    @strawberry.field(description="The product type kind.")
    def kind(self) -> ProductTypeKindEnum:
        return ProductTypeKindEnum(self.kind)  # type: ignore[attr-defined]


@strawberry.type(description="Ingredients and handling of a food product (Asal).")
class FoodInformation:
    ingredients: str
    allergens: str
    net_content: str = strawberry.field(description="e.g. '250 g' or '330 ml'.")
    storage_advice: str


@strawberry.type(description="Represents product channel listing.")
class ProductChannelListing(Node):
    is_type_of = model_type_check(models.ProductChannelListing)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductChannelListing", self.pk))  # type: ignore[attr-defined]

    published_at: datetime.datetime | None
    is_published: bool
    channel: ChannelType
    visible_in_listings: bool
    available_for_purchase_at: datetime.datetime | None

    @strawberry.field
    def discounted_price(self) -> Money | None:
        return money_or_none(self.discounted_price_amount, self.currency)  # type: ignore[attr-defined]

    @strawberry.field(description="Whether the product is available for purchase.")
    def is_available_for_purchase(self) -> bool | None:
        at = self.available_for_purchase_at  # type: ignore[attr-defined]
        return at is not None and at <= timezone.now()


def _available_for_purchase(product: models.Product) -> bool | None:
    if getattr(product, "asal_channel", None) is None:
        return None
    at = getattr(product, "listing_available_for_purchase_at", None)
    return at is not None and at <= timezone.now()


@strawberry.type(description="Represents an individual item for sale in the storefront.")
class Product(Node):
    is_type_of = model_type_check(models.Product)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("Product", self.pk))  # type: ignore[attr-defined]

    @strawberry.field
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    name: str
    description: JSONString | None = strawberry.field(description="Description of the product.")  # type: ignore[valid-type]
    product_type: ProductType
    slug: str
    category: CategoryType | None

    @strawberry.field(description="The date and time when the product was created.")
    def created(self) -> datetime.datetime:
        return self.created_at  # type: ignore[attr-defined]

    updated_at: datetime.datetime = strawberry.field(
        description="The date and time when the product was last updated."
    )

    @strawberry.field
    def weight(self) -> Weight | None:
        return weight_kg(self.weight_kg)  # type: ignore[attr-defined]

    @strawberry.field(description="Default variant of the product: its first visible variant.")
    def default_variant(self, info: Info) -> VariantType | None:
        variants = loaders.product_variants(info, self)  # type: ignore[arg-type]
        return variants[0] if variants else None

    rating: float | None

    @strawberry.field(description="Channel given to retrieve this product. Also used by federation gateway.")
    def channel(self) -> str | None:
        channel = getattr(self, "asal_channel", None)
        return channel.slug if channel is not None else None

    @strawberry.field(
        description="Description of the product.", deprecation_reason="Use the `description` field instead."
    )
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]

    @strawberry.field(description="The main thumbnail for a product.")
    def thumbnail(
        self,
        info: Info,
        size: int | None = None,
        format: ThumbnailFormatEnum | None = ThumbnailFormatEnum.ORIGINAL,
    ) -> Image | None:
        name = loaders.product_extra(info, self, "thumbnail_name")  # type: ignore[arg-type]
        if not name:
            return None
        alt = loaders.product_extra(info, self, "thumbnail_alt")  # type: ignore[arg-type]
        return Image(
            url=image_url(info, original_name=str(name), size=size, format=format), alt=str(alt or "")
        )

    @strawberry.field(description="Lists the storefront product's pricing, the current price and discounts.")
    def pricing(self, info: Info, address: AddressInput | None = None) -> ProductPricingInfo | None:
        channel = getattr(self, "asal_channel", None)
        if channel is None:
            return None
        value = product_pricing_compute(
            channel=channel,
            min_price=loaders.product_extra(info, self, "price_min"),  # type: ignore[arg-type]
            max_price=loaders.product_extra(info, self, "price_max"),  # type: ignore[arg-type]
            min_undiscounted=loaders.product_extra(info, self, "undiscounted_min"),  # type: ignore[arg-type]
            max_undiscounted=loaders.product_extra(info, self, "undiscounted_max"),  # type: ignore[arg-type]
        )
        return ProductPricingInfo.from_domain(value) if value is not None else None

    @strawberry.field(
        description="Whether the product is in stock, set as available for purchase and visible."
    )
    def is_available(
        self,
        info: Info,
        address: Annotated[AddressInput | None, strawberry.argument(deprecation_reason=_NO_LONGER)] = None,
    ) -> bool | None:
        if not _available_for_purchase(self):  # type: ignore[arg-type]
            return False
        return any(
            v.stock_available > 0 or not v.track_inventory for v in loaders.product_variants(info, self)
        )  # type: ignore[arg-type]

    @strawberry.field(
        description="Get a single attribute attached to product by attribute slug.",
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    def attribute(self, info: Info, slug: str) -> SelectedAttribute | None:
        found = [
            s
            for s in selected_attributes(info, loaders.product_attribute_values(info, self))
            if s.attribute.slug == slug
        ]  # type: ignore[arg-type]
        return found[0] if found else None

    @strawberry.field(
        description="List of attributes assigned to this product.",
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    def attributes(self, info: Info) -> list[SelectedAttribute]:
        return selected_attributes(info, loaders.product_attribute_values(info, self))  # type: ignore[arg-type]

    @strawberry.field(description="Get a single attribute attached to product by attribute slug.")
    def assigned_attribute(self, info: Info, slug: str) -> AssignedAttribute | None:
        return assigned_attribute(info, loaders.product_attribute_values(info, self), slug=slug)  # type: ignore[arg-type]

    @strawberry.field(description="List of attributes assigned to this product.")
    def assigned_attributes(self, info: Info, limit: PositiveInt | None = 100) -> list[AssignedAttribute]:  # type: ignore[valid-type]
        return assigned_attributes(info, loaders.product_attribute_values(info, self), limit=limit)  # type: ignore[arg-type]

    @strawberry.field(
        description="List of availability in channels for the product.", extensions=[_MANAGE_PRODUCTS]
    )
    def channel_listings(self, info: Info) -> list[ProductChannelListing] | None:
        return loaders.product_channel_listings(info, self)  # type: ignore[arg-type, return-value]

    @strawberry.field(description="Get a single product media by ID.")
    def media_by_id(self, info: Info, id: strawberry.ID) -> ProductMedia | None:
        pk = decode_id(id, expected="ProductMedia")
        found = [m for m in loaders.product_media(info, self) if m.pk == pk]  # type: ignore[arg-type]
        return media_list(found)[0] if found else None

    @strawberry.field(
        description="List of variants for the product.",
        deprecation_reason="Use `productVariants` field instead.",
    )
    def variants(self, info: Info) -> list[VariantType] | None:
        return loaders.product_variants(info, self)  # type: ignore[arg-type]

    @strawberry.field(description="List of media for the product.")
    def media(self, info: Info, sort_by: MediaSortingInput | None = None) -> list[ProductMedia] | None:
        items = loaders.product_media(info, self)  # type: ignore[arg-type]
        if sort_by is not None:
            items = sorted(
                items, key=lambda media: media.pk, reverse=sort_by.direction == OrderDirection.DESC
            )
        return media_list(items)

    @strawberry.field(description="List of variants for the product.")
    def product_variants(
        self,
        info: Info,
        filter: Annotated[
            ProductVariantFilterInput | None, strawberry.argument(deprecation_reason=_WHERE)
        ] = None,
        where: ProductVariantWhereInput | None = None,
        sort_by: ProductVariantSortingInput | None = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> VariantConnectionType | None:
        from graphql_schema.catalog.types.variant import variants_connection

        variants = loaders.product_variants(info, self)  # type: ignore[arg-type]
        return variants_connection(
            variants,
            filter=filter,
            where=where,
            sort_by=sort_by,
            first=first,
            last=last,
            after=after,
            before=before,
        )

    @strawberry.field(description="List of collections for the product.")
    def collections(self, info: Info) -> list[CollectionType] | None:
        return loaders.product_collections(info, self)  # type: ignore[arg-type]

    @strawberry.field(description="Returns translated product fields for the given language code.")
    def translation(self, info: Info, language_code: LanguageCodeEnum) -> ProductTranslation | None:  # type: ignore[valid-type]
        return loaders.translation(
            info,
            models.ProductTranslation,
            owner_field="product",
            owner_id=self.pk,  # type: ignore[attr-defined]
            language_code=language_code_from_enum(language_code),
            peers="products",
        )

    @strawberry.field(
        description="Date when product is available for purchase.",
        deprecation_reason="Use the `availableForPurchaseAt` field to fetch the available for purchase date.",
    )
    def available_for_purchase(self) -> datetime.date | None:
        at = getattr(self, "listing_available_for_purchase_at", None)
        return at.date() if at is not None else None

    @strawberry.field(description="Date when product is available for purchase.")
    def available_for_purchase_at(self) -> datetime.datetime | None:
        return getattr(self, "listing_available_for_purchase_at", None)

    @strawberry.field(description="Whether the product is available for purchase in this channel now.")
    def is_available_for_purchase(self) -> bool | None:
        return _available_for_purchase(self)  # type: ignore[arg-type]

    # --- Asal's own fields ------------------------------------------------------------------

    @strawberry.field(description="Where, by whom, from what and how the product is made (Asal).")
    def provenance(self) -> Provenance:
        return Provenance(_product=self)

    @strawberry.field(
        description="Ingredients, allergens, net content and storage advice of a food product (Asal)."
    )
    def food_information(self) -> FoodInformation | None:
        if not self.product_type.is_food:  # type: ignore[attr-defined]
            return None
        return FoodInformation(
            ingredients=self.ingredients,  # type: ignore[attr-defined]
            allergens=self.allergens,  # type: ignore[attr-defined]
            net_content=self.net_content,  # type: ignore[attr-defined]
            storage_advice=self.storage_advice,  # type: ignore[attr-defined]
        )

    @strawberry.field(
        description="Harmonized System code for customs: the product's own, else its type's (Asal)."
    )
    def hs_code(self) -> str | None:
        return self.effective_hs_code or None  # type: ignore[attr-defined]

    @strawberry.field(description="Pieces of any variant in stock with a valid origin certificate (Asal).")
    def certified_units_available(self, info: Info) -> int:
        return provenance_fields.product_certified_units_available(info, self)  # type: ignore[arg-type]
