"""Saleor's staff mutations of products, variants and their channel listings (``MANAGE_PRODUCTS``).

Thin: each resolver decodes IDs into rows (``decode``), calls one service of
``storefront.catalog.services`` with the request's actor and shapes Saleor's payload; the
services check every rule, keep the search document and listings' prices true and write the
audit log. A product or variant in a payload is seen outside any channel, as in Saleor.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

import strawberry
from strawberry.types import Info

from graphql_schema.catalog.decode import (
    attribute_choices,
    aware,
    given,
    row,
    rows,
    stock_quantities,
    variant_price,
)
from graphql_schema.catalog.mutation_inputs import (
    ProductChannelListingError,
    ProductChannelListingUpdateInput,
    ProductCreateInput,
    ProductError,
    ProductInput,
    ProductVariantChannelListingAddInput,
    ProductVariantCreateInput,
    ProductVariantInput,
)
from graphql_schema.catalog.nodes import product_node, variant_node
from graphql_schema.catalog.types.product import Product
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.auth import request_actor
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.permissions import permission_required
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError, ProductErrorCode
from storefront.catalog.services.staff_products import (
    ProductChannelUpdate,
    ProductFields,
    staff_product_channel_listings_update,
    staff_product_create,
    staff_product_delete,
    staff_product_update,
)
from storefront.catalog.services.staff_variants import (
    VariantFields,
    staff_variant_channel_listings_update,
    staff_variant_delete,
    staff_variant_update,
    staff_variants_delete,
)
from storefront.channels.models import Channel
from storefront.inventory.error_codes import StockError as StockDomainError
from storefront.inventory.staff_stocks import staff_variant_create_with_stocks

_DEPRECATED_ERRORS = "Use `errors` field instead."
_MANAGE_PRODUCTS = "\n\nRequires one of the following permissions: MANAGE_PRODUCTS."


def catalogue_mutation(description: str) -> Any:
    """A mutation staff and apps holding ``MANAGE_PRODUCTS`` may call (Saleor's rule)."""
    return strawberry.mutation(
        description=description + _MANAGE_PRODUCTS,
        extensions=[permission_required(PermissionCode.MANAGE_PRODUCTS)],
    )


@strawberry.type
class _ProductPayload:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    product: Product | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(description="Creates a new product.")
class ProductCreate(_ProductPayload):
    pass


@strawberry.type(description="Updates an existing product.")
class ProductUpdate(_ProductPayload):
    pass


@strawberry.type(description="Deletes a product.")
class ProductDelete(_ProductPayload):
    pass


@strawberry.type
class _VariantPayload:
    errors: list[ProductError] = strawberry.field(default_factory=list)
    product_variant: ProductVariant | None = None

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(description="Creates a new variant for a product.")
class ProductVariantCreate(_VariantPayload):
    pass


@strawberry.type(description="Updates an existing variant for product.")
class ProductVariantUpdate(_VariantPayload):
    pass


@strawberry.type(description="Deletes a product variant.")
class ProductVariantDelete(_VariantPayload):
    pass


@strawberry.type(description="Deletes product variants.")
class ProductVariantBulkDelete:
    count: int = strawberry.field(default=0, description="Returns how many objects were affected.")
    errors: list[ProductError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_errors(self) -> list[ProductError]:
        return self.errors


@strawberry.type(description="Manage product's availability in channels.")
class ProductChannelListingUpdate:
    product: Product | None = strawberry.field(default=None, description="An updated product instance.")
    errors: list[ProductChannelListingError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_channel_listing_errors(self) -> list[ProductChannelListingError]:
        return self.errors


@strawberry.type(description="Manage product variant prices in channels.")
class ProductVariantChannelListingUpdate:
    variant: ProductVariant | None = strawberry.field(
        default=None, description="An updated product variant instance."
    )
    errors: list[ProductChannelListingError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def product_channel_listing_errors(self) -> list[ProductChannelListingError]:
        return self.errors


def _product_fields(input: ProductInput) -> ProductFields:
    category: Any = given(input.category)
    if isinstance(category, str):
        category = row(models.Category, category, type_name="Category", field="category")
    seo = input.seo
    return ProductFields(
        name=given(input.name),
        slug=given(input.slug),
        category=category,
        description=given(input.description),
        seo_title=given(seo.title) if seo else ProductFields.seo_title,
        seo_description=given(seo.description) if seo else ProductFields.seo_description,
        weight=given(input.weight),
        rating=given(input.rating),
        attributes=attribute_choices(input.attributes),
        collections=None
        if input.collections is None
        else rows(models.Collection, input.collections, type_name="Collection", field="collections"),
    )


def _one_of(**lookups: Any) -> None:
    if sum(value is not None for value in lookups.values()) != 1:
        names = ", ".join(f"'{name}'" for name in lookups)
        raise CatalogError(ProductErrorCode.GRAPHQL_ERROR, f"Argument {names} cannot be combined.")


def _product(id: strawberry.ID | None, external_reference: str | None) -> models.Product:
    _one_of(id=id, external_reference=external_reference)
    if id is None:  # Asal products carry no external reference
        raise CatalogError(
            ProductErrorCode.NOT_FOUND, "No product has this external reference.", field="externalReference"
        )
    return row(models.Product, id, type_name="Product", field="id")


def _variant(
    id: strawberry.ID | None, sku: str | None, external_reference: str | None
) -> models.ProductVariant:
    _one_of(id=id, sku=sku, external_reference=external_reference)
    if id is not None:
        return row(models.ProductVariant, id, type_name="ProductVariant", field="id")
    found = models.ProductVariant.objects.filter(sku=sku).first() if sku is not None else None
    if found is None:
        field = "sku" if sku is not None else "externalReference"
        raise CatalogError(ProductErrorCode.NOT_FOUND, "No product variant matches.", field=field)
    return found


def _variant_fields(input: ProductVariantInput | ProductVariantCreateInput) -> VariantFields:
    return VariantFields(
        sku=given(input.sku),
        name=given(input.name),
        track_inventory=given(input.track_inventory),
        weight=given(input.weight),
        quantity_limit_per_customer=given(input.quantity_limit_per_customer),
        attributes=attribute_choices(input.attributes),
    )


_ExternalReference = Annotated[str | None, strawberry.argument(description="External ID of the object.")]


@strawberry.type
class ProductMutations:
    @catalogue_mutation("Creates a new product.")
    @returns_errors(ProductCreate, ProductError, CatalogError)
    def product_create(
        self,
        info: Info,
        input: Annotated[
            ProductCreateInput, strawberry.argument(description="Fields required to create a product.")
        ],
    ) -> ProductCreate | None:
        product_type = row(
            models.ProductType, input.product_type, type_name="ProductType", field="productType"
        )
        product = staff_product_create(
            actor=request_actor(info), product_type=product_type, fields=_product_fields(input)
        )
        return ProductCreate(product=cast(Product, product_node(info, product, None)))

    @catalogue_mutation("Updates an existing product.")
    @returns_errors(ProductUpdate, ProductError, CatalogError)
    def product_update(
        self,
        info: Info,
        input: Annotated[
            ProductInput, strawberry.argument(description="Fields required to update a product.")
        ],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a product to update.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> ProductUpdate | None:
        product = _product(id, external_reference)
        product = staff_product_update(
            actor=request_actor(info), product=product, fields=_product_fields(input)
        )
        return ProductUpdate(product=cast(Product, product_node(info, product, None)))

    @catalogue_mutation("Deletes a product.")
    @returns_errors(ProductDelete, ProductError, CatalogError)
    def product_delete(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a product to delete.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> ProductDelete | None:
        product = staff_product_delete(actor=request_actor(info), product=_product(id, external_reference))
        return ProductDelete(product=cast(Product, product_node(info, product, None)))

    @catalogue_mutation("Manage product's availability in channels.")
    @returns_errors(ProductChannelListingUpdate, ProductChannelListingError, CatalogError)
    def product_channel_listing_update(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="ID of a product to update.")],
        input: Annotated[
            ProductChannelListingUpdateInput,
            strawberry.argument(description="Fields required to create or update product channel listings."),
        ],
    ) -> ProductChannelListingUpdate | None:
        product = row(models.Product, id, type_name="Product", field="id")
        updates = [
            ProductChannelUpdate(
                channel=row(Channel, entry.channel_id, type_name="Channel", field="channelId"),
                is_published=entry.is_published,
                published_at=aware(entry.published_at),
                visible_in_listings=entry.visible_in_listings,
                is_available_for_purchase=entry.is_available_for_purchase,
                available_for_purchase_at=aware(entry.available_for_purchase_at),
                add_variants=rows(
                    models.ProductVariant, entry.add_variants, type_name="ProductVariant", field="addVariants"
                ),
                remove_variants=rows(
                    models.ProductVariant,
                    entry.remove_variants,
                    type_name="ProductVariant",
                    field="removeVariants",
                ),
            )
            for entry in input.update_channels or ()
        ]
        remove = rows(Channel, input.remove_channels, type_name="Channel", field="removeChannels")
        product = staff_product_channel_listings_update(
            actor=request_actor(info), product=product, update_channels=updates, remove_channels=remove
        )
        return ProductChannelListingUpdate(product=cast(Product, product_node(info, product, None)))

    @catalogue_mutation("Creates a new variant for a product.")
    @returns_errors(ProductVariantCreate, ProductError, CatalogError, StockDomainError)
    def product_variant_create(
        self,
        info: Info,
        input: Annotated[
            ProductVariantCreateInput,
            strawberry.argument(description="Fields required to create a product variant."),
        ],
    ) -> ProductVariantCreate | None:
        product = row(models.Product, input.product, type_name="Product", field="product")
        variant = staff_variant_create_with_stocks(
            actor=request_actor(info),
            product=product,
            fields=_variant_fields(input),
            stocks=stock_quantities(input.stocks),
        )
        return ProductVariantCreate(product_variant=cast(ProductVariant, variant_node(info, variant, None)))

    @catalogue_mutation("Updates an existing variant for product.")
    @returns_errors(ProductVariantUpdate, ProductError, CatalogError)
    def product_variant_update(
        self,
        info: Info,
        input: Annotated[
            ProductVariantInput,
            strawberry.argument(description="Fields required to update a product variant."),
        ],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a product to update.")
        ] = None,
        sku: Annotated[
            str | None, strawberry.argument(description="SKU of a product variant to update.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> ProductVariantUpdate | None:
        variant = staff_variant_update(
            actor=request_actor(info),
            variant=_variant(id, sku, external_reference),
            fields=_variant_fields(input),
        )
        return ProductVariantUpdate(product_variant=cast(ProductVariant, variant_node(info, variant, None)))

    @catalogue_mutation("Deletes a product variant.")
    @returns_errors(ProductVariantDelete, ProductError, CatalogError)
    def product_variant_delete(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a product variant to delete.")
        ] = None,
        sku: Annotated[
            str | None, strawberry.argument(description="SKU of a product variant to delete.")
        ] = None,
        external_reference: _ExternalReference = None,
    ) -> ProductVariantDelete | None:
        variant = staff_variant_delete(
            actor=request_actor(info), variant=_variant(id, sku, external_reference)
        )
        return ProductVariantDelete(product_variant=cast(ProductVariant, variant_node(info, variant, None)))

    @catalogue_mutation("Manage product variant prices in channels.")
    @returns_errors(ProductVariantChannelListingUpdate, ProductChannelListingError, CatalogError)
    def product_variant_channel_listing_update(
        self,
        info: Info,
        input: Annotated[
            list[ProductVariantChannelListingAddInput],
            strawberry.argument(
                description="List of fields required to create or upgrade product variant channel listings."
            ),
        ],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description="ID of a product variant to update.")
        ] = None,
        sku: Annotated[
            str | None, strawberry.argument(description="SKU of a product variant to update.")
        ] = None,
    ) -> ProductVariantChannelListingUpdate | None:
        variant = _variant(id, sku, None)
        prices = [variant_price(entry, field="channelId") for entry in input]
        variant = staff_variant_channel_listings_update(
            actor=request_actor(info), variant=variant, prices=prices
        )
        return ProductVariantChannelListingUpdate(
            variant=cast(ProductVariant, variant_node(info, variant, None))
        )

    @catalogue_mutation("Deletes product variants.")
    @returns_errors(ProductVariantBulkDelete, ProductError, CatalogError)
    def product_variant_bulk_delete(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="List of product variant IDs to delete (at most 100)."),
        ] = None,
        skus: Annotated[
            list[str] | None,
            strawberry.argument(description="List of product variant SKUs to delete (at most 100)."),
        ] = None,
    ) -> ProductVariantBulkDelete | None:
        if (ids is None) == (skus is None):
            raise CatalogError(ProductErrorCode.GRAPHQL_ERROR, "Give exactly one of 'ids' and 'skus'.")
        if ids is not None:
            variants = rows(models.ProductVariant, ids, type_name="ProductVariant", field="ids")
        else:
            wanted = list(dict.fromkeys(skus or ()))
            found = {v.sku: v for v in models.ProductVariant.objects.filter(sku__in=wanted)}
            if len(found) != len(wanted):
                raise CatalogError(ProductErrorCode.NOT_FOUND, "Some SKUs name no variant.", field="skus")
            variants = [found[sku] for sku in wanted]
        count = staff_variants_delete(actor=request_actor(info), variants=variants)
        return ProductVariantBulkDelete(count=count)
