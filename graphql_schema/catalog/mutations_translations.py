"""Saleor's ``productTranslate``, ``productVariantTranslate``, ``categoryTranslate``,
``collectionTranslate``, ``attributeTranslate`` and ``attributeValueTranslate``
(``MANAGE_TRANSLATIONS``).

Each decodes the object's ID (Asal has no ``*TranslatableContent`` IDs: the object's own ID),
turns the language enum into the stored code and calls the one translation service, which checks
the fields given, writes, keeps a product's search document true and records the audit entry.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, cast

import strawberry
from django.db import models as db_models
from strawberry.types import Info

from graphql_schema.catalog.decode import row
from graphql_schema.catalog.mutation_inputs import TranslationErrorCodeEnum
from graphql_schema.catalog.nodes import collection_nodes, product_node, variant_node
from graphql_schema.catalog.shared_loaders import categories_seen
from graphql_schema.catalog.types.attributes import Attribute, AttributeValue
from graphql_schema.catalog.types.category import Category, Collection
from graphql_schema.catalog.types.product import Product
from graphql_schema.catalog.types.variant import ProductVariant
from graphql_schema.core.auth import request_actor
from graphql_schema.core.dataloaders import register
from graphql_schema.core.errors import returns_errors
from graphql_schema.core.languages import LanguageCodeEnum, language_code_from_enum
from graphql_schema.core.permissions import permission_required
from graphql_schema.core.scalars import JSONString
from storefront.accounts.permissions import PermissionCode
from storefront.catalog import models
from storefront.catalog.error_codes import CatalogError
from storefront.catalog.services.staff_translations import staff_translation_update

_DEPRECATED_ERRORS = "Use `errors` field instead."
_FIELD = (
    "Name of a field that caused the error. A value of `null` indicates that the error isn't "
    "associated with a particular field."
)
_RICH_TEXT = "Rich text format. For reference see https://editorjs.io/"


def _translation_mutation(what: str) -> Any:
    return strawberry.mutation(
        description=f"Creates/updates translations for {what}.\n\n"
        "Requires one of the following permissions: MANAGE_TRANSLATIONS.",
        extensions=[permission_required(PermissionCode.MANAGE_TRANSLATIONS)],
    )


@strawberry.type(description="Represents errors in translation mutations.")
class TranslationError:
    field: str | None = strawberry.field(default=None, description=_FIELD)
    message: str | None = strawberry.field(default=None, description="The error message.")
    code: TranslationErrorCodeEnum = strawberry.field(description="The error code.")


@strawberry.input(description="Fields of a product, category or collection in one language.")
class TranslationInput:
    slug: str | None = strawberry.field(default=strawberry.UNSET, description="Translated slug.")
    seo_title: str | None = strawberry.field(default=strawberry.UNSET, description="Translated SEO title.")
    seo_description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Translated SEO description."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Translated name.")
    description: JSONString | None = strawberry.field(
        default=strawberry.UNSET, description=f"Translated description.\n\n{_RICH_TEXT}"
    )


@strawberry.input(description="A name in one language.")
class NameTranslationInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Translated name.")


@strawberry.input(description="An attribute value in one language.")
class AttributeValueTranslationInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Translated name.")
    plain_text: str | None = strawberry.field(
        default=strawberry.UNSET, description="Translated plain text content."
    )


@strawberry.type
class _TranslatePayload:
    errors: list[TranslationError] = strawberry.field(default_factory=list)

    @strawberry.field(deprecation_reason=_DEPRECATED_ERRORS)
    def translation_errors(self) -> list[TranslationError]:
        return self.errors


@strawberry.type(description="Creates/updates translations for a product.")
class ProductTranslate(_TranslatePayload):
    product: Product | None = None


@strawberry.type(description="Creates/updates translations for a product variant.")
class ProductVariantTranslate(_TranslatePayload):
    product_variant: ProductVariant | None = None


@strawberry.type(description="Creates/updates translations for a category.")
class CategoryTranslate(_TranslatePayload):
    category: Category | None = None


@strawberry.type(description="Creates/updates translations for a collection.")
class CollectionTranslate(_TranslatePayload):
    collection: Collection | None = None


@strawberry.type(description="Creates/updates translations for an attribute.")
class AttributeTranslate(_TranslatePayload):
    attribute: Attribute | None = None


@strawberry.type(description="Creates/updates translations for an attribute value.")
class AttributeValueTranslate(_TranslatePayload):
    attribute_value: AttributeValue | None = None


def _given(input: Any) -> dict[str, Any]:
    """The input's fields the caller named (a null included), by their Python names."""
    return {name: value for name, value in vars(input).items() if value is not strawberry.UNSET}


