"""Saleor's ``*Translation`` types of products, variants, categories and collections.

Root values are the translation rows; ``translation(languageCode)`` fields load them for every
owner on the page at once (``loaders.translation``), falling back to the base language.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.languages import LanguageDisplay
from graphql_schema.core.relay import Node, model_type_check, to_global_id
from graphql_schema.core.scalars import JSONString
from storefront.catalog import models

_DESCRIPTION_JSON = "Use the `description` field instead."


@strawberry.type(description="Represents product translations.")
class ProductTranslation(Node):
    is_type_of = model_type_check(models.ProductTranslation)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductTranslation", self.pk))  # type: ignore[attr-defined]

    @strawberry.field(description="Translation language.")
    def language(self) -> LanguageDisplay:
        return LanguageDisplay.from_code(self.language_code)  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO title.")
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO description.")
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    slug: str | None = strawberry.field(description="Translated product slug.")

    @strawberry.field(description="Translated product name.")
    def name(self) -> str | None:
        return self.name or None  # type: ignore[attr-defined]

    description: JSONString | None = strawberry.field(description="Translated description of the product.")  # type: ignore[valid-type]

    @strawberry.field(
        description="Translated description of the product.", deprecation_reason=_DESCRIPTION_JSON
    )
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]


@strawberry.type(description="Represents product variant translations.")
class ProductVariantTranslation(Node):
    is_type_of = model_type_check(models.ProductVariantTranslation)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("ProductVariantTranslation", self.pk))  # type: ignore[attr-defined]

    @strawberry.field(description="Translation language.")
    def language(self) -> LanguageDisplay:
        return LanguageDisplay.from_code(self.language_code)  # type: ignore[attr-defined]

    name: str = strawberry.field(description="Translated product variant name.")


@strawberry.type(description="Represents category translations.")
class CategoryTranslation(Node):
    is_type_of = model_type_check(models.CategoryTranslation)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("CategoryTranslation", self.pk))  # type: ignore[attr-defined]

    @strawberry.field(description="Translation language.")
    def language(self) -> LanguageDisplay:
        return LanguageDisplay.from_code(self.language_code)  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO title.")
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO description.")
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    slug: str | None = strawberry.field(description="Translated category slug.")

    @strawberry.field(description="Translated category name.")
    def name(self) -> str | None:
        return self.name or None  # type: ignore[attr-defined]

    description: JSONString | None = strawberry.field(description="Translated description of the category.")  # type: ignore[valid-type]

    @strawberry.field(
        description="Translated description of the category.", deprecation_reason=_DESCRIPTION_JSON
    )
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]


@strawberry.type(description="Represents collection translations.")
class CollectionTranslation(Node):
    is_type_of = model_type_check(models.CollectionTranslation)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(to_global_id("CollectionTranslation", self.pk))  # type: ignore[attr-defined]

    @strawberry.field(description="Translation language.")
    def language(self) -> LanguageDisplay:
        return LanguageDisplay.from_code(self.language_code)  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO title.")
    def seo_title(self) -> str | None:
        return self.seo_title or None  # type: ignore[attr-defined]

    @strawberry.field(description="Translated SEO description.")
    def seo_description(self) -> str | None:
        return self.seo_description or None  # type: ignore[attr-defined]

    slug: str | None = strawberry.field(description="Translated collection slug.")

    @strawberry.field(description="Translated collection name.")
    def name(self) -> str | None:
        return self.name or None  # type: ignore[attr-defined]

    description: JSONString | None = strawberry.field(description="Translated description of the collection.")  # type: ignore[valid-type]

    @strawberry.field(
        description="Translated description of the collection.", deprecation_reason=_DESCRIPTION_JSON
    )
    def description_json(self) -> JSONString | None:  # type: ignore[valid-type]
        return self.description  # type: ignore[attr-defined]