def _translate(
    info: Info, model: type[db_models.Model], type_name: str, id: str, language: Enum, input: Any
) -> Any:
    obj = row(model, id, type_name=type_name, field="id")
    return staff_translation_update(
        actor=request_actor(info),
        obj=obj,
        language_code=language_code_from_enum(language),
        fields=_given(input),
    )


_Language = Annotated[LanguageCodeEnum, strawberry.argument(description="Translation language code.")]


_ProductId = Annotated[
    strawberry.ID, strawberry.argument(description="Product ID or ProductTranslatableContent ID.")
]
_ProductVariantId = Annotated[
    strawberry.ID,
    strawberry.argument(description="ProductVariant ID or ProductVariantTranslatableContent ID."),
]
_CategoryId = Annotated[
    strawberry.ID, strawberry.argument(description="Category ID or CategoryTranslatableContent ID.")
]
_CollectionId = Annotated[
    strawberry.ID, strawberry.argument(description="Collection ID or CollectionTranslatableContent ID.")
]
_AttributeId = Annotated[
    strawberry.ID, strawberry.argument(description="Attribute ID or AttributeTranslatableContent ID.")
]
_AttributeValueId = Annotated[
    strawberry.ID,
    strawberry.argument(description="AttributeValue ID or AttributeValueTranslatableContent ID."),
]


@strawberry.type
class TranslationMutations:
    @_translation_mutation("a product")
    @returns_errors(ProductTranslate, TranslationError, CatalogError)
    def product_translate(
        self, info: Info, id: _ProductId, input: TranslationInput, language_code: _Language
    ) -> ProductTranslate | None:
        product = _translate(info, models.Product, "Product", id, language_code, input)
        return ProductTranslate(product=cast(Product, product_node(info, product, None)))

    @_translation_mutation("a product variant")
    @returns_errors(ProductVariantTranslate, TranslationError, CatalogError)
    def product_variant_translate(
        self, info: Info, id: _ProductVariantId, input: NameTranslationInput, language_code: _Language
    ) -> ProductVariantTranslate | None:
        variant = _translate(info, models.ProductVariant, "ProductVariant", id, language_code, input)
        return ProductVariantTranslate(
            product_variant=cast(ProductVariant, variant_node(info, variant, None))
        )

    @_translation_mutation("a category")
    @returns_errors(CategoryTranslate, TranslationError, CatalogError)
    def category_translate(
        self, info: Info, id: _CategoryId, input: TranslationInput, language_code: _Language
    ) -> CategoryTranslate | None:
        category = _translate(info, models.Category, "Category", id, language_code, input)
        categories_seen(info, [category])
        return CategoryTranslate(category=category)

    @_translation_mutation("a collection")
    @returns_errors(CollectionTranslate, TranslationError, CatalogError)
    def collection_translate(
        self, info: Info, id: _CollectionId, input: TranslationInput, language_code: _Language
    ) -> CollectionTranslate | None:
        collection = _translate(info, models.Collection, "Collection", id, language_code, input)
        return CollectionTranslate(collection=cast(Collection, collection_nodes(info, [collection], None)[0]))

    @_translation_mutation("an attribute")
    @returns_errors(AttributeTranslate, TranslationError, CatalogError)
    def attribute_translate(
        self, info: Info, id: _AttributeId, input: NameTranslationInput, language_code: _Language
    ) -> AttributeTranslate | None:
        attribute = _translate(info, models.Attribute, "Attribute", id, language_code, input)
        register(info, models.Attribute, [attribute])
        return AttributeTranslate(attribute=attribute)

    @_translation_mutation("an attribute value")
    @returns_errors(AttributeValueTranslate, TranslationError, CatalogError)
    def attribute_value_translate(
        self,
        info: Info,
        id: _AttributeValueId,
        input: AttributeValueTranslationInput,
        language_code: _Language,
    ) -> AttributeValueTranslate | None:
        value = _translate(info, models.AttributeValue, "AttributeValue", id, language_code, input)
        register(info, models.AttributeValue, [value])
        return AttributeValueTranslate(attribute_value=value)
